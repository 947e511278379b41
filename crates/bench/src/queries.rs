//! 3. Queries in core over a large cache: the inbox's first page and a search, Chinese
//!    substrings through the trigram index (3+ characters) and the pair index (1–2).

use std::time::Instant;

use chengban_core::store::{self, Store};
use chengban_core::view::InboxTab;
use chengban_protocol::*;
use chrono::{Duration, Utc};

use crate::common::{e, median, ms, Report, Size};

const MATTERS: &[&str] =
    &["供暖温度不达标", "小区路灯损坏", "占道经营影响通行", "物业公司乱收费", "施工夜间噪音扰民", "下水道堵塞污水外溢", "高层住宅经常停水"];

fn slip(i: usize) -> Slip {
    let now = Utc::now();
    let title = MATTERS[i % MATTERS.len()];
    let mut content = format!("来电人反映：{title}，请尽快处理。");
    while content.len() < 1024 + (i % 1024) {
        content.push_str("受理员补充：来电人情绪较急，希望承办单位尽快联系并上门查看，处理结果请及时回复。");
    }
    Slip {
        kind: if i.is_multiple_of(5) { SlipKind::Supervision } else { SlipKind::Assignment },
        request_type: RequestType::ALL[i % 5],
        tier: Tier::ALL[i % 7],
        title: format!("{}{title}", ["铁西区", "铁东区", "梨树县"][i % 3]),
        content,
        citizen: Citizen { name: Some(format!("市民{}", i % 997)), phone: Some(format!("139{i:08}")), anonymous: false },
        address: Some(format!("{}某小区{}号楼", ["铁西区英雄大街", "铁东区北二纬路", "梨树县梨树镇"][i % 3], i % 50)),
        status: [SlipStatus::Dispatched, SlipStatus::InProgress, SlipStatus::Replied, SlipStatus::Closed][i % 4],
        dispatched_at: now - Duration::minutes((i % 7200) as i64),
        due_at: now + Duration::minutes((i % 14400) as i64) - Duration::days(2),
        ..chengban_testkit::slip(i as i64 + 1)
    }
}

pub async fn run(size: &Size, report: &mut Report) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(e)?;
    let n = size.query_cache;
    let (store, key) = crate::common::filled_cache(dir.path(), n, slip)?;
    // The search indexes are written the way the sync service writes them after a first fill:
    // in batches between pulls.
    let t = Instant::now();
    let batch = |c: &mut rusqlite::Connection| -> Result<usize, chengban_core::CoreError> {
        let tx = c.transaction()?;
        let n = store::search::index_pending(&tx, 500)?;
        tx.commit()?;
        Ok(n)
    };
    while store.write_blocking(batch).map_err(e)? > 0 {}
    let indexing = t.elapsed();
    store.write_blocking(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?)).map_err(e)?;
    let bytes = std::fs::metadata(dir.path().join("cache.sqlite")).map_err(e)?.len();
    report.add(
        format!("writing both search indexes for {n} cached slips (in the background), and the cache's size after"),
        format!("{:.1} s, {:.0} MiB", indexing.as_secs_f64(), bytes as f64 / 1048576.0),
        "—",
        "—",
        "—",
        None,
    );
    // What a start costs the damaged-cache check: the light check when the store opens, and the
    // whole-file `PRAGMA quick_check` that runs in the background after.
    let path = dir.path().join("cache.sqlite");
    let t = Instant::now();
    drop(Store::open_encrypted(&path, key.clone()).map_err(e)?);
    report.add(format!("opening the cache with its start check, {n} cached"), ms(t.elapsed()), "—", "—", "—", None);
    let t = Instant::now();
    if !store::repair::is_sound(&path, Some(&key)) {
        return Err("the benchmark's cache failed quick_check".into());
    }
    report.add(format!("whole-cache check (PRAGMA quick_check, in the background), {n} cached"), ms(t.elapsed()), "—", "—", "—", None);
    let reps = 30;
    let measure = |f: &dyn Fn() -> Result<usize, String>| -> Result<(std::time::Duration, usize), String> {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..reps {
            let t = Instant::now();
            found = f()?;
            times.push(t.elapsed());
        }
        Ok((median(times), found))
    };
    let (page, rows) = measure(&|| {
        store
            .read_blocking(|c| {
                Ok(store::slips::page(c, InboxTab::PendingAck, chengban_core::view::InboxScope::Department, "bench", 1, 50)?.len())
            })
            .map_err(e)
    })?;
    if rows != 50 {
        return Err(format!("first page had {rows} rows"));
    }
    report.add(
        format!("inbox first page (50 rows, one tab, by due), {n} cached"),
        ms(page),
        "—",
        "—",
        "≤ 5 ms",
        Some(page.as_secs_f64() <= 0.005),
    );
    // 我的 for a handler given few of them: one slip in 997 theirs, the rest a colleague's (the
    // worst case for the scope: most rows walked in due order do not match).
    store
        .write_blocking(|c| {
            c.execute("UPDATE slips SET local_assignee = CASE WHEN id % 997 = 0 THEN 'bench.me' ELSE 'bench.other' END", [])?;
            Ok(())
        })
        .map_err(e)?;
    let mine = chengban_core::view::InboxScope::Mine;
    let (t, rows) =
        measure(&|| store.read_blocking(|c| Ok(store::slips::page(c, InboxTab::PendingAck, mine, "bench.me", 1, 50)?.len())).map_err(e))?;
    let (counted, _) = measure(&|| store.read_blocking(|c| Ok(store::slips::counts(c, mine, "bench.me").map(|_| 0)?)).map_err(e))?;
    report.add(
        format!(
            "inbox first page of 我的 ({rows} rows, one tab), {n} cached, nearly all a colleague's; and the tabs' counts {}",
            ms(counted)
        ),
        ms(t),
        "—",
        "—",
        "≤ 5 ms",
        Some(t.as_secs_f64() <= 0.005),
    );
    // A word that is everywhere, one that is somewhere, and two that are nowhere (the worst
    // case: nothing stops the scan early).
    for (q, must_find) in
        [("供暖温度", true), ("北二纬路", true), ("市民42", true), ("停水", true), ("锦旗送达", false), ("锦旗", false), ("锦", false)]
    {
        let (t, found) = measure(&|| store.read_blocking(|c| Ok(store::search::search(c, q, 200)?.len())).map_err(e))?;
        if must_find && found == 0 {
            return Err(format!("search {q} found nothing"));
        }
        let how = if q.chars().count() >= 3 { "FTS5 trigram" } else { "FTS5 pair index" };
        report.add(
            format!("search “{q}” ({how}), {n} cached (encrypted), {found} hits"),
            ms(t),
            "—",
            "—",
            "≤ 50 ms",
            Some(t.as_secs_f64() <= 0.05),
        );
    }

    // The deadline scheduler's pass (at most a minute apart while the desk idles) once every
    // crossed threshold has been said: what idling costs the Rust side.
    let now = Utc::now();
    let pass = |since: Option<chrono::DateTime<Utc>>| {
        store.write_blocking(move |c| {
            let tx = c.transaction()?;
            let p = chengban_core::alerts::engine::run_since(&tx, now, since.is_none(), since)?;
            store::slips::deadline_counts(&tx, now)?;
            tx.commit()?;
            Ok(p.notifications.len())
        })
    };
    pass(None).map_err(e)?;
    let (full, _) = measure(&|| pass(None).map_err(e))?;
    report.add(format!("deadline scheduler: a full pass (after a sync), {n} cached"), ms(full), "—", "—", "—", None);
    let (t, said) = measure(&|| pass(Some(now - Duration::minutes(1))).map_err(e))?;
    report.add(
        format!("deadline scheduler: a pass woken by the clock (each minute while idle), {n} cached, {said} said"),
        ms(t),
        "—",
        "—",
        "—",
        None,
    );
    Ok(())
}
