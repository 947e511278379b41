//! `GET /v1/stats`: a department's 考核 rates for a month, counted by the protocol's one
//! definition ([`chengban_protocol::rates`]) over the department's slips and their histories.
//! Department users see their own department (leaders with each handler's part); operators name
//! the department.

use axum::extract::State;
use axum::Json;
use chengban_protocol::rates::{Period, RateFacts};
use chengban_protocol::stats::{parse_month, BAD_MONTH};
use chengban_protocol::{Role, StatsReport};
use serde::Deserialize;

use crate::auth::Caller;
use crate::db::{departments, slips};
use crate::error::ApiErr;
use crate::extract::ApiQuery;
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    month: Option<String>,
    department_id: Option<i64>,
}

const NO_DEPARTMENT: &str = "单位不存在或不属于本单位";

pub async fn stats(State(state): State<AppState>, caller: Caller, ApiQuery(q): ApiQuery<StatsQuery>) -> Result<Json<StatsReport>, ApiErr> {
    let now = state.now();
    let month = match q.month.as_deref() {
        None => Period::month_of(now),
        Some(m) => parse_month(m).ok_or_else(|| ApiErr::BadRequest(BAD_MONTH.into()))?,
    };
    let role = caller.user.role;
    let department_id = if role == Role::Operator {
        q.department_id.ok_or_else(|| ApiErr::BadRequest("请用 department_id 指定单位".into()))?
    } else {
        let own = caller.department_id()?;
        if q.department_id.is_some_and(|d| d != own) {
            return Err(ApiErr::Missing(NO_DEPARTMENT));
        }
        own
    };
    let report = state
        .db
        .read(move |c| {
            let department = departments::get(c, department_id)?.ok_or(ApiErr::Missing(NO_DEPARTMENT))?;
            let facts: Vec<RateFacts> = slips::of_department(c, department_id)?.iter().map(RateFacts::of).collect();
            Ok(StatsReport::build(department, month, &facts, now, role != Role::Handler))
        })
        .await?;
    Ok(Json(report))
}
