//! `PUT /v1/attachments/{sha256}` stores a file under its hash (idempotent: a retry stores
//! nothing new); `HEAD` says whether it is there; `GET` returns it. At most 20 MB a file.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::db::attachments;
use crate::error::ApiErr;
use crate::AppState;

pub const MAX_ATTACHMENT: usize = 20 * 1024 * 1024;

fn check_hash(sha256: &str) -> Result<String, ApiErr> {
    let h = sha256.to_ascii_lowercase();
    if h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(h)
    } else {
        Err(ApiErr::BadRequest("附件标识须为 64 位十六进制 SHA-256".into()))
    }
}

pub async fn put(State(state): State<AppState>, caller: Caller, Path(sha256): Path<String>, body: Bytes) -> Result<StatusCode, ApiErr> {
    let hash = check_hash(&sha256)?;
    if body.is_empty() {
        return Err(ApiErr::Unprocessable("附件内容为空".into()));
    }
    let actual = hex::encode(Sha256::digest(&body));
    if actual != hash {
        return Err(ApiErr::Unprocessable("附件内容与其 SHA-256 不符（上传不完整？）".into()));
    }
    let department = caller.user.department_id;
    let new = state.db.write(move |c| Ok(attachments::put(c, &hash, department, &body)?)).await?;
    Ok(if new { StatusCode::CREATED } else { StatusCode::OK })
}

pub async fn head(State(state): State<AppState>, _caller: Caller, Path(sha256): Path<String>) -> Result<StatusCode, ApiErr> {
    let hash = check_hash(&sha256)?;
    let found = state.db.read(move |c| Ok(attachments::exists(c, &hash)?)).await?;
    Ok(if found { StatusCode::OK } else { StatusCode::NOT_FOUND })
}

pub async fn get(State(state): State<AppState>, _caller: Caller, Path(sha256): Path<String>) -> Result<Response, ApiErr> {
    let hash = check_hash(&sha256)?;
    let data = state.db.read(move |c| Ok(attachments::get(c, &hash)?)).await?.ok_or(ApiErr::NotFound)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/octet-stream")], data).into_response())
}
