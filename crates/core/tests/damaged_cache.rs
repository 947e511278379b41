//! A damaged cache never costs a pending action: the cache is checked when the desk opens and
//! whenever SQLite reports corruption; a damaged one is set aside (kept beside, never deleted),
//! made anew and pulled again, while the actions waiting in the work file reach the center once.

mod common;

use chengban_core::view::InboxScope;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chengban_center::db::sql::params;
use chengban_center::db::ConnExt;
use chengban_center::{demo, Running};
use chengban_core::store;
use chengban_core::sync::service::{self, SyncConfig};
use chengban_core::view::InboxTab;
use chengban_core::{CoreError, Desk};
use chengban_protocol::Action;

/// Writes garbage over every page of the file after the first `keep`.
fn scribble(path: &Path, keep: u64) {
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let mut at = 4096 * keep;
    while at < len {
        f.seek(SeekFrom::Start(at)).unwrap();
        f.write_all(&[0xA5; 4096]).unwrap();
        at += 4096;
    }
    f.sync_all().unwrap();
}

fn set_aside(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("cache.damaged-"))
        .collect()
}

/// The center's record of each of the slip's steps, by kind.
fn center_steps(center: &Running, slip_id: i64, kind: &'static str) -> usize {
    center
        .state
        .db
        .with_writer(move |c| {
            let n: i64 = c
                .query_row(
                    "SELECT count(*) FROM slip_events WHERE slip_id = ?1 AND body LIKE '%' || ?2 || '%'",
                    params![slip_id, kind],
                    |r| r.get(0),
                )
                .unwrap();
            n as usize
        })
        .unwrap()
}

async fn all_slips(desk: &Desk) -> Vec<i64> {
    let mut ids = Vec::new();
    for tab in [InboxTab::PendingAck, InboxTab::InProgress, InboxTab::Replied, InboxTab::Closed] {
        ids.extend(desk.inbox(tab, InboxScope::Department, 1, 200).await.unwrap().rows.iter().map(|r| r.id));
    }
    ids.sort();
    ids
}

#[tokio::test]
async fn pending_actions_survive_a_cache_scribbled_over_and_reach_the_center_once() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite");
    let common::Synced { center, vault, desk } = common::handler_synced(dir.path(), &cache).await;
    let before = all_slips(&desk).await;
    let unacknowledged = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows;
    assert!(unacknowledged.len() >= 2, "the demo has slips to sign for");
    let (a, b) = (unacknowledged[0].id, unacknowledged[1].id);
    // Taken while the center is not asked: they wait in the outbox.
    desk.act(a, Action::Acknowledge {}).await.unwrap();
    desk.act(b, Action::Acknowledge {}).await.unwrap();
    assert_eq!(desk.pending_count().await.unwrap(), 2);
    drop(desk);

    scribble(&cache, 1);
    let desk = common::desk_with_vault(&cache, &vault);
    assert!(desk.restore().await.unwrap().is_some(), "the session is kept with the work");
    // As the app starts: the sync service checks the whole cache, then pulls and pushes.
    let _sync = service::start(desk.clone(), SyncConfig { interval: Duration::from_millis(200), ..Default::default() });
    let deadline = Instant::now() + Duration::from_secs(20);
    while desk.pending_count().await.unwrap_or(1) > 0 || all_slips(&desk).await.len() < before.len() {
        assert!(Instant::now() < deadline, "not delivered and pulled again in time: {:?}", desk.status());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = desk.status();
    assert_eq!(status.storage_notices.len(), 1, "the user is told: {:?}", status.storage_notices);
    assert!(status.storage_notices[0].contains("本地缓存文件已损坏") && status.storage_notices[0].contains("尚未送达的操作均已保留"));
    let kept = set_aside(dir.path());
    assert_eq!(kept.len(), 1, "the damaged file is kept beside");
    assert!(status.storage_notices[0].contains(&kept[0].display().to_string()), "and the user is told where");
    assert_eq!(all_slips(&desk).await, before, "the slips are back from the center");
    for id in [a, b] {
        assert_eq!(center_steps(&center, id, "acknowledge"), 1, "slip {id} signed for once");
        assert!(desk.inbox(InboxTab::InProgress, InboxScope::Department, 1, 200).await.unwrap().rows.iter().any(|r| r.id == id));
    }
}

#[tokio::test]
async fn corruption_found_while_open_sets_the_cache_aside_and_pulls_again_keeping_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite");
    let common::Synced { center, desk, .. } = common::handler_synced(dir.path(), &cache).await;
    let before = all_slips(&desk).await;
    let a = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows[0].id;
    desk.act(a, Action::Acknowledge {}).await.unwrap();
    // Everything on disk, nothing in the connections' page caches: the next read meets the garbage.
    desk.store().write_blocking(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?)).unwrap();
    desk.store().shrink_blocking().unwrap();
    scribble(&cache, 1);

    let err = desk.inbox(InboxTab::InProgress, InboxScope::Department, 1, 50).await.expect_err("the damaged read fails");
    assert!(matches!(&err, CoreError::CacheRebuilt(s) if s.contains("本地缓存文件已损坏")), "{err:?}");
    assert_eq!(set_aside(dir.path()).len(), 1, "kept beside");
    assert_eq!(desk.status().storage_notices.iter().filter(|n| n.contains("已损坏")).count(), 1, "and said");
    assert_eq!(desk.pending_count().await.unwrap(), 1, "the outbox untouched");

    desk.sync_once().await.unwrap();
    desk.sync_once().await.unwrap();
    assert_eq!(all_slips(&desk).await, before);
    assert_eq!(desk.pending_count().await.unwrap(), 0);
    assert_eq!(center_steps(&center, a, "acknowledge"), 1);
    let rows: i64 = desk.store().read_blocking(|c| Ok(c.query_row("SELECT count(*) FROM slips", [], |r| r.get(0))?)).unwrap();
    assert_eq!(rows as usize, before.len());
    let _ = store::work_path(&cache);
}

#[tokio::test]
async fn a_damaged_work_file_is_set_aside_and_what_can_be_read_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite");
    let common::Synced { center, vault, desk } = common::handler_synced(dir.path(), &cache).await;
    drop(desk);
    // The header page says it is no database at all.
    scribble(&store::work_path(&cache), 0);
    let desk = common::desk_with_vault(&cache, &vault);
    let said = desk.status().storage_notices;
    assert_eq!(said.len(), 1);
    assert!(said[0].contains("待送达操作文件已损坏") && said[0].contains("无法找回"), "{said:?}");
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("cache-work.damaged-"))
        .count();
    assert_eq!(kept, 1, "the damaged work file is kept beside");
    assert!(desk.restore().await.unwrap().is_none(), "who was logged in went with it: log in again");
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    assert!(!all_slips(&desk).await.is_empty());
}
