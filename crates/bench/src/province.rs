//! 9. A province's center (#17), side by side: SQLite with one process, PostgreSQL with two
//!    behind a (simulated) load balancer. Every desk holds its live event connection and acts as
//!    a desk does: on a change it pulls; the first desk of a department acknowledges what was
//!    dispatched to it. The hotline center dispatches at a fixed rate to random departments.
//!    Latency of every request (p50/p99), errors, how long a dispatch takes to reach its
//!    department's desks, each process's peak memory, and a department's first sync.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chengban_center::db::{Db, Location};
use chengban_testkit::database::{self, TestDb};
use chengban_testkit::process::CenterProcess as Center;
use rand::Rng;
use serde_json::{json, Value};

use crate::common::{center_binary, e, memory_mib, ms, percentile, Report, Size};
use crate::province_data::{self, Province, Scale};

const DISPATCH: usize = 0;
const PULL: usize = 1;
const PUSH: usize = 2;

#[derive(Default)]
struct Tally {
    latencies: Mutex<Vec<Duration>>,
    delivered: Mutex<Vec<Duration>>,
    errors: AtomicUsize,
    /// Requests done, by kind ([`DISPATCH`], [`PULL`], [`PUSH`]).
    kinds: [AtomicUsize; 3],
    /// When each dispatched slip was sent, until a desk of its department has it.
    sent: Mutex<HashMap<i64, Instant>>,
}

impl Tally {
    /// A request of `kind` begun at `t` ended, well or not.
    fn record(&self, kind: usize, t: Instant, ok: bool) {
        if ok {
            self.kinds[kind].fetch_add(1, Ordering::Relaxed);
            self.latencies.lock().unwrap_or_else(|p| p.into_inner()).push(t.elapsed());
        } else {
            self.failed();
        }
    }

    fn failed(&self) {
        self.errors.fetch_add(1, Ordering::Relaxed);
    }
}

fn seq_of(cursor: &str) -> i64 {
    cursor.rsplit('-').next().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// One desk: hears its department's changes, pulls past its cursor, acknowledges new slips if
/// it is its department's first desk.
async fn desk(
    http: reqwest::Client,
    urls: Arc<Vec<String>>,
    stream_from: usize,
    token: String,
    first: bool,
    start: String,
    tally: Arc<Tally>,
) {
    let res = match http.get(format!("{}/v1/events", urls[stream_from])).bearer_auth(&token).send().await {
        Ok(r) if r.status().is_success() => r,
        _ => return tally.failed(),
    };
    let (mut res, mut cursor, mut next_mutation, mut buffer) = (res, start, 1i64, String::new());
    while let Ok(Some(chunk)) = res.chunk().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let heard = event.lines().find_map(|l| l.strip_prefix("data: ")).and_then(|d| serde_json::from_str::<Value>(d).ok());
            let seq = heard.as_ref().and_then(|v| v["seq"].as_i64());
            if !event.contains("event: change") || seq.is_some_and(|s| s <= seq_of(&cursor)) {
                continue;
            }
            let url = &urls[rand::thread_rng().gen_range(0..urls.len())];
            let t = Instant::now();
            let page = match http.get(format!("{url}/v1/changes?cursor={cursor}")).bearer_auth(&token).send().await {
                Ok(r) if r.status().is_success() => r.json::<Value>().await.ok(),
                _ => None,
            };
            tally.record(PULL, t, page.is_some());
            let Some(page) = page else { continue };
            cursor = page["cursor"].as_str().unwrap_or(&cursor).to_string();
            let new: Vec<i64> = page["slips"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["status"] == "dispatched")
                .filter_map(|s| s["id"].as_i64())
                .collect();
            for id in &new {
                if let Some(sent) = tally.sent.lock().unwrap_or_else(|p| p.into_inner()).get(id) {
                    tally.delivered.lock().unwrap_or_else(|p| p.into_inner()).push(sent.elapsed());
                }
            }
            if first && !new.is_empty() {
                let mutations: Vec<Value> = new
                    .iter()
                    .enumerate()
                    .map(|(k, id)| json!({"id": next_mutation + k as i64, "slip_id": id, "action": {"type": "acknowledge"}, "created_at": chrono::Utc::now()}))
                    .collect();
                let t = Instant::now();
                let body = json!({"device_id": format!("province-{token}"), "mutations": mutations});
                let ok = matches!(http.post(format!("{url}/v1/push")).bearer_auth(&token).json(&body).send().await, Ok(r) if r.status().is_success());
                tally.record(PUSH, t, ok);
                if ok {
                    next_mutation += new.len() as i64;
                }
            }
        }
    }
}

struct Outcome {
    latencies: Vec<Duration>,
    delivered: Vec<Duration>,
    errors: usize,
    kinds: [usize; 3],
    first_sync: Duration,
    peaks: Vec<f64>,
}

async fn load(centers: &[Center], province: &Province, size: &Size, scale: Scale) -> Result<Outcome, String> {
    let urls: Arc<Vec<String>> = Arc::new(centers.iter().map(|c| c.url.clone()).collect());
    let http = reqwest::Client::builder().pool_max_idle_per_host(256).build().map_err(e)?;
    let tally = Arc::new(Tally::default());
    let start = format!("v1-{}-{}", province.instance, province.seq);
    let mut firsts = std::collections::HashSet::new();
    let mut desks = Vec::with_capacity(province.desks.len());
    for (i, (token, department)) in province.desks.iter().enumerate() {
        let first = firsts.insert(*department);
        let (http, urls, tally) = (http.clone(), urls.clone(), tally.clone());
        desks.push(tokio::spawn(desk(http, urls, i % centers.len(), token.clone(), first, start.clone(), tally)));
        if i % 200 == 199 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    eprintln!("province bench: {} desks connected; dispatching", desks.len());
    let operator = chengban_testkit::login(&http, &urls[0], chengban_center::demo::OPERATOR_USERNAME).await?;
    let period = Duration::from_secs_f64(1.0 / size.province_rate);
    let mut ticker = tokio::time::interval(period);
    let total = (size.province_rate * size.province_seconds as f64) as usize;
    let dispatched = Arc::new(AtomicI64::new(0));
    let mut sends = Vec::with_capacity(total);
    for _ in 0..total {
        ticker.tick().await;
        let department = province.first_department + 1 + rand::thread_rng().gen_range(0..scale.departments as i64 - 1);
        let url = urls[rand::thread_rng().gen_range(0..urls.len())].clone();
        let (http, tally, operator, dispatched) = (http.clone(), tally.clone(), operator.clone(), dispatched.clone());
        sends.push(tokio::spawn(async move {
            let body = json!({"department_id": department, "kind": "assignment", "channel": "hotline", "request_type": "help", "tier": "general",
                "title": "省级压测派发", "content": "来电人反映：路灯不亮。", "citizen": {"name": "测试市民", "phone": "13800000000"}});
            let t = Instant::now();
            let res = http.post(format!("{url}/v1/operator/slips")).bearer_auth(&operator).json(&body).send().await;
            let slip = match res {
                Ok(r) if r.status().as_u16() == 201 => r.json::<Value>().await.ok(),
                _ => None,
            };
            if let Some(id) = slip.as_ref().and_then(|s| s["id"].as_i64()) {
                tally.sent.lock().unwrap_or_else(|p| p.into_inner()).insert(id, t);
                dispatched.fetch_add(1, Ordering::Relaxed);
            }
            tally.record(DISPATCH, t, slip.is_some());
        }));
    }
    for s in sends {
        let _ = s.await;
    }
    // Let the last dispatches' pulls and pushes finish.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let peaks = centers.iter().map(|c| memory_mib(c.child.id(), "VmHWM")).collect();
    for d in desks {
        d.abort();
    }
    let big = &province.desks[0].0;
    let t = Instant::now();
    let (mut cursor, mut pulled) = (String::new(), 0usize);
    loop {
        let page: Value = http
            .get(format!("{}/v1/changes?limit=1000&cursor={cursor}", urls[0]))
            .bearer_auth(big)
            .send()
            .await
            .map_err(e)?
            .json()
            .await
            .map_err(e)?;
        pulled += page["slips"].as_array().map_or(0, Vec::len);
        cursor = page["cursor"].as_str().ok_or("no cursor")?.to_string();
        if page["has_more"] != true {
            break;
        }
    }
    let first_sync = t.elapsed();
    if pulled < scale.big_department {
        return Err(format!("first sync pulled {pulled} of {}", scale.big_department));
    }
    let take = |m: &Mutex<Vec<Duration>>| m.lock().map(|v| v.clone()).unwrap_or_default();
    Ok(Outcome {
        latencies: take(&tally.latencies),
        delivered: take(&tally.delivered),
        errors: tally.errors.load(Ordering::Relaxed),
        kinds: [DISPATCH, PULL, PUSH].map(|k| tally.kinds[k].load(Ordering::Relaxed)),
        first_sync,
        peaks,
    })
}

fn scale(size: &Size) -> Scale {
    Scale { departments: size.province[0], desks: size.province[1], slips: size.province[2], big_department: size.province[3] }
}

async fn one(report: &mut Report, size: &Size, label: &str, db: &TestDb, processes: usize) -> Result<(), String> {
    let scale = scale(size);
    let store = Db::connect(&Location::parse(&db.location)).map_err(e)?;
    let province = province_data::fill(&store, scale)?;
    drop(store);
    let bin = center_binary()?;
    let centers = (0..processes).map(|_| Center::start(&bin, &db.location, &[])).collect::<Result<Vec<_>, _>>()?;
    let o = load(&centers, &province, size, scale).await?;
    let what = format!(
        "province, {label}: {} departments, {} live desks, {} slips stored; {}/s dispatches for {} s with the pulls and pushes that follow",
        scale.departments, scale.desks, scale.slips, size.province_rate, size.province_seconds
    );
    let [d, p, q] = o.kinds;
    let (p50, p99) = (percentile(o.latencies.clone(), 0.5), percentile(o.latencies, 0.99));
    report.add(
        what,
        format!("{} requests ({d} dispatches, {p} pulls, {q} pushes): p50 {} / p99 {}, {} errors", d + p + q, ms(p50), ms(p99), o.errors),
        "—",
        "—",
        "p99 ≤ 50 ms, 0 errors",
        Some(p99 <= Duration::from_millis(50) && o.errors == 0 && d > 0),
    );
    let (r50, r99) = (percentile(o.delivered.clone(), 0.5), percentile(o.delivered, 0.99));
    report.add(
        format!("province, {label}: a dispatch until its department's desks have pulled it"),
        format!("p50 {} / p99 {}", ms(r50), ms(r99)),
        "—",
        "—",
        "—",
        None,
    );
    let peaks: Vec<String> = o.peaks.iter().map(|m| format!("{m:.0} MiB")).collect();
    report.add(format!("province, {label}: peak memory of each center process"), peaks.join(" + "), "—", "—", "—", None);
    report.add(
        format!("province, {label}: a department's first sync of {} slips (pages of 1,000, during no load)", scale.big_department),
        ms(o.first_sync),
        "—",
        "—",
        "—",
        None,
    );
    Ok(())
}

pub async fn run(size: &Size, report: &mut Report) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(e)?;
    one(report, size, "SQLite, 1 process", &TestDb::sqlite(dir.path()), 1).await?;
    let _ = std::fs::remove_dir_all(dir.path());
    match database::postgres_server() {
        Some(server) => one(report, size, "PostgreSQL, 2 processes", &TestDb::postgres(&server)?, 2).await,
        None => {
            eprintln!("province bench: NO POSTGRESQL SERVER ({} unset): its half NOT RUN", database::POSTGRES_ENV);
            report.add("province, PostgreSQL, 2 processes", "not run: no server", "—", "—", "—", None);
            Ok(())
        }
    }
}
