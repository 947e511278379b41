//! A real center on a local address, over its own SQLite file, with the demo's departments,
//! users and slips when asked.

use std::net::SocketAddr;
use std::path::Path;

use chengban_center::calendar::Calendar;
use chengban_center::db::sql::params;
use chengban_center::db::ConnExt;
use chengban_center::{demo, Config, Running};

use crate::{e, Result};

/// Any free port on 127.0.0.1.
pub fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A center on `addr` over the database `db`, with the demo seeded when `seed`.
pub async fn start(db: &Path, addr: SocketAddr, seed: bool) -> Result<Running> {
    let running = chengban_center::start(Config { db_path: db.into(), addr, calendar: Calendar::builtin() }).await.map_err(e)?;
    if seed {
        running.state.db.with_writer(|c| demo::seed(c, &Calendar::builtin(), chrono::Utc::now()).map_err(e)).map_err(e)??;
    }
    Ok(running)
}

/// The id of the demo department `code` (e.g. `tiexi`, `renshe`), read from the database.
pub fn department_id(center: &Running, code: &str) -> Result<i64> {
    let code = code.to_string();
    center
        .state
        .db
        .with_writer(move |c| c.query_row("SELECT id FROM departments WHERE code = ?1", params![code], |r| r.get::<i64>(0)).map_err(e))
        .map_err(e)?
}

/// Adds `n` generated slips (1–2 KB of Chinese text each) for the department `id`.
pub fn generate(center: &Running, department_id: i64, n: usize) -> Result<()> {
    center
        .state
        .db
        .with_writer(move |c| demo::generate(c, &Calendar::builtin(), department_id, n, chrono::Utc::now()).map(|_| ()).map_err(e))
        .map_err(e)?
}
