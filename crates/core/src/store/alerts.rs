//! Tables `alerts` and `settings`. `alerts` records each (slip, key) said or to be said, so a
//! threshold, a new slip or a center event is notified at most once — across restarts too.
//! Keys: `new`, `unack`, `left:<minutes>@<due_at>` (a new deadline gets fresh keys),
//! `event:<id>`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::ts;
use crate::alerts::rules::AlertSettings;

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

const SETTINGS_KEY: &str = "alerts";

pub fn settings(conn: &Connection) -> rusqlite::Result<AlertSettings> {
    let value: Option<String> = conn.query_row("SELECT value FROM settings WHERE key = ?1", [SETTINGS_KEY], |r| r.get(0)).optional()?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

pub fn set_settings(conn: &Connection, s: &AlertSettings) -> rusqlite::Result<()> {
    let json = serde_json::to_string(s).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![SETTINGS_KEY, json],
    )?;
    Ok(())
}
