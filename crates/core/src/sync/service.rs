//! The background sync service: pulls when woken (login, user request) and on an interval,
//! backs off with jitter while the center is unreachable, and stops when its handle drops.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::desk::Desk;
use crate::error::CoreError;

#[derive(Debug, Clone, Copy)]
pub struct SyncConfig {
    /// Between pulls while online (until the live event stream arrives).
    pub interval: Duration,
    /// First retry delay while offline; doubles up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for SyncConfig {
    fn default() -> Self {
        Self { interval: Duration::from_secs(10), min_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(30) }
    }
}

/// Dropping the handle cancels the service.
pub type SyncHandle = crate::handle::ServiceHandle;

pub fn start(desk: Arc<Desk>, config: SyncConfig) -> SyncHandle {
    SyncHandle::spawn(move |token| run(desk, config, token))
}

fn jitter(d: Duration) -> Duration {
    // Up to +25%, so many desks coming back at once do not hit the center in step.
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|t| t.subsec_nanos()).unwrap_or(0);
    d + d.mul_f64(f64::from(nanos % 1000) / 4000.0)
}

async fn run(desk: Arc<Desk>, config: SyncConfig, cancel: CancellationToken) {
    // Every page of the cache read once per start, beside the rounds (3.3 s at 100,000 cached,
    // `cargo xtask bench`): a damaged cache is set aside and the rounds pull it again.
    let store = desk.store().clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = store.check_blocking() {
            tracing::warn!(error = %e, "cache check");
        }
    });
    let mut backoff = config.min_backoff;
    loop {
        let wait = if !desk.is_logged_in() {
            None
        } else {
            match desk.sync_once().await {
                Ok(pulled) => {
                    backoff = config.min_backoff;
                    // After a first fill, the search index and the rate facts catch up between pulls.
                    let indexed = crate::sync::catch_up(desk.store())
                        .await
                        .inspect_err(|e| tracing::warn!(error = %e, "catching up after a first fill failed"))
                        .unwrap_or(0);
                    if pulled.changed + indexed >= crate::memory::BULK {
                        let store = desk.store().clone();
                        let _ = tokio::task::spawn_blocking(move || crate::memory::release_after_bulk(&store)).await;
                    }
                    if pulled.changed + indexed > 0 {
                        // The cache commits without waiting for the disk; a checkpoint after a
                        // round that changed it puts it in the file for good.
                        let store = desk.store().clone();
                        let _ = tokio::task::spawn_blocking(move || store.checkpoint_blocking()).await;
                    }
                    // With the live stream up, polling is only a safety net.
                    Some(if desk.is_live() { config.interval * 12 } else { jitter(config.interval) })
                }
                Err(e) if e.is_retryable() => {
                    let w = jitter(backoff);
                    backoff = (backoff * 2).min(config.max_backoff);
                    Some(w)
                }
                // Needs the user (log in again) or a newer app: wait to be woken.
                Err(CoreError::AuthExpired) | Err(CoreError::NotLoggedIn) => None,
                Err(_) => Some(config.max_backoff),
            }
        };
        let deadline = wait.map(|w| tokio::time::Instant::now() + w);
        loop {
            tokio::select! {
                _ = cancel.cancelled() => return,
                // A wake-up that needs no round (the echo of this desk's own push) waits on.
                _ = desk.trigger.woken() => if desk.trigger.take_need() { break },
                _ = async {
                    match deadline {
                        Some(d) => tokio::time::sleep_until(d).await,
                        None => std::future::pending::<()>().await,
                    }
                } => break,
            }
        }
    }
}
