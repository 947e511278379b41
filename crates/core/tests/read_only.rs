//! A data folder that cannot be written: the desk still opens and shows what its cache holds,
//! says why it cannot do more, and refuses each change with a clear sentence before anything
//! is asked of the center; once the folder is writable again the waiting work goes out once.
//! Root ignores file modes, so as root the folder is a tmpfs remounted read-only; any other
//! user gets `chmod a-w`.

mod common;

use chengban_core::view::InboxScope;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chengban_core::view::InboxTab;
use chengban_core::CoreError;
use chengban_protocol::Action;

/// A folder this test can make read-only and writable again.
enum Folder {
    Mounted(common::Tmpfs),
    Chmod(tempfile::TempDir),
}

impl Folder {
    fn new() -> Option<Self> {
        if let Some(fs) = common::Tmpfs::mount("16m") {
            return Some(Folder::Mounted(fs));
        }
        // Without mounting, only a user file modes bind will do.
        let probe = tempfile::tempdir().ok()?;
        std::fs::set_permissions(probe.path(), std::fs::Permissions::from_mode(0o555)).ok()?;
        let bound = std::fs::write(probe.path().join("x"), b"x").is_err();
        std::fs::set_permissions(probe.path(), std::fs::Permissions::from_mode(0o755)).ok()?;
        bound.then(|| tempfile::tempdir().ok().map(Folder::Chmod)).flatten()
    }

    fn path(&self) -> &Path {
        match self {
            Folder::Mounted(fs) => fs.path(),
            Folder::Chmod(dir) => dir.path(),
        }
    }

    fn set_read_only(&self, read_only: bool) {
        match self {
            Folder::Mounted(fs) => fs.set_read_only(read_only),
            Folder::Chmod(dir) => {
                let (dir_mode, file_mode) = if read_only { (0o555, 0o444) } else { (0o755, 0o644) };
                for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
                    std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(file_mode)).unwrap();
                }
                std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(dir_mode)).unwrap();
            }
        }
    }
}

#[tokio::test]
async fn a_read_only_data_folder_shows_the_cache_refuses_changes_clearly_and_keeps_the_waiting_work() {
    let Some(folder) = Folder::new() else {
        eprintln!("SKIPPED: this user can neither mount a tmpfs nor be stopped by file modes");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cache = folder.path().join("cache.sqlite");
    let common::Synced { center: _center, vault, desk } = common::handler_synced(dir.path(), &cache).await;
    let waiting = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows;
    let (a, b) = (waiting[0].id, waiting[1].id);
    desk.act(a, Action::Acknowledge {}).await.unwrap();
    drop(desk);

    folder.set_read_only(true);
    let desk = common::desk_with_vault(&cache, &vault);
    let notices = desk.status().storage_notices;
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("不可写入") && notices[0].contains("只读"), "{notices:?}");
    assert!(desk.restore().await.unwrap().is_some(), "still logged in");
    assert_eq!(
        desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50).await.unwrap().rows.len(),
        waiting.len() - 1,
        "the cache is shown"
    );
    assert_eq!(desk.pending_count().await.unwrap(), 1, "with the waiting action");
    let refused = desk.act(b, Action::Acknowledge {}).await.expect_err("nothing can be written");
    assert!(matches!(refused, CoreError::Storage(_)) && refused.to_string().contains("不可写入"), "{refused}");
    let sync = desk.sync_once().await.expect_err("no round while nothing can be kept");
    assert!(sync.to_string().contains("不可写入"), "{sync}");
    assert!(desk.status().message.is_some_and(|m| m.contains("不可写入")));
    drop(desk);

    folder.set_read_only(false);
    let desk = common::desk_with_vault(&cache, &vault);
    assert!(desk.status().storage_notices.is_empty());
    desk.restore().await.unwrap();
    desk.sync_once().await.unwrap();
    desk.sync_once().await.unwrap();
    assert_eq!(desk.pending_count().await.unwrap(), 0, "the waiting action went out");
    assert!(desk.inbox(InboxTab::InProgress, InboxScope::Department, 1, 50).await.unwrap().rows.iter().any(|r| r.id == a));
}
