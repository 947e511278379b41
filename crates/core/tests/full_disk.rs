//! A full disk: the desk says so in plain words, writes nothing by halves (a file not kept is
//! not half kept, an action not queued changes nothing, a pull not stored does not move the
//! cursor), goes on showing the cache, and works again once there is room. Two ways to fill it:
//! SQLite's own page limit (everywhere), and a real 8 MiB tmpfs where this user may mount one.

mod common;

use chengban_core::view::InboxScope;
use std::sync::Arc;

use chengban_center::demo;
use chengban_core::events::NullSink;
use chengban_core::view::InboxTab;
use chengban_core::{CoreError, Desk};
use chengban_protocol::{Action, AttachmentClass};
use common::center_at;

fn is_disk_full(e: &CoreError) -> bool {
    matches!(e, CoreError::Storage(_)) && e.to_string().contains("磁盘空间已满")
}

/// What must hold while the disk is full, then after room is made.
async fn full_then_room(desk: &Desk, center: &chengban_center::Running, fill: impl Fn(bool)) {
    desk.sync_once().await.unwrap();
    let a = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows[0].id;
    let shown_before = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows.len();

    fill(true);
    let photo = vec![7u8; 1_500_000];
    let err = desk
        .add_attachment("现场照片.jpg", "image/jpeg", AttachmentClass::Handling, photo.clone())
        .await
        .expect_err("no room for the file");
    assert!(is_disk_full(&err), "{err:?}");
    assert!(err.to_string().contains("未保存"), "says nothing was kept: {err}");
    // A new slip at the center cannot be stored: the pull fails whole and is taken again later.
    common::dispatch(center, "tiexi", "urgent", "磁盘满时派发的工单").await;
    let pulled = desk.sync_once().await;
    assert!(
        pulled.is_err() || desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows.len() == shown_before + 1,
        "{pulled:?}"
    );
    // The cache still answers.
    assert!(desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows.len() >= shown_before);
    assert_eq!(desk.pending_count().await.unwrap(), 0, "nothing queued by halves");

    fill(false);
    let file = desk.add_attachment("现场照片.jpg", "image/jpeg", AttachmentClass::Handling, photo).await.expect("room again");
    assert_eq!(file.size, 1_500_000);
    desk.act(a, Action::Acknowledge {}).await.expect("acts again");
    desk.sync_once().await.unwrap();
    desk.sync_once().await.unwrap();
    assert_eq!(desk.pending_count().await.unwrap(), 0);
    let titles: Vec<String> =
        desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows.into_iter().map(|r| r.title).collect();
    assert!(titles.iter().any(|t| t == "磁盘满时派发的工单"), "the slip pulled once there was room: {titles:?}");
}

#[tokio::test]
async fn at_sqlites_page_limit_nothing_is_half_written_and_room_brings_it_all_back() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let desk = common::desk(&dir.path().join("cache.sqlite"), Arc::new(NullSink));
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    let store = desk.store().clone();
    let fill = move |full: bool| {
        store
            .write_blocking(move |c| {
                for schema in ["main", "work"] {
                    let pages: i64 = c.query_row(&format!("PRAGMA {schema}.page_count"), [], |r| r.get(0))?;
                    let limit = if full { pages } else { 1 << 30 };
                    c.query_row(&format!("PRAGMA {schema}.max_page_count = {limit}"), [], |_| Ok(()))?;
                }
                Ok(())
            })
            .unwrap()
    };
    full_then_room(&desk, &center, fill).await;
}

#[tokio::test]
async fn on_a_full_file_system_nothing_is_half_written_and_room_brings_it_all_back() {
    let Some(fs) = common::Tmpfs::mount("8m") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root); the page-limit test covers the same path");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let desk = common::desk(&fs.path().join("cache.sqlite"), Arc::new(NullSink));
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    let filler = fs.path().join("filler");
    let fill = move |full: bool| {
        if full {
            // Every free block taken (the write stops at "no space left").
            let mut f = std::fs::File::create(&filler).unwrap();
            let block = vec![0u8; 4096];
            while std::io::Write::write_all(&mut f, &block).is_ok() {}
            let _ = f.sync_all();
        } else {
            std::fs::remove_file(&filler).unwrap();
        }
    };
    full_then_room(&desk, &center, fill).await;
}
