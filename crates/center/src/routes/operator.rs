//! The hotline center's side: list departments and dispatch slips (`/v1/operator/*`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chengban_protocol::{AuditKind, Decision, DepartmentList, DispatchRequest, Slip};

use crate::auth::{Caller, ClientAddr};
use crate::db::ConnExt;
use crate::db::{audit, departments, policy, slips};
use crate::error::ApiErr;
use crate::extract::{path_id, ApiJson, ApiPath};
use crate::flow::{apply_decision, NotApplied};
use crate::AppState;

pub async fn list_departments(State(state): State<AppState>, caller: Caller) -> Result<Json<DepartmentList>, ApiErr> {
    caller.require_operator()?;
    let departments = state.db.read(|c| Ok(departments::list(c)?)).await?;
    Ok(Json(DepartmentList { departments }))
}

pub async fn dispatch(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<DispatchRequest>,
) -> Result<(StatusCode, Json<Slip>), ApiErr> {
    caller.require_operator()?;
    validate(&req)?;
    let now = state.now();
    let calendar = state.calendar.clone();
    let slip = state
        .db
        .write(move |c| {
            let mut tx = c.transaction()?;
            if departments::get(&mut tx, req.department_id)?.is_none() {
                return Err(ApiErr::Unprocessable("承办单位不存在".into()));
            }
            let limit = policy::get(&mut tx, req.tier)?;
            let due_at = crate::policy::due_at(now, limit, &calendar);
            let id = slips::insert(
                &mut tx,
                &slips::NewSlip {
                    department_id: req.department_id,
                    kind: req.kind,
                    channel: req.channel,
                    request_type: req.request_type,
                    tier: req.tier,
                    title: text::trim(&req.title),
                    content: text::trim(&req.content),
                    citizen: &req.citizen,
                    address: req.address.as_deref().map(text::trim).filter(|a| !a.is_empty()),
                    dispatched_at: now,
                    due_at,
                    return_until: crate::policy::due_at(now, crate::policy::RETURN_WINDOW, &calendar),
                    acknowledge_until: crate::policy::due_at(now, crate::policy::ACKNOWLEDGE_WINDOW, &calendar),
                    attachments: &req.attachments,
                },
            )?;
            let slip = slips::get(&mut tx, id)?.ok_or_else(|| ApiErr::Internal("inserted slip vanished".into()))?;
            tx.commit()?;
            Ok(slip)
        })
        .await?;
    tracing::info!(slip_id = slip.id, department_id = slip.department_id, tier = slip.tier.as_str(), "dispatched");
    state.notify_change(slip.department_id, slip.seq);
    Ok((StatusCode::CREATED, Json(slip)))
}

use chengban_protocol::{text, MAX_CONTENT, MAX_DISPATCH_ATTACHMENTS, MAX_TITLE};

/// The request's rules beyond its types; `openapi.json` states each as a schema constraint.
fn validate(req: &DispatchRequest) -> Result<(), ApiErr> {
    if req.department_id < 1 {
        return Err(ApiErr::Unprocessable("承办单位不存在".into()));
    }
    if text::is_blank(&req.title) {
        return Err(ApiErr::Unprocessable("标题不能为空".into()));
    }
    if req.title.chars().count() > MAX_TITLE {
        return Err(ApiErr::Unprocessable(format!("标题不能超过 {MAX_TITLE} 字")));
    }
    if text::is_blank(&req.content) {
        return Err(ApiErr::Unprocessable("诉求内容不能为空".into()));
    }
    if req.content.chars().count() > MAX_CONTENT {
        return Err(ApiErr::Unprocessable(format!("诉求内容不能超过 {MAX_CONTENT} 字")));
    }
    if let Some(phone) = &req.citizen.phone {
        let ok = (3..=20).contains(&phone.len()) && phone.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == ' ');
        if !ok {
            return Err(ApiErr::Unprocessable("联系电话格式不正确".into()));
        }
    }
    if req.attachments.len() > MAX_DISPATCH_ATTACHMENTS || req.attachments.iter().any(|a| text::is_blank(&a.name)) {
        return Err(ApiErr::Unprocessable("附件信息不正确（最多 20 个，须有文件名）".into()));
    }
    Ok(())
}

/// `POST /v1/operator/slips/{id}/decisions`: review, decide a return or an extension, urge.
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(addr): ClientAddr,
    ApiPath(id): ApiPath,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<Json<Slip>, ApiErr> {
    caller.require_operator()?;
    let id = path_id(&id, ApiErr::NotFound)?;
    let user = caller.user.clone();
    let now = state.now();
    let slip = state
        .db
        .write(move |c| {
            let mut tx = c.transaction()?;
            let slip = match apply_decision(&mut tx, &user, id, &decision, now) {
                Ok(s) => s,
                Err(NotApplied::Refused(e)) if e.code == "not_found" => return Err(ApiErr::NotFound),
                Err(NotApplied::Refused(e)) if e.code == "wrong_state" => {
                    return Err(ApiErr::Conflict { code: "wrong_state", message: e.message })
                }
                Err(NotApplied::Refused(e)) => return Err(ApiErr::Unprocessable(e.message)),
                Err(NotApplied::Failed(e)) => return Err(e),
            };
            let r = audit::Record::new(AuditKind::Decision, now, &user.username, addr).slip(slip.id).detail(decision.label());
            audit::insert(&mut tx, &r)?;
            tx.commit()?;
            Ok(slip)
        })
        .await?;
    state.notify_change(slip.department_id, slip.seq);
    Ok(Json(slip))
}
