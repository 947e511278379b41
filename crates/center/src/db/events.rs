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

/// Statement shapes for [`attach`]: the fewest ids a query asks for at once (unused places
/// hold -1, which no slip has), so a few prepared statements serve every page.
const SHAPES: [usize; 3] = [1, 16, 250];

/// Fills in the history of each slip, a query per up to 250 slips.
pub fn attach(conn: &mut dyn Conn, slips: &mut [Slip]) -> sql::Result<()> {
    let mut by_slip: HashMap<i64, Vec<SlipEvent>> = HashMap::new();
    let largest = SHAPES[SHAPES.len() - 1];
    for chunk in slips.chunks(largest) {
        let shape = SHAPES.iter().copied().find(|&n| n >= chunk.len()).unwrap_or(largest);
        let ids: Vec<i64> = chunk.iter().map(|s| s.id).chain(std::iter::repeat(-1)).take(shape).collect();
        let places: Vec<String> = (1..=shape).map(|i| format!("?{i}")).collect();
        let sql =
            format!("SELECT id, slip_id, at, actor, role, body FROM slip_events WHERE slip_id IN ({}) ORDER BY id", places.join(", "));
        let bound: Vec<&dyn sql::Param> = ids.iter().map(|id| id as &dyn sql::Param).collect();
        let rows = conn.query_map(&sql, &bound, event_row)?;
        for (slip_id, event) in rows {
            by_slip.entry(slip_id).or_default().push(event);
        }
    }
    for s in slips.iter_mut() {
        s.history = by_slip.remove(&s.id).unwrap_or_default();
    }
    Ok(())
}

fn event_row(r: &sql::Row) -> sql::Result<(i64, SlipEvent)> {
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
}
