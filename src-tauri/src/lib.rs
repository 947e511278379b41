//! `chengban-desk`: the Tauri shell. It opens the core's [`Desk`] on the user's data
//! directory, starts the sync service, forwards the core's events to the window, and exposes
//! the commands in [`commands`]. Nothing here holds logic of its own.

mod commands;
mod error;
mod sink;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chengban_core::client::TlsConfig;
use chengban_core::clock::SystemClock;
use chengban_core::service::{self, SyncConfig, SyncHandle};
use chengban_core::vault::KeyringVault;
use chengban_core::Desk;
use tauri::Manager;

pub struct AppState {
    pub desk: Arc<Desk>,
    /// Kept so the service lives as long as the app; dropping it stops the service.
    _sync: Mutex<Option<SyncHandle>>,
}

/// `<data dir>/chengban`, e.g. `~/.local/share/chengban` (honours `XDG_DATA_HOME`).
fn data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(std::env::temp_dir).join("chengban")
}

/// An extra CA for government intranets: `CHENGBAN_CA_CERT`, or `ca.pem` in the data dir.
fn tls_config(dir: &std::path::Path) -> TlsConfig {
    let path = std::env::var_os("CHENGBAN_CA_CERT").map(PathBuf::from).unwrap_or_else(|| dir.join("ca.pem"));
    if path.exists() {
        match TlsConfig::with_ca_file(&path) {
            Ok(tls) => return tls,
            Err(e) => tracing::warn!(error = %e, "extra CA certificate ignored"),
        }
    }
    TlsConfig::default()
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let result = tauri::Builder::default()
        .setup(|app| {
            let dir = data_dir();
            let sink = Arc::new(sink::TauriSink::new(app.handle().clone()));
            let desk = Desk::open(&dir.join("cache.sqlite"), Arc::new(KeyringVault::default()), Arc::new(SystemClock), sink, tls_config(&dir))?;
            let sync = tauri::async_runtime::block_on(async {
                if let Err(e) = desk.restore().await {
                    tracing::warn!(error = %e, "session not restored");
                }
                service::start(desk.clone(), SyncConfig::default())
            });
            app.manage(AppState { desk, _sync: Mutex::new(Some(sync)) });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::login,
            commands::session::logout,
            commands::session::current_session,
            commands::session::login_defaults,
            commands::session::ui_config,
            commands::inbox::inbox_page,
            commands::inbox::tab_counts,
            commands::inbox::slip_detail,
            commands::inbox::reveal_contact,
            commands::sync::sync_status,
            commands::sync::sync_now,
            commands::work::act,
            commands::work::add_attachment,
            commands::work::dismiss_rejected,
            commands::work::pending_count,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("承办台无法启动：{e}");
        std::process::exit(1);
    }
}
