//! `chengban-web`: 承办台 in the system browser, for PCs whose webview cannot run the Tauri app
//! (统信 UOS 1060/1070, 银河麒麟 V10: WebKitGTK 4.0, glibc 2.28). The same core services as the
//! app — sync, live events, deadline alerts as the OS's notifications, one desk per user — and
//! the same commands, served on 127.0.0.1 to the page the default browser opens ([`server`]).
//!
//! `chengban-web` starts the desk (or, when it already runs, opens the browser on it);
//! `--background` starts it without opening the browser (at login).

mod assets;
mod browser;
mod events;
mod instance;
mod server;
mod shell;
mod tray;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chengban_core::alerts::service as alerts;
use chengban_core::clock::SystemClock;
use chengban_core::desktop::notifier::DesktopNotifier;
use chengban_core::desktop::{data_dir, init_logging, tls_config};
use chengban_core::events::{CoreEvent, EventSink};
use chengban_core::sync::{live, service};
use chengban_core::vault::KeyringVault;
use chengban_core::Desk;
use tokio_util::sync::CancellationToken;

use crate::events::Events;
use crate::instance::{Instance, InstanceError, Launch, Secret};

/// How long quitting waits for the outbox to be pushed (the rest is kept for the next start).
const PUSH_ON_QUIT: Duration = Duration::from_secs(3);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--version") {
        println!("chengban-web {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    let background = args.iter().any(|a| a == "--background");
    let dir = data_dir();
    let instance = match Instance::acquire(&dir) {
        Ok(instance) => instance,
        Err(InstanceError::Running(launch)) => {
            // The desk runs: this start only brings it up in the browser.
            if let Some(launch) = launch.filter(|_| !background) {
                browser::open(&dir, &launch, None);
            }
            return;
        }
        Err(e) => fail(&e.to_string()),
    };
    init_logging(&dir);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => fail(&format!("无法启动：{e}")),
    };
    // Opened outside the runtime: reading the cache key from the keyring blocks on D-Bus.
    let events = Events::default();
    let dir = instance.dir().to_path_buf();
    let desk = match Desk::open(
        &dir.join("cache.sqlite"),
        Arc::new(KeyringVault::default()),
        Arc::new(SystemClock),
        Arc::new(events.clone()),
        tls_config(&dir),
    ) {
        Ok(desk) => desk,
        Err(e) => fail(&e.to_string()),
    };
    if let Err(message) = runtime.block_on(run(instance, desk, events, background)) {
        fail(&message);
    }
}

/// Says why the desk cannot start where the user sees it (a notification: a desk started from
/// the menu has no terminal), and exits.
fn fail(message: &str) -> ! {
    eprintln!("承办台无法启动：{message}");
    let _ = notify_rust::Notification::new().appname("承办台").summary("承办台无法启动").body(message).show();
    std::process::exit(1);
}

async fn run(instance: Instance, desk: Arc<Desk>, events: Events, background: bool) -> Result<(), String> {
    let dir = instance.dir().to_path_buf();
    if let Err(e) = desk.restore().await {
        tracing::warn!(error = %e, "session not restored");
    }
    let port = std::env::var("CHENGBAN_WEB_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| format!("无法在本机监听端口：{e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let launch = Launch { port, secret: Secret::random() };
    instance.publish(&launch).map_err(|e| e.to_string())?;

    let quit = CancellationToken::new();
    let open = opener(&dir, &launch, events.clone());
    let notifier = DesktopNotifier::new("cn.chengban.web", open.clone());
    let tray = tray::Tray::start(tray::Actions {
        open: Arc::new({
            let open = open.clone();
            move || open(None)
        }),
        quit: Arc::new({
            let quit = quit.clone();
            move || quit.cancel()
        }),
    })
    .await
    .map(Arc::new);
    // The tray is there before the alert service's first pass, which tells it the counts.
    if let Some(tray) = &tray {
        let tray = tray.clone();
        events.on_counts(Box::new(move |counts| tray.show_counts(counts)));
    }
    let services = (
        service::start(desk.clone(), service::SyncConfig::default()),
        live::start(desk.clone()),
        alerts::start(desk.clone(), Arc::new(notifier)),
    );
    tracing::info!(port, "browser mode listening on 127.0.0.1");
    if !background {
        browser::open(&dir, &launch, None);
    }

    let state = Arc::new(server::AppState { desk: desk.clone(), events, secret: launch.secret.clone(), port, quit: quit.clone() });
    let on_signal = quit.clone();
    tokio::spawn(async move {
        terminated().await;
        on_signal.cancel();
    });
    let served = axum::serve(listener, server::router(state)).with_graceful_shutdown(quit.cancelled_owned()).await;
    drop(services);
    let delivered = desk.shutdown(PUSH_ON_QUIT).await;
    tracing::info!(delivered, "quitting");
    drop(instance);
    served.map_err(|e| e.to_string())
}

/// Opening the desk on a slip (a notification's click) or on its front page (the tray): the
/// open pages are told to show the slip; with none open, the browser opens the desk.
fn opener(dir: &Path, launch: &Launch, events: Events) -> Arc<dyn Fn(Option<i64>) + Send + Sync> {
    let dir = dir.to_path_buf();
    let launch = launch.clone();
    Arc::new(move |slip: Option<i64>| match slip {
        Some(slip_id) if events.pages() > 0 => events.emit(CoreEvent::OpenSlip { slip_id }),
        _ => browser::open(&dir, &launch, slip),
    })
}

/// SIGTERM (the session ending, `systemctl`, `kill`) or Ctrl+C.
async fn terminated() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
