//! Tables `device`, `outbox` and `attachment_blobs`: the handler's actions waiting to reach the
//! center. An action is appended here in the same transaction that changes what the desk
//! shows, so a crash can neither lose it nor show it unsaved. Mutation ids count from 1 per
//! device; the center applies each exactly once.

use chengban_protocol::Action;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE device (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    device_id        TEXT NOT NULL,
    next_mutation_id INTEGER NOT NULL
);
CREATE TABLE outbox (
    mutation_id   INTEGER PRIMARY KEY,
    slip_id       INTEGER NOT NULL,
    action        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    actor         TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'rejected')),
    error_code    TEXT,
    error_message TEXT
);
CREATE INDEX outbox_slip ON outbox (slip_id, mutation_id);
CREATE INDEX outbox_state ON outbox (state, mutation_id);
CREATE TABLE attachment_blobs (
    sha256   TEXT PRIMARY KEY,
    data     BLOB NOT NULL,
    uploaded INTEGER NOT NULL DEFAULT 0
);";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not yet confirmed by the center.
    Pending,
    /// The center applied it; kept until a pull brings the slip's new state.
    Applied,
    /// The center refused it; kept and shown with the reason.
    Rejected,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Applied => "applied",
            State::Rejected => "rejected",
        }
    }
    fn parse(s: &str) -> State {
        match s {
            "applied" => State::Applied,
            "rejected" => State::Rejected,
            _ => State::Pending,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub mutation_id: i64,
    pub slip_id: i64,
    pub action: Action,
    pub created_at: DateTime<Utc>,
    pub actor: String,
    pub state: State,
    pub error: Option<(String, String)>,
}

fn random_id() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// This cache's device id, created on first use.
pub fn device_id(conn: &Connection) -> rusqlite::Result<String> {
    if let Some(id) = conn.query_row("SELECT device_id FROM device WHERE id = 1", [], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    let id = random_id();
    conn.execute("INSERT INTO device (id, device_id, next_mutation_id) VALUES (1, ?1, 1)", [&id])?;
    Ok(id)
}

/// A new device id for a new account on this PC; only when nothing is waiting.
pub fn reset_device(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM device", [])?;
    conn.execute("DELETE FROM outbox", [])?;
    Ok(())
}

pub fn append(conn: &Connection, slip_id: i64, action: &Action, created_at: DateTime<Utc>, actor: &str) -> rusqlite::Result<i64> {
    device_id(conn)?;
    let id: i64 =
        conn.query_row("UPDATE device SET next_mutation_id = next_mutation_id + 1 WHERE id = 1 RETURNING next_mutation_id - 1", [], |r| {
            r.get(0)
        })?;
    let json = serde_json::to_string(action).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT INTO outbox (mutation_id, slip_id, action, created_at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, slip_id, json, ts(created_at), actor],
    )?;
    Ok(id)
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let action: String = r.get(2)?;
    let state: String = r.get(5)?;
    let code: Option<String> = r.get(6)?;
    let message: Option<String> = r.get(7)?;
    Ok(Entry {
        mutation_id: r.get(0)?,
        slip_id: r.get(1)?,
        action: serde_json::from_str(&action)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?,
        created_at: parse_ts(&r.get::<_, String>(3)?)?,
        actor: r.get(4)?,
        state: State::parse(&state),
        error: code.map(|c| (c, message.unwrap_or_default())),
    })
}

const COLUMNS: &str = "mutation_id, slip_id, action, created_at, actor, state, error_code, error_message";

/// The oldest entries not yet confirmed, in order.
pub fn pending(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY mutation_id LIMIT ?1"))?;
    let rows = stmt.query_map([limit], entry)?;
    rows.collect()
}

pub fn for_slip(conn: &Connection, slip_id: i64) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM outbox WHERE slip_id = ?1 ORDER BY mutation_id"))?;
    let rows = stmt.query_map([slip_id], entry)?;
    rows.collect()
}

pub fn has_entries(conn: &Connection, slip_id: i64) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM outbox WHERE slip_id = ?1 LIMIT 1")?.query_row([slip_id], |_| Ok(())).optional()?.is_some())
}

pub fn count(conn: &Connection, state: State) -> rusqlite::Result<u32> {
    conn.query_row("SELECT COUNT(*) FROM outbox WHERE state = ?1", [state.as_str()], |r| r.get(0))
}

pub fn mark(conn: &Connection, mutation_id: i64, state: State, error: Option<(&str, &str)>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET state = ?1, error_code = ?2, error_message = ?3 WHERE mutation_id = ?4",
        params![state.as_str(), error.map(|e| e.0), error.map(|e| e.1), mutation_id],
    )?;
    Ok(())
}

/// Drops applied entries the center has confirmed up to `last`; returns their slips.
pub fn drop_applied(conn: &Connection, last: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare("DELETE FROM outbox WHERE state = 'applied' AND mutation_id <= ?1 RETURNING slip_id")?;
    let rows: Vec<i64> = stmt.query_map([last], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if !rows.is_empty() {
        prune_blobs(conn)?;
    }
    Ok(rows)
}

/// Removes a rejected entry the handler has seen (dismissed).
pub fn dismiss(conn: &Connection, mutation_id: i64) -> rusqlite::Result<Option<i64>> {
    let slip = conn
        .query_row("DELETE FROM outbox WHERE mutation_id = ?1 AND state = 'rejected' RETURNING slip_id", [mutation_id], |r| r.get(0))
        .optional()?;
    if slip.is_some() {
        prune_blobs(conn)?;
    }
    Ok(slip)
}

/// Deletes the files the center holds that no remaining action names; returns how many. A file
/// not yet uploaded is kept: it may belong to a form still being filled in.
pub fn prune_blobs(conn: &Connection) -> rusqlite::Result<usize> {
    let mut named = std::collections::HashSet::new();
    let mut stmt = conn.prepare("SELECT action FROM outbox WHERE action LIKE '%sha256%'")?;
    for json in stmt.query_map([], |r| r.get::<_, String>(0))? {
        if let Ok(action) = serde_json::from_str::<Action>(&json?) {
            named.extend(action.attachments().iter().map(|a| a.sha256.clone()));
        }
    }
    let uploaded: Vec<String> = conn
        .prepare("SELECT sha256 FROM attachment_blobs WHERE uploaded = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut removed = 0;
    for hash in uploaded.iter().filter(|h| !named.contains(*h)) {
        removed += conn.execute("DELETE FROM attachment_blobs WHERE sha256 = ?1", [hash])?;
    }
    Ok(removed)
}

pub fn put_blob(conn: &Connection, sha256: &str, data: &[u8]) -> rusqlite::Result<()> {
    conn.execute("INSERT INTO attachment_blobs (sha256, data) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING", params![sha256, data])?;
    Ok(())
}

/// The blob and whether the center already has it.
pub fn blob(conn: &Connection, sha256: &str) -> rusqlite::Result<Option<(Vec<u8>, bool)>> {
    conn.query_row("SELECT data, uploaded FROM attachment_blobs WHERE sha256 = ?1", [sha256], |r| Ok((r.get(0)?, r.get(1)?))).optional()
}

pub fn has_blob(conn: &Connection, sha256: &str) -> rusqlite::Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM attachment_blobs WHERE sha256 = ?1", [sha256], |_| Ok(())).optional()?.is_some())
}

pub fn mark_uploaded(conn: &Connection, sha256: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE attachment_blobs SET uploaded = 1 WHERE sha256 = ?1", [sha256])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chengban_protocol::{AttachmentRef, Reply, Resolution};

    fn reply_with(hash: &str) -> Action {
        let file = AttachmentRef {
            sha256: hash.into(),
            name: "现场照片.jpg".into(),
            size: 3,
            content_type: "image/jpeg".into(),
            class: Default::default(),
        };
        Action::Reply(Reply {
            process: "已处理".into(),
            public_text: Some("您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。".into()),
            result: Resolution::Solved,
            policy_doc_no: None,
            policy_source: None,
            attachments: vec![file],
            ..Default::default()
        })
    }

    #[test]
    fn a_delivered_attachment_is_deleted_once_no_action_names_it_and_an_unsent_one_is_kept() {
        let store = Store::open_in_memory().unwrap();
        let blobs = |store: &Store| -> Vec<String> {
            store
                .read_blocking(|c| {
                    Ok(c.prepare("SELECT sha256 FROM attachment_blobs ORDER BY sha256")?
                        .query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?)
                })
                .unwrap()
        };
        store
            .write_blocking(|c| {
                put_blob(c, "aa", b"one")?;
                put_blob(c, "bb", b"two")?; // added to a form still open: never uploaded
                let id = append(c, 1, &reply_with("aa"), Utc::now(), "h")?;
                mark_uploaded(c, "aa")?;
                mark(c, id, State::Applied, None)?;
                Ok(())
            })
            .unwrap();
        assert_eq!(blobs(&store), ["aa", "bb"], "kept while the action naming it waits for the pull");
        store.write_blocking(|c| Ok(drop_applied(c, 1).map(|_| ())?)).unwrap();
        assert_eq!(blobs(&store), ["bb"], "the delivered file is gone, the unsent one kept");
    }
}
