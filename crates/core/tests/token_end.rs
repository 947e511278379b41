//! When the center ends the desk's token (revoked, expired, logged out), nothing pending is
//! lost: the desk says it must log in again, keeps its outbox, and delivers it once after the
//! login. Logging out and revealing a citizen's contact reach the center's audit log.

mod common;

use chengban_core::view::InboxScope;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chengban_center::{demo, Running};
use chengban_core::events::RecordingSink;
use chengban_core::{CoreError, Desk};
use chengban_protocol::{Action, AuditKind};
use common::center_at;
use serde_json::json;

fn desk(dir: &Path) -> Arc<Desk> {
    common::desk(&dir.join("cache.sqlite"), Arc::new(RecordingSink::default()))
}

fn audit(center: &Running) -> Vec<chengban_protocol::AuditEntry> {
    center.state.db.with_writer(|c| chengban_center::db::audit::after(c, 0, 1000).unwrap().0).unwrap()
}

async fn first_pending_ack(d: &Desk) -> i64 {
    d.inbox(chengban_core::view::InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows[0].id
}

/// A center with the demo, a desk logged in as tiexi's handler and synced, and a slip of its
/// to act on.
async fn logged_in(dir: &Path) -> (Running, Arc<Desk>, i64) {
    let center = center_at(&dir.join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let d = desk(dir);
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    let id = first_pending_ack(&d).await;
    (center, d, id)
}

#[tokio::test]
async fn a_revoked_token_keeps_the_pending_actions_and_they_arrive_once_after_logging_in_again() {
    let dir = tempfile::tempdir().unwrap();
    let (center, d, id) = logged_in(dir.path()).await;
    d.act(id, Action::Acknowledge {}).await.unwrap();
    d.act(id, Action::InterimReply { text: "已联系物业，明日上门".into() }).await.unwrap();

    // The center's operator resets the handler's password: every token of the account ends.
    let op = common::operator_token(&center).await;
    let res = reqwest::Client::new()
        .patch(format!("{}/v1/operator/users/tiexi.handler", center.url()))
        .bearer_auth(op)
        .json(&json!({"password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);

    assert!(matches!(d.sync_once().await, Err(CoreError::AuthExpired)));
    assert_eq!(d.pending_count().await.unwrap(), 2, "the outbox is kept");
    d.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    d.sync_once().await.unwrap();
    assert_eq!(d.pending_count().await.unwrap(), 0);
    let history = center.state.db.with_writer(move |c| chengban_center::db::slips::get(c, id).unwrap().unwrap().history).unwrap();
    let actions: Vec<&str> = history
        .iter()
        .filter_map(|e| match &e.body {
            chengban_protocol::EventBody::Action(a) => Some(a.label()),
            _ => None,
        })
        .collect();
    assert_eq!(actions, ["签收", "阶段性答复"], "each delivered once, in order");
}

#[tokio::test]
async fn logging_out_ends_the_token_on_the_center_and_a_reveal_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (center, d, id) = logged_in(dir.path()).await;
    d.reveal_contact(id).await.unwrap();
    let mut revealed = false;
    for _ in 0..50 {
        revealed = audit(&center).iter().any(|e| e.kind == AuditKind::RevealContact && e.slip_id == Some(id));
        if revealed {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(revealed, "the center's audit log has the reveal");
    let client = d.session_client().unwrap();
    d.logout().await.unwrap();
    assert!(audit(&center).iter().any(|e| e.kind == AuditKind::Logout && e.username.as_deref() == Some("tiexi.handler")));
    assert!(matches!(client.me().await, Err(CoreError::AuthExpired)), "the old token no longer works");
}

#[tokio::test]
async fn a_reveal_made_offline_reaches_the_audit_log_once_at_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let (center, d, id) = logged_in(dir.path()).await;
    let addr = center.addr;
    center.stop().await;
    let revealed_at = chrono::Utc::now();
    let contact = d.reveal_contact(id).await.unwrap();
    assert!(contact.phone.is_some(), "the clerk sees the contact while offline");
    tokio::time::sleep(Duration::from_millis(300)).await;

    let center = center_at(&dir.path().join("center.sqlite"), addr, false).await;
    d.sync_once().await.unwrap();
    d.sync_once().await.unwrap();
    let reveals: Vec<_> = audit(&center).into_iter().filter(|e| e.kind == AuditKind::RevealContact && e.slip_id == Some(id)).collect();
    assert_eq!(reveals.len(), 1, "delivered once: {reveals:?}");
    assert!((reveals[0].at - revealed_at).num_seconds().abs() < 2, "at the reveal's time: {}", reveals[0].at);
    assert_eq!(reveals[0].username.as_deref(), Some("tiexi.handler"));
}
