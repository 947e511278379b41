//! 审单 before sending: each rule found when broken, quiet when kept, and the blocking ones
//! refusing the reply through the state machine (as the center does on push).

mod common;

use chengban_protocol::review::{check_reply, personal_number, ReviewRule, Severity};
use chengban_protocol::rules::{check_action, Refusal, SlipFacts};
use chengban_protocol::*;
use chrono::Duration;

use common::{facts, now};

const PUBLIC: &str = "您反映的小区路灯不亮问题，我单位已于11月20日更换灯具，现已恢复照明。";

/// A reply that breaks no rule.
fn good() -> Reply {
    Reply {
        process: "11月20日安排维修班组现场更换灯具".into(),
        public_text: Some(PUBLIC.into()),
        result: Resolution::Solved,
        contact: Some(Contact { contacted: true, at: Some(now() - Duration::hours(2)), phone: Some("13812345678".into()), reason: None }),
        ..Default::default()
    }
}

fn in_progress() -> SlipFacts {
    facts(SlipStatus::InProgress)
}

fn rules(reply: &Reply) -> Vec<(ReviewRule, Severity)> {
    check_reply(&in_progress(), reply).into_iter().map(|f| (f.rule, f.severity)).collect()
}

#[test]
fn a_complete_reply_breaks_no_rule_and_is_accepted() {
    assert_eq!(rules(&good()), vec![]);
    assert!(check_action(&in_progress(), Role::Handler, &Action::Reply(good()), now()).is_ok());
}

#[test]
fn a_result_other_than_solved_needs_its_reason() {
    for result in [Resolution::PartlySolved, Resolution::Unsolved] {
        let r = Reply { result, ..good() };
        assert_eq!(rules(&r), vec![(ReviewRule::UnsolvedReason, Severity::Block)]);
        let with = Reply { unsolved_reason: Some("涉及历史遗留产权问题，须区政府协调".into()), ..r };
        assert_eq!(rules(&with), vec![]);
    }
}

#[test]
fn a_request_beyond_the_departments_duties_needs_its_explanation() {
    let r = Reply { beyond_duty: Some(" ".into()), ..good() };
    assert_eq!(rules(&r), vec![(ReviewRule::BeyondDutyReason, Severity::Block)]);
    let with = Reply { beyond_duty: Some("属物业服务合同纠纷，应由双方协商或诉讼解决".into()), ..good() };
    assert_eq!(rules(&with), vec![]);
}

#[test]
fn the_contact_record_says_when_or_why_not_and_its_absence_is_a_warning() {
    let no_time = Reply { contact: Some(Contact { contacted: true, at: None, phone: None, reason: None }), ..good() };
    assert_eq!(rules(&no_time), vec![(ReviewRule::ContactComplete, Severity::Block)]);
    let no_reason = Reply { contact: Some(Contact { contacted: false, at: None, phone: None, reason: Some("".into()) }), ..good() };
    assert_eq!(rules(&no_reason), vec![(ReviewRule::ContactComplete, Severity::Block)]);
    let why = Reply {
        contact: Some(Contact { contacted: false, at: None, phone: None, reason: Some("诉求人要求不再来电".into()) }),
        ..good()
    };
    assert_eq!(rules(&why), vec![]);
    let none = Reply { contact: None, ..good() };
    assert_eq!(rules(&none), vec![(ReviewRule::ContactRecorded, Severity::Warn)]);
    let anonymous = SlipFacts { anonymous: true, ..in_progress() };
    assert_eq!(check_reply(&anonymous, &none), vec![], "an anonymous caller cannot be contacted");
}

#[test]
fn a_public_reply_shorter_than_twenty_characters_is_refused() {
    let r = Reply { public_text: Some("已处理。".into()), ..good() };
    assert_eq!(rules(&r), vec![(ReviewRule::PublicTextLength, Severity::Block)]);
    let twenty: String = "已".repeat(20);
    assert_eq!(rules(&Reply { public_text: Some(format!("  {twenty}\n")), ..good() }), vec![]);
}

#[test]
fn a_full_mobile_or_id_card_number_in_the_public_reply_is_refused() {
    for (text, what) in [
        ("请联系13812345678", "手机号码"),
        ("请联系138 1234 5678", "手机号码"),
        ("请联系138-1234-5678", "手机号码"),
        ("请联系１３８１２３４５６７８", "手机号码"),
        ("身份证22030219800101123X", "身份证号码"),
        ("身份证220302198001011234", "身份证号码"),
        ("旧证220302800101123", "身份证号码"),
    ] {
        assert_eq!(personal_number(text), Some(what), "{text}");
        let r = Reply { public_text: Some(format!("{PUBLIC}{text}")), ..good() };
        assert_eq!(rules(&r), vec![(ReviewRule::NoPersonalNumbers, Severity::Block)], "{text}");
    }
    for text in ["如有疑问请拨打0434-3261234", "尾号5678的来电", "工单编号2026112900012345678", "2024-11-29 09:30已上门", "电话12345转2"]
    {
        assert_eq!(personal_number(text), None, "{text}");
    }
}

#[test]
fn a_consultation_answered_without_policy_basis_warns_and_either_form_of_basis_satisfies() {
    let consult = SlipFacts { request_type: RequestType::Consultation, ..in_progress() };
    let found: Vec<_> = check_reply(&consult, &good()).into_iter().map(|f| (f.rule, f.severity)).collect();
    assert_eq!(found, vec![(ReviewRule::PolicyBasis, Severity::Warn)]);
    assert!(check_action(&consult, Role::Handler, &Action::Reply(good()), now()).is_ok(), "a warning does not refuse");
    let cited = Reply {
        policies: vec![PolicyCitation {
            doc_no: "吉政发〔2021〕5号".into(),
            title: "吉林省城镇住房保障条例".into(),
            article: Some("第十二条".into()),
        }],
        ..good()
    };
    assert_eq!(check_reply(&consult, &cited), vec![]);
    let old_form = Reply { policy_doc_no: Some("四政办发〔2022〕12号".into()), ..good() };
    assert_eq!(check_reply(&consult, &old_form), vec![]);
}

#[test]
fn blocking_rules_come_first_and_the_state_machine_refuses_with_the_first() {
    let r = Reply { public_text: Some("已办".into()), result: Resolution::Unsolved, contact: None, ..good() };
    let found = check_reply(&in_progress(), &r);
    let severities: Vec<Severity> = found.iter().map(|f| f.severity).collect();
    assert_eq!(severities, vec![Severity::Block, Severity::Block, Severity::Warn]);
    let refused = check_action(&in_progress(), Role::Handler, &Action::Reply(r), now()).expect_err("refused");
    assert_eq!(refused, Refusal::Invalid(found[0].message.clone()));
    assert_eq!(refused.code(), "invalid_input");
}

#[test]
fn a_reply_written_before_the_public_text_existed_still_reads_and_its_process_is_what_was_told() {
    let old = r#"{"type":"reply","process":"协调环卫所清运垃圾台，次日清运完毕，已告知诉求人","result":"solved",
        "policy_doc_no":"四政办发〔2022〕12号","policy_source":"四平市人民政府办公室","attachments":[
        {"sha256":"ab","name":"现场.jpg","size":3,"content_type":"image/jpeg"}]}"#;
    let Action::Reply(r) = serde_json::from_str::<Action>(old).expect("old reply parses") else { panic!("not a reply") };
    assert_eq!(r.public_text(), r.process);
    assert!(r.cites_policy());
    assert_eq!(r.attachments[0].class, AttachmentClass::Handling);
    assert!(check_action(&in_progress(), Role::Handler, &Action::Reply(r), now()).is_ok(), "an old desk's reply is still taken");
}

#[test]
fn contact_time_in_the_future_is_refused() {
    let r = Reply { contact: Some(Contact { contacted: true, at: Some(now() + Duration::hours(1)), phone: None, reason: None }), ..good() };
    let e = check_action(&in_progress(), Role::Handler, &Action::Reply(r), now()).expect_err("refused");
    assert_eq!(e, Refusal::Invalid("联系时间不能晚于现在".into()));
}
