//! The sync status and asking for a pull now.

use chengban_core::view::SyncStatus;
use tauri::State;

use crate::AppState;

#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> SyncStatus {
    state.desk.status()
}

#[tauri::command]
pub fn sync_now(state: State<'_, AppState>) {
    state.desk.request_sync();
}
