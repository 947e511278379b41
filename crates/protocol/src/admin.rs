//! The center's own administration: the audit log and changes to accounts (operator API).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::AuditKind;

/// One line of the audit log: who did what, when, from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: AuditKind,
    /// The account acting (for a failed login: the name that was tried).
    pub username: Option<String>,
    pub slip_id: Option<i64>,
    /// The client's address as the center saw it.
    pub client: Option<String>,
    /// e.g. the decision taken, or what changed on an account. Never a citizen's data.
    pub detail: Option<String>,
}

/// `GET /v1/operator/audit`: entries after `after`, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub has_more: bool,
}

/// `PATCH /v1/operator/users/{username}`: disable or enable an account, set its password, or
/// give a department's account another role (e.g. make a handler the 内勤, `dispatcher`). Any
/// of them ends every token the user holds.
#[derive(Debug, Clone, Default, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct UserUpdate {
    #[serde(default)]
    pub disabled: Option<bool>,
    /// At least 8 characters.
    #[serde(default)]
    pub password: Option<String>,
    /// A department role (handler, leader, dispatcher); an operator stays an operator.
    #[serde(default)]
    pub role: Option<crate::enums::Role>,
}

/// `POST /v1/slips/{id}/reveals`: a clerk revealed the citizen's contact on this slip. The desk
/// records it first and delivers it like an action, so it reaches the audit log once even when
/// the desk was offline: `id` is the desk's own (a repeat with the same `id` changes nothing),
/// `at` when it happened (judged like an action's time, see `rules::action_time`).
#[derive(Debug, Clone, PartialEq, Eq, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct RevealReport {
    /// 1 to 64 characters, unique per desk.
    pub id: String,
    pub at: DateTime<Utc>,
}

crate::strict::object_only!(UserUpdate, RevealReport);
