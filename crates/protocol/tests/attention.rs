//! The center's latest decision that the clerk must still act on.

mod common;

use chengban_protocol::*;
use common::slip;

fn reply() -> EventBody {
    EventBody::Action(Action::Reply(Reply {
        process: "已处理".into(),
        public_text: Some("您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。".into()),
        result: Resolution::Solved,
        policy_doc_no: None,
        policy_source: None,
        attachments: vec![],
        ..Default::default()
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
