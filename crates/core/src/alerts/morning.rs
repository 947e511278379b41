//! The leader's morning summary: once a day, from 08:30 China time (or at the first pass after
//! it, when the desk starts later), what the department has due today, what is overdue and what
//! waits for the leader's sign-off. Said once a day (the day is kept in the settings), to
//! leaders only: a handler's alerts are about each slip.

use chengban_protocol::rates::china_time;
use chengban_protocol::Role;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};
use rusqlite::Connection;

use super::{Notification, Urgency};
use crate::store::rows::{InboxScope, InboxTab};
use crate::store::{self, ts};

/// When the summary is due, China time.
pub const AT: (u32, u32) = (8, 30);
const SAID_ON: &str = "morning_summary";

/// The summary, if it is due now and not yet said today; records it as said.
pub fn due(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<Option<Notification>> {
    if store::account::role(conn)? != Role::Leader {
        return Ok(None);
    }
    let local = now.with_timezone(&china_time());
    if (local.hour(), local.minute()) < AT {
        return Ok(None);
    }
    let today = local.date_naive();
    let said: String = store::settings::get(conn, SAID_ON)?;
    if said == today.to_string() {
        return Ok(None);
    }
    store::settings::put(conn, SAID_ON, &today.to_string())?;
    let midnight = china_time()
        .from_local_datetime(&(today + Duration::days(1)).and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now + Duration::days(1));
    let overdue = store::slips::deadline_counts(conn, now)?.overdue;
    let open = store::slips::open_sql();
    let due_today: u32 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM slips WHERE local_status IN ({open}) AND due_at > ?1 AND due_at < ?2"))?
        .query_row([ts(now), ts(midnight)], |r| r.get(0))?;
    let sign_off = store::slips::count(conn, InboxTab::SignOff, InboxScope::Department, "")?;
    let body = if overdue + due_today + sign_off == 0 {
        "今日没有到期、超期或待签发的工单。".to_string()
    } else {
        format!("今日到期 {due_today} 件，已超期 {overdue} 件，待签发 {sign_off} 件。")
    };
    Ok(Some(Notification { title: "今日工单概览".into(), body, urgency: Urgency::Normal, slip_id: None }))
}
