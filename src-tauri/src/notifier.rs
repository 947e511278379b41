//! The core's [`Notifier`] as native notifications (notify-rust): critical urgency and a sound
//! for emergencies, and a click that opens the app on the slip where the platform has actions.

use chengban_core::alerts::{Notification, Notifier, Urgency};
use chengban_core::events::CoreEvent;
use tauri::{AppHandle, Emitter, Manager};

/// Notifications whose click is being waited for, each on a thread of its own until the
/// notification closes; beyond this many a notification shows without opening its slip on
/// click, so a burst never piles up threads. (Only the Linux notification server reports clicks.)
#[cfg(all(unix, not(target_os = "macos")))]
const MAX_WAITING: usize = 8;
#[cfg(all(unix, not(target_os = "macos")))]
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub struct DesktopNotifier {
    app: AppHandle,
}

impl DesktopNotifier {
    pub fn new(app: AppHandle) -> Self {
        Self { app }
    }
}

/// Brings the window back and tells the UI to open the slip.
pub fn open_slip(app: &AppHandle, slip_id: Option<i64>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
    if let Some(id) = slip_id {
        let event = CoreEvent::OpenSlip { slip_id: id };
        let _ = app.emit(event.name(), event.payload());
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, n: &Notification) {
        let mut note = notify_rust::Notification::new();
        note.appname("承办台").summary(&n.title).body(&n.body).icon("dialog-information");
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            // The body is markup to freedesktop servers (the summary is plain text).
            note.body(&chengban_core::alerts::markup_escaped(&n.body));
            note.urgency(match n.urgency {
                Urgency::Critical => notify_rust::Urgency::Critical,
                Urgency::Normal => notify_rust::Urgency::Normal,
            });
            if n.urgency == Urgency::Critical {
                note.hint(notify_rust::Hint::SoundName("alarm-clock-elapsed".into()));
            }
            use std::sync::atomic::Ordering;
            let wait = WAITING.fetch_add(1, Ordering::SeqCst) < MAX_WAITING;
            if wait {
                note.action("default", "查看工单");
            } else {
                WAITING.fetch_sub(1, Ordering::SeqCst);
            }
            match note.show() {
                Ok(handle) if wait => {
                    let app = self.app.clone();
                    let slip = n.slip_id;
                    // Waits for the click (or the notification closing) off the async runtime.
                    std::thread::spawn(move || {
                        handle.wait_for_action(|action| {
                            if action == "default" {
                                open_slip(&app, slip);
                            }
                        });
                        WAITING.fetch_sub(1, Ordering::SeqCst);
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    if wait {
                        WAITING.fetch_sub(1, Ordering::SeqCst);
                    }
                    tracing::warn!(error = %e, "notification not shown");
                }
            }
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            let _ = &self.app;
            if n.urgency == Urgency::Critical {
                note.sound_name("Default");
            }
            if let Err(e) = note.show() {
                tracing::warn!(error = %e, "notification not shown");
            }
        }
    }
}
