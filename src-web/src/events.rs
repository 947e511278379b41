//! The core's events to the open browser pages: each [`CoreEvent`] goes to every page's event
//! stream (`GET /api/events`, server-sent events) under its name with its payload, as the Tauri
//! shell emits them to its window. The deadline counts also go to the tray.

use std::sync::{Arc, Mutex};

use chengban_core::events::{CoreEvent, EventSink};
use chengban_core::view::DeadlineCounts;
use tokio::sync::broadcast;

/// Events kept for a page that is slow to read; one that falls further behind skips the oldest
/// (the UI re-queries what changed, so a skipped event loses nothing).
const BACKLOG: usize = 256;

/// What the tray does with the counts (nothing without a tray).
pub type CountsHook = Box<dyn Fn(DeadlineCounts) + Send + Sync>;

#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<(&'static str, String)>,
    on_counts: Arc<Mutex<Option<CountsHook>>>,
}

impl Default for Events {
    fn default() -> Self {
        Self { tx: broadcast::channel(BACKLOG).0, on_counts: Arc::default() }
    }
}

impl Events {
    pub fn subscribe(&self) -> broadcast::Receiver<(&'static str, String)> {
        self.tx.subscribe()
    }

    /// Pages with their event stream open now.
    pub fn pages(&self) -> usize {
        self.tx.receiver_count()
    }

    pub fn on_counts(&self, hook: CountsHook) {
        if let Ok(mut slot) = self.on_counts.lock() {
            *slot = Some(hook);
        }
    }
}

impl EventSink for Events {
    fn emit(&self, event: CoreEvent) {
        if let CoreEvent::DeadlineCounts(counts) = &event {
            if let Ok(hook) = self.on_counts.lock() {
                if let Some(hook) = hook.as_ref() {
                    hook(*counts);
                }
            }
        }
        // No page open: nobody to tell, and nothing to keep.
        let _ = self.tx.send((event.name(), event.payload().to_string()));
    }
}
