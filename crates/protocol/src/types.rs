//! Request and response bodies of the department API.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actions::{PendingExtension, SlipEvent};
use crate::enums::*;

#[derive(Debug, Clone, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Department {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserInfo {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// None for the hotline center's operators.
    pub department: Option<Department>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    /// Opaque bearer token; send as `Authorization: Bearer <token>`.
    pub token: String,
    pub user: UserInfo,
    pub server_time: DateTime<Utc>,
}

/// The citizen (诉求人). Personal data: never logged, shown masked until needed.
#[derive(Debug, Clone, PartialEq, Eq, Default, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Citizen {
    pub name: Option<String>,
    pub phone: Option<String>,
    /// The caller asked to stay anonymous; name and phone are then withheld.
    #[serde(default)]
    pub anonymous: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AttachmentMeta {
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

/// Who in the department has a slip (分派), as the center recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Assignee {
    pub username: String,
    pub display_name: String,
}

/// A member of the department, as an assigner picks from (`GET /v1/department/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DepartmentUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// `GET /v1/department/users`: the caller's department's enabled accounts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DepartmentUsers {
    pub users: Vec<DepartmentUser>,
}

/// A slip (工单) as the department sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Slip {
    pub id: i64,
    /// 工单编号, e.g. `SP20261125-0007`.
    pub number: String,
    pub department_id: i64,
    pub kind: SlipKind,
    pub channel: Channel,
    pub request_type: RequestType,
    pub tier: Tier,
    pub title: String,
    pub content: String,
    pub citizen: Citizen,
    pub address: Option<String>,
    pub status: SlipStatus,
    pub dispatched_at: DateTime<Utc>,
    /// Computed by the center from its policy table and holiday calendar.
    pub due_at: DateTime<Utc>,
    pub attachments: Vec<AttachmentMeta>,
    /// Position in the server-wide change sequence of this slip's last change.
    pub seq: i64,
    /// Until when the department may return it (退回); policy-driven, 2 working days by default.
    #[serde(default)]
    pub return_until: Option<DateTime<Utc>>,
    /// Until when the department should acknowledge it (签收时限); policy-driven, 1 working day
    /// by default. Counted by 及时签收率 ([`crate::rates`]).
    #[serde(default)]
    pub acknowledge_until: Option<DateTime<Utc>>,
    /// When the department acknowledged it (签收).
    #[serde(default)]
    pub acknowledged_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub pending_extension: Option<PendingExtension>,
    /// Times the center sent the reply back for rework (重办).
    #[serde(default)]
    pub rework_count: u32,
    /// Times the center urged (催办).
    #[serde(default)]
    pub urge_count: u32,
    /// Who did what, oldest first.
    #[serde(default)]
    pub history: Vec<SlipEvent>,
    /// Who in the department has it (分派); None until a leader or the 内勤 assigns it.
    #[serde(default)]
    pub assignee: Option<Assignee>,
}

/// One page of `GET /v1/changes`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangesPage {
    /// The department's slips changed after the request's cursor, in sequence order.
    pub slips: Vec<Slip>,
    /// Opaque; pass it back to get what changed after this page.
    pub cursor: String,
    pub has_more: bool,
    pub server_time: DateTime<Utc>,
    /// With `device_id` in the query: the highest mutation id of that device the center has
    /// processed, so the desk can drop acknowledged outbox entries with this page.
    #[serde(default)]
    pub last_mutation_id: Option<i64>,
}

/// `POST /v1/operator/slips`: the hotline center dispatches a slip to a department.
#[derive(Debug, Clone, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct DispatchRequest {
    pub department_id: i64,
    pub kind: SlipKind,
    pub channel: Channel,
    pub request_type: RequestType,
    pub tier: Tier,
    pub title: String,
    pub content: String,
    #[serde(default)]
    pub citizen: Citizen,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DepartmentList {
    pub departments: Vec<Department>,
}

/// `GET /v1/health`: the process answers and its database does.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok` (a process that cannot reach its database answers 503 instead).
    pub status: String,
    /// `sqlite` or `postgresql`.
    pub database: String,
    /// The center's version.
    pub version: String,
}

crate::strict::object_only!(LoginRequest, Citizen, AttachmentMeta, DispatchRequest);
