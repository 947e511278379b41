//! Table `audit_log`: logins (good and bad), logouts, the center's decisions, reveals of a
//! citizen's contact and changes to accounts — who, when, which slip, from where. Append-only;
//! the operator reads it through `GET /v1/operator/audit`. No citizen's data is written here.

use super::sql::{self, params, Conn, ConnExt};
use chengban_protocol::{AuditEntry, AuditKind};
use chrono::{DateTime, Utc};

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

/// A desk's report (a reveal) is recorded once per account and report id, however often the
/// desk delivers it.
pub const MIGRATION_REPORT_ID: &str = "
ALTER TABLE audit_log ADD COLUMN report_id TEXT;
CREATE UNIQUE INDEX audit_report_once ON audit_log (username, report_id) WHERE report_id IS NOT NULL;";

/// What to record; `at` is the center's clock (or a desk's report's time, bounded).
pub struct Record<'a> {
    pub at: DateTime<Utc>,
    pub kind: AuditKind,
    pub username: Option<&'a str>,
    pub slip_id: Option<i64>,
    pub client: Option<String>,
    pub detail: Option<String>,
    /// The desk's id of what it reports, when it reports something.
    pub report_id: Option<String>,
}

impl<'a> Record<'a> {
    /// `username` did `kind` from `client` at `at`; [`Record::slip`] and [`Record::detail`] add
    /// the rest.
    pub fn new(kind: AuditKind, at: DateTime<Utc>, username: &'a str, client: std::net::IpAddr) -> Self {
        Self { at, kind, username: Some(username), slip_id: None, client: Some(client.to_string()), detail: None, report_id: None }
    }

    pub fn slip(mut self, id: i64) -> Self {
        self.slip_id = Some(id);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn report(mut self, id: impl Into<String>) -> Self {
        self.report_id = Some(id.into());
        self
    }
}

/// Appends `r`; false when it is a report already recorded (nothing is written then).
pub fn insert(conn: &mut dyn Conn, r: &Record<'_>) -> sql::Result<bool> {
    let n = conn.execute(
        "INSERT INTO audit_log (at, kind, username, slip_id, client, detail, report_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT DO NOTHING",
        params![ts(r.at), r.kind.as_str(), r.username, r.slip_id, r.client, r.detail, r.report_id],
    )?;
    Ok(n == 1)
}

/// Up to `limit` entries after id `after`, oldest first, and whether more follow.
pub fn after(conn: &mut dyn Conn, after: i64, limit: u32) -> sql::Result<(Vec<AuditEntry>, bool)> {
    let sql = "SELECT id, at, kind, username, slip_id, client, detail FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2";
    let mut entries = conn.query_map(sql, params![after, limit as i64 + 1], |r| {
        let kind: String = r.get(2)?;
        let kind = AuditKind::parse(&kind).ok_or_else(|| sql::conversion(2, format!("unknown audit kind {kind}")))?;
        Ok(AuditEntry {
            id: r.get(0)?,
            at: parse_ts(&r.get::<String>(1)?)?,
            kind,
            username: r.get(3)?,
            slip_id: r.get(4)?,
            client: r.get(5)?,
            detail: r.get(6)?,
        })
    })?;
    let has_more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    Ok((entries, has_more))
}
