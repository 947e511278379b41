//! The core's [`Notifier`] as the OS's notifications (notify-rust; over D-Bus on Linux, no GTK):
//! critical urgency and a sound for emergencies, and a click that calls the shell back with the
//! slip to open (a freedesktop server's default action; a click on a Windows toast while the
//! desk runs). On Windows the toast is sent under the app's AppUserModelID, so it shows as 承办台.

use std::sync::Arc;

use crate::alerts::{Notification, Notifier, Urgency};

/// Notifications whose click is being waited for, each on a thread of its own until the
/// notification closes; beyond this many a notification shows without opening its slip on
/// click, so a burst never piles up threads.
#[cfg(not(target_os = "macos"))]
const MAX_WAITING: usize = 8;
#[cfg(not(target_os = "macos"))]
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// What a shell does when a notification is clicked: show itself and open the slip.
pub type OnClick = Arc<dyn Fn(Option<i64>) + Send + Sync>;

pub struct DesktopNotifier {
    on_click: OnClick,
    /// The Windows AppUserModelID the toasts are sent under.
    #[cfg_attr(not(windows), allow(dead_code))]
    app_id: &'static str,
}

impl DesktopNotifier {
    pub fn new(app_id: &'static str, on_click: OnClick) -> Self {
        Self { on_click, app_id }
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, n: &Notification) {
        let mut note = notify_rust::Notification::new();
        note.appname("承办台").summary(&n.title).body(&n.body).icon("dialog-information");
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            // The body is markup to freedesktop servers (the summary is plain text).
            note.body(&crate::alerts::markup_escaped(&n.body));
            note.urgency(match n.urgency {
                Urgency::Critical => notify_rust::Urgency::Critical,
                Urgency::Normal => notify_rust::Urgency::Normal,
            });
            if n.urgency == Urgency::Critical {
                note.hint(notify_rust::Hint::SoundName("alarm-clock-elapsed".into()));
            }
        }
        #[cfg(windows)]
        {
            note.app_id(self.app_id);
            if n.urgency == Urgency::Critical {
                // A reminder toast stays until the clerk dismisses it.
                note.urgency(notify_rust::Urgency::Critical);
                note.sound_name("Default");
            }
        }
        #[cfg(not(target_os = "macos"))]
        self.show_and_wait(note, n.slip_id);
        #[cfg(target_os = "macos")]
        {
            let _ = (&self.on_click, n.urgency == Urgency::Critical);
            if let Err(e) = note.show() {
                tracing::warn!(error = %e, "notification not shown");
            }
        }
    }
}

#[cfg(not(target_os = "macos"))]
impl DesktopNotifier {
    /// Shows the notification and, within [`MAX_WAITING`], waits on a thread of its own for a
    /// click that opens the slip.
    fn show_and_wait(&self, mut note: notify_rust::Notification, slip: Option<i64>) {
        use std::sync::atomic::Ordering;
        let wait = WAITING.fetch_add(1, Ordering::SeqCst) < MAX_WAITING;
        if wait {
            // A button too where toasts have them (a Windows reminder toast needs one).
            note.action("default", "查看工单");
        } else {
            WAITING.fetch_sub(1, Ordering::SeqCst);
        }
        match note.show() {
            Ok(handle) if wait => {
                let on_click = self.on_click.clone();
                // Waits for the click (or the notification closing) off the async runtime.
                std::thread::spawn(move || {
                    #[cfg(unix)]
                    handle.wait_for_action(|action| {
                        if action == "default" {
                            on_click(slip);
                        }
                    });
                    #[cfg(windows)]
                    let _ = handle.wait_for_response(|response: &notify_rust::NotificationResponse| match response {
                        notify_rust::NotificationResponse::Default => on_click(slip),
                        notify_rust::NotificationResponse::Action(a) if a == "default" => on_click(slip),
                        _ => {}
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
}
