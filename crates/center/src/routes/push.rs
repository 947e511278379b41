//! `POST /v1/push`: the desk's actions, applied exactly once and in order.
//!
//! Each mutation runs in its own transaction that also advances the device's
//! `last_mutation_id` and records the outcome and a digest of what it said. A mutation the
//! rules refuse is recorded as rejected (with the reason) and does not block the ones after
//! it. A repeat is answered from the record; a repeat whose content differs from the record,
//! or a gap (an id beyond last + 1), stops the batch with 409. Nothing is answered "applied"
//! that was not applied: a batch with an id below 1 is refused whole (422) before any of it
//! is looked at.

use axum::extract::State;
use axum::Json;
use chengban_protocol::{
    text, Mutation, MutationResult, Outcome, PushRequest, PushResponse, FIRST_MUTATION_ID, MAX_DEVICE_ID, MAX_PUSH_BATCH,
};
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::db::devices;
use crate::db::ConnExt;
use crate::error::ApiErr;
use crate::extract::ApiJson;
use crate::flow::{apply_action, NotApplied};
use crate::AppState;

/// What a mutation says, independent of when it was made: its slip and its action.
fn digest(m: &Mutation) -> Result<String, ApiErr> {
    let json = serde_json::to_vec(&(m.slip_id, &m.action)).map_err(|e| ApiErr::Internal(format!("digest: {e}")))?;
    Ok(hex::encode(Sha256::digest(json)))
}

fn validate(req: &PushRequest) -> Result<String, ApiErr> {
    let device = req.device_id.clone();
    if text::is_blank(&device) || device.chars().count() > MAX_DEVICE_ID || text::trim(&device) != device {
        return Err(ApiErr::Unprocessable("设备标识无效".into()));
    }
    if req.mutations.len() > MAX_PUSH_BATCH {
        return Err(ApiErr::Unprocessable(format!("一次最多提交 {MAX_PUSH_BATCH} 项操作")));
    }
    if let Some(m) = req.mutations.iter().find(|m| m.id < FIRST_MUTATION_ID) {
        return Err(ApiErr::Unprocessable(format!("操作序号须从 {FIRST_MUTATION_ID} 开始，收到 {}", m.id)));
    }
    if let Some(m) = req.mutations.iter().find(|m| m.slip_id < 1) {
        return Err(ApiErr::Unprocessable(format!("工单编号无效：{}", m.slip_id)));
    }
    let hex_hash = |h: &str| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if req.mutations.iter().flat_map(|m| m.action.attachments()).any(|a| !hex_hash(&a.sha256)) {
        return Err(ApiErr::Unprocessable("附件标识须为 64 位小写十六进制 SHA-256".into()));
    }
    Ok(device)
}

pub async fn push(State(state): State<AppState>, caller: Caller, ApiJson(req): ApiJson<PushRequest>) -> Result<Json<PushResponse>, ApiErr> {
    let department_id = caller.department_id()?;
    let device = validate(&req)?;
    let digests = req.mutations.iter().map(digest).collect::<Result<Vec<_>, _>>()?;
    let user = caller.user.clone();
    let (last, results, reached) = state
        .db
        .write(move |c| {
            let (owner, mut last) = devices::get_or_create(c, &device, user.id)?;
            if owner != user.id {
                return Err(ApiErr::Forbidden);
            }
            let mut results = Vec::with_capacity(req.mutations.len());
            // The highest change sequence an applied mutation reached, if any did.
            let mut reached: Option<i64> = None;
            for (m, digest) in req.mutations.iter().zip(&digests) {
                if m.id <= last {
                    let Some((previous, was)) = devices::recorded(c, &device, m.id)? else {
                        return Err(ApiErr::Conflict {
                            code: "mutation_unknown",
                            message: format!("操作序号 {} 没有处理记录，无法确认其结果", m.id),
                        });
                    };
                    if was.is_some_and(|was| was != *digest) {
                        return Err(ApiErr::Conflict {
                            code: "mutation_conflict",
                            message: format!("操作序号 {} 已用于另一项操作，不能用于不同的内容", m.id),
                        });
                    }
                    results.push(previous);
                    continue;
                }
                if m.id != last + 1 {
                    return Err(ApiErr::Conflict {
                        code: "mutation_gap",
                        message: format!("操作序号不连续：服务器已处理到 {last}，收到 {}", m.id),
                    });
                }
                let mut tx = c.transaction()?;
                let at = chengban_protocol::rules::action_time(m.created_at, crate::now());
                let result = match apply_action(&mut tx, &user, m.slip_id, &m.action, at) {
                    Ok(slip) => {
                        reached = reached.max(Some(slip.seq));
                        MutationResult { id: m.id, outcome: Outcome::Applied, error: None }
                    }
                    Err(NotApplied::Refused(error)) => MutationResult { id: m.id, outcome: Outcome::Rejected, error: Some(error) },
                    Err(NotApplied::Failed(e)) => return Err(e),
                };
                devices::record(&mut tx, &device, &result, digest)?;
                tx.commit()?;
                if result.outcome == Outcome::Rejected {
                    tracing::info!(mutation_id = m.id, slip_id = m.slip_id, "mutation rejected");
                }
                last = m.id;
                results.push(result);
            }
            Ok((last, results, reached))
        })
        .await?;
    if let Some(seq) = reached {
        state.notify_change(department_id, seq);
    }
    Ok(Json(PushResponse { last_mutation_id: last, results, server_time: state.now() }))
}
