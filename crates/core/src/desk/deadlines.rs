//! Deadline counts for the tray and window, and the alert settings.

use super::Desk;
use crate::alerts::rules::AlertSettings;
use crate::error::{CoreError, Result};
use crate::events::CoreEvent;
use crate::store;
use crate::view::DeadlineCounts;

impl Desk {
    /// Overdue and due-within-24-hours counts, for the tray.
    pub async fn deadline_counts(&self) -> Result<DeadlineCounts> {
        let now = self.server_now();
        self.store.read(move |c| Ok(store::slips::deadline_counts(c, now)?)).await
    }

    /// Tells the window and tray the deadline counts when they differ from the last told.
    pub async fn emit_deadline_counts(&self) {
        let Ok(counts) = self.deadline_counts().await else { return };
        let changed = match self.last_counts.lock() {
            Ok(mut last) => last.replace(counts) != Some(counts),
            Err(_) => true,
        };
        if changed {
            self.sink.emit(CoreEvent::DeadlineCounts(counts));
        }
    }

    pub async fn alert_settings(&self) -> Result<AlertSettings> {
        self.store.read(|c| Ok(AlertSettings::load(c)?)).await
    }

    pub async fn set_alert_settings(&self, s: AlertSettings) -> Result<AlertSettings> {
        let s = s.validated().map_err(CoreError::InvalidInput)?;
        let saved = s.clone();
        self.store.write(move |c| Ok(saved.save(c)?)).await?;
        self.alerts_wake.notify_one();
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::client::TlsConfig;
    use crate::clock::SystemClock;
    use crate::events::RecordingSink;
    use crate::store::Store;
    use crate::vault::MemoryVault;

    #[tokio::test]
    async fn deadline_counts_are_told_only_when_they_change() {
        let sink = Arc::new(RecordingSink::default());
        let desk = Desk::with_store(
            Store::open_in_memory().expect("store"),
            Arc::new(MemoryVault::default()),
            Arc::new(SystemClock),
            sink.clone(),
            TlsConfig::default(),
        )
        .expect("desk");
        let told = || sink.events().into_iter().filter(|e| matches!(e, CoreEvent::DeadlineCounts(_))).count();
        desk.emit_deadline_counts().await;
        desk.emit_deadline_counts().await;
        assert_eq!(told(), 1, "the same counts twice are told once");
        // A slip due on 2026-11-25 at 03:00 UTC: overdue now.
        let slip = crate::store::search::search_tests::slip(1, "路灯损坏", "x", "a");
        desk.store().write(move |c| Ok(store::slips::upsert(c, &slip)?)).await.expect("upsert");
        desk.emit_deadline_counts().await;
        assert_eq!(told(), 2, "a change is told");
    }
}
