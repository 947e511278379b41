//! What the core tells the window about, through [`EventSink`]. The shell forwards these as
//! namespaced events (`sync://status`, `slips://changed`); the UI re-queries what changed.

use crate::view::SyncStatus;

#[derive(Debug, Clone, PartialEq)]
pub enum CoreEvent {
    SyncStatus(SyncStatus),
    /// Slips in the cache changed; one event per applied pull, however many pages.
    SlipsChanged {
        count: usize,
    },
    /// For the tray: how many slips are overdue or due within 24 hours.
    DeadlineCounts(crate::view::DeadlineCounts),
}

pub trait EventSink: Send + Sync + 'static {
    fn emit(&self, event: CoreEvent);
}

/// Keeps every event, for tests.
#[derive(Default)]
pub struct RecordingSink(pub std::sync::Mutex<Vec<CoreEvent>>);

impl EventSink for RecordingSink {
    fn emit(&self, event: CoreEvent) {
        if let Ok(mut v) = self.0.lock() {
            v.push(event);
        }
    }
}

impl RecordingSink {
    pub fn events(&self) -> Vec<CoreEvent> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

/// Discards events.
pub struct NullSink;

impl EventSink for NullSink {
    fn emit(&self, _: CoreEvent) {}
}
