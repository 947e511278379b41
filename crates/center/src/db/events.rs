//! Table `slip_events`: each slip's history — dispatch, the department's actions and the
//! center's decisions — with who did it and when.

use std::collections::HashMap;

use chengban_protocol::{EventBody, Role, Slip, SlipEvent};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE slip_events (
    id      INTEGER PRIMARY KEY,
    slip_id INTEGER NOT NULL REFERENCES slips(id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    role    TEXT NOT NULL,
    body    TEXT NOT NULL
);
CREATE INDEX slip_events_slip ON slip_events (slip_id, id);";

pub fn insert(conn: &Connection, slip_id: i64, at: DateTime<Utc>, actor: &str, role: Role, body: &EventBody) -> rusqlite::Result<i64> {
    let json = serde_json::to_string(body).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached("INSERT INTO slip_events (slip_id, at, actor, role, body) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![
        slip_id,
        ts(at),
        actor,
        role.as_str(),
        json
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Fills in the history of each slip with one query.
pub fn attach(conn: &Connection, slips: &mut [Slip]) -> rusqlite::Result<()> {
    if slips.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = slips.iter().map(|s| s.id.to_string()).collect();
    // Ids are integers from our own rows, not input: safe to inline.
    let sql = format!("SELECT id, slip_id, at, actor, role, body FROM slip_events WHERE slip_id IN ({}) ORDER BY id", ids.join(","));
    let mut stmt = conn.prepare(&sql)?;
    let mut by_slip: HashMap<i64, Vec<SlipEvent>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(4)?;
        let body: String = r.get(5)?;
        let body: EventBody = serde_json::from_str(&body)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e)))?;
        Ok((
            r.get::<_, i64>(1)?,
            SlipEvent {
                id: r.get(0)?,
                at: parse_ts(&r.get::<_, String>(2)?)?,
                actor: r.get(3)?,
                role: Role::parse(&role).unwrap_or(Role::Handler),
                body,
            },
        ))
    })?;
    for row in rows {
        let (slip_id, event) = row?;
        by_slip.entry(slip_id).or_default().push(event);
    }
    for s in slips.iter_mut() {
        s.history = by_slip.remove(&s.id).unwrap_or_default();
    }
    Ok(())
}
