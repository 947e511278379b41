//! Table `slips`: the department's slips as the center last sent them, and the inbox queries.
//! Indexed for the inbox (status, due_at) so a page stays fast at 100,000 cached slips.

use chengban_protocol::{AttentionKind, RequestType, Slip, SlipKind, SlipStatus, Tier};
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::{CitizenContact, DeadlineCounts, InboxScope, InboxTab, SlipRow, TabCounts};
use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE slips (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL,
    department_id  INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    channel        TEXT NOT NULL,
    request_type   TEXT NOT NULL,
    tier           TEXT NOT NULL,
    title          TEXT NOT NULL,
    content        TEXT NOT NULL,
    citizen_name   TEXT,
    citizen_phone  TEXT,
    anonymous      INTEGER NOT NULL,
    address        TEXT,
    status         TEXT NOT NULL,
    dispatched_at  TEXT NOT NULL,
    due_at         TEXT NOT NULL,
    attachments    TEXT NOT NULL,
    seq            INTEGER NOT NULL
);
CREATE INDEX slips_status_due ON slips (status, due_at, id);";

/// The server's whole slip as JSON (for history and the overlay), and what the desk shows:
/// `local_status` is the server's status with pending actions applied; `pending` and
/// `rejected` count the slip's outbox entries in those states.
pub const MIGRATION_LOCAL: &str = "
ALTER TABLE slips ADD COLUMN data TEXT NOT NULL DEFAULT '{}';
ALTER TABLE slips ADD COLUMN local_status TEXT NOT NULL DEFAULT 'dispatched';
ALTER TABLE slips ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slips ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
UPDATE slips SET local_status = status;
DROP INDEX slips_status_due;
CREATE INDEX slips_local_status_due ON slips (local_status, due_at, id);";

/// The kind of the center's latest decision the clerk must act on ([`Slip::attention`]), for
/// the list's marks. Filled as slips are pulled.
pub const MIGRATION_ATTENTION: &str = "ALTER TABLE slips ADD COLUMN attention TEXT;";

/// Who has the slip (分派): `assignee` as the center says, `local_assignee` with this desk's
/// pending assignment applied (what 我的 and 未分派 list). Old caches' slips have none until
/// pulled again; the center re-sends a slip whenever it is assigned.
///
/// The inbox index carries `local_assignee` last, so 我的 and 未分派 are decided from the index
/// as it is walked in due order, fetching only the rows that match (no index of its own, which
/// would cost every write).
pub const MIGRATION_ASSIGNEE: &str = "
ALTER TABLE slips ADD COLUMN assignee TEXT;
ALTER TABLE slips ADD COLUMN local_assignee TEXT;
DROP INDEX slips_local_status_due;
CREATE INDEX slips_local_status_due ON slips (local_status, due_at, id, local_assignee);";

/// Writes the server's version of a slip and its search index entry; the caller refreshes the
/// overlay if the slip has outbox entries.
pub fn upsert(conn: &Connection, s: &Slip) -> rusqlite::Result<()> {
    upsert_with(conn, s, true)
}

/// As [`upsert`]; with `index_now` false the search index entry and the rate facts are left to
/// the background ([`super::search::index_pending`]; the rates fill what they need first,
/// [`super::rate_facts::backfill`]).
pub fn upsert_with(conn: &Connection, s: &Slip, index_now: bool) -> rusqlite::Result<()> {
    let data = serde_json::to_string(s).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO slips (id, number, department_id, kind, channel, request_type, tier, title, content,
            citizen_name, citizen_phone, anonymous, address, status, dispatched_at, due_at, attachments, seq, data, local_status,
            attention, assignee, local_assignee)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?14, ?20, ?21, ?21)
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, department_id = excluded.department_id,
            kind = excluded.kind, channel = excluded.channel, request_type = excluded.request_type, tier = excluded.tier,
            title = excluded.title, content = excluded.content, citizen_name = excluded.citizen_name,
            citizen_phone = excluded.citizen_phone, anonymous = excluded.anonymous, address = excluded.address,
            status = excluded.status, dispatched_at = excluded.dispatched_at, due_at = excluded.due_at,
            attachments = excluded.attachments, seq = excluded.seq, data = excluded.data, local_status = excluded.status,
            attention = excluded.attention, assignee = excluded.assignee, local_assignee = excluded.assignee",
    )?;
    stmt.execute(params![
        s.id,
        s.number,
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
        s.status.as_str(),
        ts(s.dispatched_at),
        ts(s.due_at),
        serde_json::to_string(&s.attachments).unwrap_or_else(|_| "[]".into()),
        s.seq,
        data,
        s.attention().map(|a| a.kind.as_str()),
        s.assignee.as_ref().map(|a| &a.username),
    ])?;
    if index_now {
        super::rate_facts::put(conn, s)?;
        super::search::index_for_search(conn, s)?;
        super::similar::put(conn, &super::similar::secret(conn)?, s)?;
        conn.prepare_cached("DELETE FROM fts_pending WHERE id = ?1")?.execute([s.id])?;
    } else {
        conn.prepare_cached("INSERT OR IGNORE INTO fts_pending (id) VALUES (?1)")?.execute([s.id])?;
    }
    Ok(())
}

/// The server's version of a slip.
pub fn load(conn: &Connection, id: i64) -> rusqlite::Result<Option<Slip>> {
    let data: Option<String> = conn.prepare_cached("SELECT data FROM slips WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
    data.map(|d| {
        serde_json::from_str(&d).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
    })
    .transpose()
}

/// What the inbox shows of a slip beside the center's version: its status and due date with
/// this desk's pending actions applied, and how many of its actions wait or were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    pub status: SlipStatus,
    pub due_at: chrono::DateTime<chrono::Utc>,
    pub pending: usize,
    pub rejected: usize,
    /// The username of who has it.
    pub assignee: Option<String>,
}

pub fn set_local(conn: &Connection, id: i64, local: &Local) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE slips SET local_status = ?1, due_at = ?2, pending = ?3, rejected = ?4, local_assignee = ?6 WHERE id = ?5")?
        .execute(params![local.status.as_str(), ts(local.due_at), local.pending, local.rejected, id, local.assignee])?;
    Ok(())
}

/// Slips whose waiting and refused counts differ from their outbox entries.
pub fn out_of_step(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM slips s WHERE pending != (SELECT count(*) FROM outbox o WHERE o.slip_id = s.id AND o.state = 'pending')
            OR rejected != (SELECT count(*) FROM outbox o WHERE o.slip_id = s.id AND o.state = 'rejected')",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM slips", [])?;
    conn.execute("DELETE FROM slips_fts", [])?;
    conn.execute("DELETE FROM slips_short", [])?;
    conn.execute("DELETE FROM fts_pending", [])?;
    super::rate_facts::clear(conn)?;
    Ok(())
}

fn bad(col: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, "unknown value".into())
}

fn parse<T>(col: usize, v: String, f: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    f(&v).ok_or_else(|| bad(col))
}

/// The columns of an inbox row, in the order [`slip_row`] reads them.
pub(super) const ROW_COLUMNS: &str = "id, number, kind, request_type, tier, title, local_status, dispatched_at, due_at, pending, rejected,
    attention, (SELECT display_name FROM colleagues WHERE username = slips.local_assignee)";

pub(super) fn slip_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SlipRow> {
    Ok(SlipRow {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: parse(2, r.get(2)?, SlipKind::parse)?,
        request_type: parse(3, r.get(3)?, RequestType::parse)?,
        tier: parse(4, r.get(4)?, Tier::parse)?,
        title: r.get(5)?,
        status: parse(6, r.get(6)?, SlipStatus::parse)?,
        dispatched_at: parse_ts(&r.get::<_, String>(7)?)?,
        due_at: parse_ts(&r.get::<_, String>(8)?)?,
        pending: r.get::<_, i64>(9)? > 0,
        rejected: r.get::<_, i64>(10)? > 0,
        attention: r.get::<_, Option<String>>(11)?.as_deref().and_then(AttentionKind::parse),
        assignee: r.get(12)?,
    })
}

fn in_list(tab: InboxTab) -> String {
    tab.statuses().iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(",")
}

/// Whose slips: the SQL condition of a scope, reading the user's username from `:me`.
fn scope_sql(scope: InboxScope) -> &'static str {
    match scope {
        InboxScope::Mine => "(local_assignee = :me OR local_assignee IS NULL)",
        // Every slip; `:me` is still named so that one parameter list fits every scope.
        InboxScope::Department => "(:me = :me)",
        InboxScope::Unassigned => "(local_assignee IS NULL AND :me = :me)",
    }
}

/// One inbox page of a tab and scope (`me`: the user's username), soonest deadline first.
pub fn page(conn: &Connection, tab: InboxTab, scope: InboxScope, me: &str, page: u32, page_size: u32) -> rusqlite::Result<Vec<SlipRow>> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(page_size);
    // The status list and the scope come from our own enums, not from input.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM slips WHERE local_status IN ({}) AND {} ORDER BY due_at, id LIMIT :limit OFFSET :offset",
        in_list(tab),
        scope_sql(scope),
    ))?;
    let rows = stmt.query_map(rusqlite::named_params! {":limit": page_size, ":offset": offset, ":me": me}, slip_row)?;
    rows.collect()
}

pub fn count(conn: &Connection, tab: InboxTab, scope: InboxScope, me: &str) -> rusqlite::Result<u32> {
    let sql = format!("SELECT COUNT(*) FROM slips WHERE local_status IN ({}) AND {}", in_list(tab), scope_sql(scope));
    conn.prepare_cached(&sql)?.query_row(rusqlite::named_params! {":me": me}, |r| r.get(0))
}

pub fn counts(conn: &Connection, scope: InboxScope, me: &str) -> rusqlite::Result<TabCounts> {
    Ok(TabCounts {
        pending_ack: count(conn, InboxTab::PendingAck, scope, me)?,
        in_progress: count(conn, InboxTab::InProgress, scope, me)?,
        sign_off: count(conn, InboxTab::SignOff, scope, me)?,
        replied: count(conn, InboxTab::Replied, scope, me)?,
        closed: count(conn, InboxTab::Closed, scope, me)?,
    })
}

/// Open slips nobody has been given, dispatched at or before `before`, that no reminder has named
/// yet (for the leader's and the 内勤's 未分派 reminder) — in a department that assigns at all
/// (some cached slip has an assignee): where nobody assigns, every slip would be named.
pub fn unassigned_since(conn: &Connection, before: chrono::DateTime<chrono::Utc>) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM slips WHERE local_assignee IS NULL AND local_status IN ({}) AND dispatched_at <= ?1
            AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.slip_id = slips.id AND a.key = 'unassigned')
            AND EXISTS (SELECT 1 FROM slips s WHERE s.assignee IS NOT NULL) ORDER BY dispatched_at, id",
        open_sql()
    ))?;
    let rows = stmt.query_map([ts(before)], |r| r.get(0))?;
    rows.collect()
}

/// The earliest dispatch among open unassigned slips not yet reminded of, for the next wake.
pub fn first_unassigned(conn: &Connection) -> rusqlite::Result<Option<chrono::DateTime<chrono::Utc>>> {
    let sql = format!(
        "SELECT min(dispatched_at) FROM slips WHERE local_assignee IS NULL AND local_status IN ({})
            AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.slip_id = slips.id AND a.key = 'unassigned')
            AND EXISTS (SELECT 1 FROM slips s WHERE s.assignee IS NOT NULL)",
        open_sql()
    );
    let t: Option<String> = conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?;
    t.map(|t| parse_ts(&t)).transpose()
}

/// [`SlipStatus::OPEN`] as an SQL list, for `local_status IN (…)`: the statuses whose deadline runs.
pub fn open_sql() -> String {
    SlipStatus::OPEN.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(",")
}

/// Open slips overdue, and due within 24 hours, at `now`.
pub fn deadline_counts(conn: &Connection, now: chrono::DateTime<chrono::Utc>) -> rusqlite::Result<DeadlineCounts> {
    let open = open_sql();
    let overdue = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM slips WHERE local_status IN ({open}) AND due_at <= ?1"))?
        .query_row([ts(now)], |r| r.get(0))?;
    let due_soon = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM slips WHERE local_status IN ({open}) AND due_at > ?1 AND due_at <= ?2"))?
        .query_row([ts(now), ts(now + chrono::Duration::hours(24))], |r| r.get(0))?;
    Ok(DeadlineCounts { overdue, due_soon })
}

/// Every cached slip as the center last sent it, oldest dispatch first.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Slip>> {
    let mut stmt = conn.prepare("SELECT data FROM slips ORDER BY dispatched_at, id")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|data| {
        serde_json::from_str(&data?).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
    })
    .collect()
}

/// A slip's number and title.
pub fn number_and_title(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row("SELECT number, title FROM slips WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?))).optional()
}

pub fn total(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("SELECT COUNT(*) FROM slips", [], |r| r.get(0))
}

pub fn contact(conn: &Connection, id: i64) -> rusqlite::Result<Option<CitizenContact>> {
    conn.query_row("SELECT citizen_name, citizen_phone FROM slips WHERE id = ?1", [id], |r| {
        Ok(CitizenContact { name: r.get(0)?, phone: r.get(1)? })
    })
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    use chrono::Duration;

    fn slip(id: i64, status: SlipStatus, due_in_hours: i64) -> Slip {
        let base = chengban_testkit::slip(id);
        Slip { status, content: "内容".into(), due_at: base.dispatched_at + Duration::hours(due_in_hours), ..base }
    }

    #[test]
    fn a_tab_lists_only_its_status_soonest_deadline_first_in_pages() {
        let store = Store::open_in_memory().unwrap();
        store
            .write_blocking(|c| {
                for (id, due) in [(1, 30), (2, 10), (3, 20), (4, 5)] {
                    upsert(c, &slip(id, SlipStatus::Dispatched, due))?;
                }
                upsert(c, &slip(5, SlipStatus::Closed, 1))?;
                Ok(())
            })
            .unwrap();
        let ids = |p: Vec<SlipRow>| p.into_iter().map(|r| r.id).collect::<Vec<_>>();
        store
            .read_blocking(|c| {
                let all = InboxScope::Department;
                assert_eq!(ids(page(c, InboxTab::PendingAck, all, "me", 1, 3)?), vec![4, 2, 3]);
                assert_eq!(ids(page(c, InboxTab::PendingAck, all, "me", 2, 3)?), vec![1]);
                assert_eq!(ids(page(c, InboxTab::Closed, all, "me", 1, 3)?), vec![5]);
                assert_eq!(counts(c, all, "me")?, TabCounts { pending_ack: 4, in_progress: 0, sign_off: 0, replied: 0, closed: 1 });
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn an_upsert_replaces_the_cached_slip() {
        let store = Store::open_in_memory().unwrap();
        store.write_blocking(|c| Ok(upsert(c, &slip(1, SlipStatus::Dispatched, 1))?)).unwrap();
        store.write_blocking(|c| Ok(upsert(c, &slip(1, SlipStatus::Closed, 1))?)).unwrap();
        store
            .read_blocking(|c| {
                assert_eq!(total(c)?, 1);
                assert_eq!(count(c, InboxTab::Closed, InboxScope::Department, "me")?, 1);
                Ok(())
            })
            .unwrap();
    }
}
