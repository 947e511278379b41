//! Table `sync_state`: the pull cursor and what the user should know about the connection
//! (last success, offline since, the center's clock offset). The cursor only ever changes in
//! the same transaction as the page it belongs to.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    cursor          TEXT,
    last_synced_at  TEXT,
    offline_since   TEXT,
    clock_offset_ms INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (id) VALUES (1);";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    pub cursor: Option<String>,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub offline_since: Option<DateTime<Utc>>,
    pub clock_offset_ms: i64,
}

fn opt_ts(s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.map(|s| parse_ts(&s)).transpose()
}

pub fn get(conn: &Connection) -> rusqlite::Result<SyncState> {
    conn.query_row("SELECT cursor, last_synced_at, offline_since, clock_offset_ms FROM sync_state WHERE id = 1", [], |r| {
        Ok(SyncState {
            cursor: r.get(0)?,
            last_synced_at: opt_ts(r.get(1)?)?,
            offline_since: opt_ts(r.get(2)?)?,
            clock_offset_ms: r.get(3)?,
        })
    })
    .optional()
    .map(Option::unwrap_or_default)
}

pub fn set_cursor(conn: &Connection, cursor: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE sync_state SET cursor = ?1 WHERE id = 1", [cursor])?;
    Ok(())
}

/// A pull succeeded: online again.
pub fn mark_synced(conn: &Connection, at: DateTime<Utc>, clock_offset_ms: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sync_state SET last_synced_at = ?1, offline_since = NULL, clock_offset_ms = ?2 WHERE id = 1",
        params![ts(at), clock_offset_ms],
    )?;
    Ok(())
}

/// The center is unreachable; keeps the first moment it was.
pub fn mark_offline(conn: &Connection, since: DateTime<Utc>) -> rusqlite::Result<()> {
    conn.execute("UPDATE sync_state SET offline_since = COALESCE(offline_since, ?1) WHERE id = 1", [ts(since)])?;
    Ok(())
}

/// Forget everything pulled (another account logged in on this PC).
pub fn reset(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("UPDATE sync_state SET cursor = NULL, last_synced_at = NULL, offline_since = NULL WHERE id = 1", [])?;
    Ok(())
}
