//! The department's reply library (`chengban_protocol::library`): `GET /v1/department/library`
//! for every account of the department; templates and policy entries written by its leader, or
//! by the operator for the department named in `?department_id=`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chengban_protocol::library::{check_policy, check_template, Library, PolicyEntry, PolicyInput, ReplyTemplate, TemplateInput};
use chengban_protocol::Role;
use serde::Deserialize;

use crate::auth::Caller;
use crate::db::{departments, library};
use crate::error::ApiErr;
use crate::extract::{path_id, ApiJson, ApiPath, ApiQuery};
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    department_id: Option<i64>,
}

const NO_TEMPLATE: &str = "模板不存在或不属于本单位";
const NO_POLICY: &str = "政策依据不存在或不属于本单位";

/// The department the request is about: the caller's own, or for the operator the one named.
async fn department(state: &AppState, caller: &Caller, scope: &Scope) -> Result<i64, ApiErr> {
    match (caller.user.role, caller.user.department_id, scope.department_id) {
        (Role::Operator, _, Some(id)) => {
            let known = state.db.read(move |c| Ok(departments::get(c, id)?.is_some())).await?;
            if known {
                Ok(id)
            } else {
                Err(ApiErr::Missing("承办单位不存在"))
            }
        }
        (Role::Operator, _, None) => Err(ApiErr::Unprocessable("请用 department_id 指明承办单位".into())),
        (_, Some(own), Some(other)) if other != own => Err(ApiErr::Forbidden),
        (_, Some(own), _) => Ok(own),
        (_, None, _) => Err(ApiErr::Forbidden),
    }
}

/// Who may change the library: the department's leader, or the operator.
fn editor(caller: &Caller) -> Result<(), ApiErr> {
    match caller.user.role {
        Role::Leader | Role::Operator => Ok(()),
        _ => Err(ApiErr::Forbidden),
    }
}

pub async fn get(State(state): State<AppState>, caller: Caller, ApiQuery(scope): ApiQuery<Scope>) -> Result<Json<Library>, ApiErr> {
    let id = department(&state, &caller, &scope).await?;
    let lib = state.db.read(move |c| Ok(Library { templates: library::templates(c, id)?, policies: library::policies(c, id)? })).await?;
    Ok(Json(lib))
}

async fn put_template(state: AppState, caller: Caller, scope: Scope, id: Option<i64>, t: TemplateInput) -> Result<ReplyTemplate, ApiErr> {
    editor(&caller)?;
    let department = department(&state, &caller, &scope).await?;
    check_template(&t).map_err(ApiErr::Unprocessable)?;
    let by = caller.user.username.clone();
    let now = chrono::Utc::now();
    state.db.write(move |c| Ok(library::put_template(c, department, id, &t, &by, now)?)).await?.ok_or(ApiErr::Missing(NO_TEMPLATE))
}

pub async fn create_template(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(scope): ApiQuery<Scope>,
    ApiJson(t): ApiJson<TemplateInput>,
) -> Result<(StatusCode, Json<ReplyTemplate>), ApiErr> {
    Ok((StatusCode::CREATED, Json(put_template(state, caller, scope, None, t).await?)))
}

pub async fn update_template(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath,
    ApiQuery(scope): ApiQuery<Scope>,
    ApiJson(t): ApiJson<TemplateInput>,
) -> Result<Json<ReplyTemplate>, ApiErr> {
    let id = path_id(&raw, ApiErr::Missing(NO_TEMPLATE))?;
    Ok(Json(put_template(state, caller, scope, Some(id), t).await?))
}

pub async fn delete_template(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath,
    ApiQuery(scope): ApiQuery<Scope>,
) -> Result<StatusCode, ApiErr> {
    remove(state, caller, scope, &raw, NO_TEMPLATE, library::delete_template).await
}

/// Removes the department's entry named in the path with `delete`; `missing` when it has none.
async fn remove(
    state: AppState,
    caller: Caller,
    scope: Scope,
    raw: &str,
    missing: &'static str,
    delete: fn(&mut dyn crate::db::Conn, i64, i64) -> crate::db::sql::Result<bool>,
) -> Result<StatusCode, ApiErr> {
    editor(&caller)?;
    let department = department(&state, &caller, &scope).await?;
    let id = path_id(raw, ApiErr::Missing(missing))?;
    if state.db.write(move |c| Ok(delete(c, department, id)?)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiErr::Missing(missing))
    }
}

async fn put_policy(state: AppState, caller: Caller, scope: Scope, id: Option<i64>, p: PolicyInput) -> Result<PolicyEntry, ApiErr> {
    editor(&caller)?;
    let department = department(&state, &caller, &scope).await?;
    check_policy(&p).map_err(ApiErr::Unprocessable)?;
    let by = caller.user.username.clone();
    let now = chrono::Utc::now();
    state.db.write(move |c| Ok(library::put_policy(c, department, id, &p, &by, now)?)).await?.ok_or(ApiErr::Missing(NO_POLICY))
}

pub async fn create_policy(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(scope): ApiQuery<Scope>,
    ApiJson(p): ApiJson<PolicyInput>,
) -> Result<(StatusCode, Json<PolicyEntry>), ApiErr> {
    Ok((StatusCode::CREATED, Json(put_policy(state, caller, scope, None, p).await?)))
}

pub async fn update_policy(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath,
    ApiQuery(scope): ApiQuery<Scope>,
    ApiJson(p): ApiJson<PolicyInput>,
) -> Result<Json<PolicyEntry>, ApiErr> {
    let id = path_id(&raw, ApiErr::Missing(NO_POLICY))?;
    Ok(Json(put_policy(state, caller, scope, Some(id), p).await?))
}

pub async fn delete_policy(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath,
    ApiQuery(scope): ApiQuery<Scope>,
) -> Result<StatusCode, ApiErr> {
    remove(state, caller, scope, &raw, NO_POLICY, library::delete_policy).await
}
