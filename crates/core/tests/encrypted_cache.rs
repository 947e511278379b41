//! Citizens' data encrypted at rest: both of the desk's files are SQLCipher databases under a
//! random key kept in the vault (the OS keyring in the app); nothing a citizen said is on disk
//! in the clear; the same key opens them next time; a plain cache of an older build is encrypted
//! in place with nothing lost (see also `upgrade.rs`); files whose key is gone are set aside.

mod common;

use chengban_core::view::InboxScope;
use std::path::Path;
use std::sync::Arc;

use chengban_center::demo;
use chengban_core::store::{self, Store};
use chengban_core::vault::MemoryVault;
use chengban_core::view::InboxTab;
use chengban_protocol::Action;
use common::center_at;

/// Every byte the desk left in the folder (the files and any logs beside them).
fn on_disk(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for f in std::fs::read_dir(dir).unwrap().flatten() {
        let name = f.file_name().to_string_lossy().into_owned();
        if name.starts_with("cache") {
            all.extend(std::fs::read(f.path()).unwrap());
        }
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn nothing_a_citizen_said_is_on_disk_in_the_clear_and_the_kept_key_opens_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let data = dir.path().join("data");
    let cache = data.join("cache.sqlite");
    let vault = Arc::new(MemoryVault::default());
    let desk = common::desk_with_vault(&cache, &vault);
    let session = desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    assert!(!session.token_persisted && session.keyring_message.is_some(), "a vault that keeps nothing past this run is said");
    desk.sync_once().await.unwrap();
    let slip = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows[0].clone();
    let page = desk.slip(slip.id).await.unwrap();
    desk.act(slip.id, Action::InterimReply { text: "已联系钱女士，明日上门".into() }).await.ok();
    desk.act(slip.id, Action::Acknowledge {}).await.unwrap();
    let title = slip.title.clone();
    let content = page.content.chars().take(12).collect::<String>();

    // While open (the write-ahead logs hold the newest pages) and after closing.
    let clear = |moment: &str| {
        let bytes = on_disk(&data);
        assert!(!bytes.is_empty());
        for needle in [title.as_str(), content.as_str(), "钱女士", "tiexi.handler", "SQLite format 3"] {
            assert!(!contains(&bytes, needle), "{moment}: “{needle}” is on disk in the clear");
        }
    };
    clear("open");
    drop(desk);
    clear("closed");

    let again = common::desk_with_vault(&cache, &vault);
    assert!(again.status().storage_notices.is_empty(), "the kept key opens both files: {:?}", again.status().storage_notices);
    assert!(again.restore().await.unwrap().is_some(), "the session is back");
    assert_eq!(again.pending_count().await.unwrap(), 1, "with the waiting action");
    assert_eq!(again.slip(slip.id).await.unwrap().title, title, "and the slips, without a pull");
    drop(again);

    // The key gone (another user's keyring, a wiped one): both files are set aside, not read.
    let lost = common::desk_with_vault(&cache, &Arc::new(MemoryVault::default()));
    let said = lost.status().storage_notices;
    assert!(said.iter().any(|n| n.contains("本地缓存文件已损坏（或其密钥已丢失）")), "{said:?}");
    assert!(said.iter().any(|n| n.contains("待送达操作文件已损坏（或其密钥已丢失）")), "{said:?}");
    assert!(lost.restore().await.unwrap().is_none(), "logged out: nothing could be read");
}

#[tokio::test]
async fn a_plain_cache_of_an_older_build_is_encrypted_in_place_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let cache = dir.path().join("cache.sqlite");
    // An older build: plain files.
    let plain = common::desk_plain(&cache);
    plain.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    plain.sync_once().await.unwrap();
    let rows = plain.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows;
    plain.act(rows[0].id, Action::Acknowledge {}).await.unwrap();
    drop(plain);
    assert!(std::fs::read(&cache).unwrap().starts_with(b"SQLite format 3"));

    let vault = Arc::new(MemoryVault::default());
    let desk = common::desk_with_vault(&cache, &vault);
    for file in [cache.clone(), store::work_path(&cache)] {
        assert!(!std::fs::read(&file).unwrap().starts_with(b"SQLite format 3"), "{} encrypted", file.display());
    }
    assert_eq!(desk.pending_count().await.unwrap(), 1, "the waiting action kept");
    assert_eq!(desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows.len(), rows.len() - 1, "the slips kept");
    assert_eq!(desk.login_defaults().await.unwrap().username.as_deref(), Some("tiexi.handler"));
    assert!(Store::open(&cache).is_ok_and(|s| s.notices().iter().any(|n| n.contains("已损坏"))), "without the key it reads as nothing");
}
