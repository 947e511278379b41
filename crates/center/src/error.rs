//! The one error type of the API's handlers, answered as `{code, message}` with a Chinese
//! message (and, for malformed input, a `detail` for developers). Internal details go to the
//! log, never to the client. [`json_errors`] turns the few errors that axum or hyper answer on
//! their own (an unknown method, an unreadable path) into the same shape.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chengban_protocol::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum ApiErr {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unprocessable: {0}")]
    Unprocessable(String),
    /// A body that is JSON but not of the operation's schema; `detail` names the field.
    #[error("invalid body: {detail}")]
    InvalidBody { detail: String },
    #[error("unauthorized")]
    Unauthorized,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("account disabled")]
    AccountDisabled,
    #[error("too many login attempts; wait {wait_secs} s")]
    TooManyAttempts { wait_secs: u64 },
    #[error("forbidden")]
    Forbidden,
    /// A slip that does not exist or is another department's (the two are not told apart).
    #[error("not found")]
    NotFound,
    /// Anything else that is not there, with what it is in the user's words.
    #[error("not found: {0}")]
    Missing(&'static str),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {message}")]
    Conflict { code: &'static str, message: String },
    /// What the request refers to existed once and is gone (e.g. a cursor of a replaced database).
    #[error("gone: {message}")]
    Gone { code: &'static str, message: String },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The database does not answer (the health check).
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<crate::db::sql::SqlError> for ApiErr {
    fn from(e: crate::db::sql::SqlError) -> Self {
        if e.is_unreachable() {
            ApiErr::Unavailable(format!("database: {e}"))
        } else {
            ApiErr::Internal(format!("database: {e}"))
        }
    }
}

/// Minutes (rounded up) in the user's words.
fn wait_words(secs: u64) -> String {
    if secs < 60 {
        format!("{secs} 秒")
    } else {
        format!("{} 分钟", secs.div_ceil(60))
    }
}

impl ApiErr {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            ApiErr::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            ApiErr::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", m.clone()),
            ApiErr::InvalidBody { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", "请求内容不符合接口要求".into()),
            ApiErr::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "登录已失效，请重新登录".into()),
            ApiErr::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials", "用户名或密码错误".into()),
            ApiErr::AccountDisabled => (StatusCode::FORBIDDEN, "account_disabled", "该账号已停用，请联系受理中心".into()),
            ApiErr::TooManyAttempts { wait_secs } => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", format!("登录失败次数过多，请 {}后再试", wait_words(*wait_secs)))
            }
            ApiErr::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "无权进行此操作".into()),
            ApiErr::NotFound => (StatusCode::NOT_FOUND, "not_found", "工单不存在或不属于本单位".into()),
            ApiErr::Missing(what) => (StatusCode::NOT_FOUND, "not_found", (*what).into()),
            ApiErr::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "该接口不支持此请求方法".into()),
            ApiErr::Conflict { code, message } => (StatusCode::CONFLICT, code, message.clone()),
            ApiErr::Gone { code, message } => (StatusCode::GONE, code, message.clone()),
            ApiErr::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "请求内容过大（JSON 上限 1 MB，附件上限 20 MB）".into())
            }
            ApiErr::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "请求须为 JSON（Content-Type: application/json）".into())
            }
            ApiErr::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", "数据库暂时无法访问，请稍后重试".into()),
            ApiErr::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器内部错误，请稍后重试".into()),
        }
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        match &self {
            ApiErr::Internal(detail) => tracing::error!(%detail, "internal error"),
            ApiErr::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            _ => {}
        }
        let (status, code, message) = self.parts();
        let retry_after = match &self {
            ApiErr::TooManyAttempts { wait_secs } => Some(*wait_secs),
            _ => None,
        };
        let detail = match self {
            ApiErr::InvalidBody { detail } => Some(detail),
            _ => None,
        };
        let mut res = (status, Json(ApiError { code: code.into(), message, detail })).into_response();
        if let Some(wait_secs) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait_secs));
        }
        res
    }
}

/// The `{code, message}` answer for a bare status that axum or hyper produced on its own.
fn for_status(status: StatusCode) -> ApiErr {
    match status {
        StatusCode::BAD_REQUEST => ApiErr::BadRequest("请求格式不正确".into()),
        StatusCode::NOT_FOUND => ApiErr::Missing("接口不存在"),
        StatusCode::METHOD_NOT_ALLOWED => ApiErr::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ApiErr::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiErr::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ApiErr::Unprocessable("请求内容不符合接口要求".into()),
        s if s.is_server_error() => ApiErr::Internal(format!("bare {s}")),
        _ => ApiErr::BadRequest("请求无法处理".into()),
    }
}

/// Middleware: every error leaves as `{code, message}` JSON, and a 413 closes the connection
/// (the unread rest of the body would otherwise be taken for the next request).
pub async fn json_errors(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let mut res = if is_json {
        res
    } else {
        let (mut parts, _) = res.into_parts();
        let fresh = for_status(status).into_response();
        let (fresh_parts, body) = fresh.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        for (k, v) in fresh_parts.headers.iter() {
            parts.headers.insert(k, v.clone());
        }
        Response::from_parts(parts, Body::new(body))
    };
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    res
}
