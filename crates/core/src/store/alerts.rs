//! Table `alerts` (and creates `settings`, see [`super::settings`]): each (slip, key) said or to
//! be said, so a threshold, a new slip or a center event is notified at most once — across
//! restarts too — and the queries that find what is due to be said.
//! Keys: `new`, `unack`, `left:<minutes>@<due_at>` (a new deadline gets fresh keys),
//! `event:<id>`.

use chengban_protocol::{SlipStatus, Tier};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE alerts (
    slip_id   INTEGER NOT NULL,
    key       TEXT NOT NULL,
    at        TEXT NOT NULL,
    delivered INTEGER NOT NULL,
    PRIMARY KEY (slip_id, key)
);
CREATE INDEX alerts_undelivered ON alerts (delivered) WHERE delivered = 0;
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX slips_tier_due ON slips (tier, local_status, due_at);";

/// The scheduler's unacknowledged-slip limits by dispatch time: without it each pass read every
/// unacknowledged slip (with `next_wake`, 121 ms a pass at 100,000 cached; `cargo xtask bench`).
pub const MIGRATION_UNACK_INDEX: &str = "
CREATE INDEX slips_tier_dispatched ON slips (tier, local_status, dispatched_at);";

/// Records a key; true when it is new (not said before).
pub fn record(conn: &Connection, slip_id: i64, key: &str, at: DateTime<Utc>, delivered: bool) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached("INSERT INTO alerts (slip_id, key, at, delivered) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")?
        .execute(params![slip_id, key, ts(at), delivered])?;
    Ok(n == 1)
}

pub fn exists(conn: &Connection, slip_id: i64, key: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM alerts WHERE slip_id = ?1 AND key = ?2")?
        .query_row(params![slip_id, key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Event alerts queued by a pull and not yet shown.
pub fn undelivered(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT slip_id, key FROM alerts WHERE delivered = 0 ORDER BY at, slip_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

pub fn mark_delivered(conn: &Connection, slip_id: i64, key: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE alerts SET delivered = 1 WHERE slip_id = ?1 AND key = ?2")?.execute(params![slip_id, key])?;
    Ok(())
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM alerts", [])?;
    Ok(())
}

/// A slip an alert may be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub slip_id: i64,
    pub number: String,
    pub title: String,
    /// As stored (the threshold's key names it, so a new deadline gets fresh keys).
    pub due_at: String,
}

fn candidate(r: &rusqlite::Row<'_>) -> rusqlite::Result<Candidate> {
    Ok(Candidate { slip_id: r.get(0)?, number: r.get(1)?, title: r.get(2)?, due_at: r.get(3)? })
}

/// Open slips of `tier` whose threshold `minutes` before `due_at` has fallen by `until` (and
/// after `after`, an RFC 3339 time or "0" for the whole past), not yet said.
pub fn thresholds_crossed(
    conn: &Connection,
    tier: Tier,
    minutes: u32,
    until: DateTime<Utc>,
    after: &str,
) -> rusqlite::Result<Vec<Candidate>> {
    let open = super::slips::open_sql();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, number, title, due_at FROM slips
         WHERE tier = ?1 AND local_status IN ({open}) AND due_at <= ?2 AND due_at > ?4
           AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.slip_id = slips.id AND a.key = 'left:' || ?3 || '@' || slips.due_at)"
    ))?;
    let rows = stmt.query_map(params![tier.as_str(), ts(until), minutes, after], candidate)?;
    rows.collect()
}

/// Slips of `tier` dispatched by `until` (and after `after`) and not yet acknowledged, not yet said.
pub fn unacknowledged(conn: &Connection, tier: Tier, until: DateTime<Utc>, after: &str) -> rusqlite::Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, number, title, due_at FROM slips
         WHERE tier = ?1 AND local_status = 'dispatched' AND dispatched_at <= ?2 AND dispatched_at > ?3
           AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.slip_id = slips.id AND a.key = 'unack')",
    )?;
    let rows = stmt.query_map(params![tier.as_str(), ts(until), after], candidate)?;
    rows.collect()
}

/// The soonest `due_at` after `after` among open slips of `tier`.
pub fn next_due(conn: &Connection, tier: Tier, after: DateTime<Utc>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let mut next = None;
    // One status at a time: a MIN under `IN (...)` reads the whole range, under `=` it is one
    // step down the index.
    for status in SlipStatus::OPEN {
        let min_due: Option<String> = conn
            .prepare_cached("SELECT MIN(due_at) FROM slips WHERE tier = ?1 AND local_status = ?2 AND due_at > ?3")?
            .query_row(params![tier.as_str(), status.as_str(), ts(after)], |r| r.get(0))?;
        if let Some(d) = min_due {
            let d = parse_ts(&d)?;
            next = Some(next.map_or(d, |n: DateTime<Utc>| n.min(d)));
        }
    }
    Ok(next)
}

/// The earliest dispatch after `after` of a slip of `tier` not yet acknowledged.
pub fn next_unacknowledged(conn: &Connection, tier: Tier, after: DateTime<Utc>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let min: Option<String> = conn
        .prepare_cached("SELECT MIN(dispatched_at) FROM slips WHERE tier = ?1 AND local_status = 'dispatched' AND dispatched_at > ?2")?
        .query_row(params![tier.as_str(), ts(after)], |r| r.get(0))?;
    min.map(|d| parse_ts(&d)).transpose()
}
