//! The center's latest decision that the clerk must still act on.

use chengban_protocol::*;
use chrono::{TimeZone, Utc};

fn slip(status: SlipStatus, events: Vec<EventBody>) -> Slip {
    let at = |i: usize| Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap() + chrono::Duration::minutes(i as i64);
    Slip {
        id: 1,
        number: "SP20261125-0001".into(),
        department_id: 1,
        kind: SlipKind::Assignment,
        channel: Channel::Hotline,
        request_type: RequestType::Help,
        tier: Tier::General,
        title: "医保报销".into(),
        content: "来电人反映报销未到账".into(),
        citizen: Citizen::default(),
        address: None,
        status,
        dispatched_at: at(0),
        due_at: at(10_000),
        attachments: vec![],
        seq: 1,
        return_until: None,
        acknowledged_at: None,
        pending_extension: None,
        rework_count: 0,
        urge_count: 0,
        history: events
            .into_iter()
            .enumerate()
            .map(|(i, body)| SlipEvent { id: i as i64 + 1, at: at(i + 1), actor: "x".into(), role: Role::Operator, body })
            .collect(),
    }
}

fn reply() -> EventBody {
    EventBody::Action(Action::Reply(Reply {
        process: "已处理".into(),
        result: Resolution::Solved,
        policy_doc_no: None,
        policy_source: None,
        attachments: vec![],
    }))
}

fn rework(reason: &str) -> EventBody {
    EventBody::Decision(Decision::Review { accept: false, reason: Some(reason.into()) })
}

#[test]
fn a_rework_needs_attention_with_its_reason_until_the_next_reply() {
    let s = slip(SlipStatus::InProgress, vec![reply(), rework("诉求人反映仍未到账")]);
    let a = s.attention().expect("attention");
    assert_eq!((a.kind, a.reason.as_deref()), (AttentionKind::Rework, Some("诉求人反映仍未到账")));
    assert_eq!(a.at, s.history[1].at);
    let answered = slip(SlipStatus::Replied, vec![reply(), rework("x"), reply()]);
    assert_eq!(answered.attention(), None);
}

#[test]
fn a_refused_return_stays_until_the_department_answers_and_the_latest_decision_wins() {
    let refused = EventBody::Decision(Decision::DecideReturn { accept: false, comment: Some("属本单位职责".into()) });
    let urge = EventBody::Decision(Decision::Urge { message: "请尽快办理".into() });
    let s = slip(SlipStatus::InProgress, vec![refused.clone()]);
    assert_eq!(s.attention().unwrap().kind, AttentionKind::ReturnRefused);
    assert_eq!(slip(SlipStatus::InProgress, vec![refused.clone(), urge]).attention().unwrap().kind, AttentionKind::Urged);
    let again = EventBody::Action(Action::RequestReturn { reason: ReturnReason::Other, text: "补充材料".into(), evidence: vec![] });
    assert_eq!(slip(SlipStatus::ReturnRequested, vec![refused.clone(), again]).attention(), None);
    assert_eq!(slip(SlipStatus::Closed, vec![rework("x")]).attention(), None, "nothing to do on a closed slip");
    let blank = EventBody::Decision(Decision::DecideExtension { approve: false, new_due_at: None, comment: Some("  ".into()) });
    let a = slip(SlipStatus::InProgress, vec![blank]).attention().unwrap();
    assert_eq!((a.kind, a.reason), (AttentionKind::ExtensionRefused, None));
}
