//! Table `slips`: the department's slips as the center last sent them, and the inbox queries.
//! Indexed for the inbox (status, due_at) so a page stays fast at 100,000 cached slips.

use chengban_protocol::{AttentionKind, RequestType, Slip, SlipKind, SlipStatus, Tier};
use rusqlite::{params, Connection, OptionalExtension};

use super::{parse_ts, ts};
use crate::view::{CitizenContact, InboxTab, SlipRow, TabCounts};

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

/// Slips whose search index entry is still to be written: the first fill of a cache leaves
/// indexing to a background step, so the inbox shows as soon as the rows are in.
pub const MIGRATION_SEARCH_PENDING: &str = "
CREATE TABLE fts_pending (id INTEGER PRIMARY KEY);";

/// Full-text search over number, title, content, address and citizen name. The trigram
/// tokenizer matches any substring of 3+ characters, Chinese included; shorter queries (many
/// Chinese words are two characters) fall back to a LIKE scan.
pub const MIGRATION_SEARCH: &str = "
CREATE VIRTUAL TABLE slips_fts USING fts5(number, title, content, address, citizen_name, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO slips_fts (rowid, number, title, content, address, citizen_name)
    SELECT id, number, title, content, COALESCE(address, ''), COALESCE(citizen_name, '') FROM slips;";

/// Search for one- and two-character queries (many Chinese words are two characters, and a
/// surname is one), which the trigram index cannot answer. Each field is stored as the list of
/// its character pairs (the last character of a run alone), so a two-character query is one
/// term lookup and a one-character query a prefix lookup, never a scan. Only whether a slip
/// holds a pair matters, hence `detail=none`: no positions, a fraction of the size.
pub const MIGRATION_SEARCH_SHORT: &str = "
CREATE VIRTUAL TABLE slips_short USING fts5(terms, content='', contentless_delete=1, detail=none, tokenize='ascii');
INSERT OR IGNORE INTO fts_pending (id) SELECT id FROM slips;";

/// Writes up to `batch` pending search index entries; returns how many.
pub fn index_pending(conn: &Connection, batch: u32) -> rusqlite::Result<usize> {
    let ids: Vec<i64> =
        conn.prepare_cached("SELECT id FROM fts_pending LIMIT ?1")?.query_map([batch], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        if let Some(s) = load(conn, *id)? {
            index_for_search(conn, &s)?;
        }
        conn.prepare_cached("DELETE FROM fts_pending WHERE id = ?1")?.execute([id])?;
    }
    Ok(ids.len())
}

fn search_index_complete(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM fts_pending LIMIT 1", [], |_| Ok(())).optional()?.is_none())
}

fn index_for_search(conn: &Connection, s: &Slip) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM slips_fts WHERE rowid = ?1")?.execute([s.id])?;
    conn.prepare_cached("DELETE FROM slips_short WHERE rowid = ?1")?.execute([s.id])?;
    let fields = [s.number.as_str(), &s.title, &s.content, s.address.as_deref().unwrap_or(""), s.citizen.name.as_deref().unwrap_or("")];
    conn.prepare_cached("INSERT INTO slips_short (rowid, terms) VALUES (?1, ?2)")?.execute(params![s.id, short_terms(&fields)])?;
    conn.prepare_cached("INSERT INTO slips_fts (rowid, number, title, content, address, citizen_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![
            s.id,
            s.number,
            s.title,
            s.content,
            s.address.as_deref().unwrap_or(""),
            s.citizen.name.as_deref().unwrap_or("")
        ])?;
    Ok(())
}

/// The newest `limit` slips matching `query`, shown soonest deadline first.
pub fn search(conn: &Connection, query: &str, limit: u32) -> rusqlite::Result<Vec<SlipRow>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let select = format!("SELECT {ROW_COLUMNS} FROM slips");
    let map = slip_row;
    // Until the background indexing after a first fill is done, scan instead: slower, never
    // missing a slip.
    let indexed = search_index_complete(conn)?;
    let short = short_query(q);
    if short.is_some() && indexed {
        let mut stmt = conn.prepare_cached(&format!(
            "{select} WHERE id IN (SELECT rowid FROM slips_short WHERE slips_short MATCH ?1 ORDER BY rowid DESC LIMIT ?2) ORDER BY due_at, id"
        ))?;
        let rows = stmt.query_map(params![short, limit], map)?;
        rows.collect()
    } else if q.chars().count() >= 3 && indexed {
        // A phrase: quotes inside the query are doubled, so input cannot change the syntax.
        let phrase = format!("\"{}\"", q.replace('"', "\"\""));
        // The newest matches (FTS5 walks its doclists in rowid order and stops at the limit),
        // then shown soonest deadline first: a common word no longer means sorting them all.
        let mut stmt = conn.prepare_cached(&format!(
            "{select} WHERE id IN (SELECT rowid FROM slips_fts WHERE slips_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) ORDER BY due_at, id"
        ))?;
        let rows = stmt.query_map(params![phrase, limit], map)?;
        rows.collect()
    } else {
        let like = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        // Newest first with a limit, so a common two-character word stops the scan early.
        let mut stmt = conn.prepare_cached(&format!(
            "{select} WHERE id IN (SELECT id FROM slips WHERE number LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\'
                OR address LIKE ?1 ESCAPE '\\' OR citizen_name LIKE ?1 ESCAPE '\\' OR content LIKE ?1 ESCAPE '\\'
                ORDER BY id DESC LIMIT ?2) ORDER BY due_at, id"
        ))?;
        let rows = stmt.query_map(params![like, limit], map)?;
        rows.collect()
    }
}

/// Where the `ascii` tokenizer splits: the pairs are built only from characters it keeps.
fn separates(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_alphanumeric()
}

/// The terms of the short-query index: every pair of neighbouring characters within a run,
/// and the run's last character alone, so each character starts at least one term.
fn short_terms(fields: &[&str]) -> String {
    let mut out = String::new();
    for field in fields {
        let chars: Vec<char> = field.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if separates(c) {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            if let Some(&next) = chars.get(i + 1).filter(|n| !separates(**n)) {
                out.push(next);
            }
        }
    }
    out
}

/// The FTS5 query for a one- or two-character search: the pair as a term, a single character
/// as the prefix of terms. `None` when the index cannot answer it (longer, or holding a
/// character the tokenizer splits on).
fn short_query(q: &str) -> Option<String> {
    let chars: Vec<char> = q.chars().collect();
    if chars.is_empty() || chars.len() > 2 || chars.iter().any(|c| separates(*c)) {
        return None;
    }
    // Only token characters remain, so quoting cannot be broken out of.
    Some(if chars.len() == 1 { format!("\"{q}\"*") } else { format!("\"{q}\"") })
}

/// Writes the server's version of a slip and its search index entry; the caller refreshes the
/// overlay if the slip has outbox entries.
pub fn upsert(conn: &Connection, s: &Slip) -> rusqlite::Result<()> {
    upsert_with(conn, s, true)
}

/// As [`upsert`]; with `index_now` false the search index entry is left to [`index_pending`].
pub fn upsert_with(conn: &Connection, s: &Slip, index_now: bool) -> rusqlite::Result<()> {
    let data = serde_json::to_string(s).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO slips (id, number, department_id, kind, channel, request_type, tier, title, content,
            citizen_name, citizen_phone, anonymous, address, status, dispatched_at, due_at, attachments, seq, data, local_status,
            attention)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?14, ?20)
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, department_id = excluded.department_id,
            kind = excluded.kind, channel = excluded.channel, request_type = excluded.request_type, tier = excluded.tier,
            title = excluded.title, content = excluded.content, citizen_name = excluded.citizen_name,
            citizen_phone = excluded.citizen_phone, anonymous = excluded.anonymous, address = excluded.address,
            status = excluded.status, dispatched_at = excluded.dispatched_at, due_at = excluded.due_at,
            attachments = excluded.attachments, seq = excluded.seq, data = excluded.data, local_status = excluded.status,
            attention = excluded.attention",
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
    ])?;
    if index_now {
        index_for_search(conn, s)?;
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

/// Recomputes what the desk shows for a slip from the server's version and its outbox.
pub fn refresh_local(conn: &Connection, id: i64, role: chengban_protocol::Role) -> rusqlite::Result<()> {
    let Some(slip) = load(conn, id)? else { return Ok(()) };
    let entries = super::outbox::for_slip(conn, id)?;
    let facts = crate::overlay::fold(&slip, &entries, role);
    let pending = entries.iter().filter(|e| e.state == super::outbox::State::Pending).count() as i64;
    let rejected = entries.iter().filter(|e| e.state == super::outbox::State::Rejected).count() as i64;
    conn.prepare_cached("UPDATE slips SET local_status = ?1, due_at = ?2, pending = ?3, rejected = ?4 WHERE id = ?5")?.execute(params![
        facts.status.as_str(),
        ts(facts.due_at),
        pending,
        rejected,
        id
    ])?;
    Ok(())
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM slips", [])?;
    conn.execute("DELETE FROM slips_fts", [])?;
    conn.execute("DELETE FROM slips_short", [])?;
    conn.execute("DELETE FROM fts_pending", [])?;
    Ok(())
}

fn bad(col: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, "unknown value".into())
}

fn parse<T>(col: usize, v: String, f: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    f(&v).ok_or_else(|| bad(col))
}

/// The columns of an inbox row, in the order [`slip_row`] reads them.
const ROW_COLUMNS: &str = "id, number, kind, request_type, tier, title, local_status, dispatched_at, due_at, pending, rejected, attention";

fn slip_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SlipRow> {
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
    })
}

fn in_list(tab: InboxTab) -> String {
    tab.statuses().iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(",")
}

/// One inbox page of a tab, soonest deadline first.
pub fn page(conn: &Connection, tab: InboxTab, page: u32, page_size: u32) -> rusqlite::Result<Vec<SlipRow>> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(page_size);
    // The status list comes from our own enum, not from input.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM slips WHERE local_status IN ({}) ORDER BY due_at, id LIMIT ?1 OFFSET ?2",
        in_list(tab)
    ))?;
    let rows = stmt.query_map(params![page_size, offset], slip_row)?;
    rows.collect()
}

pub fn count(conn: &Connection, tab: InboxTab) -> rusqlite::Result<u32> {
    conn.prepare_cached(&format!("SELECT COUNT(*) FROM slips WHERE local_status IN ({})", in_list(tab)))?.query_row([], |r| r.get(0))
}

pub fn counts(conn: &Connection) -> rusqlite::Result<TabCounts> {
    Ok(TabCounts {
        pending_ack: count(conn, InboxTab::PendingAck)?,
        in_progress: count(conn, InboxTab::InProgress)?,
        sign_off: count(conn, InboxTab::SignOff)?,
        replied: count(conn, InboxTab::Replied)?,
        closed: count(conn, InboxTab::Closed)?,
    })
}

/// Open slips overdue, and due within 24 hours, at `now`.
/// The statuses in which the department still owes the slip something, so its deadline runs.
pub const OPEN_STATUSES: [&str; 4] = ["dispatched", "in_progress", "return_requested", "awaiting_sign_off"];

/// [`OPEN_STATUSES`] as an SQL list, for `local_status IN (…)`.
pub fn open_sql() -> String {
    OPEN_STATUSES.map(|s| format!("'{s}'")).join(",")
}

pub fn deadline_counts(conn: &Connection, now: chrono::DateTime<chrono::Utc>) -> rusqlite::Result<crate::view::DeadlineCounts> {
    let open = open_sql();
    let overdue = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM slips WHERE local_status IN ({open}) AND due_at <= ?1"))?
        .query_row([ts(now)], |r| r.get(0))?;
    let due_soon = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM slips WHERE local_status IN ({open}) AND due_at > ?1 AND due_at <= ?2"))?
        .query_row([ts(now), ts(now + chrono::Duration::hours(24))], |r| r.get(0))?;
    Ok(crate::view::DeadlineCounts { overdue, due_soon })
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
    use chengban_protocol::{Channel, Citizen};
    use chrono::{Duration, TimeZone, Utc};

    fn slip(id: i64, status: SlipStatus, due_in_hours: i64) -> Slip {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
        Slip {
            id,
            number: format!("SP20261125-{id:06}"),
            department_id: 1,
            kind: SlipKind::Assignment,
            channel: Channel::Hotline,
            request_type: RequestType::Help,
            tier: Tier::General,
            title: format!("工单{id}"),
            content: "内容".into(),
            citizen: Citizen { name: Some("张三丰".into()), phone: Some("13843412345".into()), anonymous: false },
            address: None,
            status,
            dispatched_at: t0,
            due_at: t0 + Duration::hours(due_in_hours),
            attachments: vec![],
            seq: id,
            acknowledged_at: None,
            pending_extension: None,
            rework_count: 0,
            urge_count: 0,
            history: vec![],
            return_until: None,
        }
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
                assert_eq!(ids(page(c, InboxTab::PendingAck, 1, 3)?), vec![4, 2, 3]);
                assert_eq!(ids(page(c, InboxTab::PendingAck, 2, 3)?), vec![1]);
                assert_eq!(ids(page(c, InboxTab::Closed, 1, 3)?), vec![5]);
                assert_eq!(counts(c)?, TabCounts { pending_ack: 4, in_progress: 0, sign_off: 0, replied: 0, closed: 1 });
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
                assert_eq!(count(c, InboxTab::Closed)?, 1);
                Ok(())
            })
            .unwrap();
    }
}

#[cfg(test)]
pub(crate) mod search_tests {
    use super::*;
    use crate::store::Store;
    use chengban_protocol::{Channel, Citizen};
    use chrono::{TimeZone, Utc};

    pub(crate) fn slip(id: i64, title: &str, content: &str, name: &str) -> Slip {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
        Slip {
            id,
            number: format!("SP20261125-{id:06}"),
            department_id: 1,
            kind: SlipKind::Assignment,
            channel: Channel::Hotline,
            request_type: RequestType::Help,
            tier: Tier::General,
            title: title.into(),
            content: content.into(),
            citizen: Citizen { name: Some(name.into()), phone: None, anonymous: false },
            address: Some("铁西区祥和家园".into()),
            status: SlipStatus::Dispatched,
            dispatched_at: t0,
            due_at: t0 + chrono::Duration::hours(id),
            attachments: vec![],
            seq: id,
            return_until: None,
            acknowledged_at: None,
            pending_extension: None,
            rework_count: 0,
            urge_count: 0,
            history: vec![],
        }
    }

    #[test]
    fn search_finds_chinese_substrings_of_any_length_in_every_field() {
        let store = Store::open_in_memory().unwrap();
        store
            .write_blocking(|c| {
                upsert(c, &slip(1, "小区垃圾台堆满", "臭气熏天", "关先生"))?;
                upsert(c, &slip(2, "六楼以上经常停水", "影响生活", "李女士"))?;
                Ok(())
            })
            .unwrap();
        let ids = |q: &str| store.read_blocking(|c| Ok(search(c, q, 50)?)).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids("垃圾台"), vec![1], "title, 3+ characters through FTS");
        assert_eq!(ids("停水"), vec![2], "two characters through the pair index");
        assert_eq!(ids("堆满"), vec![1], "a pair at the end of a field");
        assert_eq!(ids("满"), vec![1], "one character at the end of a field");
        assert_eq!(ids("李"), vec![2], "one character at the start");
        assert_eq!(ids("满臭"), Vec::<i64>::new(), "no pair across two fields");
        assert_eq!(ids("sp"), vec![1, 2], "ASCII letters ignore case");
        assert_eq!(ids("5-"), vec![1, 2], "a separator falls back to the scan");
        assert_eq!(ids("臭气熏天"), vec![1], "content");
        assert_eq!(ids("李女士"), vec![2], "citizen name");
        assert_eq!(ids("000002"), vec![2], "slip number");
        assert_eq!(ids("祥和家园"), vec![1, 2], "address, soonest deadline first");
        assert!(ids("\"; DROP").is_empty(), "quotes cannot break out of the phrase");
        assert!(ids("%").is_empty(), "LIKE wildcards are literal");
    }

    #[test]
    fn slips_not_yet_indexed_are_still_found_and_indexing_catches_up() {
        let store = Store::open_in_memory().unwrap();
        store.write_blocking(|c| Ok(upsert_with(c, &slip(1, "小区垃圾台堆满", "臭气熏天", "关先生"), false)?)).unwrap();
        let ids = |q: &str| store.read_blocking(|c| Ok(search(c, q, 50)?)).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids("垃圾台"), vec![1], "found by the scan before indexing");
        assert_eq!(ids("垃圾"), vec![1], "two characters too");
        assert_eq!(store.write_blocking(|c| Ok(index_pending(c, 100)?)).unwrap(), 1);
        assert_eq!(store.write_blocking(|c| Ok(index_pending(c, 100)?)).unwrap(), 0);
        assert_eq!(ids("垃圾台"), vec![1], "and by the index after");
        assert_eq!(ids("垃圾"), vec![1], "the short index after");
    }

    #[test]
    fn an_updated_slip_is_found_by_its_new_text_only() {
        let store = Store::open_in_memory().unwrap();
        store.write_blocking(|c| Ok(upsert(c, &slip(1, "路灯损坏", "x", "a"))?)).unwrap();
        store.write_blocking(|c| Ok(upsert(c, &slip(1, "井盖缺失", "x", "a"))?)).unwrap();
        let n = |q: &str| store.read_blocking(|c| Ok(search(c, q, 50)?.len())).unwrap();
        assert_eq!((n("路灯损坏"), n("井盖缺失")), (0, 1));
        assert_eq!((n("路灯"), n("井盖"), n("损"), n("缺")), (0, 1, 0, 1), "the short index forgets the old text too");
    }
}
