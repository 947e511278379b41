//! Table `slip_rates`: what the 考核 rates need of each slip
//! ([`chengban_protocol::rates::RateFacts`]) with the span of time it can count in, written
//! whenever the slip or its history changes, so the operator's ranking of every department reads
//! only the facts that overlap the month (from the covering index, as compact bytes,
//! [`rates_codec`]) instead of every slip's history. A department's own
//! `GET /v1/stats` still counts from the slips themselves.

use super::sql::{self, params, Conn, ConnExt};
use chengban_protocol::rates::{Period, RateFacts};
use chengban_protocol::rates_codec;
use chengban_protocol::Slip;

/// Slips stored before the table get an empty row, filled at start by [`backfill`].
pub const MIGRATION: &str = "
CREATE TABLE slip_rates (
    slip_id       INTEGER PRIMARY KEY REFERENCES slips(id),
    department_id INTEGER NOT NULL,
    facts         BLOB,
    span_from     TEXT,
    span_until    TEXT
);
CREATE INDEX slip_rates_until ON slip_rates (span_until, span_from, department_id, facts);
CREATE INDEX slip_rates_missing ON slip_rates (slip_id) WHERE facts IS NULL;
INSERT INTO slip_rates (slip_id, department_id) SELECT id, department_id FROM slips;";

/// Writes the slip's facts and span (the slip with its whole history).
pub fn put(conn: &mut dyn Conn, slip: &Slip) -> sql::Result<()> {
    let facts = RateFacts::of(slip);
    let (from, until) = rates_codec::span_keys(&facts);
    let bytes = rates_codec::encode(&facts);
    conn.execute(
        "INSERT INTO slip_rates (slip_id, department_id, facts, span_from, span_until) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (slip_id) DO UPDATE SET department_id = excluded.department_id, facts = excluded.facts,
             span_from = excluded.span_from, span_until = excluded.span_until",
        params![slip.id, slip.department_id, bytes, from, until],
    )?;
    Ok(())
}

/// Fills the rows of slips stored before the table; how many it filled.
pub fn backfill(conn: &mut dyn Conn) -> sql::Result<usize> {
    let mut total = 0;
    loop {
        let mut tx = conn.transaction()?;
        let ids: Vec<i64> = tx.query_map("SELECT slip_id FROM slip_rates WHERE facts IS NULL LIMIT 1000", &[], |r| r.get(0))?;
        if ids.is_empty() {
            return Ok(total);
        }
        for &id in &ids {
            if let Some(slip) = super::slips::get(&mut tx, id)? {
                put(&mut tx, &slip)?;
            }
        }
        tx.commit()?;
        total += ids.len();
    }
}

/// The facts of every slip that can count in `period`, with its department.
pub fn overlapping(conn: &mut dyn Conn, period: Period) -> sql::Result<Vec<(i64, RateFacts)>> {
    let (start, end) = rates_codec::period_keys(period);
    let sql = "SELECT department_id, facts FROM slip_rates WHERE span_until >= ?1 AND span_from < ?2 AND facts IS NOT NULL";
    conn.query_map(sql, params![start, end], |row| {
        let facts = rates_codec::decode(row.blob(1)?).ok_or_else(|| sql::conversion(1, "rate facts of another format"))?;
        Ok((row.get(0)?, facts))
    })
}
