//! The one error type of the API's handlers, answered as `{code, message}` with a Chinese
//! message. Internal details go to the log, never to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chengban_protocol::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum ApiErr {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unprocessable: {0}")]
    Unprocessable(String),
    #[error("unauthorized")]
    Unauthorized,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {message}")]
    Conflict { code: &'static str, message: String },
    /// What the request refers to existed once and is gone (e.g. a cursor of a replaced database).
    #[error("gone: {message}")]
    Gone { code: &'static str, message: String },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("internal: {0}")]
    Internal(String),
}

impl From<rusqlite::Error> for ApiErr {
    fn from(e: rusqlite::Error) -> Self {
        ApiErr::Internal(format!("sqlite: {e}"))
    }
}

impl ApiErr {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            ApiErr::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            ApiErr::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", m.clone()),
            ApiErr::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "登录已失效，请重新登录".into()),
            ApiErr::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials", "用户名或密码错误".into()),
            ApiErr::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "无权进行此操作".into()),
            ApiErr::NotFound => (StatusCode::NOT_FOUND, "not_found", "工单不存在或不属于本单位".into()),
            ApiErr::Conflict { code, message } => (StatusCode::CONFLICT, code, message.clone()),
            ApiErr::Gone { code, message } => (StatusCode::GONE, code, message.clone()),
            ApiErr::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "请求内容过大（JSON 上限 1 MB，附件上限 20 MB）".into())
            }
            ApiErr::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "请求须为 JSON（Content-Type: application/json）".into())
            }
            ApiErr::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器内部错误，请稍后重试".into()),
        }
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        if let ApiErr::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, code, message) = self.parts();
        (status, Json(ApiError { code: code.into(), message })).into_response()
    }
}
