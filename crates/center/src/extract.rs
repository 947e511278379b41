//! Request extractors that turn every malformed input into an [`ApiErr`] with a clear message.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::ApiErr;

/// JSON body: syntax errors are 400, wrong types and unknown fields 422, size 413, wrong
/// content type 415.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiErr;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(match rejection {
                JsonRejection::JsonSyntaxError(_) => ApiErr::BadRequest("请求体不是有效的 JSON".into()),
                JsonRejection::JsonDataError(e) => ApiErr::Unprocessable(format!("请求内容不符合接口要求：{}", e.body_text())),
                JsonRejection::MissingJsonContentType(_) => ApiErr::UnsupportedMediaType,
                other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiErr::PayloadTooLarge,
                other => ApiErr::BadRequest(format!("无法读取请求体：{}", other.body_text())),
            }),
        }
    }
}

pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e: QueryRejection| ApiErr::BadRequest(format!("查询参数有误：{}", e.body_text())))
    }
}
