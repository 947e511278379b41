//! Forwards the core's events to the window under namespaced names. The UI re-queries what
//! changed rather than trusting payloads to carry whole pages.

use chengban_core::events::{CoreEvent, EventSink};
use tauri::{AppHandle, Emitter};

pub const SYNC_STATUS: &str = "sync://status";
pub const SLIPS_CHANGED: &str = "slips://changed";
pub const DEADLINE_COUNTS: &str = "alerts://counts";

pub struct TauriSink {
    app: AppHandle,
}

impl TauriSink {
    pub fn new(app: AppHandle) -> Self {
        Self { app }
    }
}

impl EventSink for TauriSink {
    fn emit(&self, event: CoreEvent) {
        let sent = match event {
            CoreEvent::SyncStatus(s) => self.app.emit(SYNC_STATUS, s),
            CoreEvent::SlipsChanged { count } => self.app.emit(SLIPS_CHANGED, serde_json::json!({ "count": count })),
            CoreEvent::DeadlineCounts(counts) => {
                crate::tray::show_counts(&self.app, counts);
                self.app.emit(DEADLINE_COUNTS, counts)
            }
        };
        if let Err(e) = sent {
            tracing::warn!(error = %e, "event not delivered to the window");
        }
    }
}
