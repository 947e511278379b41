//! Alert thresholds, start at login, and the deadline counts.

use chengban_core::alerts::rules::AlertSettings;
use chengban_core::view::DeadlineCounts;
use chengban_core::CoreError;
use tauri::State;
use tauri_plugin_autostart::ManagerExt;

use crate::error::IpcResult;
use crate::AppState;

#[tauri::command]
pub async fn alert_settings(state: State<'_, AppState>) -> IpcResult<AlertSettings> {
    Ok(state.desk.alert_settings().await?)
}

#[tauri::command]
pub async fn set_alert_settings(state: State<'_, AppState>, settings: AlertSettings) -> IpcResult<AlertSettings> {
    Ok(state.desk.set_alert_settings(settings).await?)
}

#[tauri::command]
pub async fn deadline_counts(state: State<'_, AppState>) -> IpcResult<DeadlineCounts> {
    Ok(state.desk.deadline_counts().await?)
}

#[tauri::command]
pub fn autostart(app: tauri::AppHandle) -> bool {
    app.autolaunch().is_enabled().unwrap_or(false)
}

#[tauri::command]
pub fn set_autostart(app: tauri::AppHandle, enabled: bool) -> IpcResult<bool> {
    let launcher = app.autolaunch();
    let done = if enabled { launcher.enable() } else { launcher.disable() };
    done.map_err(|e| CoreError::Internal(format!("autostart: {e}")))?;
    Ok(launcher.is_enabled().unwrap_or(enabled))
}
