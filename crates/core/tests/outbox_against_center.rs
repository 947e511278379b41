//! The handler's work offline first, against the real center: actions queue with the center
//! down, arrive once and in order, stay visible until confirmed, and a refused one is kept
//! with the center's reason without blocking the rest.

mod common;

use chengban_core::view::InboxScope;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chengban_center::calendar::Calendar;
use chengban_center::db::sql::params;
use chengban_center::db::ConnExt;
use chengban_center::{demo, Running};
use chengban_core::client::TlsConfig;
use chengban_core::clock::SystemClock;
use chengban_core::events::RecordingSink;
use chengban_core::view::{InboxTab, TimelineSync};
use chengban_core::{CoreError, Desk};
use chengban_protocol::*;
use chrono::Utc;
use common::{callback, center_at, reply};

fn desk(dir: &Path, name: &str) -> Arc<Desk> {
    common::desk(&dir.join(name), Arc::new(RecordingSink::default()))
}

async fn slip_id(desk: &Desk, title_part: &str) -> i64 {
    for tab in [InboxTab::PendingAck, InboxTab::InProgress, InboxTab::Replied, InboxTab::Closed] {
        let page = desk.inbox(tab, InboxScope::Department, 1, 200).await.unwrap();
        if let Some(r) = page.rows.iter().find(|r| r.title.contains(title_part)) {
            return r.id;
        }
    }
    panic!("no slip {title_part}");
}

fn events_of(center: &Running, slip_id: i64) -> Vec<String> {
    center
        .state
        .db
        .with_writer(move |c| {
            c.query_map("SELECT body FROM slip_events WHERE slip_id = ?1 ORDER BY id", params![slip_id], |r| r.get::<String>(0)).unwrap()
        })
        .unwrap()
}

#[tokio::test]
async fn two_hundred_actions_made_with_the_center_down_arrive_once_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.sqlite");
    let center = center_at(&db, "127.0.0.1:0".parse().unwrap(), true).await;
    let renshe = center
        .state
        .db
        .with_writer(|c| c.query_row("SELECT id FROM departments WHERE code = 'renshe'", &[], |r| r.get::<i64>(0)).unwrap())
        .unwrap();
    center.state.db.with_writer(|c| demo::generate(c, &Calendar::builtin(), renshe, 99, Utc::now()).unwrap()).unwrap();
    let addr = center.addr;
    let d = desk(dir.path(), "cache.sqlite");
    d.login(&center.url(), "renshe.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let ids: Vec<i64> = d.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 200).await.unwrap().rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 100);
    center.stop().await;

    for (i, id) in ids.iter().enumerate() {
        d.act(*id, Action::Acknowledge {}).await.unwrap();
        d.act(*id, Action::InterimReply { text: format!("第{i}件：已安排人员核查") }).await.unwrap();
    }
    assert_eq!(d.pending_count().await.unwrap(), 200);
    assert!(matches!(d.sync_once().await, Err(CoreError::Offline(_))));
    let counts = d.counts(InboxScope::Department).await.unwrap();
    assert_eq!((counts.pending_ack, counts.in_progress), (0, 100), "shown at once, before the center knows");
    let page = d.inbox(InboxTab::InProgress, InboxScope::Department, 1, 200).await.unwrap();
    assert!(page.rows.iter().all(|r| r.pending), "marked 待同步");

    let center = center_at(&db, addr, false).await;
    d.sync_once().await.unwrap();
    assert_eq!(d.pending_count().await.unwrap(), 0);
    let outbox_left: u32 = d.store().read_blocking(|c| Ok(c.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)).unwrap();
    assert_eq!(outbox_left, 0, "the outbox ends empty");
    for (i, id) in ids.iter().enumerate() {
        let events = events_of(&center, *id);
        assert_eq!(events.len(), 3, "dispatch, acknowledge, interim reply — each once: {events:?}");
        assert!(events[1].contains("acknowledge"));
        assert!(events[2].contains(&format!("第{i}件")), "in order");
    }
    let page = d.inbox(InboxTab::InProgress, InboxScope::Department, 1, 200).await.unwrap();
    assert!(page.rows.iter().all(|r| !r.pending));
}

#[tokio::test]
async fn a_pull_never_makes_a_pending_action_disappear() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let d = desk(dir.path(), "cache.sqlite");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let id = slip_id(&d, "祥和家园").await;
    d.act(id, Action::Acknowledge {}).await.unwrap();
    // A pull alone (no push yet) brings the server's older state: the acknowledgement stays.
    let session_client =
        chengban_core::client::CenterClient::new(chengban_core::client::ServerUrl::parse(&center.url()).unwrap(), &TlsConfig::default())
            .unwrap();
    let token = session_client.login("tiexi.handler", demo::DEMO_PASSWORD).await.unwrap().body.token;
    let client = session_client.with_token(token);
    // Make the slip change on the server so the pull really rewrites it.
    let op = reqwest::Client::new();
    let token = common::operator_token(&center).await;
    op.post(format!("{}/v1/operator/slips/{id}/decisions", center.url()))
        .bearer_auth(&token)
        .json(&serde_json::json!({"type": "urge", "message": "请尽快签收"}))
        .send()
        .await
        .unwrap();
    chengban_core::sync::pull(&client, d.store(), &SystemClock, &Default::default()).await.unwrap();
    let detail = d.slip(id).await.unwrap();
    assert_eq!(detail.server_status, SlipStatus::Dispatched);
    assert_eq!(detail.status, SlipStatus::InProgress, "the pending acknowledgement is still shown");
    assert_eq!(detail.urge_count, 1, "and the center's urge arrived with the pull");
    assert!(detail.timeline.iter().any(|t| t.title == "签收" && t.sync == TimelineSync::Pending));
    d.sync_once().await.unwrap();
    let detail = d.slip(id).await.unwrap();
    assert_eq!((detail.server_status, detail.status), (SlipStatus::InProgress, SlipStatus::InProgress));
    assert!(detail.timeline.iter().all(|t| t.sync == TimelineSync::Synced));
}

#[tokio::test]
async fn a_refused_action_is_kept_with_the_centers_reason_and_the_rest_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let handler = desk(dir.path(), "handler.sqlite");
    let leader = desk(dir.path(), "leader.sqlite");
    handler.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    leader.login(&center.url(), "tiexi.leader", demo::DEMO_PASSWORD).await.unwrap();
    handler.sync_once().await.unwrap();
    leader.sync_once().await.unwrap();
    let a = slip_id(&handler, "祥和家园").await;
    let b = slip_id(&handler, "豚草").await;
    // The leader acknowledges slip a first; the handler, not having pulled, does too.
    leader.act(a, Action::Acknowledge {}).await.unwrap();
    leader.sync_once().await.unwrap();
    handler.act(a, Action::Acknowledge {}).await.unwrap();
    handler.act(b, Action::Acknowledge {}).await.unwrap();
    handler.sync_once().await.unwrap();

    let detail = handler.slip(a).await.unwrap();
    let refused = detail.timeline.iter().find(|t| t.sync == TimelineSync::Rejected).expect("kept and shown");
    assert_eq!(refused.error.as_deref(), Some("工单当前为“办理中”，不能签收"));
    assert_eq!(detail.status, SlipStatus::InProgress);
    assert_eq!(handler.slip(b).await.unwrap().server_status, SlipStatus::InProgress, "the queue was not blocked");
    let rows = handler.inbox(InboxTab::InProgress, InboxScope::Department, 1, 50).await.unwrap().rows;
    assert!(rows.iter().find(|r| r.id == a).unwrap().rejected);

    handler.dismiss_rejected(refused.mutation_id.unwrap()).await.unwrap();
    assert!(handler.slip(a).await.unwrap().timeline.iter().all(|t| t.sync != TimelineSync::Rejected));
}

#[tokio::test]
async fn the_desk_refuses_what_the_rules_refuse_before_queueing_it() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let d = desk(dir.path(), "cache.sqlite");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let id = slip_id(&d, "祥和家园").await;
    let err = d.act(id, reply(vec![])).await.unwrap_err();
    assert_eq!(err.to_string(), "工单当前为“待签收”，不能答复");
    d.act(id, Action::Acknowledge {}).await.unwrap();
    let err = d.act(id, reply(vec![])).await.unwrap_err();
    assert_eq!(err.to_string(), "答复前须先回访诉求人（或记录至少 3 次未接通）");
    assert_eq!(d.pending_count().await.unwrap(), 1, "nothing queued for the refused ones");
    let detail = d.slip(id).await.unwrap();
    let reply_action = detail.actions.iter().find(|a| a.kind == chengban_core::view::ActionKind::Reply).unwrap();
    assert!(reply_action.blocked.is_some(), "the UI can say why a reply is not yet possible");
}

#[tokio::test]
async fn a_reply_with_a_photo_uploads_the_photo_first_and_reaches_the_center() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let d = desk(dir.path(), "cache.sqlite");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let id = slip_id(&d, "祥和家园").await;
    let too_big =
        d.add_attachment("大文件.pdf", "application/pdf", AttachmentClass::Handling, vec![0u8; 20 * 1024 * 1024 + 1]).await.unwrap_err();
    assert_eq!(too_big.to_string(), "文件“大文件.pdf”超过 20 MB，无法作为附件");
    let photo = d.add_attachment("清运后.jpg", "image/jpeg", AttachmentClass::Handling, b"JFIF photo bytes".to_vec()).await.unwrap();
    d.act(id, Action::Acknowledge {}).await.unwrap();
    d.act(id, callback()).await.unwrap();
    d.act(id, reply(vec![photo.clone()])).await.unwrap();
    d.sync_once().await.unwrap();
    let detail = d.slip(id).await.unwrap();
    assert_eq!(detail.server_status, SlipStatus::Replied);
    let stored = center
        .state
        .db
        .with_writer(move |c| {
            let tiexi = chengban_center::db::departments::list(c).unwrap().into_iter().find(|d| d.code == "tiexi").unwrap();
            let reader = chengban_center::db::attachments::Reader::Department(tiexi.id);
            chengban_center::db::attachments::get(c, &photo.sha256, reader).unwrap()
        })
        .unwrap();
    let (content_type, data) = stored.expect("stored and readable by the department");
    assert_eq!(
        (content_type.as_str(), data.as_slice()),
        ("image/jpeg", b"JFIF photo bytes".as_slice()),
        "stored with the type it was added with"
    );
}

#[tokio::test]
async fn another_user_cannot_log_in_on_this_pc_while_actions_wait_to_sync() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let d = desk(dir.path(), "cache.sqlite");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let id = slip_id(&d, "祥和家园").await;
    d.act(id, Action::Acknowledge {}).await.unwrap();
    d.logout().await.unwrap();
    let err = d.login(&center.url(), "tiedong.handler", demo::DEMO_PASSWORD).await.unwrap_err();
    assert!(err.to_string().contains("1 项操作尚未同步"), "{err}");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    assert_eq!(d.pending_count().await.unwrap(), 0);
}

#[tokio::test]
async fn quitting_pushes_what_waits_and_takes_no_new_action() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let d = desk(dir.path(), "cache.sqlite");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let id = d.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 10).await.unwrap().rows[0].id;
    d.act(id, Action::Acknowledge {}).await.unwrap();
    assert_eq!(d.shutdown(Duration::from_secs(3)).await, 1, "the waiting action is delivered on the way out");
    assert_eq!(events_of(&center, id).len(), 2, "dispatch and acknowledge, once");
    let refused = d.act(id, Action::InterimReply { text: "已安排人员".into() }).await;
    assert!(matches!(refused, Err(CoreError::Refused(_))), "{refused:?}");
}

#[tokio::test]
async fn quitting_with_the_center_unreachable_waits_no_longer_than_its_bound_and_keeps_the_action() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.sqlite");
    let center = center_at(&db, "127.0.0.1:0".parse().unwrap(), true).await;
    let addr = center.addr;
    let d = desk(dir.path(), "cache.sqlite");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let id = d.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 10).await.unwrap().rows[0].id;
    // A center that takes the connection and never answers.
    center.stop().await;
    let _silent = tokio::net::TcpListener::bind(addr).await.unwrap();
    d.act(id, Action::Acknowledge {}).await.unwrap();
    let started = std::time::Instant::now();
    assert_eq!(d.shutdown(Duration::from_millis(800)).await, 0);
    assert!(started.elapsed() < Duration::from_secs(3), "bounded: {:?}", started.elapsed());
    assert_eq!(d.pending_count().await.unwrap(), 1, "kept for the next start");
}
