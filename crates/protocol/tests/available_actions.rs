//! The slip page's buttons come from the same gate that judges the action: shown, shown
//! disabled with what is missing, or not shown.

use chengban_protocol::rules::{available_actions, check_action, permits, AvailableAction, Refusal, SlipFacts};
use chengban_protocol::*;
use chrono::Duration;

mod common;

use common::now;

/// A supervision slip in `status`, nobody called back yet.
fn facts(status: SlipStatus) -> SlipFacts {
    SlipFacts { kind: SlipKind::Supervision, callbacks_reached: 0, ..common::facts(status) }
}

fn kinds(v: &[AvailableAction]) -> Vec<(ActionKind, bool)> {
    v.iter().map(|a| (a.kind, a.blocked.is_some())).collect()
}

#[test]
fn a_new_slip_offers_acknowledge_return_and_extension_to_the_handler() {
    let got = available_actions(&facts(SlipStatus::Dispatched), Role::Handler, now());
    use ActionKind::*;
    assert_eq!(kinds(&got), [(Acknowledge, false), (RequestReturn, false), (RequestExtension, false)]);
}

#[test]
fn a_reply_before_any_callback_shows_disabled_with_the_reason() {
    let got = available_actions(&facts(SlipStatus::InProgress), Role::Handler, now());
    let reply = got.iter().find(|a| a.kind == ActionKind::Reply).expect("reply shown");
    assert!(reply.blocked.as_deref().is_some_and(|why| why.contains("回访")), "{reply:?}");
    let mut reworked = facts(SlipStatus::InProgress);
    reworked.reworked = true;
    let got = available_actions(&reworked, Role::Handler, now());
    let reply = got.iter().find(|a| a.kind == ActionKind::Reply).expect("reply shown");
    assert!(reply.blocked.as_deref().is_some_and(|why| why.starts_with("已退回重办")), "{reply:?}");
}

#[test]
fn an_extension_after_the_deadline_or_while_one_waits_shows_disabled() {
    let late = now() + Duration::days(3);
    let got = available_actions(&facts(SlipStatus::InProgress), Role::Handler, late);
    assert!(got.iter().any(|a| a.kind == ActionKind::RequestExtension && a.blocked.is_some()));
    let mut waiting = facts(SlipStatus::InProgress);
    waiting.extension_pending = true;
    let got = available_actions(&waiting, Role::Handler, now());
    assert!(got.iter().any(|a| a.kind == ActionKind::RequestExtension && a.blocked.is_some()));
}

#[test]
fn sign_off_is_the_leaders_alone_and_the_operator_sees_nothing() {
    let waiting = facts(SlipStatus::AwaitingSignOff);
    let handler = kinds(&available_actions(&waiting, Role::Handler, now()));
    assert_eq!(handler, [(ActionKind::Callback, false)]);
    let leader = kinds(&available_actions(&waiting, Role::Leader, now()));
    assert_eq!(leader, [(ActionKind::SignOff, false), (ActionKind::Assign, false)]);
    assert!(available_actions(&waiting, Role::Operator, now()).is_empty());
}

#[test]
fn a_closed_slip_offers_nothing() {
    for status in [SlipStatus::Closed, SlipStatus::Returned, SlipStatus::ReturnRequested] {
        assert!(available_actions(&facts(status), Role::Handler, now()).is_empty(), "{status:?}");
    }
}

#[test]
fn check_action_refuses_exactly_what_permits_refuses_before_reading_the_form() {
    // A reply with an empty form before any callback: the missing callback is said first.
    let f = facts(SlipStatus::InProgress);
    let empty = Action::Reply(Reply {
        process: " ".into(),
        result: Resolution::Solved,
        policy_doc_no: None,
        policy_source: None,
        attachments: vec![],
        ..Default::default()
    });
    let gate = permits(&f, Role::Handler, ActionKind::Reply, now()).expect_err("gated");
    assert_eq!(check_action(&f, Role::Handler, &empty, now()).expect_err("refused"), gate);
    assert!(matches!(gate, Refusal::NotYet(_)));
    assert_eq!(gate.code(), "invalid_input", "the wire code is unchanged");
}

#[test]
fn open_statuses_are_the_ones_whose_deadline_runs() {
    let open: Vec<_> = SlipStatus::ALL.iter().copied().filter(|s| s.is_open()).collect();
    use SlipStatus::*;
    assert_eq!(open, [Dispatched, InProgress, ReturnRequested, AwaitingSignOff]);
}
