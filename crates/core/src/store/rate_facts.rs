//! Table `slip_rates`: what the 考核 rates need of each cached slip
//! ([`chengban_protocol::rates::RateFacts`]), written with the slip on every upsert, and the
//! span of time it can count in ([`RateFacts::span`]), indexed (the facts in the index too, as
//! compact bytes, [`rates_codec`]) so that a month's rates read only the slips that overlap it,
//! in index order, instead of every cached slip's history.

use chengban_protocol::rates::{Period, RateFacts};
use chengban_protocol::rates_codec;
use chengban_protocol::Slip;
use rusqlite::{params, Connection};

/// Slips cached before this table came get an empty row, filled by [`backfill`] (which needs the
/// slip's history, so Rust, not SQL) in the background after a sync, and before the rates are
/// next read.
pub const MIGRATION: &str = "
CREATE TABLE slip_rates (
    id         INTEGER PRIMARY KEY,
    facts      BLOB,
    span_from  TEXT,
    span_until TEXT
);
CREATE INDEX slip_rates_until ON slip_rates (span_until, span_from, facts);
CREATE INDEX slip_rates_missing ON slip_rates (id) WHERE facts IS NULL;
INSERT INTO slip_rates (id) SELECT id FROM slips;";

/// Writes the slip's facts and span.
pub fn put(conn: &Connection, slip: &Slip) -> rusqlite::Result<()> {
    let facts = RateFacts::of(slip);
    let (from, until) = rates_codec::span_keys(&facts);
    let bytes = rates_codec::encode(&facts);
    conn.prepare_cached("INSERT OR REPLACE INTO slip_rates (id, facts, span_from, span_until) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![slip.id, bytes, from, until])?;
    Ok(())
}

/// The slips whose facts are still missing, at most `limit`: slips cached before the table (an
/// empty row), and slips of a first fill the background has not reached yet (still waiting in
/// `fts_pending`, which writes their facts with their search entry).
pub fn missing(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT id FROM slip_rates WHERE facts IS NULL
         UNION ALL SELECT p.id FROM fts_pending p WHERE NOT EXISTS (SELECT 1 FROM slip_rates r WHERE r.id = p.id)
         LIMIT ?1",
    )?
    .query_map([limit], |r| r.get(0))?
    .collect()
}

/// Writes the facts of the slips `ids`.
pub fn fill(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    for &id in ids {
        match super::slips::load(conn, id)? {
            Some(slip) => put(conn, &slip)?,
            None => {
                conn.execute("DELETE FROM slip_rates WHERE id = ?1", [id])?;
            }
        }
    }
    Ok(())
}

/// Writes up to `limit` of the missing facts ([`missing`]); how many.
pub fn backfill(conn: &Connection, limit: u32) -> rusqlite::Result<usize> {
    let ids = missing(conn, limit)?;
    fill(conn, &ids)?;
    Ok(ids.len())
}

/// The facts of every slip that can count in `period` (read from the covering index alone).
pub fn overlapping(conn: &Connection, period: Period) -> rusqlite::Result<Vec<RateFacts>> {
    let mut stmt = conn.prepare_cached("SELECT facts FROM slip_rates WHERE span_until >= ?1 AND span_from < ?2 AND facts IS NOT NULL")?;
    let (start, end) = rates_codec::period_keys(period);
    let mut rows = stmt.query([start, end])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let bytes = row.get_ref(0)?.as_blob()?;
        let facts = rates_codec::decode(bytes).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Blob, "rate facts of another format".into())
        })?;
        out.push(facts);
    }
    Ok(out)
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM slip_rates", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::{slips, Store};

    #[test]
    fn a_first_fills_slips_get_their_facts_before_the_rates_are_read() {
        let store = Store::open_in_memory().unwrap();
        store.write_blocking(|c| Ok(slips::upsert_with(c, &chengban_testkit::slip(1), false)?)).unwrap();
        let ever = chengban_protocol::rates::Period {
            start: chrono::DateTime::UNIX_EPOCH,
            end: chengban_protocol::rates::Period::month(2100, 1).unwrap().end,
        };
        assert!(store.read_blocking(|c| Ok(super::overlapping(c, ever)?)).unwrap().is_empty(), "left to the background");
        assert_eq!(store.write_blocking(|c| Ok(super::backfill(c, 10)?)).unwrap(), 1);
        assert_eq!(store.read_blocking(|c| Ok(super::overlapping(c, ever)?)).unwrap().len(), 1);
        assert_eq!(store.write_blocking(|c| Ok(super::backfill(c, 10)?)).unwrap(), 0, "once");
    }
}
