//! 分派 offline first, against the real center: the leader gives a slip to a handler from the
//! desk (shown at once, delivered once), the handler's desk lists it under 我的 and a
//! colleague's does not, and an assignee outside the department's list is refused before
//! anything is queued.

mod common;

use std::path::Path;
use std::sync::Arc;

use chengban_core::events::NullSink;
use chengban_core::view::{InboxScope, InboxTab};
use chengban_core::{CoreError, Desk};
use chengban_protocol::Action;
use common::{center_at, dispatch};

async fn logged_in(dir: &Path, name: &str, url: &str, username: &str) -> Arc<Desk> {
    let desk = common::desk(&dir.join(name), Arc::new(NullSink));
    desk.login(url, username, chengban_center::demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    desk
}

async fn titles(desk: &Desk, scope: InboxScope) -> Vec<String> {
    desk.inbox(InboxTab::PendingAck, scope, 1, 200).await.unwrap().rows.into_iter().map(|r| r.title).collect()
}

#[tokio::test]
async fn the_leader_assigns_a_slip_and_only_the_assignee_finds_it_under_mine() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let slip = dispatch(&center, "tiexi", "general", "路灯不亮需维修").await;
    let id = slip["id"].as_i64().unwrap();
    let leader = logged_in(dir.path(), "leader.sqlite", &center.url(), "tiexi.leader").await;
    let handler = logged_in(dir.path(), "handler.sqlite", &center.url(), "tiexi.handler").await;
    let colleague = logged_in(dir.path(), "handler2.sqlite", &center.url(), "tiexi.handler2").await;

    let names: Vec<String> = leader.assignable().await.unwrap().into_iter().map(|u| u.username).collect();
    assert!(names.contains(&"tiexi.handler".to_string()) && names.contains(&"tiexi.leader".to_string()), "{names:?}");
    assert!(!names.contains(&"tiexi.dispatcher".to_string()), "the 内勤 gives slips out, does not take them");
    assert!(titles(&leader, InboxScope::Unassigned).await.contains(&"路灯不亮需维修".to_string()));

    let wrong = leader.act(id, Action::Assign { assignee: "tiexi.dispatcher".into(), previous: None, reason: None }).await;
    assert!(matches!(wrong, Err(CoreError::InvalidInput(_))), "{wrong:?}");
    assert_eq!(leader.pending_count().await.unwrap(), 0, "nothing queued");

    let page = leader.act(id, Action::Assign { assignee: "tiexi.handler".into(), previous: None, reason: None }).await.unwrap();
    assert_eq!(page.assignee.map(|a| a.display_name).as_deref(), Some("铁西区住建局经办人"), "shown at once");
    assert!(!titles(&leader, InboxScope::Unassigned).await.contains(&"路灯不亮需维修".to_string()), "no longer 未分派");
    leader.sync_once().await.unwrap();
    assert_eq!(leader.pending_count().await.unwrap(), 0, "delivered");

    handler.sync_once().await.unwrap();
    colleague.sync_once().await.unwrap();
    assert!(titles(&handler, InboxScope::Mine).await.contains(&"路灯不亮需维修".to_string()));
    assert!(!titles(&colleague, InboxScope::Mine).await.contains(&"路灯不亮需维修".to_string()), "a colleague's slip is not mine");
    assert!(titles(&colleague, InboxScope::Department).await.contains(&"路灯不亮需维修".to_string()), "but is the department's");
    let row = handler.inbox(InboxTab::PendingAck, InboxScope::Mine, 1, 200).await.unwrap().rows.into_iter().find(|r| r.id == id);
    assert_eq!(row.and_then(|r| r.assignee).as_deref(), Some("铁西区住建局经办人"));
    let detail = handler.slip(id).await.unwrap();
    let last = detail.timeline.last().cloned().unwrap();
    assert_eq!((last.title.as_str(), last.detail.as_deref()), ("分派", Some("交由 铁西区住建局经办人 办理")));
}
