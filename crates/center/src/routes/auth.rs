//! `POST /v1/login`, `POST /v1/logout` and `GET /v1/me`.
//!
//! Login is throttled per account and per client address ([`crate::throttle`]); an unknown
//! user costs one password verification like a known one and is answered alike; every
//! attempt, good or bad, goes to the audit log.

use std::time::Instant;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chengban_protocol::{text, AuditKind, LoginRequest, LoginResponse, UserInfo, MAX_PASSWORD, MAX_USERNAME};

use crate::auth::{new_token, verify_login, Caller, ClientAddr};
use crate::db::ConnExt;
use crate::db::{audit, departments, users};
use crate::error::ApiErr;
use crate::extract::ApiJson;
use crate::AppState;

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiErr> {
    let username = text::trim(&req.username).to_string();
    if username.is_empty() || req.password.is_empty() {
        return Err(ApiErr::Unprocessable("请输入用户名和密码".into()));
    }
    if req.username.chars().count() > MAX_USERNAME || req.password.chars().count() > MAX_PASSWORD {
        return Err(ApiErr::Unprocessable("用户名或密码过长".into()));
    }
    let now = state.now();
    // Counted as a failure from here on, until the password proves right.
    if let Some(wait) = state.throttle.attempt(&username, addr, Instant::now()) {
        audit_attempt(&state, AuditKind::LoginThrottled, &username, addr).await?;
        return Err(ApiErr::TooManyAttempts { wait_secs: (wait.as_millis().div_ceil(1000) as u64).max(1) });
    }
    // Password verification is deliberately slow: it runs on the blocking pool with the lookup.
    let password = req.password;
    let name = username.clone();
    let found = state
        .db
        .read(move |c| {
            let user = users::by_username(c, &name)?;
            let ok = verify_login(&password, user.as_ref().map(|u| u.password_hash.as_str()));
            Ok(user.filter(|_| ok))
        })
        .await?;
    let Some(user) = found else {
        audit_attempt(&state, AuditKind::LoginFailed, &username, addr).await?;
        return Err(ApiErr::BadCredentials);
    };
    state.throttle.succeeded(&username, addr);
    if user.disabled {
        return Err(ApiErr::AccountDisabled);
    }
    let (token, hash) = new_token();
    let user_id = user.id;
    let max = chrono::Duration::from_std(state.security.token_max).unwrap_or(chrono::Duration::days(30));
    let info = state
        .db
        .write(move |c| {
            let mut tx = c.transaction()?;
            users::insert_token(&mut tx, &hash, user_id, now, now + max)?;
            audit::insert(&mut tx, &audit::Record::new(AuditKind::Login, now, &user.username, addr))?;
            let info = user_info(&mut tx, &user)?;
            tx.commit()?;
            Ok(info)
        })
        .await?;
    tracing::info!(user_id, "login");
    Ok(Json(LoginResponse { token, user: info, server_time: now }))
}

/// Ends the token the request carries; the next request with it is 401.
pub async fn logout(State(state): State<AppState>, ClientAddr(addr): ClientAddr, caller: Caller) -> Result<StatusCode, ApiErr> {
    let now = state.now();
    state
        .db
        .write(move |c| {
            let mut tx = c.transaction()?;
            users::delete_token(&mut tx, &caller.token_hash)?;
            audit::insert(&mut tx, &audit::Record::new(AuditKind::Logout, now, &caller.user.username, addr))?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A login attempt that got no token (failed or throttled), for the audit log.
async fn audit_attempt(state: &AppState, kind: AuditKind, username: &str, addr: std::net::IpAddr) -> Result<(), ApiErr> {
    let (name, at) = (username.to_string(), state.now());
    state.db.write(move |c| Ok(audit::insert(c, &audit::Record::new(kind, at, &name, addr))?)).await.map(|_| ())
}

pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<UserInfo>, ApiErr> {
    let info = state.db.read(move |c| user_info(c, &caller.user)).await?;
    Ok(Json(info))
}

fn user_info(c: &mut dyn crate::db::Conn, u: &users::UserRow) -> Result<UserInfo, ApiErr> {
    let department = match u.department_id {
        Some(id) => departments::get(c, id)?,
        None => None,
    };
    Ok(UserInfo { username: u.username.clone(), display_name: u.display_name.clone(), role: u.role, department })
}
