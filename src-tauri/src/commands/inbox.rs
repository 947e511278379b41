//! The inbox and a slip's detail.

use chengban_core::view::{CitizenContact, InboxPage, InboxTab, SlipDetail, SlipRow, TabCounts};
use tauri::State;

use crate::error::IpcResult;
use crate::AppState;

#[tauri::command]
pub async fn inbox_page(state: State<'_, AppState>, tab: InboxTab, page: u32, page_size: u32) -> IpcResult<InboxPage> {
    Ok(state.desk.inbox(tab, page, page_size).await?)
}

#[tauri::command]
pub async fn tab_counts(state: State<'_, AppState>) -> IpcResult<TabCounts> {
    Ok(state.desk.counts().await?)
}

#[tauri::command]
pub async fn slip_detail(state: State<'_, AppState>, id: i64) -> IpcResult<SlipDetail> {
    Ok(state.desk.slip(id).await?)
}

#[tauri::command]
pub async fn reveal_contact(state: State<'_, AppState>, id: i64) -> IpcResult<CitizenContact> {
    Ok(state.desk.reveal_contact(id).await?)
}

#[tauri::command]
pub async fn search_slips(state: State<'_, AppState>, query: String) -> IpcResult<Vec<SlipRow>> {
    Ok(state.desk.search(query).await?)
}
