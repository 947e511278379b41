//! Table `reveals`: each time a clerk revealed a citizen's contact, kept until the center has
//! recorded it in its audit log — delivered like an action, so an offline reveal is audited too,
//! once (the center keeps one record per account and report id).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE reveals (
    id       TEXT PRIMARY KEY,
    slip_id  INTEGER NOT NULL,
    at       TEXT NOT NULL,
    username TEXT NOT NULL
);";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    pub id: String,
    pub slip_id: i64,
    pub at: DateTime<Utc>,
}

pub fn record(conn: &Connection, id: &str, slip_id: i64, at: DateTime<Utc>, username: &str) -> rusqlite::Result<()> {
    conn.execute("INSERT INTO reveals (id, slip_id, at, username) VALUES (?1, ?2, ?3, ?4)", params![id, slip_id, ts(at), username])?;
    Ok(())
}

/// `username`'s reveals not yet recorded by the center, oldest first (another account's wait for
/// that account's next login: the center records who revealed by the token delivering it).
pub fn pending(conn: &Connection, username: &str) -> rusqlite::Result<Vec<Reveal>> {
    let mut stmt = conn.prepare_cached("SELECT id, slip_id, at FROM reveals WHERE username = ?1 ORDER BY at, id")?;
    let rows = stmt.query_map([username], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?)))?;
    rows.map(|r| r.and_then(|(id, slip_id, at)| Ok(Reveal { id, slip_id, at: parse_ts(&at)? }))).collect()
}

pub fn delivered(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM reveals WHERE id = ?1", [id])?;
    Ok(())
}
