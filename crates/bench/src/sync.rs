//! 1. First sync of realistic slips into an empty cache, beside its floor: the same pages
//!    fetched by a bare HTTP client and the same rows inserted by a minimal program.
//! 2. Incremental sync of 50 changed slips with a small and a large cache.

use std::time::Duration;

use chengban_center::db::sql::params;
use chengban_center::db::ConnExt;
use chengban_center::demo;
use chengban_protocol::{ChangesPage, Decision};

use crate::common::{center_with, desk, desk_plain, e, login, median, ms, time, Report, Size};

async fn floor(url: &str, db: &std::path::Path) -> Result<Duration, String> {
    let http = reqwest::Client::new();
    let token = login(&http, url, "renshe.handler").await?;
    let started = std::time::Instant::now();
    let mut cursor = String::new();
    let mut slips = Vec::new();
    loop {
        let bytes = http
            .get(format!("{url}/v1/changes?limit=500&cursor={cursor}"))
            .bearer_auth(&token)
            .send()
            .await
            .map_err(e)?
            .bytes()
            .await
            .map_err(e)?;
        let page: ChangesPage = serde_json::from_slice(&bytes).map_err(e)?;
        cursor = page.cursor.clone();
        let more = page.has_more;
        slips.extend(page.slips);
        if !more {
            break;
        }
    }
    let mut conn = rusqlite::Connection::open(db).map_err(e)?;
    conn.execute_batch("CREATE TABLE s (id INTEGER PRIMARY KEY, data TEXT NOT NULL)").map_err(e)?;
    let tx = conn.transaction().map_err(e)?;
    {
        let mut stmt = tx.prepare("INSERT INTO s (id, data) VALUES (?1, ?2)").map_err(e)?;
        for s in &slips {
            stmt.execute(rusqlite::params![s.id, serde_json::to_string(s).map_err(e)?]).map_err(e)?;
        }
    }
    tx.commit().map_err(e)?;
    Ok(started.elapsed())
}

pub async fn first_sync(size: &Size, report: &mut Report) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(e)?;
    let (center, _) = center_with(dir.path(), size.first_sync).await?;
    let mut desk_times = Vec::new();
    let mut plain_times = Vec::new();
    let mut floors = Vec::new();
    for run in 0..size.runs {
        let cache = dir.path().join(format!("run{run}"));
        std::fs::create_dir_all(&cache).map_err(e)?;
        let d = desk(&cache, &center).await?;
        let (t, outcome) = time(async { d.sync_once().await.map_err(e) }).await?;
        if outcome.changed < size.first_sync {
            return Err(format!("pulled {} of {}", outcome.changed, size.first_sync));
        }
        desk_times.push(t);
        let plain_dir = cache.join("plain");
        std::fs::create_dir_all(&plain_dir).map_err(e)?;
        let p = desk_plain(&plain_dir, &center).await?;
        plain_times.push(time(async { p.sync_once().await.map_err(e) }).await?.0);
        floors.push(floor(&center.url(), &cache.join("floor.sqlite")).await?);
    }
    let (d, p, f) = (median(desk_times), median(plain_times), median(floors));
    let ratio = |t: Duration| t.as_secs_f64() / f.as_secs_f64().max(1e-9);
    report.add(
        format!("first sync of {} slips into an empty cache (encrypted, as the app runs)", size.first_sync),
        ms(d),
        ms(f),
        format!("{:.2}×", ratio(d)),
        "≤ 2× floor",
        Some(ratio(d) <= 2.0),
    );
    report.add(
        format!("first sync of {} slips into an empty cache, plain files (what encryption costs)", size.first_sync),
        ms(p),
        ms(f),
        format!("{:.2}×", ratio(p)),
        "—",
        None,
    );
    Ok(())
}

async fn change(center: &chengban_center::Running, dept: i64, n: usize, round: usize) -> Result<(), String> {
    center
        .state
        .db
        .write(move |c| {
            let op = chengban_center::db::users::by_username(c, demo::OPERATOR_USERNAME)?
                .ok_or_else(|| chengban_center::error::ApiErr::Internal("no operator".into()))?;
            // Spread over the cache, a different set each round.
            let total: i64 = c.query_row("SELECT COUNT(*) FROM slips WHERE department_id = ?1", params![dept], |r| r.get(0))?;
            let offset = ((round * n) as i64) % (total - n as i64).max(1);
            let ids: Vec<i64> = c.query_map(
                "SELECT id FROM slips WHERE department_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3",
                params![dept, n as i64, offset],
                |r| r.get(0),
            )?;
            let mut tx = c.transaction()?;
            for id in ids {
                chengban_center::flow::apply_decision(
                    &mut tx,
                    &op,
                    id,
                    &Decision::Urge { message: "请加快办理".into() },
                    chrono::Utc::now(),
                )
                .map_err(|_| chengban_center::error::ApiErr::Internal("urge refused".into()))?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
        .map_err(e)
}

pub async fn incremental(size: &Size, report: &mut Report) -> Result<(), String> {
    let mut medians = Vec::new();
    for &cached in &size.incremental {
        let dir = tempfile::tempdir().map_err(e)?;
        let (center, dept) = center_with(dir.path(), cached).await?;
        let d = desk(dir.path(), &center).await?;
        d.sync_once().await.map_err(e)?;
        let mut times = Vec::new();
        // Each round is ~10 ms and one fsync decides much of it: a median of three swung the
        // 100k/1k ratio between 1.15× and 1.54× from run to run.
        for round in 0..(size.runs * 5).max(3) {
            change(&center, dept, 50, round).await?;
            let (t, outcome) = time(async { d.sync_once().await.map_err(e) }).await?;
            if outcome.changed != 50 {
                return Err(format!("pulled {} changes, expected 50", outcome.changed));
            }
            times.push(t);
        }
        let m = median(times);
        report.add(
            format!("incremental sync of 50 changed slips, {cached} cached"),
            ms(m),
            "—",
            "—",
            "≤ 50 ms",
            Some(m <= Duration::from_millis(50)),
        );
        medians.push(m);
    }
    if let [small, large] = medians[..] {
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
        report.add(
            format!("incremental sync: {} cached vs {} cached", size.incremental[1], size.incremental[0]),
            format!("{ratio:.2}×"),
            "—",
            "—",
            "≤ 1.5×",
            Some(ratio <= 1.5),
        );
    }
    Ok(())
}
