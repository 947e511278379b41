//! Applying the department's actions and the center's decisions to a slip: the shared state
//! machine ([`chengban_protocol::rules`]) decides, this module writes the result and the
//! history line in the caller's transaction.

use chengban_protocol::rules::{check_action, check_decision, Effect, Refusal};
use chengban_protocol::{Action, ApiError, Assignee, Decision, EventBody, PendingExtension, Role, Slip};
use chrono::{DateTime, Utc};

use crate::db::users::{self, UserRow};
use crate::db::Conn;
use crate::db::{attachments, events, rate_facts, slips};
use crate::error::ApiErr;

/// Why an action was not applied, as the API reports it.
#[derive(Debug)]
pub enum NotApplied {
    Refused(ApiError),
    Failed(ApiErr),
}

impl From<crate::db::sql::SqlError> for NotApplied {
    fn from(e: crate::db::sql::SqlError) -> Self {
        NotApplied::Failed(e.into())
    }
}

impl From<Refusal> for NotApplied {
    fn from(r: Refusal) -> Self {
        NotApplied::Refused(ApiError::new(r.code(), r.to_string()))
    }
}

fn refused(code: &str, message: &str) -> NotApplied {
    NotApplied::Refused(ApiError::new(code, message))
}

fn apply_effect(slip: &mut Slip, effect: &Effect) {
    slip.status = effect.status;
    if let Some(due) = effect.due_at {
        slip.due_at = due;
    }
    if effect.extension_pending == Some(false) {
        slip.pending_extension = None;
    }
    if effect.rework {
        slip.rework_count += 1;
    }
    if effect.urged {
        slip.urge_count += 1;
    }
}

/// A department user's action on one of its slips.
pub fn apply_action(conn: &mut dyn Conn, user: &UserRow, slip_id: i64, action: &Action, now: DateTime<Utc>) -> Result<Slip, NotApplied> {
    let mut slip = slips::get(conn, slip_id)?.ok_or_else(|| refused("not_found", "工单不存在或不属于本单位"))?;
    if user.department_id != Some(slip.department_id) {
        return Err(refused("not_found", "工单不存在或不属于本单位"));
    }
    let effect = check_action(&slip.facts(), user.role, action, now)?;
    for a in action.attachments() {
        // A file the department may not read answers like a missing one: its existence is not told.
        if !attachments::readable(conn, &a.sha256, attachments::Reader::Department(slip.department_id))? {
            return Err(refused("attachment_missing", &format!("附件“{}”尚未上传到服务器", a.name)));
        }
    }
    if let Some(username) = &effect.assignee {
        slip.assignee = Some(assignee(conn, username, slip.department_id)?);
    }
    apply_effect(&mut slip, &effect);
    if effect.acknowledges && slip.acknowledged_at.is_none() {
        slip.acknowledged_at = Some(now);
    }
    if let Action::RequestExtension { reason, requested_due_at } = action {
        slip.pending_extension = Some(PendingExtension {
            reason: chengban_protocol::text::trim(reason).into(),
            requested_due_at: *requested_due_at,
            requested_at: now,
        });
    }
    slips::save_work(conn, &slip)?;
    events::insert(conn, slip.id, now, &user.display_name, user.role, &EventBody::Action(action.clone()))?;
    after_change(conn, slip)
}

/// The slip as it now is, its history included, with its rate facts written.
fn after_change(conn: &mut dyn Conn, slip: Slip) -> Result<Slip, NotApplied> {
    let slip = slips::get(conn, slip.id)?.unwrap_or(slip);
    rate_facts::put(conn, &slip)?;
    Ok(slip)
}

/// The department member a slip is given to: an enabled handler or leader of its department.
fn assignee(conn: &mut dyn Conn, username: &str, department_id: i64) -> Result<Assignee, NotApplied> {
    match users::by_username(conn, username)? {
        Some(u) if !u.disabled && u.department_id == Some(department_id) && u.role.takes_slips() => {
            Ok(Assignee { username: u.username, display_name: u.display_name })
        }
        _ => Err(refused("invalid_input", &format!("“{username}”不是本单位可承办工单的人员"))),
    }
}

/// The center's decision on a slip.
pub fn apply_decision(
    conn: &mut dyn Conn,
    operator: &UserRow,
    slip_id: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<Slip, NotApplied> {
    let mut slip = slips::get(conn, slip_id)?.ok_or_else(|| refused("not_found", "工单不存在"))?;
    let effect = check_decision(&slip.facts(), decision)?;
    apply_effect(&mut slip, &effect);
    slips::save_work(conn, &slip)?;
    events::insert(conn, slip.id, now, &operator.display_name, Role::Operator, &EventBody::Decision(decision.clone()))?;
    after_change(conn, slip)
}
