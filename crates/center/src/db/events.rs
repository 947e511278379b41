//! Table `slip_events`: each slip's history — dispatch, the department's actions and the
//! center's decisions — with who did it and when.

use std::collections::HashMap;

use super::sql::{self, params, Conn, ConnExt};
use chengban_protocol::{EventBody, Role, Slip, SlipEvent};
use chrono::{DateTime, Utc};

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

pub fn insert(conn: &mut dyn Conn, slip_id: i64, at: DateTime<Utc>, actor: &str, role: Role, body: &EventBody) -> sql::Result<i64> {
    let json = serde_json::to_string(body).map_err(|e| sql::conversion(5, e.to_string()))?;
    conn.query_row(
        "INSERT INTO slip_events (slip_id, at, actor, role, body) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![slip_id, ts(at), actor, role.as_str(), json],
        |r| r.get(0),
    )
}

/// Fills in the history of each slip with one query.
pub fn attach(conn: &mut dyn Conn, slips: &mut [Slip]) -> sql::Result<()> {
    if slips.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = slips.iter().map(|s| s.id.to_string()).collect();
    // Ids are integers from our own rows, not input: safe to inline.
    let sql = format!("SELECT id, slip_id, at, actor, role, body FROM slip_events WHERE slip_id IN ({}) ORDER BY id", ids.join(","));
    let mut by_slip: HashMap<i64, Vec<SlipEvent>> = HashMap::new();
    let rows = conn.query_map(&sql, &[], |r| {
        let role: String = r.get(4)?;
        let body: String = r.get(5)?;
        let body: EventBody = serde_json::from_str(&body).map_err(|e| sql::conversion(5, e.to_string()))?;
        Ok((
            r.get::<i64>(1)?,
            SlipEvent {
                id: r.get(0)?,
                at: parse_ts(&r.get::<String>(2)?)?,
                actor: r.get(3)?,
                role: Role::parse(&role).unwrap_or(Role::Handler),
                body,
            },
        ))
    })?;
    for row in rows {
        let (slip_id, event) = row;
        by_slip.entry(slip_id).or_default().push(event);
    }
    for s in slips.iter_mut() {
        s.history = by_slip.remove(&s.id).unwrap_or_default();
    }
    Ok(())
}
