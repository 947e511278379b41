//! Table `slips` and the server-wide change sequence that `GET /v1/changes` pages through.
//!
//! Every insert or change of a slip takes the next value of `change_seq` in the same
//! transaction, so a cursor (the last seen value) never misses or repeats a change.

use super::sql::{self, params, Conn, ConnExt, Row};
use chengban_protocol::{AttachmentMeta, Channel, Citizen, PendingExtension, RequestType, Slip, SlipKind, SlipStatus, Tier};
use chrono::{DateTime, Utc};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE change_seq (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO change_seq (id, value) VALUES (1, 0);
CREATE TABLE slips (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    department_id  INTEGER NOT NULL REFERENCES departments(id),
    kind           TEXT NOT NULL,
    channel        TEXT NOT NULL,
    request_type   TEXT NOT NULL,
    tier           TEXT NOT NULL,
    title          TEXT NOT NULL,
    content        TEXT NOT NULL,
    citizen_name   TEXT,
    citizen_phone  TEXT,
    anonymous      INTEGER NOT NULL DEFAULT 0,
    address        TEXT,
    status         TEXT NOT NULL,
    dispatched_at  TEXT NOT NULL,
    due_at         TEXT NOT NULL,
    attachments    TEXT NOT NULL DEFAULT '[]',
    seq            INTEGER NOT NULL UNIQUE
);
CREATE INDEX slips_department_seq ON slips (department_id, seq);";

/// The department's work on a slip: acknowledgement, a pending extension, rework and urges.
pub const MIGRATION_WORK: &str = "
ALTER TABLE slips ADD COLUMN acknowledged_at TEXT;
ALTER TABLE slips ADD COLUMN ext_reason TEXT;
ALTER TABLE slips ADD COLUMN ext_requested_due_at TEXT;
ALTER TABLE slips ADD COLUMN ext_requested_at TEXT;
ALTER TABLE slips ADD COLUMN rework_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slips ADD COLUMN urge_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slips ADD COLUMN return_until TEXT;";

/// The acknowledge limit (签收时限), for 及时签收率. Slips dispatched before it was recorded keep
/// NULL, which the rates read as one day ([`chengban_protocol::rates`]).
pub const MIGRATION_ACKNOWLEDGE_UNTIL: &str = "ALTER TABLE slips ADD COLUMN acknowledge_until TEXT;";

/// Who in the department has the slip (分派): the username, and the display name the slip
/// shows (kept beside it so a page of changes needs no join).
pub const MIGRATION_ASSIGNEE: &str = "
ALTER TABLE slips ADD COLUMN assignee TEXT;
ALTER TABLE slips ADD COLUMN assignee_name TEXT;";

/// What the center records when it dispatches a slip.
pub struct NewSlip<'a> {
    pub department_id: i64,
    pub kind: SlipKind,
    pub channel: Channel,
    pub request_type: RequestType,
    pub tier: Tier,
    pub title: &'a str,
    pub content: &'a str,
    pub citizen: &'a Citizen,
    pub address: Option<&'a str>,
    pub dispatched_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub return_until: DateTime<Utc>,
    pub acknowledge_until: DateTime<Utc>,
    pub attachments: &'a [AttachmentMeta],
}

pub fn next_seq(tx: &mut dyn Conn) -> sql::Result<i64> {
    tx.query_row("UPDATE change_seq SET value = value + 1 WHERE id = 1 RETURNING value", &[], |r| r.get(0))
}

pub fn insert(tx: &mut dyn Conn, s: &NewSlip<'_>) -> sql::Result<i64> {
    let seq = next_seq(tx)?;
    let attachments = serde_json::to_string(s.attachments).unwrap_or_else(|_| "[]".into());
    // The number needs the row id; a placeholder keeps the UNIQUE constraint satisfied meanwhile.
    let id: i64 = tx.query_row(
        "INSERT INTO slips (number, department_id, kind, channel, request_type, tier, title, content,
            citizen_name, citizen_phone, anonymous, address, status, dispatched_at, due_at, attachments, seq)
         VALUES (?17, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id",
        params![
            s.department_id,
            s.kind.as_str(),
            s.channel.as_str(),
            s.request_type.as_str(),
            s.tier.as_str(),
            s.title,
            s.content,
            s.citizen.name,
            s.citizen.phone,
            s.citizen.anonymous,
            s.address,
            SlipStatus::Dispatched.as_str(),
            ts(s.dispatched_at),
            ts(s.due_at),
            attachments,
            seq,
            format!("#{seq}"),
        ],
        |r| r.get(0),
    )?;
    let local = s.dispatched_at.with_timezone(&crate::policy::local_offset());
    let number = format!("SP{}-{:06}", local.format("%Y%m%d"), id);
    tx.execute(
        "UPDATE slips SET number = ?1, return_until = ?2, acknowledge_until = ?3 WHERE id = ?4",
        params![number, ts(s.return_until), ts(s.acknowledge_until), id],
    )?;
    super::events::insert(
        tx,
        id,
        s.dispatched_at,
        "12345热线受理中心",
        chengban_protocol::Role::Operator,
        &chengban_protocol::EventBody::Dispatched,
    )?;
    if let Some(slip) = get(tx, id)? {
        super::rate_facts::put(tx, &slip)?;
    }
    Ok(id)
}

const COLUMNS: &str = "id, number, department_id, kind, channel, request_type, tier, title, content,
    citizen_name, citizen_phone, anonymous, address, status, dispatched_at, due_at, attachments, seq,
    acknowledged_at, ext_reason, ext_requested_due_at, ext_requested_at, rework_count, urge_count, return_until,
    acknowledge_until, assignee, assignee_name";

fn opt_ts(s: Option<String>) -> sql::Result<Option<DateTime<Utc>>> {
    s.map(|s| parse_ts(&s)).transpose()
}

fn bad(col: usize, what: &str) -> sql::SqlError {
    sql::conversion(col, format!("unknown {what}"))
}

fn row(r: &Row) -> sql::Result<Slip> {
    let kind: String = r.get(3)?;
    let channel: String = r.get(4)?;
    let request_type: String = r.get(5)?;
    let tier: String = r.get(6)?;
    let status: String = r.get(13)?;
    let dispatched: String = r.get(14)?;
    let due: String = r.get(15)?;
    let attachments: String = r.get(16)?;
    Ok(Slip {
        id: r.get(0)?,
        number: r.get(1)?,
        department_id: r.get(2)?,
        kind: SlipKind::parse(&kind).ok_or_else(|| bad(3, "kind"))?,
        channel: Channel::parse(&channel).ok_or_else(|| bad(4, "channel"))?,
        request_type: RequestType::parse(&request_type).ok_or_else(|| bad(5, "request type"))?,
        tier: Tier::parse(&tier).ok_or_else(|| bad(6, "tier"))?,
        title: r.get(7)?,
        content: r.get(8)?,
        citizen: Citizen { name: r.get(9)?, phone: r.get(10)?, anonymous: r.get(11)? },
        address: r.get(12)?,
        status: SlipStatus::parse(&status).ok_or_else(|| bad(13, "status"))?,
        dispatched_at: parse_ts(&dispatched)?,
        due_at: parse_ts(&due)?,
        attachments: serde_json::from_str(&attachments).unwrap_or_default(),
        seq: r.get(17)?,
        acknowledged_at: opt_ts(r.get(18)?)?,
        pending_extension: match (r.get::<Option<String>>(19)?, opt_ts(r.get(20)?)?, opt_ts(r.get(21)?)?) {
            (Some(reason), Some(requested_due_at), Some(requested_at)) => Some(PendingExtension { reason, requested_due_at, requested_at }),
            _ => None,
        },
        rework_count: r.get(22)?,
        urge_count: r.get(23)?,
        return_until: opt_ts(r.get(24)?)?,
        acknowledge_until: opt_ts(r.get(25)?)?,
        history: Vec::new(),
        assignee: match (r.get::<Option<String>>(26)?, r.get::<Option<String>>(27)?) {
            (Some(username), Some(display_name)) => Some(chengban_protocol::Assignee { username, display_name }),
            _ => None,
        },
    })
}

/// A slip with its history.
pub fn get(conn: &mut dyn Conn, id: i64) -> sql::Result<Option<Slip>> {
    let slip = conn.query_opt(&format!("SELECT {COLUMNS} FROM slips WHERE id = ?1"), params![id], row)?;
    match slip {
        Some(s) => {
            let mut one = [s];
            super::events::attach(conn, &mut one)?;
            let [s] = one;
            Ok(Some(s))
        }
        None => Ok(None),
    }
}

/// Writes the slip's work state back and moves it to the end of the change sequence.
pub fn save_work(tx: &mut dyn Conn, s: &Slip) -> sql::Result<()> {
    let seq = next_seq(tx)?;
    let ext = s.pending_extension.as_ref();
    tx.execute(
        "UPDATE slips SET status = ?1, due_at = ?2, acknowledged_at = ?3, ext_reason = ?4, ext_requested_due_at = ?5,
            ext_requested_at = ?6, rework_count = ?7, urge_count = ?8, seq = ?9, assignee = ?11, assignee_name = ?12
         WHERE id = ?10",
        params![
            s.status.as_str(),
            ts(s.due_at),
            s.acknowledged_at.map(ts),
            ext.map(|e| e.reason.clone()),
            ext.map(|e| ts(e.requested_due_at)),
            ext.map(|e| ts(e.requested_at)),
            s.rework_count,
            s.urge_count,
            seq,
            s.id,
            s.assignee.as_ref().map(|a| &a.username),
            s.assignee.as_ref().map(|a| &a.display_name),
        ],
    )?;
    Ok(())
}

/// One page of a department's changes after `after_seq`; fetches one extra row to know whether
/// more follow.
pub fn changes(conn: &mut dyn Conn, department_id: i64, after_seq: i64, limit: u32) -> sql::Result<(Vec<Slip>, bool)> {
    let sql = format!("SELECT {COLUMNS} FROM slips WHERE department_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
    let mut slips = conn.query_map(&sql, params![department_id, after_seq, i64::from(limit) + 1], row)?;
    let has_more = slips.len() > limit as usize;
    slips.truncate(limit as usize);
    super::events::attach(conn, &mut slips)?;
    Ok((slips, has_more))
}

/// Every slip of a department with its history (what its rates are counted from).
pub fn of_department(conn: &mut dyn Conn, department_id: i64) -> sql::Result<Vec<Slip>> {
    let mut slips =
        conn.query_map(&format!("SELECT {COLUMNS} FROM slips WHERE department_id = ?1 ORDER BY id"), params![department_id], row)?;
    super::events::attach(conn, &mut slips)?;
    Ok(slips)
}

pub fn count_all(conn: &mut dyn Conn) -> sql::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM slips", &[], |r| r.get(0))
}
