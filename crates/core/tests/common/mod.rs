//! The core's tests' setup: a real center and the operator's dispatch (from `chengban-testkit`),
//! and a desk on a cache file.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use chengban_center::Running;
use chengban_core::client::TlsConfig;
use chengban_core::clock::SystemClock;
use chengban_core::events::EventSink;
use chengban_core::vault::MemoryVault;
use chengban_core::Desk;
use chengban_testkit::{Dispatch, Operator};
use serde_json::Value;

/// A center on `addr` (127.0.0.1:0 for any port) over the database at `db`, with the demo
/// seeded when `seed`.
pub async fn center_at(db: &Path, addr: SocketAddr, seed: bool) -> Running {
    chengban_testkit::center::start(db, addr, seed).await.unwrap()
}

/// A desk over the cache file `cache`, its token in memory, on the system clock.
pub fn desk(cache: &Path, sink: Arc<dyn EventSink>) -> Arc<Desk> {
    Desk::open(cache, Arc::new(MemoryVault::default()), Arc::new(SystemClock), sink, TlsConfig::default()).unwrap()
}

/// A desk over `cache` whose secrets (token, cache key) are kept in `vault`, shared between
/// openings as the keyring is between restarts.
pub fn desk_with_vault(cache: &Path, vault: &Arc<MemoryVault>) -> Arc<Desk> {
    let vault: Arc<dyn chengban_core::vault::TokenVault> = vault.clone();
    Desk::open(cache, vault, Arc::new(SystemClock), Arc::new(chengban_core::events::NullSink), TlsConfig::default()).unwrap()
}

/// A center with the demo (its database in `dir`), and tiexi's handler logged in on a desk over
/// `cache`, synced once.
pub struct Synced {
    pub center: Running,
    pub vault: Arc<MemoryVault>,
    pub desk: Arc<Desk>,
}

pub async fn handler_synced(dir: &Path, cache: &Path) -> Synced {
    let center = center_at(&dir.join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let vault = Arc::new(MemoryVault::default());
    let desk = desk_with_vault(cache, &vault);
    desk.login(&center.url(), "tiexi.handler", chengban_center::demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    Synced { center, vault, desk }
}

/// A desk over plain files, as a build before encryption left them.
pub fn desk_plain(cache: &Path) -> Arc<Desk> {
    let store = chengban_core::store::Store::open(cache).unwrap();
    Desk::with_store(
        store,
        Arc::new(MemoryVault::default()),
        Arc::new(SystemClock),
        Arc::new(chengban_core::events::NullSink),
        TlsConfig::default(),
    )
    .unwrap()
}

/// A callback that reached the citizen five minutes ago, who was satisfied.
pub fn callback() -> chengban_protocol::Action {
    use chengban_protocol::*;
    Action::Callback(Callback {
        at: chrono::Utc::now() - chrono::Duration::minutes(5),
        method: CallbackMethod::Phone,
        reached: true,
        contact: Some("本人".into()),
        summary: "已告知处理结果".into(),
        satisfaction: Some(Satisfaction::Satisfied),
        solved: Some(true),
    })
}

/// A reply that says the matter is solved, with `attachments`.
pub fn reply(attachments: Vec<chengban_protocol::AttachmentRef>) -> chengban_protocol::Action {
    use chengban_protocol::*;
    Action::Reply(Reply {
        process: "已协调处理".into(),
        public_text: Some("您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。".into()),
        attachments,
        ..Default::default()
    })
}

/// The hotline operator's bearer token.
pub async fn operator_token(center: &Running) -> String {
    Operator::login(&center.url()).await.unwrap().token
}

/// Dispatches a supervision slip of `tier` to the department `code` as the operator; the slip.
pub async fn dispatch(center: &Running, code: &str, tier: &str, title: &str) -> Value {
    let operator = Operator::login(&center.url()).await.unwrap();
    let slip = Dispatch {
        department: code,
        kind: "supervision",
        request_type: "complaint",
        tier,
        title,
        content: "来电人反映：小区门口井盖缺失，夜间有人跌落风险。",
        citizen_name: "钱女士",
        citizen_phone: "13612345678",
        address: Some("铁西区测试街"),
    };
    operator.dispatch(&slip).await.unwrap()
}

/// A real tmpfs of `size` (e.g. "8m"), unmounted on drop; `None` when this user may not mount one.
pub struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    pub fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?
            .success();
        ok.then_some(Tmpfs(dir))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Remounts it read-only (`true`) or writable.
    pub fn set_read_only(&self, read_only: bool) {
        let how = if read_only { "remount,ro" } else { "remount,rw" };
        let ok = std::process::Command::new("mount").args(["-o", how]).arg(self.0.path()).status().unwrap().success();
        assert!(ok, "mount -o {how}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.0.path()).status();
    }
}
