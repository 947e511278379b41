//! Table `slip_rates`: what the 考核 rates need of each cached slip
//! ([`chengban_protocol::rates::RateFacts`]), written with the slip on every upsert, and the
//! span of time it can count in ([`RateFacts::span`]), indexed so that a month's rates read only
//! the slips that overlap it instead of every cached slip's history.

use chengban_protocol::rates::{Period, RateFacts};
use chengban_protocol::Slip;
use rusqlite::{params, Connection};

use super::ts;

/// A slip still owed has no end to its span; kept as this far date so one index range finds it.
const OPEN_END: &str = "9999-12-31T00:00:00.000Z";

/// Slips cached before this table came get an empty row, filled by [`backfill`] (which needs the
/// slip's history, so Rust, not SQL) in the background after a sync, and before the rates are
/// next read.
pub const MIGRATION: &str = "
CREATE TABLE slip_rates (
    id         INTEGER PRIMARY KEY,
    facts      TEXT,
    span_from  TEXT,
    span_until TEXT
);
CREATE INDEX slip_rates_until ON slip_rates (span_until, span_from);
CREATE INDEX slip_rates_missing ON slip_rates (id) WHERE facts IS NULL;
INSERT INTO slip_rates (id) SELECT id FROM slips;";

fn to_sql_err(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}

fn from_sql_err(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

/// Writes the slip's facts and span.
pub fn put(conn: &Connection, slip: &Slip) -> rusqlite::Result<()> {
    let facts = RateFacts::of(slip);
    let (from, until) = facts.span();
    let json = serde_json::to_string(&facts).map_err(to_sql_err)?;
    conn.prepare_cached("INSERT OR REPLACE INTO slip_rates (id, facts, span_from, span_until) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![slip.id, json, ts(from), until.map(ts).unwrap_or_else(|| OPEN_END.to_string())])?;
    Ok(())
}

/// Leaves the slip's facts to [`backfill`] (a first fill, where the inbox comes first).
pub fn later(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO slip_rates (id) VALUES (?1)")?.execute([id])?;
    Ok(())
}

/// Fills the rows left empty (slips cached before the table, or by a first fill), up to
/// `limit`; how many it filled.
pub fn backfill(conn: &Connection, limit: u32) -> rusqlite::Result<usize> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM slip_rates WHERE facts IS NULL LIMIT ?1")?
        .query_map([limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &id in &ids {
        match super::slips::load(conn, id)? {
            Some(slip) => put(conn, &slip)?,
            None => {
                conn.execute("DELETE FROM slip_rates WHERE id = ?1", [id])?;
            }
        }
    }
    Ok(ids.len())
}

/// The facts of every slip that can count in `period`.
pub fn overlapping(conn: &Connection, period: Period) -> rusqlite::Result<Vec<RateFacts>> {
    let mut stmt = conn.prepare_cached("SELECT facts FROM slip_rates WHERE span_until >= ?1 AND span_from < ?2 AND facts IS NOT NULL")?;
    let rows = stmt.query_map([ts(period.start), ts(period.end)], |r| r.get::<_, String>(0))?;
    rows.map(|json| serde_json::from_str(&json?).map_err(from_sql_err)).collect()
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM slip_rates", [])?;
    Ok(())
}
