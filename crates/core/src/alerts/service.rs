//! The one scheduler task: a pass of the engine, then sleep until the next threshold — at most
//! 60 s, so a changed wall clock or a resume from sleep is noticed — or until slips change, or
//! until cancelled. Its handle cancels it on drop.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::engine;
use super::Notifier;
use crate::desk::Desk;
use chrono::{DateTime, Utc};

/// The longest the scheduler sleeps without looking at the clock again.
pub const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Dropping the handle cancels the service.
pub type AlertHandle = crate::handle::ServiceHandle;

pub fn start(desk: Arc<Desk>, notifier: Arc<dyn Notifier>) -> AlertHandle {
    AlertHandle::spawn(move |token| run(desk, notifier, token))
}

/// One pass, delivering what it finds; returns how long to sleep, and the time the pass looked
/// at when it succeeded. With `since`, only thresholds crossed after it are looked at.
pub async fn pass(
    desk: &Desk,
    notifier: &Arc<dyn Notifier>,
    catch_up: bool,
    since: Option<DateTime<Utc>>,
) -> (Duration, Option<DateTime<Utc>>) {
    let now = desk.server_now();
    let result = desk
        .store()
        .write(move |c| {
            let tx = c.transaction()?;
            let p = engine::run_since(&tx, now, catch_up, since)?;
            tx.commit()?;
            Ok(p)
        })
        .await;
    let pass = match result {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "alert pass failed");
            return (MAX_SLEEP, None);
        }
    };
    if !pass.notifications.is_empty() {
        let notifier = notifier.clone();
        let list = pass.notifications.clone();
        let _ = tokio::task::spawn_blocking(move || {
            for n in &list {
                notifier.notify(n);
            }
        })
        .await;
    }
    desk.emit_deadline_counts().await;
    let wait = match pass.next_wake {
        Some(t) => (t - now).to_std().unwrap_or(Duration::ZERO).min(MAX_SLEEP),
        None => MAX_SLEEP,
    };
    (wait, Some(now))
}

async fn run(desk: Arc<Desk>, notifier: Arc<dyn Notifier>, cancel: CancellationToken) {
    // Thresholds that passed while the app was closed make one summary: the first pass over a
    // cache that has been synced at least once.
    let mut catch_up = true;
    // The time of the last pass, while only the clock has moved since: the next pass then looks
    // only at what was crossed after it. A wake-up (slips, deadlines or settings changed) forgets
    // it, and that pass looks at everything.
    let mut last: Option<DateTime<Utc>> = None;
    loop {
        let wait = if desk.is_logged_in() {
            let synced = desk.status().last_synced_at.is_some();
            let (wait, looked_at) = pass(&desk, &notifier, catch_up && synced, last).await;
            if synced {
                catch_up = false;
            }
            last = looked_at;
            wait
        } else {
            last = None;
            MAX_SLEEP
        };
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = desk.alerts_wake.notified() => last = None,
            _ = tokio::time::sleep(wait) => {}
        }
    }
}
