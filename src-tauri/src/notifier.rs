//! Notifications for this shell: the core's [`DesktopNotifier`], whose click brings the window
//! back on the slip.

use std::sync::Arc;

use chengban_core::desktop::notifier::DesktopNotifier;
use chengban_core::events::CoreEvent;
use tauri::{AppHandle, Emitter, Manager};

pub fn desktop_notifier(app: AppHandle) -> DesktopNotifier {
    DesktopNotifier::new(crate::APP_ID, Arc::new(move |slip| open_slip(&app, slip)))
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
