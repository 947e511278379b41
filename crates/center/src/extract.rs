//! Request extractors that turn every malformed input into an [`ApiErr`] with a clear message.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::ApiErr;

/// JSON body: not JSON at all is 400; JSON of the wrong shape (types, unknown fields, enum
/// values) 422 with the failing field in `detail`; size 413; wrong content type 415.
///
/// The body is parsed to a JSON value first and then into `T`, so the two kinds of error never
/// depend on how serde happens to report a nested failure.
pub struct ApiJson<T>(pub T);

fn is_json(req: &Request) -> bool {
    let Some(ct) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

pub fn body_error(rejection: BytesRejection) -> ApiErr {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiErr::PayloadTooLarge
    } else {
        ApiErr::BadRequest("无法读取请求体".into())
    }
}

/// Decodes a JSON body into `T` with the rules of [`ApiJson`].
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiErr> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| ApiErr::BadRequest("请求体不是有效的 JSON".into()))?;
    whole_numbers(&mut value);
    serde_json::from_value(value).map_err(|e| ApiErr::InvalidBody { detail: e.to_string() })
}

/// JSON (and JSON Schema's `integer`) does not tell `3` from `3.0`; serde does. A number
/// without a fraction is made an integer, so `"id": 3.0` means what `"id": 3` means.
fn whole_numbers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15) {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiErr;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&req) {
            return Err(ApiErr::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        decode_json(&bytes).map(ApiJson)
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
        axum::extract::Query::<T>::from_request_parts(parts, state).await.map(|q| ApiQuery(q.0)).map_err(|e: QueryRejection| {
            tracing::debug!(error = %e.body_text(), "query refused");
            ApiErr::BadRequest("查询参数有误".into())
        })
    }
}

/// One path parameter as text; a segment that is not valid UTF-8 is 400 in the one shape.
pub struct ApiPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ApiPath {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|_| ApiErr::BadRequest("请求路径无效".into()))
    }
}

/// A positive id in the path: anything else names a resource that cannot exist.
pub fn path_id(raw: &str, missing: ApiErr) -> Result<i64, ApiErr> {
    raw.parse::<i64>().ok().filter(|id| *id >= 1).ok_or(missing)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_whole_number_written_with_a_fraction_is_read_exactly() {
        // Near 2^52 a float's step is 0.5; a parser off by one step reads 3686385299159786.0 as
        // …785.5, a fraction, and refused an id the schema allows.
        let v: serde_json::Value = super::decode_json(b"{\"id\": 3686385299159786.0}").unwrap();
        assert_eq!(v["id"], serde_json::json!(3686385299159786_i64));
    }
}
