//! Harness for the end-to-end tests: a real center with the demo on 127.0.0.1 ([`center`]), the
//! real desktop binary launched by `tauri-driver` (WebKitWebDriver underneath) with its own data
//! directory and a WebDriver session on it ([`app`]), and a real notification server watched on
//! the session bus ([`notifications`]). Needs a display and a session bus: run under `xvfb-run`
//! and `dbus-run-session`, as `cargo xtask test` does.

use std::path::{Path, PathBuf};

pub mod app;
pub mod center;
pub mod notifications;

pub use app::{browser_mode, App};
pub use center::CenterProc;
pub use notifications::{NotificationWatch, Notify};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The desktop binary under test: `CHENGBAN_APP`, or the debug build in the workspace.
pub fn app_path() -> PathBuf {
    std::env::var_os("CHENGBAN_APP").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target/debug/chengban-desk"))
}

/// The browser-mode binary: `CHENGBAN_WEB`, or the debug build in the workspace.
pub fn web_path() -> PathBuf {
    std::env::var_os("CHENGBAN_WEB").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target/debug/chengban-web"))
}

pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir
}
