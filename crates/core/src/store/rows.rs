//! The rows the store answers with, as they cross IPC unchanged (TypeScript declarations are
//! generated from them with the rest of [`crate::view`]).

use chengban_protocol::{AttentionKind, RequestType, SlipKind, SlipStatus, Tier};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The inbox's tabs; each groups some statuses (as the desk shows them, pending actions
/// included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InboxTab {
    /// 待签收
    PendingAck,
    /// 办理中 (with a return or a sign-off under way)
    InProgress,
    /// 待签发: supervision replies waiting for the leader
    SignOff,
    /// 已答复
    Replied,
    /// 已办结 (and returned slips)
    Closed,
}

impl InboxTab {
    pub fn statuses(self) -> &'static [SlipStatus] {
        use SlipStatus::*;
        match self {
            InboxTab::PendingAck => &[Dispatched],
            InboxTab::InProgress => &[InProgress, ReturnRequested, AwaitingSignOff],
            InboxTab::SignOff => &[AwaitingSignOff],
            InboxTab::Replied => &[Replied],
            InboxTab::Closed => &[Closed, Returned],
        }
    }
}

/// Whose slips the inbox lists: 我的 (assigned to me, and those nobody has yet — in a
/// department that does not assign, that is every slip), 本单位 (all), or 未分派 (nobody's yet,
/// what a leader or the 内勤 gives out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InboxScope {
    Mine,
    #[default]
    Department,
    Unassigned,
}

/// One row of the inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SlipRow {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub kind: SlipKind,
    pub request_type: RequestType,
    pub tier: Tier,
    pub title: String,
    pub status: SlipStatus,
    pub dispatched_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// Has actions not yet confirmed by the center (待同步).
    pub pending: bool,
    /// Has an action the center refused.
    pub rejected: bool,
    /// The center's latest decision the clerk must act on (重办, 退回被拒…), if any.
    pub attention: Option<AttentionKind>,
    /// Who has it (分派, this desk's pending assignment included): the display name, or None.
    pub assignee: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct TabCounts {
    pub pending_ack: u32,
    pub in_progress: u32,
    pub sign_off: u32,
    pub replied: u32,
    pub closed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CitizenContact {
    pub name: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct DeadlineCounts {
    pub overdue: u32,
    /// Due within 24 hours, not yet overdue.
    pub due_soon: u32,
}

impl DeadlineCounts {
    /// The tray's tooltip, in both shells.
    pub fn tray_text(&self) -> String {
        if self.overdue + self.due_soon == 0 {
            "承办台：暂无临期工单".to_string()
        } else {
            format!("承办台：{} 件超期，{} 件 24 小时内到期", self.overdue, self.due_soon)
        }
    }
}
