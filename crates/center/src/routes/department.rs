//! `GET /v1/department/users`: the caller's department's enabled accounts, whom a leader or the
//! 内勤 picks from when assigning a slip (分派). Operators have no department.

use axum::extract::State;
use axum::Json;
use chengban_protocol::{DepartmentUser, DepartmentUsers};

use crate::auth::Caller;
use crate::db::users;
use crate::error::ApiErr;
use crate::AppState;

pub async fn users(State(state): State<AppState>, caller: Caller) -> Result<Json<DepartmentUsers>, ApiErr> {
    let department_id = caller.department_id()?;
    let users = state
        .db
        .read(move |c| {
            let rows = users::of_department(c, department_id)?;
            Ok(rows.into_iter().map(|u| DepartmentUser { username: u.username, display_name: u.display_name, role: u.role }).collect())
        })
        .await?;
    Ok(Json(DepartmentUsers { users }))
}
