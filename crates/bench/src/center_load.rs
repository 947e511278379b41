//! 6. The center under many departments' desks: each holds its live event connection, and
//!    together they pull and push at a fixed rate. Throughput, p50/p99 latency and the center's
//!    resident memory, with the center as its own process (the release binary).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chengban_center::calendar::Calendar;
use chengban_center::db::ConnExt;
use chengban_center::{auth, db, demo};
use chengban_protocol::Role;
use chengban_testkit::process::CenterProcess;
use rand::Rng;
use tokio::sync::Mutex;

use crate::common::{center_binary, e, memory_mib, ms, percentile, Report, Size};

struct Desk {
    token: String,
    cursor: String,
    next_mutation: i64,
    slips: Vec<i64>,
}

pub async fn run(size: &Size, report: &mut Report) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(e)?;
    let db_path = dir.path().join("center.sqlite");
    let n = size.departments;
    // Departments, a handler each with a token, and a few slips each — written directly, since
    // 1,000 argon2 logins would measure the password hash, not the server.
    {
        let state = chengban_center::open_state(&db_path, Calendar::builtin()).map_err(e)?;
        let hash = auth::hash_password(demo::DEMO_PASSWORD).map_err(e)?;
        state
            .db
            .with_writer(|c| -> Result<(), String> {
                demo::seed(c, &Calendar::builtin(), chrono::Utc::now()).map_err(e)?;
                let mut tx = c.transaction().map_err(e)?;
                let now = chrono::Utc::now();
                for i in 0..n {
                    let dept = db::departments::insert(&mut tx, &format!("bench{i}"), &format!("压测单位{i}")).map_err(e)?;
                    let user = db::users::insert(
                        &mut tx,
                        &format!("bench{i}.handler"),
                        &format!("压测经办人{i}"),
                        &hash,
                        Role::Handler,
                        Some(dept),
                    )
                    .map_err(e)?;
                    db::users::insert_token(
                        &mut tx,
                        &auth::hash_token(&format!("bench-token-{i}")),
                        user,
                        now,
                        now + chrono::Duration::days(1),
                    )
                    .map_err(e)?;
                }
                tx.commit().map_err(e)?;
                let ids: Vec<i64> =
                    c.query_map("SELECT id FROM departments WHERE code LIKE 'bench%' ORDER BY id", &[], |r| r.get(0)).map_err(e)?;
                for dept in ids {
                    demo::generate(c, &Calendar::builtin(), dept, 10, now).map_err(e)?;
                }
                Ok(())
            })
            .map_err(e)??;
    }
    let center = CenterProcess::start(&center_binary()?, &db_path, &[])?;
    let url = center.url.clone();
    let result = load(&url, n, size).await;
    let rss = memory_mib(center.child.id(), "VmRSS");
    drop(center);
    let (lat, errors, done, seconds) = result?;
    let p50 = percentile(lat.clone(), 0.5);
    let p99 = percentile(lat, 0.99);
    report.add(
        format!(
            "center: {n} departments' desks holding live connections, {} req/s of pulls and pushes for {} s",
            size.load_rate, size.load_seconds
        ),
        format!("{:.0} req/s done, p50 {} / p99 {}, {errors} errors", done as f64 / seconds, ms(p50), ms(p99)),
        "—",
        "—",
        "p99 ≤ 50 ms at 200 req/s",
        Some(p99 <= Duration::from_millis(50) && errors == 0),
    );
    report.add(format!("center resident memory with {n} live connections"), format!("{rss:.1} MiB"), "—", "—", "—", None);
    Ok(())
}

type LoadResult = (Vec<Duration>, usize, usize, f64);

async fn load(url: &str, n: usize, size: &Size) -> Result<LoadResult, String> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(usize::MAX).build().map_err(e)?;
    // Each desk's live connection, held open for the whole run.
    let mut streams = Vec::new();
    for i in 0..n {
        let res = http.get(format!("{url}/v1/events")).bearer_auth(format!("bench-token-{i}")).send().await.map_err(e)?;
        if !res.status().is_success() {
            return Err(format!("event stream {i}: {}", res.status()));
        }
        streams.push(tokio::spawn(async move {
            let mut res = res;
            while let Ok(Some(_)) = res.chunk().await {}
        }));
    }
    let desks: Arc<Vec<Mutex<Desk>>> = Arc::new(
        (0..n)
            .map(|i| Mutex::new(Desk { token: format!("bench-token-{i}"), cursor: String::new(), next_mutation: 1, slips: Vec::new() }))
            .collect(),
    );
    let lat = Arc::new(std::sync::Mutex::new(Vec::new()));
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let period = Duration::from_secs_f64(1.0 / size.load_rate as f64);
    let total = size.load_rate * size.load_seconds;
    let mut ticker = tokio::time::interval(period);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for _ in 0..total {
        ticker.tick().await;
        let (i, push) = {
            let mut rng = rand::thread_rng();
            (rng.gen_range(0..n), rng.gen_bool(0.2))
        };
        let (http, url, desks, lat, errors) = (http.clone(), url.to_string(), desks.clone(), lat.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            // One desk does one thing at a time, as a real desk does.
            let mut d = desks[i].lock().await;
            let t = Instant::now();
            let ok = if push && !d.slips.is_empty() {
                let slip = d.slips[(d.next_mutation as usize) % d.slips.len()];
                let body = serde_json::json!({"device_id": format!("bench-{i}"), "mutations": [{"id": d.next_mutation, "slip_id": slip,
                    "action": {"type": "interim_reply", "text": "正在处理"}, "created_at": chrono::Utc::now()}]});
                let r = http.post(format!("{url}/v1/push")).bearer_auth(&d.token).json(&body).send().await;
                let ok = matches!(&r, Ok(r) if r.status().is_success());
                if ok {
                    d.next_mutation += 1;
                }
                ok
            } else {
                let r = http.get(format!("{url}/v1/changes?cursor={}", d.cursor)).bearer_auth(&d.token).send().await;
                match r {
                    Ok(r) if r.status().is_success() => match r.json::<chengban_protocol::ChangesPage>().await {
                        Ok(page) => {
                            d.cursor = page.cursor;
                            for s in page.slips {
                                if !d.slips.contains(&s.id) {
                                    d.slips.push(s.id);
                                }
                            }
                            true
                        }
                        Err(_) => false,
                    },
                    _ => false,
                }
            };
            let elapsed = t.elapsed();
            if ok {
                if let Ok(mut l) = lat.lock() {
                    l.push(elapsed);
                }
            } else {
                errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let seconds = started.elapsed().as_secs_f64();
    for s in streams {
        s.abort();
    }
    let lat = lat.lock().map(|l| l.clone()).unwrap_or_default();
    let done = lat.len();
    Ok((lat, errors.load(std::sync::atomic::Ordering::Relaxed), done, seconds))
}
