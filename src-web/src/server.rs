//! The desk on 127.0.0.1: `POST /api/call/{name}` runs a command of the core's one list
//! ([`commands::call`], as the Tauri shell does) with the JSON body as its arguments, answering
//! its JSON or its `{code, message}`; `GET /api/events` streams the core's events; everything
//! else is the built UI. Every request first passes [`guard`].
//!
//! Only the person at this PC may use it: the socket is bound to loopback; a `Host` other than
//! this desk's address is refused (no DNS rebinding), as is an `Origin` or a cross-site fetch
//! from any other page; and the API needs this launch's secret in `X-Chengban-Secret`.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chengban_core::commands::{self, Command, IpcError};
use chengban_core::Desk;
use tokio::sync::broadcast::error::RecvError;
use tokio_stream::Stream;
use tokio_util::sync::CancellationToken;

use crate::events::Events;
use crate::instance::Secret;
use crate::shell::WebShell;

/// The header that carries the launch's secret.
pub const SECRET_HEADER: &str = "x-chengban-secret";

pub struct AppState {
    pub desk: Arc<Desk>,
    pub events: Events,
    pub secret: Secret,
    pub port: u16,
    /// Quitting: the event streams end, so the server's graceful shutdown is not held open by
    /// a page that stays open.
    pub quit: CancellationToken,
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/call/{name}", post(call))
        .route("/api/events", get(events))
        .fallback(get(crate::assets::serve))
        // An attachment comes as base64: a third more than the largest file allowed.
        .layer(DefaultBodyLimit::max(chengban_core::desk::MAX_ATTACHMENT / 3 * 4 + 64 * 1024))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

fn refuse(status: StatusCode, error: IpcError) -> Response {
    (status, Json(error)).into_response()
}

fn forbidden() -> Response {
    refuse(
        StatusCode::FORBIDDEN,
        IpcError { code: commands::ErrorCode::Unauthorized, message: "拒绝访问：只能在本机的承办台页面中使用".into() },
    )
}

/// The `Host` and `Origin` this desk answers: its own address, by IP or as `localhost`.
fn own_host(state: &AppState, host: &str) -> bool {
    host == format!("127.0.0.1:{}", state.port) || host == format!("localhost:{}", state.port)
}

async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let text = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"));
    if !text(header::HOST).is_some_and(|h| own_host(&state, h)) {
        return forbidden();
    }
    if let Some(origin) = text(header::ORIGIN) {
        if !origin.strip_prefix("http://").is_some_and(|h| own_host(&state, h)) {
            return forbidden();
        }
    }
    if headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site") {
        return forbidden();
    }
    let api = request.uri().path().starts_with("/api/");
    if api && !headers.get(SECRET_HEADER).is_some_and(|v| state.secret.matches(v.as_bytes())) {
        return refuse(StatusCode::UNAUTHORIZED, IpcError::unauthorized());
    }
    let mut response = next.run(request).await;
    let out = response.headers_mut();
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    out.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if api {
        out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn call(State(state): State<Arc<AppState>>, Path(name): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    if !Command::NAMES.contains(&name.as_str()) {
        return refuse(StatusCode::NOT_FOUND, IpcError::bad_arguments(&name));
    }
    let json = headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let args = match body.is_empty() {
        true => serde_json::Value::Null,
        // Only JSON: a form another page could post without asking is not an argument.
        false if !json => return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, IpcError::bad_arguments(&name)),
        false => match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => return refuse(StatusCode::BAD_REQUEST, IpcError::bad_arguments(&name)),
        },
    };
    match commands::call(&state.desk, &WebShell, &name, args).await {
        Ok(answer) => Json(answer).into_response(),
        Err(e) => refuse(StatusCode::UNPROCESSABLE_ENTITY, e),
    }
}

/// The core's events until the page goes or the desk quits; a page that fell behind skips what
/// it missed (it re-queries on the next event).
async fn events(State(state): State<Arc<AppState>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let start = (state.events.subscribe(), state.quit.clone());
    let stream = futures_util::stream::unfold(start, |(mut rx, quit)| async move {
        loop {
            let next = tokio::select! {
                _ = quit.cancelled() => return None,
                next = rx.recv() => next,
            };
            match next {
                Ok((name, payload)) => return Some((Ok(Event::default().event(name).data(payload)), (rx, quit))),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
