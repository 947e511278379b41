//! The center's own administration: the audit log (`GET /v1/operator/audit`), account changes
//! (`PATCH /v1/operator/users/{username}`), and the desks' report that a clerk revealed a
//! citizen's contact (`POST /v1/slips/{id}/reveals`), which is audited.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chengban_protocol::{text, AuditKind, AuditPage, RevealReport, UserUpdate, MAX_DEVICE_ID, MAX_PASSWORD, MIN_PASSWORD_CHARS};
use serde::Deserialize;

use crate::auth::{hash_password, Caller, ClientAddr};
use crate::db::ConnExt;
use crate::db::{audit, slips, users};
use crate::error::ApiErr;
use crate::extract::{path_id, ApiJson, ApiPath, ApiQuery};
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    after: Option<i64>,
    limit: Option<u32>,
}

pub const MAX_AUDIT_PAGE: u32 = 1000;

pub async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiErr> {
    caller.require_operator()?;
    let after = q.after.unwrap_or(0);
    let limit = q.limit.unwrap_or(200);
    if after < 0 || limit == 0 || limit > MAX_AUDIT_PAGE {
        return Err(ApiErr::BadRequest(format!("after 须不小于 0，limit 须在 1 到 {MAX_AUDIT_PAGE} 之间")));
    }
    let (entries, has_more) = state.db.read(move |c| Ok(audit::after(c, after, limit)?)).await?;
    Ok(Json(AuditPage { entries, has_more }))
}

pub async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(addr): ClientAddr,
    ApiPath(username): ApiPath,
    ApiJson(update): ApiJson<UserUpdate>,
) -> Result<StatusCode, ApiErr> {
    caller.require_operator()?;
    if update.disabled.is_none() && update.password.is_none() && update.role.is_none() {
        return Err(ApiErr::Unprocessable("请说明要停用、启用账号、重设密码或更改角色".into()));
    }
    let hash = match &update.password {
        Some(p) if p.chars().count() < MIN_PASSWORD_CHARS || p.chars().count() > MAX_PASSWORD => {
            return Err(ApiErr::Unprocessable(format!("密码须为 {MIN_PASSWORD_CHARS} 到 {MAX_PASSWORD} 个字符")))
        }
        Some(p) => {
            let p = p.clone();
            Some(tokio::task::spawn_blocking(move || hash_password(&p)).await.map_err(|e| ApiErr::Internal(e.to_string()))??)
        }
        None => None,
    };
    let now = state.now();
    let operator = caller.user.username.clone();
    state
        .db
        .write(move |c| {
            let mut tx = c.transaction()?;
            let user = users::by_username(&mut tx, &username)?.ok_or(ApiErr::Missing("账号不存在"))?;
            if update.disabled == Some(true) && user.id == caller.user.id {
                return Err(ApiErr::Conflict { code: "own_account", message: "不能停用自己的账号".into() });
            }
            let mut changed = Vec::new();
            if let Some(d) = update.disabled {
                users::set_disabled(&mut tx, user.id, d)?;
                changed.push(if d { "停用" } else { "启用" });
            }
            if let Some(h) = &hash {
                users::set_password_hash(&mut tx, user.id, h)?;
                changed.push("重设密码");
            }
            if let Some(role) = update.role {
                if !role.in_department() {
                    return Err(ApiErr::Unprocessable("只能在承办单位的角色（经办人、分管领导、内勤）之间更改".into()));
                }
                if !user.role.in_department() {
                    return Err(ApiErr::Conflict {
                        code: "operator_account", message: "受理中心的账号没有承办单位的角色".into()
                    });
                }
                users::set_role(&mut tx, user.id, role)?;
                changed.push(role.label());
            }
            // Disabling, enabling, a new password or role: every token the user holds ends now.
            let revoked = users::revoke_all(&mut tx, user.id)?;
            let detail = format!("{}：{}（由 {operator} 操作，{revoked} 个登录失效）", user.username, changed.join("、"));
            audit::insert(&mut tx, &audit::Record::new(AuditKind::UserUpdated, now, &operator, addr).detail(detail))?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A clerk revealed the citizen's contact on one of the department's slips: recorded once per
/// report id, at the report's time judged like an action's.
pub async fn reveal(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(addr): ClientAddr,
    ApiPath(id): ApiPath,
    ApiJson(report): ApiJson<RevealReport>,
) -> Result<StatusCode, ApiErr> {
    let department_id = caller.department_id()?;
    let id = path_id(&id, ApiErr::NotFound)?;
    if text::is_blank(&report.id) || report.id.chars().count() > MAX_DEVICE_ID || text::trim(&report.id) != report.id {
        return Err(ApiErr::Unprocessable("报告标识无效".into()));
    }
    let at = chengban_protocol::rules::action_time(report.at, state.now());
    state
        .db
        .write(move |c| {
            let slip = slips::get(c, id)?.filter(|s| s.department_id == department_id).ok_or(ApiErr::NotFound)?;
            let record = audit::Record::new(AuditKind::RevealContact, at, &caller.user.username, addr).slip(slip.id).report(report.id);
            audit::insert(c, &record)?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
