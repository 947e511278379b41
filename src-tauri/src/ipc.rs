//! The window's calls: every command of [`chengban_core::commands`] through one invoke handler,
//! so this shell serves exactly the core's list (the browser mode serves the same one). What
//! only this shell can do — start at login — is its [`Shell`].

use chengban_core::commands::{self, Command, IpcError, Shell};
use chengban_core::CoreError;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt;

use crate::AppState;

struct TauriShell<R: Runtime>(AppHandle<R>);

impl<R: Runtime> Shell for TauriShell<R> {
    fn autostart(&self) -> bool {
        self.0.autolaunch().is_enabled().unwrap_or(false)
    }

    fn set_autostart(&self, enabled: bool) -> chengban_core::error::Result<bool> {
        let launcher = self.0.autolaunch();
        let done = if enabled { launcher.enable() } else { launcher.disable() };
        done.map_err(|e| CoreError::Internal(format!("autostart: {e}")))?;
        Ok(launcher.is_enabled().unwrap_or(enabled))
    }
}

/// Tauri's invoke handler: `false` (not found) for a name outside the core's list.
pub fn handle<R: Runtime>(invoke: Invoke<R>) -> bool {
    let name = invoke.message.command().to_string();
    if !Command::NAMES.contains(&name.as_str()) {
        return false;
    }
    let args = match invoke.message.payload() {
        InvokeBody::Json(v) => v.clone(),
        InvokeBody::Raw(_) => serde_json::Value::Null,
    };
    let app = invoke.message.webview().app_handle().clone();
    invoke.resolver.respond_async(async move {
        let Some(state) = app.try_state::<AppState>() else {
            return Err(InvokeError::from(IpcError::from(CoreError::Internal("承办台尚未就绪".into()))));
        };
        let desk = state.desk.clone();
        let shell = TauriShell(app.clone());
        commands::call(&desk, &shell, &name, args).await.map_err(InvokeError::from)
    });
    true
}
