//! `PUT /v1/attachments/{sha256}` stores a file under its hash (idempotent: a retry stores
//! nothing new); `HEAD` says whether the caller may read it; `GET` returns it, as a download
//! of the type it was uploaded with. At most 20 MB a file. A file of another department
//! answers 404 exactly like a missing one.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chengban_protocol::Role;
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::db::attachments::{self, Reader};
use crate::error::ApiErr;
use crate::extract::{body_error, ApiPath};
use crate::AppState;

const MISSING: &str = "附件不存在或无权查看";

fn check_hash(sha256: &str) -> Result<String, ApiErr> {
    let h = sha256.to_ascii_lowercase();
    if h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(h)
    } else {
        Err(ApiErr::BadRequest("附件标识须为 64 位十六进制 SHA-256".into()))
    }
}

fn reader(caller: &Caller) -> Result<Reader, ApiErr> {
    match (caller.user.role, caller.user.department_id) {
        (Role::Operator, _) => Ok(Reader::Center),
        (_, Some(d)) => Ok(Reader::Department(d)),
        _ => Err(ApiErr::Forbidden),
    }
}

/// The declared type if it looks like `type/subtype` (parameters dropped), else octet-stream.
fn declared_type(headers: &HeaderMap) -> String {
    let raw = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = raw.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let token = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c));
    match mime.split_once('/') {
        Some((t, s)) if mime.len() <= 100 && token(t) && token(s) => mime,
        _ => "application/octet-stream".into(),
    }
}

pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(sha256): ApiPath,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiErr> {
    let hash = check_hash(&sha256)?;
    let reader = reader(&caller)?;
    let body = body.map_err(body_error)?;
    if body.is_empty() {
        return Err(ApiErr::Unprocessable("附件内容为空".into()));
    }
    let actual = hex::encode(Sha256::digest(&body));
    if actual != hash {
        return Err(ApiErr::Unprocessable("附件内容与其 SHA-256 不符（上传不完整？）".into()));
    }
    let content_type = declared_type(&headers);
    let new = state.db.write(move |c| Ok(attachments::put(c, &hash, reader, &content_type, &body)?)).await?;
    Ok(if new { StatusCode::CREATED } else { StatusCode::OK })
}

pub async fn head(State(state): State<AppState>, caller: Caller, ApiPath(sha256): ApiPath) -> Result<StatusCode, ApiErr> {
    let hash = check_hash(&sha256)?;
    let reader = reader(&caller)?;
    let found = state.db.read(move |c| Ok(attachments::readable(c, &hash, reader)?)).await?;
    if found {
        Ok(StatusCode::OK)
    } else {
        Err(ApiErr::Missing(MISSING))
    }
}

pub async fn get(State(state): State<AppState>, caller: Caller, ApiPath(sha256): ApiPath) -> Result<Response, ApiErr> {
    let hash = check_hash(&sha256)?;
    let reader = reader(&caller)?;
    let name = hash.clone();
    let (content_type, data) = state.db.read(move |c| Ok(attachments::get(c, &hash, reader)?)).await?.ok_or(ApiErr::Missing(MISSING))?;
    let content_type = HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).unwrap_or(HeaderValue::from_static("attachment"));
    Ok(([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, disposition)], data).into_response())
}
