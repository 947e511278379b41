//! Logging in and out.

use chengban_core::view::{LoginDefaults, SessionInfo, UiConfig};
use tauri::State;

use crate::error::IpcResult;
use crate::AppState;

#[tauri::command]
pub async fn login(state: State<'_, AppState>, server_url: String, username: String, password: String) -> IpcResult<SessionInfo> {
    Ok(state.desk.login(&server_url, &username, &password).await?)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> IpcResult<()> {
    Ok(state.desk.logout().await?)
}

#[tauri::command]
pub fn current_session(state: State<'_, AppState>) -> Option<SessionInfo> {
    state.desk.session_info()
}

#[tauri::command]
pub async fn login_defaults(state: State<'_, AppState>) -> IpcResult<LoginDefaults> {
    let mut defaults = state.desk.login_defaults().await?;
    // Started with CHENGBAN_SERVER (the demo, tests, an IT department's shortcut): that address
    // is what was asked for this time, over the one used last.
    if let Some(server) = std::env::var("CHENGBAN_SERVER").ok().filter(|s| !s.trim().is_empty()) {
        defaults.server_url = Some(server);
    }
    Ok(defaults)
}

#[tauri::command]
pub fn ui_config() -> UiConfig {
    UiConfig { reduce_motion: std::env::var_os("CHENGBAN_REDUCE_MOTION").is_some_and(|v| v == "1") }
}
