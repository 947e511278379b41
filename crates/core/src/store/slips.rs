//! Table `slips`: the department's slips as the center last sent them, and the inbox queries.
//! Indexed for the inbox (status, due_at) so a page stays fast at 100,000 cached slips.

use chengban_protocol::{Channel, RequestType, Slip, SlipKind, SlipStatus, Tier};
use rusqlite::{params, Connection, OptionalExtension};

use super::{parse_ts, ts};
use crate::view::{AttachmentView, CitizenContact, SlipDetail, SlipRow, TabCounts};

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

pub fn upsert(conn: &Connection, s: &Slip) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO slips (id, number, department_id, kind, channel, request_type, tier, title, content,
            citizen_name, citizen_phone, anonymous, address, status, dispatched_at, due_at, attachments, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, department_id = excluded.department_id,
            kind = excluded.kind, channel = excluded.channel, request_type = excluded.request_type, tier = excluded.tier,
            title = excluded.title, content = excluded.content, citizen_name = excluded.citizen_name,
            citizen_phone = excluded.citizen_phone, anonymous = excluded.anonymous, address = excluded.address,
            status = excluded.status, dispatched_at = excluded.dispatched_at, due_at = excluded.due_at,
            attachments = excluded.attachments, seq = excluded.seq",
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
    ])?;
    Ok(())
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM slips", [])?;
    Ok(())
}

fn bad(col: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, "unknown value".into())
}

fn parse<T>(col: usize, v: String, f: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    f(&v).ok_or_else(|| bad(col))
}

/// One inbox page of a tab, soonest deadline first.
pub fn page(conn: &Connection, status: SlipStatus, page: u32, page_size: u32) -> rusqlite::Result<Vec<SlipRow>> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(page_size);
    let mut stmt = conn.prepare_cached(
        "SELECT id, number, kind, request_type, tier, title, status, dispatched_at, due_at
         FROM slips WHERE status = ?1 ORDER BY due_at, id LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(params![status.as_str(), page_size, offset], |r| {
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
        })
    })?;
    rows.collect()
}

pub fn count(conn: &Connection, status: SlipStatus) -> rusqlite::Result<u32> {
    conn.prepare_cached("SELECT COUNT(*) FROM slips WHERE status = ?1")?.query_row([status.as_str()], |r| r.get(0))
}

pub fn counts(conn: &Connection) -> rusqlite::Result<TabCounts> {
    Ok(TabCounts {
        dispatched: count(conn, SlipStatus::Dispatched)?,
        in_progress: count(conn, SlipStatus::InProgress)?,
        replied: count(conn, SlipStatus::Replied)?,
        closed: count(conn, SlipStatus::Closed)?,
    })
}

pub fn total(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("SELECT COUNT(*) FROM slips", [], |r| r.get(0))
}

pub fn detail(conn: &Connection, id: i64) -> rusqlite::Result<Option<SlipDetail>> {
    conn.query_row(
        "SELECT id, number, kind, channel, request_type, tier, title, content, status, dispatched_at, due_at,
                anonymous, citizen_name, citizen_phone, address, attachments
         FROM slips WHERE id = ?1",
        [id],
        |r| {
            let name: Option<String> = r.get(12)?;
            let phone: Option<String> = r.get(13)?;
            let attachments: String = r.get(15)?;
            let attachments: Vec<chengban_protocol::AttachmentMeta> = serde_json::from_str(&attachments).unwrap_or_default();
            Ok(SlipDetail {
                id: r.get(0)?,
                number: r.get(1)?,
                kind: parse(2, r.get(2)?, SlipKind::parse)?,
                channel: parse(3, r.get(3)?, Channel::parse)?,
                request_type: parse(4, r.get(4)?, RequestType::parse)?,
                tier: parse(5, r.get(5)?, Tier::parse)?,
                title: r.get(6)?,
                content: r.get(7)?,
                status: parse(8, r.get(8)?, SlipStatus::parse)?,
                dispatched_at: parse_ts(&r.get::<_, String>(9)?)?,
                due_at: parse_ts(&r.get::<_, String>(10)?)?,
                anonymous: r.get(11)?,
                citizen_name_masked: name.as_deref().map(crate::mask::name),
                citizen_phone_masked: phone.as_deref().map(crate::mask::phone),
                address: r.get(14)?,
                attachments: attachments
                    .into_iter()
                    .map(|a| AttachmentView { name: a.name, size: a.size, content_type: a.content_type })
                    .collect(),
            })
        },
    )
    .optional()
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
    use chengban_protocol::Citizen;
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
                assert_eq!(ids(page(c, SlipStatus::Dispatched, 1, 3)?), vec![4, 2, 3]);
                assert_eq!(ids(page(c, SlipStatus::Dispatched, 2, 3)?), vec![1]);
                assert_eq!(ids(page(c, SlipStatus::Closed, 1, 3)?), vec![5]);
                assert_eq!(counts(c)?, TabCounts { dispatched: 4, in_progress: 0, replied: 0, closed: 1 });
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
                assert_eq!(count(c, SlipStatus::Closed)?, 1);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn the_detail_masks_the_citizen_and_the_contact_reveals_it() {
        let store = Store::open_in_memory().unwrap();
        store.write_blocking(|c| Ok(upsert(c, &slip(1, SlipStatus::Dispatched, 1))?)).unwrap();
        let d = store.read_blocking(|c| Ok(detail(c, 1)?)).unwrap().unwrap();
        assert_eq!(d.citizen_phone_masked.as_deref(), Some("138****2345"));
        assert_eq!(d.citizen_name_masked.as_deref(), Some("张**"));
        let full = store.read_blocking(|c| Ok(contact(c, 1)?)).unwrap().unwrap();
        assert_eq!(full.phone.as_deref(), Some("13843412345"));
        assert!(store.read_blocking(|c| Ok(detail(c, 2)?)).unwrap().is_none());
    }
}
