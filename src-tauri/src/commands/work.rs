//! The handler's and leader's actions on a slip, and the files they attach.

use base64::Engine;
use chengban_core::view::SlipDetail;
use chengban_core::CoreError;
use chengban_protocol::{Action, AttachmentRef};
use tauri::State;

use crate::error::IpcResult;
use crate::AppState;

#[tauri::command]
pub async fn act(state: State<'_, AppState>, id: i64, action: Action) -> IpcResult<SlipDetail> {
    Ok(state.desk.act(id, action).await?)
}

/// The UI sends the file's bytes as base64: a webview has no paths to give.
#[tauri::command]
pub async fn add_attachment(
    state: State<'_, AppState>,
    name: String,
    content_type: String,
    data_base64: String,
) -> IpcResult<AttachmentRef> {
    let data = base64::engine::general_purpose::STANDARD
        .decode(data_base64.as_bytes())
        .map_err(|_| CoreError::InvalidInput("附件数据无法读取".into()))?;
    Ok(state.desk.add_attachment(&name, &content_type, data).await?)
}

#[tauri::command]
pub async fn dismiss_rejected(state: State<'_, AppState>, mutation_id: i64) -> IpcResult<()> {
    Ok(state.desk.dismiss_rejected(mutation_id).await?)
}

#[tauri::command]
pub async fn pending_count(state: State<'_, AppState>) -> IpcResult<u32> {
    Ok(state.desk.pending_count().await?)
}
