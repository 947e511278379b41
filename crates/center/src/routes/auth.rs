//! `POST /v1/login` and `GET /v1/me`.

use axum::extract::State;
use axum::Json;
use chengban_protocol::{LoginRequest, LoginResponse, UserInfo};
use chrono::Duration;

use crate::auth::{new_token, verify_password, Caller};
use crate::db::{departments, users};
use crate::error::ApiErr;
use crate::extract::ApiJson;
use crate::AppState;

/// Tokens outlive a working week of offline work; the desktop asks to log in again after.
const TOKEN_DAYS: i64 = 30;

pub async fn login(State(state): State<AppState>, ApiJson(req): ApiJson<LoginRequest>) -> Result<Json<LoginResponse>, ApiErr> {
    if req.username.trim().is_empty() || req.password.is_empty() {
        return Err(ApiErr::Unprocessable("请输入用户名和密码".into()));
    }
    let now = state.now();
    // Password verification is deliberately slow: it runs on the blocking pool with the lookup.
    let found = state
        .db
        .read(move |c| {
            let user = users::by_username(c, req.username.trim())?;
            Ok(user.filter(|u| verify_password(&req.password, &u.password_hash)))
        })
        .await?;
    let user = found.ok_or(ApiErr::BadCredentials)?;
    let (token, hash) = new_token();
    let user_id = user.id;
    let info = state
        .db
        .write(move |c| {
            users::insert_token(c, &hash, user_id, now, now + Duration::days(TOKEN_DAYS))?;
            user_info(c, &user)
        })
        .await?;
    tracing::info!(user_id, "login");
    Ok(Json(LoginResponse { token, user: info, server_time: now }))
}

pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<UserInfo>, ApiErr> {
    let info = state.db.read(move |c| user_info(c, &caller.user)).await?;
    Ok(Json(info))
}

fn user_info(c: &rusqlite::Connection, u: &users::UserRow) -> Result<UserInfo, ApiErr> {
    let department = match u.department_id {
        Some(id) => departments::get(c, id)?,
        None => None,
    };
    Ok(UserInfo { username: u.username.clone(), display_name: u.display_name.clone(), role: u.role, department })
}
