//! Deadline alerts: what to tell the user and when, so that no deadline passes unseen — without
//! nagging. The rules live in [`rules`], what has been said is recorded in SQLite
//! ([`crate::store::alerts`]) so nothing repeats across restarts, and one scheduler
//! ([`service`]) sleeps until the next threshold. Notifications leave through [`Notifier`]; the
//! app shell implements it with the OS's notifications.

pub mod engine;
pub mod rules;
pub mod service;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Normal,
    /// Emergencies: shown with critical urgency and a sound.
    Critical,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub title: String,
    pub body: String,
    pub urgency: Urgency,
    /// Clicking it opens this slip (where the platform supports it).
    pub slip_id: Option<i64>,
}

/// Where notifications go. Blocking implementations are called from a blocking thread.
pub trait Notifier: Send + Sync + 'static {
    fn notify(&self, n: &Notification);
}

/// Keeps every notification, for tests.
#[derive(Default)]
pub struct RecordingNotifier(pub std::sync::Mutex<Vec<Notification>>);

impl Notifier for RecordingNotifier {
    fn notify(&self, n: &Notification) {
        if let Ok(mut v) = self.0.lock() {
            v.push(n.clone());
        }
    }
}

impl RecordingNotifier {
    pub fn taken(&self) -> Vec<Notification> {
        self.0.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }
}
