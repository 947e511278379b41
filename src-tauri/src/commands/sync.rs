//! The sync status and asking for a pull now.

use chengban_core::view::SyncStatus;
use tauri::State;

use crate::error::IpcResult;
use crate::AppState;

#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> SyncStatus {
    state.desk.status()
}

/// Syncs now and answers with the status after it (at most 15 s), so F5 can say what happened.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> IpcResult<SyncStatus> {
    Ok(state.desk.sync_now(std::time::Duration::from_secs(15)).await)
}
