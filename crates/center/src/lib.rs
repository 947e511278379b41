//! `chengban-center`: the department API server of the 12345 hotline.
//!
//! It owns slips, departments, users and deadlines; desktops pull their department's slips from
//! it and (later) push their actions to it. Tests and the demo start it in-process with
//! [`start`] on `127.0.0.1:0`; the binary wraps the same function.

pub mod auth;
pub mod calendar;
pub mod changes;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod flow;
pub mod policy;
pub mod routes;
pub mod throttle;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chengban_protocol::{OPENAPI_JSON, SERVER_TIME_HEADER};
use chrono::{DateTime, Utc};
use tokio::sync::{broadcast, oneshot};

use crate::auth::Security;
use crate::calendar::Calendar;
use crate::db::Db;
use crate::error::ApiErr;
use crate::throttle::Throttle;

/// JSON bodies larger than this are refused with 413; attachments will have their own route.
pub const MAX_JSON_BODY: usize = 1024 * 1024;

pub use changes::Change;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub calendar: Arc<Calendar>,
    /// Tells the live event streams which department's slips changed.
    pub changes: Arc<changes::Changes>,
    /// Ends the live event streams when the server stops (they would hold graceful shutdown
    /// open forever).
    pub closing: broadcast::Sender<()>,
    /// This database's random id; part of every cursor.
    pub instance: Arc<str>,
    pub security: Arc<Security>,
    pub throttle: Arc<Throttle>,
    /// On PostgreSQL, hears the changes every process commits and tells `changes`.
    listener: Option<Arc<db::postgres_changes::Listener>>,
}

/// The center's clock.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        now()
    }

    /// Tells the live event streams that a department's slips changed: this process's
    /// directly on SQLite; every process's through the database on PostgreSQL (this one hears
    /// it back from its listener).
    pub fn notify_change(&self, department_id: i64, seq: i64) {
        if self.listener.is_none() {
            self.changes.send(Change { department_id, seq });
            return;
        }
        let db = self.db.clone();
        tokio::spawn(async move {
            if let Err(e) = db.read(move |c| Ok(db::postgres_changes::notify(c, department_id, seq)?)).await {
                tracing::warn!(error = %e, "a change could not be told to the other processes");
            }
        });
    }

    /// The same state with other token lifetimes, login throttling or proxy trust.
    pub fn with_security(mut self, security: Security) -> Self {
        self.throttle = Arc::new(Throttle::new(security.throttle));
        self.security = Arc::new(security);
        self
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/login", post(routes::auth::login))
        .route("/v1/logout", post(routes::auth::logout))
        .route("/v1/me", get(routes::auth::me))
        .route("/v1/changes", get(routes::slips::changes))
        .route("/v1/slips/{id}", get(routes::slips::get_slip))
        .route("/v1/slips/{id}/reveals", post(routes::admin::reveal))
        .route("/v1/operator/audit", get(routes::admin::audit_log))
        .route("/v1/operator/users/{username}", axum::routing::patch(routes::admin::update_user))
        .route("/v1/operator/departments", get(routes::operator::list_departments))
        .route("/v1/operator/slips", post(routes::operator::dispatch))
        .route("/v1/operator/slips/{id}/decisions", post(routes::operator::decide))
        .route("/v1/push", post(routes::push::push))
        .route("/v1/events", get(routes::events::stream))
        .route("/v1/stats", get(routes::stats::stats))
        .route("/v1/department/users", get(routes::department::users))
        .route("/v1/department/library", get(routes::library::get))
        .route("/v1/department/templates", post(routes::library::create_template))
        .route(
            "/v1/department/templates/{id}",
            axum::routing::put(routes::library::update_template).delete(routes::library::delete_template),
        )
        .route("/v1/department/policies", post(routes::library::create_policy))
        .route("/v1/department/policies/{id}", axum::routing::put(routes::library::update_policy).delete(routes::library::delete_policy))
        .route("/v1/operator/ranking", get(routes::stats::ranking))
        .route(
            "/v1/attachments/{sha256}",
            axum::routing::put(routes::attachments::put)
                .head(routes::attachments::head)
                .get(routes::attachments::get)
                .layer(DefaultBodyLimit::max(chengban_protocol::MAX_ATTACHMENT_BYTES)),
        )
        .route("/v1/health", get(routes::health::health))
        .route("/openapi.json", get(openapi))
        .fallback(|| async { ApiErr::Missing("接口不存在") })
        .method_not_allowed_fallback(|| async { ApiErr::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(axum::middleware::map_response(error::json_errors))
        .layer(axum::middleware::from_fn(stamp_headers))
        .with_state(state)
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

/// Every response: the server's time, `nosniff`; and `no-store` on all but the public API
/// document (answers carry citizens' data and tokens, and must not stay in caches).
async fn stamp_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let public = req.uri().path() == "/openapi.json";
    let mut res = next.run(req).await;
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&now) {
        headers.insert(SERVER_TIME_HEADER, v);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !public {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[derive(Debug, Clone)]
pub struct Config {
    pub db_path: PathBuf,
    pub addr: SocketAddr,
    pub calendar: Calendar,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Db(#[from] db::DbError),
    #[error("cannot listen: {0}")]
    Bind(#[from] std::io::Error),
}

/// A server running on the current tokio runtime; dropping it shuts the server down.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn stop(mut self) {
        let _ = self.state.closing.send(());
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.state.closing.send(());
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

pub fn open_state(db_path: &std::path::Path, calendar: Calendar) -> Result<AppState, db::DbError> {
    let db = Db::connect(&db::Location::parse(db_path))?;
    let instance: String = db.with_writer(|c| db::meta::instance(c)).map_err(|e| db::sql::SqlError::Connection(e.to_string()))??;
    let changes = Arc::new(changes::Changes::default());
    let (closing, _) = broadcast::channel(1);
    let listener = match db.postgres_url() {
        Some(url) => {
            let heard = changes.clone();
            let listening = db::postgres_changes::listen(url, move |department_id, seq| {
                heard.send(Change { department_id, seq });
            });
            Some(Arc::new(listening.map_err(|e| db::sql::SqlError::Connection(e.to_string()))?))
        }
        None => None,
    };
    let security = Security::default();
    Ok(AppState {
        db,
        calendar: Arc::new(calendar),
        changes,
        closing,
        instance: instance.into(),
        throttle: Arc::new(Throttle::new(security.throttle)),
        security: Arc::new(security),
        listener,
    })
}

pub async fn start(config: Config) -> Result<Running, StartError> {
    let state = open_state(&config.db_path, config.calendar)?;
    start_with_state(state, config.addr).await
}

pub async fn start_with_state(state: AppState, addr: SocketAddr) -> Result<Running, StartError> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = served.await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Running { addr, state, shutdown: Some(tx), task: Some(task) })
}
