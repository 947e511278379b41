//! 6. The month's 考核 rates in core over a large cache (the 统计 page, offline): every cached
//!    slip read, its rate facts taken from its history, and counted — once for the month's
//!    report, and the twelve months of the page's trend.

use std::time::Instant;

use chengban_core::store;
use chengban_protocol::rates::{Period, RateFacts, Rates};
use chengban_protocol::*;
use chrono::{Duration, Utc};

use crate::common::{e, median, ms, Report, Size};

fn event(id: i64, at: chrono::DateTime<Utc>, body: EventBody) -> SlipEvent {
    SlipEvent { id, at, actor: "铁西区住建局经办人".into(), role: Role::Handler, body }
}

/// Slip `i`, dispatched within the last year; most acknowledged, called back, replied and
/// reviewed, as a department's history looks.
fn slip(i: usize) -> Slip {
    let now = Utc::now();
    let dispatched = now - Duration::minutes((i * 37 % (365 * 24 * 60)) as i64);
    let due = dispatched + Duration::days(3);
    let mut history = vec![event(1, dispatched, EventBody::Dispatched)];
    let done = !i.is_multiple_of(10);
    if done {
        history.push(event(2, dispatched + Duration::hours(2), EventBody::Action(Action::Acknowledge {})));
        history.push(event(
            3,
            dispatched + Duration::days(1),
            EventBody::Action(Action::Callback(Callback {
                at: dispatched + Duration::days(1),
                method: CallbackMethod::Phone,
                reached: true,
                contact: Some("本人".into()),
                summary: "已电话联系诉求人说明处理情况".into(),
                satisfaction: Some(Satisfaction::ALL[i % 4]),
                solved: Some(true),
            })),
        ));
        history.push(event(
            4,
            dispatched + Duration::days(1) + Duration::hours(1),
            EventBody::Action(Action::Reply(Reply {
                process: "已现场处置，问题已解决。".into(),
                public_text: Some("您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。".into()),
                result: Resolution::Solved,
                policy_doc_no: None,
                policy_source: None,
                attachments: vec![],
                ..Default::default()
            })),
        ));
        history.push(event(
            5,
            dispatched + Duration::days(2),
            EventBody::Decision(Decision::Review { accept: !i.is_multiple_of(17), reason: None }),
        ));
    }
    Slip {
        status: if done && !i.is_multiple_of(17) { SlipStatus::Closed } else { SlipStatus::InProgress },
        dispatched_at: dispatched,
        due_at: due,
        acknowledge_until: Some(dispatched + Duration::days(1)),
        acknowledged_at: done.then(|| dispatched + Duration::hours(2)),
        tier: Tier::ALL[i % 7],
        channel: Channel::ALL[i % 8],
        history,
        ..chengban_testkit::slip(i as i64 + 1)
    }
}

pub async fn run(size: &Size, report: &mut Report) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(e)?;
    let n = size.query_cache;
    let (store, _) = crate::common::filled_cache(dir.path(), n, slip)?;
    // As after a first sync when the 统计 page is opened before the background has caught up.
    let t = Instant::now();
    let ids = store.read_blocking(|c| Ok(store::rate_facts::missing(c, u32::MAX)?)).map_err(e)?;
    for chunk in ids.chunks(2000) {
        store
            .write_blocking(|c| {
                let tx = c.transaction()?;
                store::rate_facts::fill(&tx, chunk)?;
                tx.commit()?;
                Ok(())
            })
            .map_err(e)?;
    }
    report.add(
        format!("writing the rate facts of {n} cached slips (a first sync's, when the 统计 page comes before the background)"),
        ms(t.elapsed()),
        "—",
        "—",
        "—",
        None,
    );
    let now = Utc::now();
    let month = Period::month_of(now);
    let mut read = Vec::new();
    let mut whole = Vec::new();
    let mut trend = Vec::new();
    let mut year = month;
    for _ in 0..11 {
        year = year.previous();
    }
    let year = Period { start: year.start, end: month.end };
    let mut overlapping = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let facts: Vec<RateFacts> = store.read_blocking(|c| Ok(store::rate_facts::overlapping(c, month)?)).map_err(e)?;
        read.push(t.elapsed());
        let counted = Rates::count(&facts, month.until(now), now);
        whole.push(t.elapsed());
        overlapping = facts.len();
        if counted.acknowledged_in_time.den == 0 {
            return Err("the month counted nothing".into());
        }
        let t = Instant::now();
        let facts: Vec<RateFacts> = store.read_blocking(|c| Ok(store::rate_facts::overlapping(c, year)?)).map_err(e)?;
        let mut p = month;
        for _ in 0..12 {
            Rates::count(&facts, p.until(now), now);
            p = p.previous();
        }
        trend.push(t.elapsed());
    }
    let (read, whole, trend) = (median(read), median(whole), median(trend));
    report.add(
        format!("the month's rates from the cache (统计), {n} cached (encrypted), the {overlapping} slips overlapping it read"),
        ms(read),
        "—",
        "—",
        "—",
        None,
    );
    report.add(
        format!("the month's rates from the cache (统计), {n} cached (encrypted), counted"),
        ms(whole),
        "—",
        "—",
        "≤ 50 ms",
        Some(whole.as_secs_f64() <= 0.05),
    );
    report.add(format!("the 统计 page: the month and its 12-month trend, {n} cached"), ms(trend), "—", "—", "—", None);
    Ok(())
}

/// 7. The operator's ranking on the center: every department's month counted from the stored
///    rate facts, over a database of `ranking[1]` slips in `ranking[0]` departments (written
///    straight into the tables the center keeps; its own code counts them).
pub async fn center_ranking(size: &Size, report: &mut Report) -> Result<(), String> {
    let [departments, n] = size.ranking;
    let dir = tempfile::tempdir().map_err(e)?;
    let mut conn = rusqlite::Connection::open(dir.path().join("center.sqlite")).map_err(e)?;
    chengban_center::db::migrate(&mut conn).map_err(e)?;
    // Only the facts are written (no slips rows behind them).
    conn.pragma_update(None, "foreign_keys", "OFF").map_err(e)?;
    let t = Instant::now();
    let mut tx = chengban_center::db::ConnExt::transaction(&mut conn).map_err(e)?;
    for d in 1..=departments {
        chengban_center::db::departments::insert(&mut tx, &format!("d{d:05}"), &format!("单位{d}")).map_err(e)?;
    }
    for i in 0..n {
        let s = Slip { id: i as i64 + 1, department_id: (i % departments) as i64 + 1, ..slip(i) };
        chengban_center::db::rate_facts::put(&mut tx, &s).map_err(e)?;
    }
    tx.commit().map_err(e)?;
    eprintln!("ranking bench: {n} slips' facts written in {:?}", t.elapsed());
    let now = Utc::now();
    let month = Period::month_of(now);
    let mut times = Vec::new();
    let mut ranked = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let ranking = chengban_center::routes::stats::rank_departments(&mut conn, month, now).map_err(e)?;
        times.push(t.elapsed());
        ranked = ranking.departments.len();
    }
    if ranked != departments {
        return Err(format!("ranked {ranked} of {departments} departments"));
    }
    let t = median(times);
    report.add(
        format!("the operator's ranking of the month: {departments} departments, {n} slips stored (center, SQLite)"),
        ms(t),
        "—",
        "—",
        "≤ 1 s",
        Some(t.as_secs_f64() <= 1.0),
    );
    Ok(())
}
