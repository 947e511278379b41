//! The alert scheduler's passes with a fake clock: thresholds fire once each and in order,
//! a restart replays none, a closed app catches up with one summary, clock jumps neither lose
//! nor repeat alerts, and a new deadline brings fresh thresholds.

use chengban_core::alerts::engine::{self, queue_from_pull};
use chengban_core::alerts::Urgency;
use chengban_core::store::{self, Store};
use chengban_protocol::*;
use chrono::{DateTime, Duration, TimeZone, Utc};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
}

fn slip(id: i64, tier: Tier, status: SlipStatus, dispatched: DateTime<Utc>, due: DateTime<Utc>) -> Slip {
    Slip { tier, status, dispatched_at: dispatched, due_at: due, citizen: Citizen::default(), ..chengban_testkit::slip(id) }
}

fn put(store: &Store, s: &Slip) {
    store.write_blocking(|c| Ok(store::slips::upsert(c, s)?)).unwrap();
}

fn pass(store: &Store, now: DateTime<Utc>, catch_up: bool) -> engine::Pass {
    store.write_blocking(|c| Ok(engine::run(c, now, catch_up)?)).unwrap()
}

fn pass_since(store: &Store, now: DateTime<Utc>, since: DateTime<Utc>) -> engine::Pass {
    store.write_blocking(|c| Ok(engine::run_since(c, now, false, Some(since))?)).unwrap()
}

fn titles(p: &engine::Pass) -> Vec<String> {
    p.notifications.iter().map(|n| n.title.clone()).collect()
}

#[test]
fn each_threshold_fires_once_and_in_order() {
    let store = Store::open_in_memory().unwrap();
    let due = t0() + Duration::days(3);
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, t0(), due));
    assert!(pass(&store, due - Duration::hours(25), false).notifications.is_empty());
    let next = pass(&store, due - Duration::hours(25), false).next_wake;
    assert_eq!(next, Some(due - Duration::hours(24)), "sleeps until the yellow card");

    assert_eq!(titles(&pass(&store, due - Duration::hours(24), false)), ["工单剩余不到 24 小时 SP20261125-000001"]);
    assert!(pass(&store, due - Duration::hours(23), false).notifications.is_empty(), "once");
    assert_eq!(pass(&store, due - Duration::hours(23), false).next_wake, Some(due - Duration::hours(2)));
    assert_eq!(titles(&pass(&store, due - Duration::hours(2), false)), ["工单剩余不到 2 小时 SP20261125-000001"]);
    assert_eq!(titles(&pass(&store, due + Duration::seconds(1), false)), ["工单已超期 SP20261125-000001"]);
    assert!(pass(&store, due + Duration::hours(5), false).notifications.is_empty());
    assert_eq!(pass(&store, due + Duration::hours(5), false).next_wake, None, "nothing left to wait for");
}

#[test]
fn an_emergency_slip_alerts_at_thirty_and_ten_minutes_with_critical_urgency() {
    let store = Store::open_in_memory().unwrap();
    let due = t0() + Duration::hours(1);
    put(&store, &slip(1, Tier::Emergency, SlipStatus::InProgress, t0(), due));
    let p = pass(&store, due - Duration::minutes(30), false);
    assert_eq!(titles(&p), ["工单剩余不到 30 分钟 SP20261125-000001"]);
    assert_eq!(p.notifications[0].urgency, Urgency::Critical);
    assert_eq!(titles(&pass(&store, due - Duration::minutes(10), false)), ["工单剩余不到 10 分钟 SP20261125-000001"]);
}

#[test]
fn a_restart_replays_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    let due = t0() + Duration::days(1);
    {
        let store = Store::open(&path).unwrap();
        put(&store, &slip(1, Tier::Urgent, SlipStatus::InProgress, t0(), due));
        assert_eq!(pass(&store, due - Duration::hours(3), false).notifications.len(), 1);
    }
    let store = Store::open(&path).unwrap();
    assert!(pass(&store, due - Duration::hours(3), true).notifications.is_empty(), "nothing repeated, not even as a summary");
}

#[test]
fn thresholds_passed_while_closed_become_one_summary() {
    let store = Store::open_in_memory().unwrap();
    let now = t0() + Duration::days(2);
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, t0(), now - Duration::hours(1)));
    put(&store, &slip(2, Tier::General, SlipStatus::InProgress, t0(), now - Duration::hours(5)));
    put(&store, &slip(3, Tier::General, SlipStatus::InProgress, t0(), now + Duration::hours(10)));
    put(&store, &slip(4, Tier::General, SlipStatus::Dispatched, now - Duration::hours(3), now + Duration::days(2)));
    let p = pass(&store, now, true);
    assert_eq!(p.notifications.len(), 1, "{:?}", p.notifications);
    assert_eq!(p.notifications[0].body, "2 件工单已超期，1 件即将到期，1 件尚未签收");
    assert!(pass(&store, now + Duration::minutes(1), false).notifications.is_empty());
}

#[test]
fn several_slips_crossing_together_become_one_grouped_notification() {
    let store = Store::open_in_memory().unwrap();
    let due = t0() + Duration::days(3);
    for id in 1..=4 {
        put(&store, &slip(id, Tier::General, SlipStatus::InProgress, t0(), due));
    }
    let p = pass(&store, due - Duration::hours(24), false);
    assert_eq!(titles(&p), ["4 件工单需要关注"]);
    assert!(p.notifications[0].body.contains("等共 4 项"));
}

#[test]
fn a_clock_jump_forward_says_only_the_most_pressing_and_back_repeats_nothing() {
    let store = Store::open_in_memory().unwrap();
    let due = t0() + Duration::days(3);
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, t0(), due));
    assert!(pass(&store, due - Duration::hours(30), false).notifications.is_empty());
    // The PC wakes from sleep a day and a half later: one overdue alert, not three.
    assert_eq!(titles(&pass(&store, due + Duration::hours(6), false)), ["工单已超期 SP20261125-000001"]);
    // The clock is set back: nothing is said again.
    assert!(pass(&store, due - Duration::hours(3), false).notifications.is_empty());
    assert!(pass(&store, due - Duration::hours(1), false).notifications.is_empty());
}

#[test]
fn an_approved_extension_brings_fresh_thresholds_for_the_new_deadline() {
    let store = Store::open_in_memory().unwrap();
    let due = t0() + Duration::days(3);
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, t0(), due));
    assert_eq!(pass(&store, due - Duration::hours(20), false).notifications.len(), 1);
    let new_due = due + Duration::days(2);
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, t0(), new_due));
    let p = pass(&store, due - Duration::hours(19), false);
    assert!(p.notifications.is_empty());
    assert_eq!(p.next_wake, Some(new_due - Duration::hours(24)), "recomputed from the new due_at");
    assert_eq!(titles(&pass(&store, new_due - Duration::hours(24), false)), ["工单剩余不到 24 小时 SP20261125-000001"]);
}

#[test]
fn a_replied_or_closed_slip_stops_alerting() {
    let store = Store::open_in_memory().unwrap();
    let due = t0() + Duration::days(3);
    put(&store, &slip(1, Tier::General, SlipStatus::Replied, t0(), due));
    put(&store, &slip(2, Tier::General, SlipStatus::Closed, t0(), due));
    let p = pass(&store, due + Duration::hours(1), false);
    assert!(p.notifications.is_empty());
    assert_eq!(p.next_wake, None);
}

#[test]
fn a_slip_left_unacknowledged_is_called_out_once() {
    let store = Store::open_in_memory().unwrap();
    put(&store, &slip(1, Tier::Emergency, SlipStatus::Dispatched, t0(), t0() + Duration::hours(1)));
    assert_eq!(pass(&store, t0() + Duration::minutes(5), false).next_wake, Some(t0() + Duration::minutes(15)));
    let p = pass(&store, t0() + Duration::minutes(15), false);
    assert_eq!(titles(&p), ["工单尚未签收 SP20261125-000001"]);
    assert_eq!(p.notifications[0].urgency, Urgency::Critical);
    assert!(pass(&store, t0() + Duration::minutes(16), false).notifications.is_empty());
}

#[test]
fn a_new_slip_and_the_centers_decisions_from_a_pull_are_said_once_but_not_on_the_first_fill() {
    let store = Store::open_in_memory().unwrap();
    let now = t0();
    let first = slip(1, Tier::General, SlipStatus::Dispatched, now, now + Duration::days(3));
    store.write_blocking(|c| Ok(queue_from_pull(c, None, &first, Role::Handler, true, now)?)).unwrap();
    put(&store, &first);
    assert!(pass(&store, now, false).notifications.is_empty(), "the first fill is not news");

    let emergency = slip(2, Tier::Emergency, SlipStatus::Dispatched, now, now + Duration::hours(1));
    store.write_blocking(|c| Ok(queue_from_pull(c, None, &emergency, Role::Handler, false, now)?)).unwrap();
    put(&store, &emergency);
    let p = pass(&store, now, false);
    assert_eq!(titles(&p), ["紧急新工单 SP20261125-000002"]);
    assert_eq!(p.notifications[0].urgency, Urgency::Critical);
    assert_eq!(p.notifications[0].slip_id, Some(2));

    let mut urged = first.clone();
    urged.history.push(SlipEvent {
        id: 9,
        at: now,
        actor: "受理中心".into(),
        role: Role::Operator,
        body: EventBody::Decision(Decision::Urge { message: "请尽快办理".into() }),
    });
    store.write_blocking(|c| Ok(queue_from_pull(c, Some(&first), &urged, Role::Handler, false, now)?)).unwrap();
    put(&store, &urged);
    let p = pass(&store, now, false);
    assert_eq!(titles(&p), ["受理中心催办 SP20261125-000001"]);
    assert_eq!(p.notifications[0].body, "工单1：请尽快办理");
    store.write_blocking(|c| Ok(queue_from_pull(c, Some(&urged), &urged, Role::Handler, false, now)?)).unwrap();
    assert!(pass(&store, now, false).notifications.is_empty(), "the same event is not said twice");
}

#[test]
fn a_pass_woken_by_the_clock_alone_says_what_crossed_since_the_last_one() {
    let store = Store::open_in_memory().unwrap();
    let due = t0() + Duration::days(3);
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, t0(), due));
    put(&store, &slip(2, Tier::General, SlipStatus::InProgress, t0(), due + Duration::hours(3)));
    let first = due - Duration::hours(25);
    assert!(pass(&store, first, false).notifications.is_empty());
    // A minute after the yellow card of slip 1, the windowed pass finds it; slip 2 is not there yet.
    let p = pass_since(&store, due - Duration::hours(24) + Duration::minutes(1), first);
    assert_eq!(titles(&p), ["工单剩余不到 24 小时 SP20261125-000001"]);
    // Both crossing inside one window (a clock jump forward): each slip once, by its most pressing
    // threshold; the same window again says nothing.
    let since = due - Duration::hours(24) + Duration::minutes(1);
    let later = due - Duration::minutes(30);
    assert_eq!(
        titles(&pass_since(&store, later, since)),
        ["工单剩余不到 2 小时 SP20261125-000001", "工单剩余不到 24 小时 SP20261125-000002"]
    );
    assert!(pass_since(&store, later, since).notifications.is_empty(), "never twice");
    assert!(pass(&store, later, false).notifications.is_empty(), "and a full pass agrees: nothing left unsaid");

    // What a pull brings is the full pass's to say (the service forgets `since` when slips
    // change): the windowed pass does not even look at a slip whose threshold lies before it.
    put(&store, &slip(3, Tier::General, SlipStatus::InProgress, t0(), due - Duration::hours(1)));
    let minute_later = later + Duration::minutes(1);
    assert!(pass_since(&store, minute_later, later).notifications.is_empty(), "outside the window");
    assert_eq!(titles(&pass(&store, minute_later, false)), ["工单已超期 SP20261125-000003"]);
}

#[test]
fn an_urgent_slip_is_announced_once_as_new_not_also_as_due_within_a_day() {
    let store = Store::open_in_memory().unwrap();
    let now = t0();
    let urgent = slip(3, Tier::Urgent, SlipStatus::Dispatched, now, now + Duration::hours(24));
    store.write_blocking(|c| Ok(queue_from_pull(c, None, &urgent, Role::Handler, false, now)?)).unwrap();
    put(&store, &urgent);
    assert_eq!(titles(&pass(&store, now + Duration::seconds(1), false)), ["新工单 SP20261125-000003"]);
    assert!(pass(&store, now + Duration::minutes(1), false).notifications.is_empty(), "no 剩余不到 24 小时 a moment later");
    assert_eq!(
        titles(&pass(&store, now + Duration::hours(22), false)),
        ["工单剩余不到 2 小时 SP20261125-000003"],
        "later thresholds still come"
    );
}

#[test]
fn a_leader_is_told_of_overdue_slips_and_sign_offs_not_of_each_clerks_dispatch_or_deadline() {
    let store = Store::open_in_memory().unwrap();
    leader(&store);
    let now = t0();
    let due = now + Duration::days(1);
    let fresh = slip(4, Tier::Urgent, SlipStatus::Dispatched, now, due);
    store.write_blocking(|c| Ok(queue_from_pull(c, None, &fresh, Role::Leader, false, now)?)).unwrap();
    put(&store, &fresh);
    assert_eq!(titles(&pass(&store, now, false)), ["今日工单概览"], "the morning summary (10:00 in Beijing), no new-slip notice");
    assert!(
        pass(&store, now + Duration::hours(3), false).notifications.is_empty(),
        "nor the unacknowledged call-out, nor 未分派 where nobody assigns slips"
    );
    assert_eq!(
        titles(&pass(&store, due - Duration::hours(1), false)),
        ["今日工单概览"],
        "the next morning's summary, not the clerk's 2-hour warning"
    );
    assert_eq!(titles(&pass(&store, due + Duration::seconds(1), false)), ["工单已超期 SP20261125-000004"]);
}

fn leader(store: &Store) {
    store
        .write_blocking(|c| {
            Ok(store::account::put(
                c,
                &store::account::Account {
                    server_url: "http://127.0.0.1:1".into(),
                    username: "tiexi.leader".into(),
                    display_name: "分管领导".into(),
                    role: Role::Leader,
                    department_id: Some(1),
                    department_name: Some("铁西区住建局".into()),
                    logged_in: true,
                },
            )?)
        })
        .unwrap();
}

fn china(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn a_leader_gets_one_morning_summary_a_day_from_half_past_eight() {
    let store = Store::open_in_memory().unwrap();
    leader(&store);
    let morning = china("2026-11-30T08:30:00+08:00");
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, morning - Duration::days(3), morning - Duration::hours(1)));
    put(&store, &slip(2, Tier::General, SlipStatus::InProgress, morning - Duration::days(2), china("2026-11-30T17:00:00+08:00")));
    put(&store, &slip(3, Tier::General, SlipStatus::AwaitingSignOff, morning - Duration::days(1), morning + Duration::days(2)));
    put(&store, &slip(4, Tier::General, SlipStatus::InProgress, morning, china("2026-12-01T09:00:00+08:00")));
    let summary = |p: &engine::Pass| p.notifications.iter().find(|n| n.title == "今日工单概览").map(|n| n.body.clone());

    assert_eq!(summary(&pass(&store, morning - Duration::minutes(1), false)), None, "not before 08:30");
    assert_eq!(summary(&pass(&store, morning, false)).as_deref(), Some("今日到期 1 件，已超期 1 件，待签发 1 件。"));
    assert_eq!(summary(&pass(&store, morning + Duration::hours(2), false)), None, "once a day");
    let next_day = summary(&pass(&store, morning + Duration::days(1), false));
    assert!(next_day.is_some_and(|b| b.starts_with("今日到期 1 件，已超期 2 件")), "the next morning again");
}

#[test]
fn a_handler_gets_no_morning_summary() {
    let store = Store::open_in_memory().unwrap();
    let morning = china("2026-11-30T09:00:00+08:00");
    put(&store, &slip(1, Tier::General, SlipStatus::InProgress, morning - Duration::days(3), morning - Duration::hours(1)));
    assert!(pass(&store, morning, false).notifications.iter().all(|n| n.title != "今日工单概览"));
}

fn account(store: &Store, username: &str, display_name: &str, role: Role) {
    let a = store::account::Account {
        server_url: "http://127.0.0.1:1".into(),
        username: username.into(),
        display_name: display_name.into(),
        role,
        department_id: Some(1),
        department_name: Some("铁西区住建局".into()),
        logged_in: true,
    };
    store.write_blocking(|c| Ok(store::account::put(c, &a)?)).unwrap();
}

/// `s` given to `to` by the leader, as the center sends it back.
fn assigned(s: &Slip, to: &str, name: &str, previous: Option<&str>, at: DateTime<Utc>) -> Slip {
    let mut s = s.clone();
    let id = s.history.len() as i64 + 1;
    let action =
        Action::Assign { assignee: to.into(), previous: previous.map(Into::into), reason: previous.map(|_| "原经办人外出".into()) };
    s.history.push(SlipEvent { id, at, actor: "分管领导".into(), role: Role::Leader, body: EventBody::Action(action) });
    s.assignee = Some(Assignee { username: to.into(), display_name: name.into() });
    s
}

#[test]
fn the_assignee_is_told_of_a_slip_given_to_them_and_the_others_are_not() {
    let store = Store::open_in_memory().unwrap();
    account(&store, "tiexi.handler", "经办人", Role::Handler);
    let now = t0();
    let fresh = slip(5, Tier::General, SlipStatus::InProgress, now, now + Duration::days(3));
    put(&store, &fresh);
    let mine = assigned(&fresh, "tiexi.handler", "经办人", None, now + Duration::minutes(5));
    store.write_blocking(|c| Ok(queue_from_pull(c, Some(&fresh), &mine, Role::Handler, false, now)?)).unwrap();
    put(&store, &mine);
    let p = pass(&store, now + Duration::minutes(6), false);
    assert_eq!(titles(&p), ["分派给您的工单 SP20261125-000005"]);
    assert_eq!(p.notifications[0].slip_id, Some(5), "a click opens the slip");

    // Moved to a colleague, then back with a reason: told again, with the reason.
    let theirs = assigned(&mine, "tiexi.handler2", "第二经办人", Some("tiexi.handler"), now + Duration::minutes(10));
    store.write_blocking(|c| Ok(queue_from_pull(c, Some(&mine), &theirs, Role::Handler, false, now)?)).unwrap();
    put(&store, &theirs);
    assert!(pass(&store, now + Duration::minutes(11), false).notifications.is_empty(), "a slip given to a colleague is theirs to hear of");
    let back = assigned(&theirs, "tiexi.handler", "经办人", Some("tiexi.handler2"), now + Duration::minutes(20));
    store.write_blocking(|c| Ok(queue_from_pull(c, Some(&theirs), &back, Role::Handler, false, now)?)).unwrap();
    put(&store, &back);
    let p = pass(&store, now + Duration::minutes(21), false);
    assert_eq!(p.notifications.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["工单5（改派：原经办人外出）"]);

    // A new slip that arrives already given to a colleague raises no new-slip notice here.
    let other =
        assigned(&slip(6, Tier::General, SlipStatus::InProgress, now, now + Duration::days(3)), "tiexi.handler2", "第二经办人", None, now);
    store.write_blocking(|c| Ok(queue_from_pull(c, None, &other, Role::Handler, false, now)?)).unwrap();
    put(&store, &other);
    assert!(pass(&store, now + Duration::minutes(22), false).notifications.is_empty());
}

#[test]
fn the_dispatcher_hears_of_a_slip_nobody_has_been_given_once_after_the_set_time() {
    let store = Store::open_in_memory().unwrap();
    account(&store, "tiexi.dispatcher", "内勤", Role::Dispatcher);
    let now = t0();
    // The department assigns: one slip already given out, before the hour — nothing said of it.
    let given = slip(8, Tier::General, SlipStatus::InProgress, now, now + Duration::days(3));
    put(&store, &assigned(&given, "tiexi.handler", "经办人", None, now));
    let fresh = slip(7, Tier::General, SlipStatus::InProgress, now, now + Duration::days(3));
    put(&store, &fresh);
    assert_eq!(pass(&store, now, false).next_wake, Some(now + Duration::minutes(60)), "wakes when the hour is up");
    assert!(pass(&store, now + Duration::minutes(59), false).notifications.is_empty());
    assert_eq!(titles(&pass(&store, now + Duration::minutes(60), false)), ["工单尚未分派 SP20261125-000007"]);
    assert!(pass(&store, now + Duration::minutes(90), false).notifications.is_empty(), "once");

    // 0 turns it off.
    let mut settings = store.read_blocking(|c| Ok(chengban_core::alerts::rules::AlertSettings::load(c)?)).unwrap();
    settings.unassigned_after = 0;
    store.write_blocking(|c| Ok(settings.clone().validated().unwrap().save(c)?)).unwrap();
    put(&store, &slip(9, Tier::General, SlipStatus::InProgress, now, now + Duration::days(3)));
    assert!(pass(&store, now + Duration::hours(5), false).notifications.is_empty(), "off");
}
