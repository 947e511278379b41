//! `GET /v1/health`: for a load balancer in front of several center processes, and for
//! monitoring. No token; answers 200 only when a query on the database succeeds.

use axum::extract::State;
use axum::Json;
use chengban_protocol::Health;

use crate::db::ConnExt;
use crate::error::ApiErr;
use crate::AppState;

pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiErr> {
    let database = if state.db.is_postgres() { "postgresql" } else { "sqlite" };
    // Whatever keeps the query from answering makes this process unhealthy.
    let answered = state.db.read(|c| Ok(c.query_row("SELECT 1", &[], |r| r.get::<i64>(0))?)).await;
    answered.map_err(|e| ApiErr::Unavailable(e.to_string()))?;
    Ok(Json(Health { status: "ok".into(), database: database.into(), version: env!("CARGO_PKG_VERSION").into() }))
}
