//! What the core tells the window about, through [`EventSink`]. A shell forwards each under its
//! [`CoreEvent::name`] with its [`CoreEvent::payload`]; the names and payload types are
//! generated into TypeScript from here.

use serde_json::{json, Value};

use crate::view::{DeadlineCounts, SyncStatus};

#[derive(Debug, Clone, PartialEq)]
pub enum CoreEvent {
    SyncStatus(SyncStatus),
    /// Slips in the cache changed; one event per applied pull, however many pages.
    SlipsChanged {
        count: usize,
    },
    /// For the tray: how many slips are overdue or due within 24 hours.
    DeadlineCounts(DeadlineCounts),
    /// A notification was clicked: the window opens this slip.
    OpenSlip {
        slip_id: i64,
    },
}

/// Declares each event's name and the TypeScript type of its payload, once.
macro_rules! event_names {
    ($($variant:ident = $name:literal : $ts:literal;)+) => {
        impl CoreEvent {
            /// The name the window listens for.
            pub fn name(&self) -> &'static str {
                match self { $(CoreEvent::$variant { .. } => $name,)+ }
            }
        }

        /// `Events`: each event's name and payload, for `ui/src/ipc/`.
        pub fn typescript() -> String {
            let mut out = String::from("/** Every event the desk sends the window, by name: its payload. */\nexport type Events = {\n");
            $(out.push_str(&format!("  \"{}\": {};\n", $name, $ts));)+
            out.push('}');
            out
        }
    };
}

event_names! {
    SyncStatus = "sync://status": "SyncStatus";
    SlipsChanged = "slips://changed": "{ count: number }";
    DeadlineCounts = "alerts://counts": "DeadlineCounts";
    OpenSlip = "alerts://open": "{ slip_id: number }";
}

impl CoreEvent {
    /// The payload as the window receives it (the UI re-queries what changed rather than
    /// trusting payloads to carry whole pages).
    pub fn payload(&self) -> Value {
        match self {
            CoreEvent::SyncStatus(s) => serde_json::to_value(s).unwrap_or(Value::Null),
            CoreEvent::SlipsChanged { count } => json!({ "count": count }),
            CoreEvent::DeadlineCounts(c) => serde_json::to_value(c).unwrap_or(Value::Null),
            CoreEvent::OpenSlip { slip_id } => json!({ "slip_id": slip_id }),
        }
    }
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
