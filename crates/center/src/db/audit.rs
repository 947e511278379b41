//! Table `audit_log`: logins (good and bad), logouts, the center's decisions, reveals of a
//! citizen's contact and changes to accounts — who, when, which slip, from where. Append-only;
//! the operator reads it through `GET /v1/operator/audit`. No citizen's data is written here.

use chengban_protocol::{AuditEntry, AuditKind};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    username TEXT,
    slip_id  INTEGER,
    client   TEXT,
    detail   TEXT
);";

/// What to record; `at` is the center's clock.
pub struct Record<'a> {
    pub at: DateTime<Utc>,
    pub kind: AuditKind,
    pub username: Option<&'a str>,
    pub slip_id: Option<i64>,
    pub client: Option<String>,
    pub detail: Option<String>,
}

impl<'a> Record<'a> {
    /// `username` did `kind` from `client` at `at`; [`Record::slip`] and [`Record::detail`] add
    /// the rest.
    pub fn new(kind: AuditKind, at: DateTime<Utc>, username: &'a str, client: std::net::IpAddr) -> Self {
        Self { at, kind, username: Some(username), slip_id: None, client: Some(client.to_string()), detail: None }
    }

    pub fn slip(mut self, id: i64) -> Self {
        self.slip_id = Some(id);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

pub fn insert(conn: &Connection, r: &Record<'_>) -> rusqlite::Result<i64> {
    conn.prepare_cached("INSERT INTO audit_log (at, kind, username, slip_id, client, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![ts(r.at), r.kind.as_str(), r.username, r.slip_id, r.client, r.detail])?;
    Ok(conn.last_insert_rowid())
}

/// Up to `limit` entries after id `after`, oldest first, and whether more follow.
pub fn after(conn: &Connection, after: i64, limit: u32) -> rusqlite::Result<(Vec<AuditEntry>, bool)> {
    let mut stmt =
        conn.prepare_cached("SELECT id, at, kind, username, slip_id, client, detail FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2")?;
    let rows = stmt.query_map(params![after, limit as i64 + 1], |r| {
        let kind: String = r.get(2)?;
        let kind = AuditKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, format!("unknown audit kind {kind}").into())
        })?;
        Ok(AuditEntry {
            id: r.get(0)?,
            at: parse_ts(&r.get::<_, String>(1)?)?,
            kind,
            username: r.get(3)?,
            slip_id: r.get(4)?,
            client: r.get(5)?,
            detail: r.get(6)?,
        })
    })?;
    let mut entries = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let has_more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    Ok((entries, has_more))
}
