//! `GET /v1/stats`: a department's 考核 rates for a month, counted by the protocol's one
//! definition ([`chengban_protocol::rates`]) over the department's slips and their histories.
//! Department users see their own department (leaders with each handler's part); operators name
//! the department, and rank every department (`GET /v1/operator/ranking`).

use axum::extract::State;
use axum::Json;
use chengban_protocol::rates::{Period, RateFacts, Rates};
use chengban_protocol::stats::month_asked;
use chengban_protocol::{Ranking, Role, StatsReport};
use serde::Deserialize;

use crate::auth::Caller;
use crate::db::{departments, rate_facts, slips};
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
    let month = month_asked(q.month.as_deref(), now).map_err(|m| ApiErr::BadRequest(m.into()))?;
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankingQuery {
    month: Option<String>,
}

/// `GET /v1/operator/ranking`: every department's rates for the month, best first.
pub async fn ranking(State(state): State<AppState>, caller: Caller, ApiQuery(q): ApiQuery<RankingQuery>) -> Result<Json<Ranking>, ApiErr> {
    caller.require_operator()?;
    let now = state.now();
    let month = month_asked(q.month.as_deref(), now).map_err(|m| ApiErr::BadRequest(m.into()))?;
    let ranking = state.db.read(move |c| Ok(rank_departments(c, month, now)?)).await?;
    Ok(Json(ranking))
}

/// Counts every department's rates for `month` as of `now` from the stored rate facts.
pub fn rank_departments(c: &mut dyn crate::db::Conn, month: Period, now: chrono::DateTime<chrono::Utc>) -> crate::db::sql::Result<Ranking> {
    let period = month.until(now);
    let mut by_department: std::collections::HashMap<i64, Rates> = Default::default();
    for (department, facts) in rate_facts::overlapping(c, month)? {
        by_department.entry(department).or_default().add(&facts, period, now);
    }
    let departments = departments::list(c)?
        .into_iter()
        .map(|d| {
            let rates = by_department.remove(&d.id).unwrap_or_default();
            (d, rates)
        })
        .collect();
    Ok(Ranking::build(month, now, departments))
}
