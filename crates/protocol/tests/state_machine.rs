//! Every action and decision in every state: allowed (and to which state) or refused.

mod common;

use chengban_protocol::rules::{check_action, check_decision, Refusal, SlipFacts};
use chengban_protocol::*;
use chrono::Duration;

use common::{facts, now};

fn callback(reached: bool) -> Callback {
    Callback {
        at: now() - Duration::hours(1),
        method: CallbackMethod::Phone,
        reached,
        contact: Some("本人".into()),
        summary: "已电话联系诉求人说明处理情况".into(),
        satisfaction: reached.then_some(Satisfaction::Satisfied),
        solved: reached.then_some(true),
    }
}

fn reply() -> Reply {
    Reply {
        process: "已现场处置".into(),
        public_text: Some("您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。".into()),
        ..Default::default()
    }
}

fn actions() -> Vec<(&'static str, Action)> {
    vec![
        ("acknowledge", Action::Acknowledge {}),
        ("return", Action::RequestReturn { reason: ReturnReason::WrongLocality, text: "不属本区".into(), evidence: vec![] }),
        ("extend", Action::RequestExtension { reason: "需协调".into(), requested_due_at: now() + Duration::days(5) }),
        ("interim", Action::InterimReply { text: "正在处理".into() }),
        ("callback", Action::Callback(callback(true))),
        ("reply", Action::Reply(reply())),
        ("sign_off", Action::SignOff { approve: true, comment: None }),
    ]
}

use SlipStatus::*;

/// (action, state) → the state after, or None when refused; for a leader on an assignment slip.
fn expected(action: &str, s: SlipStatus) -> Option<SlipStatus> {
    match (action, s) {
        ("acknowledge", Dispatched) => Some(InProgress),
        ("return", Dispatched | InProgress) => Some(ReturnRequested),
        ("extend", Dispatched | InProgress) => Some(s),
        ("interim", InProgress) => Some(InProgress),
        ("callback", InProgress | AwaitingSignOff | Replied) => Some(s),
        ("reply", InProgress) => Some(Replied),
        ("sign_off", AwaitingSignOff) => Some(Replied),
        _ => None,
    }
}

#[test]
fn every_action_in_every_state_is_allowed_or_refused_as_the_flow_says() {
    for &status in SlipStatus::ALL {
        for (name, action) in actions() {
            // Each action by the role that does it: the leader signs off, the handler the rest.
            let role = if name == "sign_off" { Role::Leader } else { Role::Handler };
            let got = check_action(&facts(status), role, &action, now());
            match expected(name, status) {
                Some(after) => assert_eq!(got.map(|e| e.status), Ok(after), "{name} in {status:?}"),
                None => assert!(
                    matches!(got, Err(Refusal::WrongState { .. })),
                    "{name} in {status:?} must be refused for its state, got {got:?}"
                ),
            }
        }
    }
}

fn decisions() -> Vec<(&'static str, Decision)> {
    vec![
        ("accept", Decision::Review { accept: true, reason: None }),
        ("rework", Decision::Review { accept: false, reason: Some("回访不实".into()) }),
        ("return_ok", Decision::DecideReturn { accept: true, comment: None }),
        ("return_no", Decision::DecideReturn { accept: false, comment: Some("属本单位职责".into()) }),
        ("urge", Decision::Urge { message: "请加快办理".into() }),
    ]
}

#[test]
fn every_decision_in_every_state_is_allowed_or_refused_as_the_flow_says() {
    for &status in SlipStatus::ALL {
        for (name, decision) in decisions() {
            let want = match (name, status) {
                ("accept", Replied) => Some(Closed),
                ("rework", Replied) => Some(InProgress),
                ("return_ok", ReturnRequested) => Some(Returned),
                ("return_no", ReturnRequested) => Some(InProgress),
                ("urge", Closed | Returned) => None,
                ("urge", s) => Some(s),
                _ => None,
            };
            let got = check_decision(&facts(status), &decision);
            match want {
                Some(after) => assert_eq!(got.map(|e| e.status), Ok(after), "{name} in {status:?}"),
                None => assert!(matches!(got, Err(Refusal::WrongState { .. })), "{name} in {status:?}: {got:?}"),
            }
        }
    }
}

#[test]
fn a_supervision_slips_reply_waits_for_the_leaders_sign_off() {
    let f = SlipFacts { kind: SlipKind::Supervision, ..facts(InProgress) };
    assert_eq!(check_action(&f, Role::Handler, &Action::Reply(reply()), now()).unwrap().status, AwaitingSignOff);
    let signing = facts(AwaitingSignOff);
    let refused = check_action(&signing, Role::Handler, &Action::SignOff { approve: true, comment: None }, now());
    assert!(matches!(refused, Err(Refusal::Role(..))), "a handler cannot sign off");
    let back = check_action(&signing, Role::Leader, &Action::SignOff { approve: false, comment: Some("补充政策依据".into()) }, now());
    assert_eq!(back.unwrap().status, InProgress);
    let no_comment = check_action(&signing, Role::Leader, &Action::SignOff { approve: false, comment: None }, now());
    assert!(matches!(no_comment, Err(Refusal::Invalid(_))), "sending back needs a comment");
}

#[test]
fn a_reply_needs_a_callback_or_three_unreachable_attempts_or_anonymity() {
    let none = SlipFacts { callbacks_reached: 0, ..facts(InProgress) };
    let err = check_action(&none, Role::Handler, &Action::Reply(reply()), now()).unwrap_err();
    assert_eq!(err.to_string(), "答复前须先回访诉求人（或记录至少 3 次未接通）");
    let two = SlipFacts { callbacks_unreachable: 2, ..none.clone() };
    assert!(check_action(&two, Role::Handler, &Action::Reply(reply()), now()).is_err());
    let three = SlipFacts { callbacks_unreachable: 3, ..none.clone() };
    assert!(check_action(&three, Role::Handler, &Action::Reply(reply()), now()).is_ok());
    let anonymous = SlipFacts { anonymous: true, ..none };
    assert!(check_action(&anonymous, Role::Handler, &Action::Reply(reply()), now()).is_ok());
}

#[test]
fn an_extension_is_only_before_the_deadline_one_at_a_time_and_later_than_now_due() {
    let f = facts(InProgress);
    let ask = |due| Action::RequestExtension { reason: "需协调".into(), requested_due_at: due };
    assert_eq!(check_action(&f, Role::Handler, &ask(f.due_at + Duration::days(3)), now()).unwrap().extension_pending, Some(true));
    assert!(check_action(&f, Role::Handler, &ask(f.due_at + Duration::days(3)), f.due_at + Duration::seconds(1)).is_err(), "past due");
    let pending = SlipFacts { extension_pending: true, ..f.clone() };
    assert!(check_action(&pending, Role::Handler, &ask(f.due_at + Duration::days(3)), now()).is_err(), "second before a decision");
    assert!(check_action(&f, Role::Handler, &ask(f.due_at - Duration::hours(1)), now()).is_err(), "earlier date");

    let approve = Decision::DecideExtension { approve: true, new_due_at: Some(f.due_at + Duration::days(3)), comment: None };
    assert!(check_decision(&f, &approve).is_err(), "nothing to decide");
    let effect = check_decision(&pending, &approve).unwrap();
    assert_eq!((effect.due_at, effect.extension_pending), (Some(f.due_at + Duration::days(3)), Some(false)));
    let deny = Decision::DecideExtension { approve: false, new_due_at: None, comment: Some("理由不充分".into()) };
    assert_eq!(check_decision(&pending, &deny).unwrap().due_at, None);
}

#[test]
fn empty_texts_and_incomplete_callbacks_are_refused_with_chinese_messages() {
    let f = facts(InProgress);
    let e = check_action(&f, Role::Handler, &Action::InterimReply { text: "  ".into() }, now()).unwrap_err();
    assert_eq!(e.to_string(), "请填写阶段性答复内容");
    let mut c = callback(true);
    c.satisfaction = None;
    let e = check_action(&f, Role::Handler, &Action::Callback(c), now()).unwrap_err();
    assert_eq!(e.to_string(), "回访接通时须填写满意度和是否解决");
    assert!(
        check_action(&f, Role::Handler, &Action::Callback(callback(false)), now()).is_ok(),
        "an unreachable attempt needs no satisfaction"
    );
}

#[test]
fn operators_cannot_act_as_a_department() {
    let got = check_action(&facts(Dispatched), Role::Operator, &Action::Acknowledge {}, now());
    assert!(matches!(got, Err(Refusal::Role(..))));
}

#[test]
fn a_return_from_pending_acknowledgement_counts_as_signing_for_the_slip_and_nothing_else_does() {
    let ret = Action::RequestReturn { reason: ReturnReason::WrongDepartment, text: "非本单位职责".into(), evidence: vec![] };
    assert!(check_action(&facts(SlipStatus::Dispatched), Role::Handler, &ret, now()).unwrap().acknowledges);
    assert!(!check_action(&facts(SlipStatus::InProgress), Role::Handler, &ret, now()).unwrap().acknowledges);
    assert!(check_action(&facts(SlipStatus::Dispatched), Role::Handler, &Action::Acknowledge {}, now()).unwrap().acknowledges);
    let interim = Action::InterimReply { text: "正在协调".into() };
    assert!(!check_action(&facts(SlipStatus::InProgress), Role::Handler, &interim, now()).unwrap().acknowledges);
}

#[test]
fn after_a_rework_the_reply_needs_a_new_callback() {
    let mut slip = common::slip(
        SlipStatus::InProgress,
        vec![
            EventBody::Action(Action::Callback(callback(true))),
            EventBody::Action(Action::Reply(reply())),
            EventBody::Decision(Decision::Review { accept: false, reason: Some("诉求人不满意".into()) }),
        ],
    );
    slip.rework_count = 1;
    let refused = check_action(&slip.facts(), Role::Handler, &Action::Reply(reply()), now()).unwrap_err();
    assert_eq!(refused.to_string(), "已退回重办：答复前须重新回访诉求人（或记录至少 3 次未接通）");
    assert_eq!(slip.facts().callbacks_reached, 0);
    let at = slip.history[2].at + Duration::minutes(1);
    slip.history.push(SlipEvent {
        id: 4,
        at,
        actor: "经办人".into(),
        role: Role::Handler,
        body: EventBody::Action(Action::Callback(callback(true))),
    });
    assert!(check_action(&slip.facts(), Role::Handler, &Action::Reply(reply()), now()).is_ok());
}

#[test]
fn while_a_reply_waits_for_sign_off_the_leader_signs_and_only_the_handler_calls_back() {
    let waiting = SlipFacts { kind: SlipKind::Supervision, ..facts(SlipStatus::AwaitingSignOff) };
    let call = Action::Callback(callback(true));
    assert!(check_action(&waiting, Role::Handler, &call, now()).is_ok());
    let refused = check_action(&waiting, Role::Leader, &call, now()).unwrap_err();
    assert_eq!(refused.to_string(), "只有经办人可以回访");
    let sign = Action::SignOff { approve: true, comment: None };
    assert!(check_action(&waiting, Role::Leader, &sign, now()).is_ok());
}
