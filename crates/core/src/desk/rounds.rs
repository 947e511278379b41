//! Sync rounds as the user sees them: each round's status, and "sync now".

use super::Desk;
use crate::error::{CoreError, Result};
use crate::events::CoreEvent;
use crate::store;
use crate::sync::{self, PullOutcome};
use crate::view::{SyncState, SyncStatus};

impl Desk {
    /// Asks the sync service to sync now and waits (at most `wait`) for the round to finish:
    /// the status after it, so the user who pressed F5 is told what happened.
    pub async fn sync_now(&self, wait: std::time::Duration) -> SyncStatus {
        if self.is_logged_in() {
            let mut finished = self.rounds.subscribe();
            finished.borrow_and_update();
            self.request_sync();
            let _ = tokio::time::timeout(wait, finished.changed()).await;
        }
        self.status()
    }

    /// Before the app quits: takes no more actions, then pushes what waits for at most `within`.
    /// What does not reach the center stays in the outbox for the next start (a push cut short
    /// is answered the same when repeated, so nothing arrives twice). How many the center took.
    pub async fn shutdown(&self, within: std::time::Duration) -> usize {
        self.closing.store(true, std::sync::atomic::Ordering::SeqCst);
        let Some(session) = self.current() else { return 0 };
        if self.pending_count().await.unwrap_or(0) == 0 {
            return 0;
        }
        let push = sync::push(&session.client, &self.store, &self.offset, self.clock.as_ref(), sync::PUSH_BATCH);
        match tokio::time::timeout(within, push).await {
            Ok(Ok(pushed)) => pushed.applied + pushed.rejected,
            Ok(Err(e)) => {
                tracing::info!(error = %e, "last push before quitting failed; the actions wait for the next start");
                0
            }
            Err(_) => {
                tracing::info!("last push before quitting took too long; the actions wait for the next start");
                0
            }
        }
    }

    /// How many sync rounds have finished since the desk opened.
    pub fn rounds_finished(&self) -> u64 {
        *self.rounds.borrow()
    }

    /// One pull with status bookkeeping: what the sync service runs each round.
    pub async fn sync_once(&self) -> Result<PullOutcome> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        if let Err(e) = self.store.refuse_if_read_only() {
            let said = e.to_string();
            self.set_status(|s| s.message = Some(said));
            return Err(e);
        }
        self.set_status(|s| {
            if s.state != SyncState::Offline {
                s.state = SyncState::Syncing;
            }
        });
        let result = async {
            let pushed = sync::push(&session.client, &self.store, &self.offset, self.clock.as_ref(), sync::PUSH_BATCH).await?;
            sync::deliver_reveals(&session.client, &self.store, &session.account.username).await?;
            let device_id = self.store.write(|c| Ok(store::outbox::device_id(c)?)).await?;
            let mut pulled = sync::pull_for(&session.client, &self.store, self.clock.as_ref(), &self.offset, Some(&device_id)).await?;
            pulled.changed += pushed.applied + pushed.rejected;
            // Whom to assign to: listed again when slips changed (an assignment may name someone
            // new) and whenever the cache has nobody yet.
            let unknown = !self.store.read(|c| Ok(store::colleagues::any(c)?)).await?;
            if pulled.changed > 0 || unknown {
                sync::refresh_colleagues(&session.client, &self.store).await?;
            }
            if self.library_due() {
                sync::refresh_library(&session.client, &self.store).await?;
                *self.library_at.lock().unwrap_or_else(|p| p.into_inner()) = Some(std::time::Instant::now());
            }
            Ok::<_, CoreError>(pulled)
        }
        .await;
        let now = self.clock.now();
        match &result {
            Ok(outcome) => {
                self.trigger.pulled_to(outcome.seq);
                self.set_status(|s| {
                    s.state = SyncState::Online;
                    s.last_synced_at = Some(now);
                    s.offline_since = None;
                    s.message = None;
                });
                if outcome.changed > 0 {
                    self.sink.emit(CoreEvent::SlipsChanged { count: outcome.changed });
                    self.alerts_wake.notify_one();
                }
            }
            Err(e) if e.is_retryable() => {
                let _ = self.store.write(move |c| Ok(store::sync_state::mark_offline(c, now)?)).await;
                self.set_status(|s| {
                    s.state = SyncState::Offline;
                    s.offline_since.get_or_insert(now);
                    s.message = Some(e.to_string());
                });
            }
            Err(CoreError::AuthExpired) => {
                self.set_status(|s| {
                    s.state = SyncState::AuthExpired;
                    s.message = Some(CoreError::AuthExpired.to_string());
                });
            }
            Err(e) => {
                // Display, not Debug: a decoding error's detail can quote the body, and the body
                // carries citizens' data.
                tracing::warn!(error = %e, "pull failed");
                self.set_status(|s| {
                    s.state = SyncState::Error;
                    s.message = Some(e.to_string());
                });
            }
        }
        self.rounds.send_modify(|n| *n += 1);
        result
    }

    /// Whether the reply library has not been listed for [`super::LIBRARY_EVERY`] (or ever).
    fn library_due(&self) -> bool {
        self.library_at.lock().unwrap_or_else(|p| p.into_inner()).is_none_or(|at| at.elapsed() >= super::LIBRARY_EVERY)
    }
}
