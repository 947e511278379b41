//! Real time against the real center: a dispatch reaches the desk through the live event
//! stream and becomes a notification within 2 seconds — no polling involved; and the desk's
//! own action, echoed back on the stream, costs no second round.

mod common;

use chengban_core::view::InboxScope;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chengban_center::demo;
use chengban_center::Running;
use chengban_core::alerts::{service as alerts, RecordingNotifier, Urgency};
use chengban_core::events::NullSink;
use chengban_core::sync::live::{self, LiveHandle};
use chengban_core::sync::service::{self, SyncConfig, SyncHandle};
use chengban_core::view::InboxTab;
use chengban_core::Desk;
use chengban_protocol::Action;

/// tiexi's handler's desk with its sync service (polling an hour apart: only the live stream
/// brings changes in time) and live stream running, connected and past its first pull.
async fn live_desk(center: &Running, dir: &Path) -> (Arc<Desk>, (SyncHandle, LiveHandle)) {
    let desk = common::desk(&dir.join("cache.sqlite"), Arc::new(NullSink));
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    let sync = service::start(desk.clone(), SyncConfig { interval: Duration::from_secs(3600), ..Default::default() });
    let live = live::start(desk.clone());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(desk.is_live() && desk.status().last_synced_at.is_some()) {
        assert!(Instant::now() < deadline, "live stream connected and first pull done");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (desk, (sync, live))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emergency_dispatch_becomes_a_critical_notification_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let center = common::center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let (desk, _services) = live_desk(&center, dir.path()).await;
    let notifier = Arc::new(RecordingNotifier::default());
    let _alerts = alerts::start(desk.clone(), notifier.clone());
    tokio::time::sleep(Duration::from_millis(300)).await;
    notifier.taken(); // the first start's summary, if any

    let started = Instant::now();
    let slip = common::dispatch(&center, "tiexi", "emergency", "燃气泄漏气味浓烈").await;
    let number = slip["number"].as_str().unwrap().to_string();
    loop {
        let got = notifier.taken();
        if let Some(n) = got.iter().find(|n| n.title.contains(&number)) {
            assert_eq!(n.title, format!("紧急新工单 {number}"));
            assert_eq!(n.body, "燃气泄漏气味浓烈");
            assert_eq!(n.urgency, Urgency::Critical);
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "notified within 2 s of the dispatch");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!("dispatch → notification: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_echo_of_the_desks_own_push_starts_no_second_round_but_another_desks_change_does() {
    let dir = tempfile::tempdir().unwrap();
    let center = common::center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let (desk, _services) = live_desk(&center, dir.path()).await;
    // Let the `ready` event's round settle.
    let settle = || async {
        let mut last = desk.rounds_finished();
        loop {
            tokio::time::sleep(Duration::from_millis(700)).await;
            let now = desk.rounds_finished();
            if now == last {
                return now;
            }
            last = now;
        }
    };
    let before = settle().await;

    let id = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 10).await.unwrap().rows[0].id;
    desk.act(id, Action::Acknowledge {}).await.unwrap();
    let after = settle().await;
    assert_eq!(desk.pending_count().await.unwrap(), 0, "delivered");
    assert_eq!(after - before, 1, "one round pushes and pulls; its echo on the stream starts none");

    common::dispatch(&center, "tiexi", "urgent", "另一处井盖缺失").await;
    let later = settle().await;
    assert_eq!(later - after, 1, "the center's own change is pulled");
}
