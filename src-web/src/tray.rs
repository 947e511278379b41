//! The tray icon through the StatusNotifierItem D-Bus protocol (`ksni`, over zbus: no GTK): the
//! desk keeps running and alerting with no browser tab open; a click opens it, the menu also
//! quits, and the tooltip says how many slips are overdue or due within 24 hours. On a desktop
//! without a StatusNotifierItem host the desk runs without an icon (the browser and the
//! notifications still work).

use std::sync::Arc;

use chengban_core::view::DeadlineCounts;
use ksni::TrayMethods;

/// What the tray's items do, given by `main`.
pub struct Actions {
    pub open: Arc<dyn Fn() + Send + Sync>,
    pub quit: Arc<dyn Fn() + Send + Sync>,
}

struct DeskTray {
    counts: DeadlineCounts,
    actions: Actions,
}

impl ksni::Tray for DeskTray {
    fn id(&self) -> String {
        "chengban-web".into()
    }
    fn title(&self) -> String {
        "承办台".into()
    }
    fn icon_name(&self) -> String {
        "chengban-web".into()
    }
    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip { title: self.counts.tray_text(), ..Default::default() }
    }
    fn activate(&mut self, _x: i32, _y: i32) {
        (self.actions.open)();
    }
    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        use ksni::menu::StandardItem;
        vec![
            StandardItem { label: "打开承办台".into(), activate: Box::new(|t: &mut Self| (t.actions.open)()), ..Default::default() }.into(),
            StandardItem { label: "退出承办台".into(), activate: Box::new(|t: &mut Self| (t.actions.quit)()), ..Default::default() }.into(),
        ]
    }
}

/// The running tray; its counts follow the desk's.
pub struct Tray(ksni::Handle<DeskTray>);

impl Tray {
    /// Shows the icon, or None (logged) where the desktop has no tray host.
    pub async fn start(actions: Actions) -> Option<Tray> {
        match (DeskTray { counts: DeadlineCounts::default(), actions }).spawn().await {
            Ok(handle) => Some(Tray(handle)),
            Err(e) => {
                tracing::info!(error = %e, "no tray on this desktop");
                None
            }
        }
    }

    pub fn show_counts(&self, counts: DeadlineCounts) {
        let handle = self.0.clone();
        tokio::spawn(async move {
            handle.update(|t| t.counts = counts).await;
        });
    }
}
