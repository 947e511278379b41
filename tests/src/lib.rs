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

/// Appends rows to the benchmark table in `CHENGBAN_BENCH_OUT` (when set), after its last row:
/// notes may follow the table.
pub fn append_bench_rows(lines: &[String]) {
    let Ok(out) = std::env::var("CHENGBAN_BENCH_OUT") else { return };
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let mut doc: Vec<String> = text.lines().map(str::to_string).collect();
    // The results table is the one before the first section of notes.
    let notes = doc.iter().position(|l| l.starts_with("## ")).unwrap_or(doc.len());
    let at = doc[..notes].iter().rposition(|l| l.starts_with("| ")).map(|i| i + 1).unwrap_or(notes);
    for (k, l) in lines.iter().enumerate() {
        doc.insert(at + k, l.clone());
    }
    std::fs::write(&out, doc.join("\n") + "\n").expect("write bench rows");
}
