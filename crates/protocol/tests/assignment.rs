//! 分派 and 改派: who may give a slip out, in which states, and how a change made meanwhile by
//! another assigner refuses the action instead of being overwritten.

mod common;

use chengban_protocol::rules::{available_actions, check_action, Refusal, SlipFacts};
use chengban_protocol::*;

use common::{facts, now};

fn assign(to: &str, previous: Option<&str>, reason: Option<&str>) -> Action {
    Action::Assign { assignee: to.into(), previous: previous.map(Into::into), reason: reason.map(Into::into) }
}

#[test]
fn a_leader_or_the_dispatcher_assigns_an_open_slip_and_a_handler_cannot() {
    for role in [Role::Leader, Role::Dispatcher] {
        for &status in SlipStatus::OPEN {
            let effect = check_action(&facts(status), role, &assign("tiexi.handler", None, None), now()).unwrap();
            assert_eq!((effect.status, effect.assignee.as_deref()), (status, Some("tiexi.handler")), "{role:?} in {status:?}");
        }
        for status in [SlipStatus::Replied, SlipStatus::Closed, SlipStatus::Returned] {
            let got = check_action(&facts(status), role, &assign("tiexi.handler", None, None), now());
            assert!(matches!(got, Err(Refusal::WrongState { .. })), "{status:?}: {got:?}");
        }
    }
    let got = check_action(&facts(SlipStatus::Dispatched), Role::Handler, &assign("tiexi.handler", None, None), now());
    assert_eq!(got.unwrap_err().to_string(), "只有分管领导或内勤可以分派工单");
}

#[test]
fn reassigning_needs_a_reason_and_the_assignee_the_assigner_saw() {
    let held = SlipFacts { assignee: Some("a".into()), ..facts(SlipStatus::InProgress) };
    let no_reason = check_action(&held, Role::Leader, &assign("b", Some("a"), None), now()).unwrap_err();
    assert_eq!(no_reason.to_string(), "请填写改派原因");
    let moved = check_action(&held, Role::Leader, &assign("b", Some("a"), Some("a 休假")), now()).unwrap();
    assert_eq!(moved.assignee.as_deref(), Some("b"));

    // Another assigner gave it to "a" while this one still saw it unassigned, or saw "c".
    for stale in [None, Some("c")] {
        let got = check_action(&held, Role::Dispatcher, &assign("b", stale, Some("调整")), now());
        assert!(matches!(&got, Err(r @ Refusal::Changed(_)) if r.code() == "conflict"), "{stale:?}: {got:?}");
    }
    let same = check_action(&held, Role::Leader, &assign("a", Some("a"), Some("再派")), now()).unwrap_err();
    assert_eq!(same.to_string(), "工单已分派给该经办人");
    let blank = check_action(&facts(SlipStatus::Dispatched), Role::Leader, &assign("  ", None, None), now()).unwrap_err();
    assert_eq!(blank.to_string(), "请选择经办人");
}

#[test]
fn the_facts_follow_the_assignment_so_a_second_one_queued_offline_builds_on_the_first() {
    let mut f = facts(SlipStatus::Dispatched);
    let first = assign("a", None, None);
    let effect = check_action(&f, Role::Leader, &first, now()).unwrap();
    f.apply(&first, &effect);
    assert_eq!(f.assignee.as_deref(), Some("a"));
    let second = assign("b", Some("a"), Some("a 外出"));
    assert!(check_action(&f, Role::Leader, &second, now()).is_ok());
}

#[test]
fn the_dispatcher_signs_for_and_returns_slips_but_does_not_handle_them() {
    let got = available_actions(&facts(SlipStatus::Dispatched), Role::Dispatcher, now());
    let kinds: Vec<_> = got.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, [ActionKind::Acknowledge, ActionKind::RequestReturn, ActionKind::Assign]);
    let reply = check_action(&facts(SlipStatus::InProgress), Role::Dispatcher, &Action::InterimReply { text: "处理中".into() }, now());
    assert_eq!(reply.unwrap_err().to_string(), "只有经办人可以阶段性答复");
}

#[test]
fn the_per_handler_rates_count_a_slip_for_its_assignee() {
    let mut slip = common::slip(SlipStatus::InProgress, vec![EventBody::Dispatched, EventBody::Action(Action::Acknowledge {})]);
    assert_eq!(rates::RateFacts::of(&slip).handler.as_deref(), Some("x"), "who signed for it, while unassigned");
    slip.assignee = Some(Assignee { username: "b".into(), display_name: "李经办".into() });
    assert_eq!(rates::RateFacts::of(&slip).handler.as_deref(), Some("李经办"));
}

#[test]
fn an_assign_action_reads_and_writes_its_wire_form() {
    let a: Action = serde_json::from_str(r#"{"type":"assign","assignee":"tiexi.handler"}"#).unwrap();
    assert_eq!(a, assign("tiexi.handler", None, None));
    assert_eq!(a.label(), "分派");
    assert_eq!(assign("b", Some("a"), Some("r")).label(), "改派");
    assert!(serde_json::from_str::<Action>(r#"{"type":"assign","assignee":"a","to":"b"}"#).is_err());
}
