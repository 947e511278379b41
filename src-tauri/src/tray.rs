//! The tray icon: the app keeps running and alerting with its window closed; the tooltip says
//! how many slips are overdue or due within 24 hours.

use chengban_core::view::DeadlineCounts;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::AppHandle;

pub const TRAY_ID: &str = "main";

pub fn build(app: &AppHandle) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "打开承办台", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "退出承办台", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("承办台")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => crate::notifier::open_slip(app, None),
            "quit" => crate::quit(app),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                crate::notifier::open_slip(tray.app_handle(), None);
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}

pub fn show_counts(app: &AppHandle, counts: DeadlineCounts) {
    let text = counts.tray_text();
    // Called from the alert task: the tray lives on the main thread, and setting it from here
    // would wait for the main thread. Handed over instead, nothing waits.
    let handle = app.clone();
    let update = move || {
        if let Some(tray) = handle.tray_by_id(TRAY_ID) {
            let _ = tray.set_tooltip(Some(&text));
            #[cfg(target_os = "linux")]
            let _ = tray.set_title(Some(&format!("{}/{}", counts.overdue, counts.due_soon)));
        }
    };
    if let Err(e) = app.run_on_main_thread(update) {
        tracing::debug!(error = %e, "tray not updated");
    }
}
