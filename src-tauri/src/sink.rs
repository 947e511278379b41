//! Forwards the core's events to the window under their names (and the deadline counts to the
//! tray too).

use chengban_core::events::{CoreEvent, EventSink};
use tauri::{AppHandle, Emitter};

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
        if let CoreEvent::DeadlineCounts(counts) = &event {
            crate::tray::show_counts(&self.app, *counts);
        }
        if let Err(e) = self.app.emit(event.name(), event.payload()) {
            tracing::warn!(error = %e, "event not delivered to the window");
        }
    }
}
