//! The core against the real center on 127.0.0.1: first sync, incremental pull, offline,
//! recovery, unusable responses, and switching accounts.

mod common;

use chengban_core::view::InboxScope;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chengban_center::db::sql::params;
use chengban_center::db::ConnExt;
use chengban_center::{demo, Running};
use chengban_core::client::{CenterClient, ServerUrl, TlsConfig};
use chengban_core::clock::{ServerOffset, SystemClock};
use chengban_core::events::{CoreEvent, RecordingSink};
use chengban_core::store::{self, Store};
use chengban_core::sync::service::{self, SyncConfig};
use chengban_core::vault::MemoryVault;
use chengban_core::view::InboxTab;
use chengban_core::view::SyncState;
use chengban_core::{CoreError, Desk};
use common::center_at;

fn desk(dir: &Path) -> (Arc<Desk>, Arc<RecordingSink>) {
    let sink = Arc::new(RecordingSink::default());
    (common::desk(&dir.join("cache.sqlite"), sink.clone()), sink)
}

async fn dispatch(center: &Running, code: &str, title: &str) -> i64 {
    common::dispatch(center, code, "emergency", title).await["id"].as_i64().unwrap()
}

async fn center_count(center: &Running, code: &str) -> u32 {
    let code = code.to_string();
    center
        .state
        .db
        .with_writer(move |c| {
            c.query_row("SELECT COUNT(*) FROM slips s JOIN departments d ON d.id = s.department_id WHERE d.code = ?1", params![code], |r| {
                r.get(0)
            })
            .unwrap()
        })
        .unwrap()
}

#[tokio::test]
async fn the_first_sync_fills_the_cache_with_the_departments_slips_only() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let (desk, sink) = desk(dir.path());
    let info = desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    assert_eq!(info.department_name.as_deref(), Some("铁西区住建局"));
    let outcome = desk.sync_once().await.unwrap();
    let expected = center_count(&center, "tiexi").await;
    assert_eq!(outcome.changed as u32, expected);
    let counts = desk.counts(InboxScope::Department).await.unwrap();
    assert_eq!(counts.pending_ack, expected);
    let page = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap();
    assert_eq!(page.total, expected);
    assert!(page.rows.windows(2).all(|w| w[0].due_at <= w[1].due_at), "sorted by due_at");
    assert!(page.rows.iter().any(|r| r.title.contains("祥和家园")));
    assert!(sink.events().contains(&CoreEvent::SlipsChanged { count: expected as usize }));
    assert_eq!(desk.status().state, SyncState::Online);
}

#[tokio::test]
async fn a_new_dispatch_appears_after_the_next_pull_and_only_it_is_pulled() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let (desk, _) = desk(dir.path());
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    let id = dispatch(&center, "tiexi", "井盖缺失有跌落风险").await;
    dispatch(&center, "tiedong", "别的单位的工单").await;
    let outcome = desk.sync_once().await.unwrap();
    assert_eq!(outcome.changed, 1, "cost follows the change, not the cache");
    let detail = desk.slip(id).await.unwrap();
    assert_eq!(detail.title, "井盖缺失有跌落风险");
    assert_eq!(detail.citizen_phone_masked.as_deref(), Some("136****5678"));
    assert_eq!(desk.reveal_contact(id).await.unwrap().phone.as_deref(), Some("13612345678"));
}

#[tokio::test]
async fn with_the_center_stopped_the_cache_answers_and_the_error_is_offline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.sqlite");
    let center = center_at(&db, "127.0.0.1:0".parse().unwrap(), true).await;
    let addr = center.addr;
    let (desk, sink) = desk(dir.path());
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    let before = desk.counts(InboxScope::Department).await.unwrap();
    center.stop().await;

    let err = desk.sync_once().await.unwrap_err();
    assert!(matches!(err, CoreError::Offline(_)), "{err:?}");
    assert_eq!(desk.counts(InboxScope::Department).await.unwrap(), before, "the cache still answers");
    let status = desk.status();
    assert_eq!(status.state, SyncState::Offline);
    assert!(status.offline_since.is_some());
    assert!(sink.events().iter().any(|e| matches!(e, CoreEvent::SyncStatus(s) if s.state == SyncState::Offline)));

    // The center comes back on the same address: the service re-syncs by itself.
    let handle = service::start(
        desk.clone(),
        SyncConfig { interval: Duration::from_secs(60), min_backoff: Duration::from_millis(50), max_backoff: Duration::from_millis(200) },
    );
    let center = center_at(&db, addr, false).await;
    let mut online = false;
    for _ in 0..100 {
        if desk.status().state == SyncState::Online {
            online = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(online, "the desk went back online by itself: {:?}", desk.status());
    assert!(desk.status().offline_since.is_none());

    // A request to sync (what the UI's button and, later, the live event stream do) pulls at once.
    let id = dispatch(&center, "tiexi", "恢复后派发").await;
    desk.request_sync();
    let mut found = false;
    for _ in 0..100 {
        if desk.slip(id).await.is_ok() {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(found, "the woken service pulled the new slip");
    handle.stop().await;
}

/// Serves a login that works and changes that are not JSON.
async fn broken_center() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let body = "{\"slips\": [ this is not json";
                let res = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(res.as_bytes()).await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_response_that_is_not_valid_json_leaves_the_cache_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let store = Store::open(&dir.path().join("cache.sqlite")).unwrap();
    let offset = ServerOffset::default();
    let good = CenterClient::new(ServerUrl::parse(&center.url()).unwrap(), &TlsConfig::default()).unwrap();
    let login = good.login("tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    chengban_core::sync::pull(&good.with_token(login.body.token.clone()), &store, &SystemClock, &offset).await.unwrap();
    let snapshot = |s: &Store| s.read_blocking(|c| Ok((store::slips::total(c)?, store::sync_state::get(c)?.cursor))).unwrap();
    let before = snapshot(&store);

    let broken = broken_center().await;
    let bad = CenterClient::new(ServerUrl::parse(&format!("http://{broken}")).unwrap(), &TlsConfig::default())
        .unwrap()
        .with_token(login.body.token);
    let err = chengban_core::sync::pull(&bad, &store, &SystemClock, &offset).await.unwrap_err();
    assert!(matches!(err, CoreError::InvalidResponse(_)), "{err:?}");
    assert_eq!(snapshot(&store), before);
}

#[tokio::test]
async fn a_wrong_password_and_an_operator_account_are_refused_with_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let (desk, _) = desk(dir.path());
    let err = desk.login(&center.url(), "tiexi.handler", "wrong").await.unwrap_err();
    assert!(matches!(err, CoreError::BadCredentials));
    assert_eq!(err.to_string(), "用户名或密码错误");
    let err = desk.login(&center.url(), "operator", demo::DEMO_PASSWORD).await.unwrap_err();
    assert!(matches!(err, CoreError::InvalidInput(_)));
    assert!(!desk.is_logged_in());
    let err = desk.login("http://127.0.0.1:1", "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap_err();
    assert!(matches!(err, CoreError::Offline(_)));
}

#[tokio::test]
async fn logging_in_as_another_department_on_the_same_pc_empties_the_cache_first() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let (desk, _) = desk(dir.path());
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    desk.logout().await.unwrap();
    desk.login(&center.url(), "tiedong.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    let page = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 200).await.unwrap();
    assert_eq!(page.total, center_count(&center, "tiedong").await);
    assert!(page.rows.iter().all(|r| !r.title.contains("祥和家园")));
}

#[tokio::test]
async fn a_restarted_desk_restores_its_session_from_the_vault_and_keeps_its_cache() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let vault = Arc::new(MemoryVault::default());
    let open = || {
        Desk::open(
            &dir.path().join("cache.sqlite"),
            vault.clone(),
            Arc::new(SystemClock),
            Arc::new(RecordingSink::default()),
            TlsConfig::default(),
        )
        .unwrap()
    };
    let first = open();
    first.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    first.sync_once().await.unwrap();
    let counts = first.counts(InboxScope::Department).await.unwrap();
    drop(first);
    let second = open();
    assert_eq!(second.counts(InboxScope::Department).await.unwrap(), counts, "the cache survives a restart");
    let restored = second.restore().await.unwrap().expect("session restored");
    assert_eq!(restored.username, "tiexi.handler");
    second.sync_once().await.unwrap();
    let sqlite = std::fs::read(dir.path().join("cache.sqlite")).unwrap();
    let token_like = sqlite.windows(64).any(|w| w.iter().all(|b| b.is_ascii_hexdigit()));
    assert!(!token_like, "no token in the cache file");
}

#[tokio::test]
async fn when_the_centers_database_is_replaced_the_desk_starts_over_instead_of_missing_slips() {
    let dir = tempfile::tempdir().unwrap();
    let first = center_at(&dir.path().join("a.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let addr = first.addr;
    let (desk, _) = desk(dir.path());
    desk.login(&first.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    dispatch(&first, "tiexi", "只在旧库中的工单").await;
    desk.sync_once().await.unwrap();
    first.stop().await;

    // A new, empty-but-seeded database at the same address: its sequence starts again at 1.
    let second = center_at(&dir.path().join("b.sqlite"), addr, true).await;
    let id = dispatch(&second, "tiexi", "新库的工单").await;
    // The new database does not know the old token: the clerk logs in again, same account.
    assert!(matches!(desk.sync_once().await, Err(CoreError::AuthExpired)));
    desk.login(&second.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    assert_eq!(desk.counts(InboxScope::Department).await.unwrap().pending_ack, center_count(&second, "tiexi").await);
    assert_eq!(desk.slip(id).await.unwrap().title, "新库的工单");
    let rows = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows;
    assert!(rows.iter().all(|r| r.title != "只在旧库中的工单"), "nothing of the old database stays");
}
