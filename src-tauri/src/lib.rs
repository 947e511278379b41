//! `chengban-desk`: the Tauri shell. It opens the core's [`Desk`] on the user's data
//! directory, starts the sync service, forwards the core's events to the window, and exposes
//! the core's commands through [`ipc`]. Nothing here holds logic of its own.

mod ipc;
mod notifier;
mod sink;
mod tray;
mod webkit;
#[cfg(windows)]
mod win;

use std::sync::{Arc, Mutex};

use chengban_core::alerts::service::{self as alerts, AlertHandle};
use chengban_core::clock::SystemClock;
use chengban_core::desktop::{data_dir, init_logging, tls_config};
use chengban_core::sync::live::{self, LiveHandle};
use chengban_core::sync::service::{self, SyncConfig, SyncHandle};
use chengban_core::vault::KeyringVault;
use chengban_core::Desk;
use tauri::Manager;

/// The Windows AppUserModelID: the id the installer sets on the shortcut and registers
/// (`packaging/windows/installer.nsi`), the bundle identifier of `tauri.conf.json`; the toasts are
/// sent under it.
pub(crate) const APP_ID: &str = "cn.chengban.desk";

/// The background services; dropping this stops them.
struct Services {
    _sync: SyncHandle,
    _live: LiveHandle,
    _alerts: AlertHandle,
}

pub struct AppState {
    pub desk: Arc<Desk>,
    services: Mutex<Option<Services>>,
}

/// Quits from the tray: the services stop, what waits in the outbox is pushed for at most
/// three seconds (the rest is kept for the next start), then the app exits.
pub(crate) fn quit(app: &tauri::AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Some(state) = app.try_state::<AppState>() {
            let services = state.services.lock().ok().and_then(|mut s| s.take());
            drop(services);
            let delivered = state.desk.shutdown(std::time::Duration::from_secs(3)).await;
            tracing::info!(delivered, "quitting");
        }
        app.exit(0);
    });
}

/// The same binary with an empty page and nothing running behind it: the baseline that
/// `cargo xtask bench` measures the desk's memory against.
fn run_empty_window() {
    let result = tauri::Builder::default()
        .setup(|app| {
            if let Some(w) = app.get_webview_window("main") {
                if let Ok(url) = "about:blank".parse() {
                    let _ = w.navigate(url);
                }
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("{e}");
    }
}

pub fn run() {
    webkit::configure_environment();
    init_logging(&data_dir());
    #[cfg(windows)]
    {
        if !win::webview2_present() {
            std::process::exit(1);
        }
        win::register_app_id();
    }
    if std::env::var_os("CHENGBAN_EMPTY_WINDOW").is_some_and(|v| v == "1") {
        return run_empty_window();
    }
    let result = tauri::Builder::default()
        // A second start brings the running desk forward instead of opening another cache.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| notifier::open_slip(app, None)))
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, Some(vec!["--minimized"])))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // The save dialog of 导出 Excel, opened from Rust (the window is granted none of its commands).
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| {
            // Closing the window keeps the desk in the tray, still alerting.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if std::env::var_os("CHENGBAN_EXIT_ON_CLOSE").is_none() {
                    let _ = window.hide();
                    api.prevent_close();
                }
            }
        })
        .setup(|app| {
            let dir = data_dir();
            let sink = Arc::new(sink::TauriSink::new(app.handle().clone()));
            let desk =
                Desk::open(&dir.join("cache.sqlite"), Arc::new(KeyringVault::default()), Arc::new(SystemClock), sink, tls_config(&dir))?;
            let notifier = Arc::new(notifier::desktop_notifier(app.handle().clone()));
            let services = tauri::async_runtime::block_on(async {
                if let Err(e) = desk.restore().await {
                    tracing::warn!(error = %e, "session not restored");
                }
                Services {
                    _sync: service::start(desk.clone(), SyncConfig::default()),
                    _live: live::start(desk.clone()),
                    _alerts: alerts::start(desk.clone(), notifier),
                }
            });
            app.manage(AppState { desk, services: Mutex::new(Some(services)) });
            if let Err(e) = tray::build(app.handle()) {
                tracing::warn!(error = %e, "no tray icon on this desktop");
            }
            if std::env::args().any(|a| a == "--minimized") {
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.hide();
                }
            }
            Ok(())
        })
        .invoke_handler(ipc::handle)
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("承办台无法启动：{e}");
        std::process::exit(1);
    }
}
