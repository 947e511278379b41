//! One pass of the alert scheduler over the cache: which thresholds have been crossed, which
//! slips wait too long for acknowledgement, which center events arrived — each said once —
//! and when the next threshold falls. Pure SQLite work on a connection; the caller provides
//! `now` (the center's time), so tests move time freely.

use chengban_protocol::{Action, Decision, EventBody, Role, Slip, SlipKind, Tier};
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use super::rules::AlertSettings;
use super::{Notification, Urgency};
use crate::store::{self, ts};

/// Several alerts at once become one notification from this many on.
pub const GROUP_FROM: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    pub notifications: Vec<Notification>,
    /// When the next threshold falls, if any slip has one ahead.
    pub next_wake: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
struct Item {
    slip_id: i64,
    number: String,
    title: String,
    /// 0 = overdue, >0 = minutes left threshold, None = not acknowledged.
    minutes: Option<u32>,
    emergency: bool,
}

fn text_left(m: u32) -> String {
    if m >= 60 && m.is_multiple_of(60) {
        format!("{} 小时", m / 60)
    } else {
        format!("{m} 分钟")
    }
}

fn item_notification(i: &Item) -> Notification {
    let (title, urgency) = match i.minutes {
        Some(0) => (format!("工单已超期 {}", i.number), if i.emergency { Urgency::Critical } else { Urgency::Normal }),
        Some(m) => (format!("工单剩余不到 {} {}", text_left(m), i.number), if i.emergency { Urgency::Critical } else { Urgency::Normal }),
        None => (format!("工单尚未签收 {}", i.number), if i.emergency { Urgency::Critical } else { Urgency::Normal }),
    };
    Notification { title, body: i.title.clone(), urgency, slip_id: Some(i.slip_id) }
}

/// Crossed thresholds and overdue acknowledgements not yet said; records them as said. With
/// `since` (the time of the last pass, when nothing but time has moved since), only what was
/// crossed after it is looked at: the pass then reads the few slips near a threshold instead of
/// every slip already past one (155 ms → see `docs/benchmarks.md` at 100,000 cached).
fn time_items(conn: &Connection, now: DateTime<Utc>, since: Option<DateTime<Utc>>) -> rusqlite::Result<Vec<Item>> {
    // Before any slip's time: the whole past.
    let after = |d: Duration| since.map_or_else(|| String::from("0"), |s| ts(s + d));
    let settings = AlertSettings::load(conn)?;
    // A leader answers for the department's overdue slips and signs off replies; each clerk's
    // "due soon" and "not yet acknowledged" are the clerk's.
    let role = store::account::role(conn)?;
    let leader = role == Role::Leader;
    let mut found: std::collections::BTreeMap<i64, Item> = Default::default();
    // The leader and the 内勤 hear of slips nobody has been given after a while (未分派).
    if matches!(role, Role::Leader | Role::Dispatcher) && settings.unassigned_after > 0 {
        for slip_id in store::slips::unassigned_since(conn, now - Duration::minutes(i64::from(settings.unassigned_after)))? {
            store::alerts::record(conn, slip_id, "unassigned", now, false)?;
        }
    }
    for t in &settings.tiers {
        let emergency = t.tier == Tier::Emergency;
        for &m in t.minutes_before.iter().filter(|m| !leader || **m == 0) {
            let before = Duration::minutes(i64::from(m));
            for c in store::alerts::thresholds_crossed(conn, t.tier, m, now + before, &after(before))? {
                store::alerts::record(conn, c.slip_id, &format!("left:{m}@{}", c.due_at), now, true)?;
                let item = Item { slip_id: c.slip_id, number: c.number, title: c.title, minutes: Some(m), emergency };
                // The most pressing crossed threshold speaks for the slip.
                match found.get(&c.slip_id) {
                    Some(existing) if existing.minutes.is_some_and(|e| e <= m) => {}
                    _ => {
                        found.insert(c.slip_id, item);
                    }
                }
            }
        }
        if leader {
            continue;
        }
        let unack = Duration::minutes(i64::from(t.unacknowledged_after));
        for c in store::alerts::unacknowledged(conn, t.tier, now - unack, &after(-unack))? {
            store::alerts::record(conn, c.slip_id, "unack", now, true)?;
            found.entry(c.slip_id).or_insert(Item { slip_id: c.slip_id, number: c.number, title: c.title, minutes: None, emergency });
        }
    }
    Ok(found.into_values().collect())
}

/// The next moment a threshold or an acknowledgement limit falls.
pub fn next_wake(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let settings = AlertSettings::load(conn)?;
    let mut next: Option<DateTime<Utc>> = None;
    let mut consider = |t: DateTime<Utc>| next = Some(next.map_or(t, |n| n.min(t)));
    for t in &settings.tiers {
        for &m in &t.minutes_before {
            let before = Duration::minutes(i64::from(m));
            if let Some(due) = store::alerts::next_due(conn, t.tier, now + before)? {
                consider(due - before);
            }
        }
        let unack = Duration::minutes(i64::from(t.unacknowledged_after));
        if let Some(d) = store::alerts::next_unacknowledged(conn, t.tier, now - unack)? {
            consider(d + unack);
        }
    }
    if matches!(store::account::role(conn)?, Role::Leader | Role::Dispatcher) && settings.unassigned_after > 0 {
        if let Some(d) = store::slips::first_unassigned(conn)? {
            consider((d + Duration::minutes(i64::from(settings.unassigned_after))).max(now));
        }
    }
    Ok(next)
}

/// Queues the alerts a pulled slip brings: a new slip (unless this is the cache's first fill),
/// and the center's decisions — for a leader, also a reply waiting for sign-off.
pub fn queue_from_pull(
    conn: &Connection,
    previous: Option<&Slip>,
    slip: &Slip,
    role: Role,
    first_fill: bool,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    if first_fill {
        return Ok(());
    }
    let me = store::account::get(conn)?;
    let mine = |a: Option<&chengban_protocol::Assignee>| a.is_some_and(|a| me.as_ref().is_some_and(|m| m.username == a.username));
    // Given to this user by someone else (分派/改派): the assignee hears of it.
    let assigned_now = mine(slip.assignee.as_ref()) && !mine(previous.and_then(|p| p.assignee.as_ref()));
    let assign = slip.history.iter().rev().find(|e| matches!(e.body, EventBody::Action(Action::Assign { .. })));
    if let Some(e) = assign.filter(|e| assigned_now && me.as_ref().is_none_or(|m| m.display_name != e.actor)) {
        store::alerts::record(conn, slip.id, &format!("assigned:{}", e.id), now, false)?;
    }
    // A new slip already given to someone is theirs to hear of, not everyone's.
    let others = slip.assignee.is_some() && !mine(slip.assignee.as_ref());
    if previous.is_none() && role != Role::Leader && !others && !assigned_now {
        store::alerts::record(conn, slip.id, "new", now, false)?;
        // The new-slip notice says it all: a threshold the slip arrives already past (an urgent
        // slip is within 24 hours from the start) is not said again a moment later.
        let tier = AlertSettings::load(conn)?.for_tier(slip.tier);
        for &m in &tier.minutes_before {
            if slip.due_at - Duration::minutes(i64::from(m)) <= now {
                store::alerts::record(conn, slip.id, &format!("left:{m}@{}", ts(slip.due_at)), now, true)?;
            }
        }
    }
    let seen = previous.and_then(|p| p.history.iter().map(|e| e.id).max()).unwrap_or(0);
    for e in slip.history.iter().filter(|e| e.id > seen) {
        let wanted = match &e.body {
            EventBody::Decision(_) => true,
            EventBody::Action(Action::Reply(_)) => role == Role::Leader && slip.kind == SlipKind::Supervision,
            _ => false,
        };
        if wanted {
            store::alerts::record(conn, slip.id, &format!("event:{}", e.id), now, false)?;
        }
    }
    Ok(())
}

fn event_notification(slip: &Slip, key: &str) -> Option<Notification> {
    let n = |title: String, body: String, urgency| Some(Notification { title, body, urgency, slip_id: Some(slip.id) });
    if key == "unassigned" {
        return n(format!("工单尚未分派 {}", slip.number), slip.title.clone(), Urgency::Normal);
    }
    if let Some(id) = key.strip_prefix("assigned:").and_then(|id| id.parse::<i64>().ok()) {
        let reason = slip.history.iter().find(|e| e.id == id).and_then(|e| match &e.body {
            EventBody::Action(Action::Assign { reason: Some(r), previous: Some(_), .. }) => Some(format!("（改派：{r}）")),
            _ => None,
        });
        let urgency = if slip.tier == Tier::Emergency { Urgency::Critical } else { Urgency::Normal };
        return n(format!("分派给您的工单 {}", slip.number), format!("{}{}", slip.title, reason.unwrap_or_default()), urgency);
    }
    if key == "new" {
        let urgency = if slip.tier == Tier::Emergency { Urgency::Critical } else { Urgency::Normal };
        let prefix = if slip.tier == Tier::Emergency { "紧急新工单" } else { "新工单" };
        return n(format!("{prefix} {}", slip.number), slip.title.clone(), urgency);
    }
    let id: i64 = key.strip_prefix("event:")?.parse().ok()?;
    let e = slip.history.iter().find(|e| e.id == id)?;
    let head = |what: &str| format!("{what} {}", slip.number);
    match &e.body {
        EventBody::Decision(Decision::Urge { message }) => n(head("受理中心催办"), format!("{}：{message}", slip.title), Urgency::Normal),
        EventBody::Decision(Decision::Review { accept: true, .. }) => n(head("工单已办结"), slip.title.clone(), Urgency::Normal),
        EventBody::Decision(Decision::Review { accept: false, reason }) => {
            n(head("答复被退回重办"), format!("{}：{}", slip.title, reason.clone().unwrap_or_default()), Urgency::Normal)
        }
        EventBody::Decision(Decision::DecideReturn { accept, comment }) => n(
            head(if *accept { "退回申请已同意" } else { "退回申请未同意" }),
            format!("{}{}", slip.title, comment.as_ref().map(|c| format!("：{c}")).unwrap_or_default()),
            Urgency::Normal,
        ),
        EventBody::Decision(Decision::DecideExtension { approve, .. }) => {
            n(head(if *approve { "延期申请已同意" } else { "延期申请未同意" }), slip.title.clone(), Urgency::Normal)
        }
        EventBody::Action(Action::Reply(_)) => n(head("答复待签发"), slip.title.clone(), Urgency::Normal),
        _ => None,
    }
}

/// One pass: returns what to show now and when to look again. With `catch_up` (the first pass
/// after start), thresholds that passed while the app was closed become one summary.
pub fn run(conn: &Connection, now: DateTime<Utc>, catch_up: bool) -> rusqlite::Result<Pass> {
    run_since(conn, now, catch_up, None)
}

/// As [`run`], looking only at thresholds crossed after `since` when it is given: for a pass
/// woken by the clock alone, when no slip, setting or deadline has changed since the last one.
pub fn run_since(conn: &Connection, now: DateTime<Utc>, catch_up: bool, since: Option<DateTime<Utc>>) -> rusqlite::Result<Pass> {
    let items = time_items(conn, now, since)?;
    let mut out: Vec<Notification> = super::morning::due(conn, now)?.into_iter().collect();
    let mut grouped: Vec<Notification> = Vec::new();

    for (slip_id, key) in store::alerts::undelivered(conn)? {
        store::alerts::mark_delivered(conn, slip_id, &key)?;
        let Some(slip) = store::slips::load(conn, slip_id)? else { continue };
        if let Some(n) = event_notification(&slip, &key) {
            if n.urgency == Urgency::Critical {
                out.push(n);
            } else {
                grouped.push(n);
            }
        }
    }

    if catch_up && !items.is_empty() {
        let overdue = items.iter().filter(|i| i.minutes == Some(0)).count();
        let soon = items.iter().filter(|i| i.minutes.is_some_and(|m| m > 0)).count();
        let unack = items.iter().filter(|i| i.minutes.is_none()).count();
        let mut parts = Vec::new();
        if overdue > 0 {
            parts.push(format!("{overdue} 件工单已超期"));
        }
        if soon > 0 {
            parts.push(format!("{soon} 件即将到期"));
        }
        if unack > 0 {
            parts.push(format!("{unack} 件尚未签收"));
        }
        out.push(Notification {
            title: "承办台提醒".into(),
            body: parts.join("，"),
            urgency: if items.iter().any(|i| i.emergency && i.minutes == Some(0)) { Urgency::Critical } else { Urgency::Normal },
            slip_id: None,
        });
    } else {
        for i in &items {
            let n = item_notification(i);
            if n.urgency == Urgency::Critical {
                out.push(n);
            } else {
                grouped.push(n);
            }
        }
    }

    if grouped.len() >= GROUP_FROM {
        let mut body: Vec<String> = grouped.iter().take(GROUP_FROM).map(|n| format!("{}：{}", n.title, n.body)).collect();
        if grouped.len() > GROUP_FROM {
            body.push(format!("等共 {} 项", grouped.len()));
        }
        out.push(Notification {
            title: format!("{} 件工单需要关注", grouped.len()),
            body: body.join("\n"),
            urgency: Urgency::Normal,
            slip_id: None,
        });
    } else {
        out.extend(grouped);
    }
    Ok(Pass { notifications: out, next_wake: next_wake(conn, now)? })
}
