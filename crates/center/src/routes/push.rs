//! `POST /v1/push`: the desk's actions, applied exactly once and in order.
//!
//! Each mutation runs in its own transaction that also advances the device's
//! `last_mutation_id` and records the outcome. A mutation the rules refuse is recorded as
//! rejected (with the reason) and does not block the ones after it. A repeat is answered from
//! the record; a gap (an id beyond last + 1) stops the batch with 409.

use axum::extract::State;
use axum::Json;
use chengban_protocol::{MutationResult, Outcome, PushRequest, PushResponse};

use crate::auth::Caller;
use crate::db::devices;
use crate::error::ApiErr;
use crate::extract::ApiJson;
use crate::flow::{apply_action, NotApplied};
use crate::AppState;

pub const MAX_BATCH: usize = 200;

pub async fn push(State(state): State<AppState>, caller: Caller, ApiJson(req): ApiJson<PushRequest>) -> Result<Json<PushResponse>, ApiErr> {
    let department_id = caller.department_id()?;
    let device = req.device_id.trim().to_string();
    if device.is_empty() || device.len() > 64 {
        return Err(ApiErr::Unprocessable("设备标识无效".into()));
    }
    if req.mutations.len() > MAX_BATCH {
        return Err(ApiErr::Unprocessable(format!("一次最多提交 {MAX_BATCH} 项操作")));
    }
    let user = caller.user.clone();
    let (last, results, any_applied) = state
        .db
        .write(move |c| {
            let (owner, mut last) = devices::get_or_create(c, &device, user.id)?;
            if owner != user.id {
                return Err(ApiErr::Forbidden);
            }
            let mut results = Vec::with_capacity(req.mutations.len());
            let mut any_applied = false;
            for m in &req.mutations {
                if m.id <= last {
                    let previous = devices::recorded(c, &device, m.id)?;
                    results.push(previous.unwrap_or(MutationResult { id: m.id, outcome: Outcome::Applied, error: None }));
                    continue;
                }
                if m.id != last + 1 {
                    return Err(ApiErr::Conflict {
                        code: "mutation_gap",
                        message: format!("操作序号不连续：服务器已处理到 {last}，收到 {}", m.id),
                    });
                }
                let tx = c.transaction()?;
                let result = match apply_action(&tx, &user, m.slip_id, &m.action, crate::now()) {
                    Ok(_) => {
                        any_applied = true;
                        MutationResult { id: m.id, outcome: Outcome::Applied, error: None }
                    }
                    Err(NotApplied::Refused(error)) => MutationResult { id: m.id, outcome: Outcome::Rejected, error: Some(error) },
                    Err(NotApplied::Failed(e)) => return Err(e),
                };
                devices::record(&tx, &device, &result)?;
                tx.commit()?;
                if result.outcome == Outcome::Rejected {
                    tracing::info!(mutation_id = m.id, slip_id = m.slip_id, "mutation rejected");
                }
                last = m.id;
                results.push(result);
            }
            Ok((last, results, any_applied))
        })
        .await?;
    if any_applied {
        state.notify_change(department_id);
    }
    Ok(Json(PushResponse { last_mutation_id: last, results, server_time: state.now() }))
}
