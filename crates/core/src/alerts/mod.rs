//! Deadline alerts: what to tell the user and when, so that no deadline passes unseen — without
//! nagging. The rules live in [`rules`], what has been said is recorded in SQLite
//! ([`crate::store::alerts`]) so nothing repeats across restarts, and one scheduler
//! ([`service`]) sleeps until the next threshold. Notifications leave through [`Notifier`]; the
//! app shell implements it with the OS's notifications.

pub mod engine;
pub mod morning;
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

/// The text with `&`, `<` and `>` escaped, for a notification body: freedesktop notification
/// servers read the body as markup, so a citizen's `<img …>` or `<script>` would otherwise be
/// shown as something else than what was written.
pub fn markup_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_notification_body_shows_citizen_markup_as_text() {
        let title = "<img src=x onerror=alert(1)>小区门口路灯不亮<script>alert(2)</script> & 其他";
        assert_eq!(
            super::markup_escaped(title),
            "&lt;img src=x onerror=alert(1)&gt;小区门口路灯不亮&lt;script&gt;alert(2)&lt;/script&gt; &amp; 其他"
        );
    }
}
