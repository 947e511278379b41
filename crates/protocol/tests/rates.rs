//! The 考核 rates as `crates/protocol/src/rates.rs` defines them, one behaviour a test: months in
//! China time, overdue work carried over, an approved extension, a rework, a supervision slip's
//! sign-off, a return, acknowledgements still within their limit, and the month still running.

use chengban_protocol::rates::{Period, RateFacts, Rates, Ratio};
use chengban_protocol::*;
use chrono::{DateTime, Utc};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
}

fn nov() -> Period {
    Period::month(2026, 11).expect("month")
}

/// A general-tier assignment slip dispatched and due as given, with `events` at their times.
fn slip(id: i64, dispatched: &str, due: &str, status: SlipStatus, events: &[(&str, EventBody)]) -> Slip {
    Slip {
        id,
        status,
        dispatched_at: at(dispatched),
        due_at: at(due),
        acknowledge_until: Some(at(dispatched) + chrono::Duration::days(1)),
        acknowledged_at: events.iter().find(|(_, b)| matches!(b, EventBody::Action(Action::Acknowledge {}))).map(|(t, _)| at(t)),
        history: events
            .iter()
            .enumerate()
            .map(|(i, (t, body))| SlipEvent {
                id: i as i64 + 1,
                at: at(t),
                actor: "tiexi.handler".into(),
                role: Role::Handler,
                body: body.clone(),
            })
            .collect(),
        ..chengban_testkit::slip(id)
    }
}

fn ack() -> EventBody {
    EventBody::Action(Action::Acknowledge {})
}

fn callback(when: &str, satisfaction: Option<Satisfaction>) -> EventBody {
    EventBody::Action(Action::Callback(Callback {
        at: at(when),
        method: CallbackMethod::Phone,
        reached: true,
        contact: Some("本人".into()),
        summary: "已电话联系诉求人".into(),
        satisfaction,
        solved: Some(true),
    }))
}

fn reply() -> EventBody {
    EventBody::Action(Action::Reply(Reply {
        process: "已现场处置".into(),
        public_text: Some("您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。".into()),
        result: Resolution::Solved,
        policy_doc_no: None,
        policy_source: None,
        attachments: vec![],
        ..Default::default()
    }))
}

fn review(accept: bool) -> EventBody {
    EventBody::Decision(Decision::Review { accept, reason: (!accept).then(|| "回访不实".into()) })
}

fn rates(slips: &[Slip], period: Period, now: &str) -> Rates {
    let facts: Vec<RateFacts> = slips.iter().map(RateFacts::of).collect();
    Rates::count(&facts, period.until(at(now)), at(now))
}

const LATER: &str = "2027-01-15T00:00:00+08:00";

#[test]
fn a_month_runs_from_midnight_to_midnight_china_time() {
    assert_eq!(nov().start, at("2026-11-01T00:00:00+08:00"));
    assert_eq!(nov().end, at("2026-12-01T00:00:00+08:00"));
    assert_eq!(Period::month_of(at("2026-11-30T23:30:00+08:00")), nov(), "still November in Beijing, December 1st in UTC is not yet");
    assert_eq!(Period::month_of(at("2026-12-01T00:30:00+08:00")).previous(), nov());
    assert!(Period::month(2026, 13).is_none());
}

#[test]
fn a_slip_closed_by_its_due_time_counts_closed_and_on_time_in_the_month_it_was_due() {
    let s = slip(
        1,
        "2026-11-27T16:00:00+08:00",
        "2026-11-30T16:00:00+08:00",
        SlipStatus::Closed,
        &[
            ("2026-11-27T17:00:00+08:00", ack()),
            ("2026-11-30T10:00:00+08:00", callback("2026-11-30T10:00:00+08:00", Some(Satisfaction::Satisfied))),
            ("2026-11-30T11:00:00+08:00", reply()),
            ("2026-12-02T09:00:00+08:00", review(true)),
        ],
    );
    let r = rates(std::slice::from_ref(&s), nov(), LATER);
    assert_eq!(r.closed, Ratio { num: 1, den: 1 });
    assert_eq!(r.closed_on_time, Ratio { num: 1, den: 1 }, "judged by when the reply left, not by the review two days later");
    assert_eq!(r.acknowledged_in_time, Ratio { num: 1, den: 1 });
    assert_eq!(r.called_back, Ratio { num: 1, den: 1 });
    assert_eq!(r.satisfied, Ratio { num: 1, den: 1 });
    assert_eq!(r.reworked, Ratio::default(), "the review was in December");
    let dec = rates(&[s], Period::month(2026, 12).expect("month"), LATER);
    assert_eq!(dec.closed, Ratio::default(), "done work is not owed again");
    assert_eq!(dec.reworked, Ratio { num: 0, den: 1 });
}

#[test]
fn overdue_work_is_owed_again_each_month_until_it_is_closed() {
    let s = slip(
        2,
        "2026-10-25T09:00:00+08:00",
        "2026-10-28T09:00:00+08:00",
        SlipStatus::Closed,
        &[
            ("2026-10-25T10:00:00+08:00", ack()),
            ("2026-11-03T09:00:00+08:00", callback("2026-11-03T09:00:00+08:00", None)),
            ("2026-11-03T10:00:00+08:00", reply()),
            ("2026-11-04T10:00:00+08:00", review(true)),
        ],
    );
    let oct = rates(std::slice::from_ref(&s), Period::month(2026, 10).expect("month"), LATER);
    assert_eq!(oct.closed, Ratio { num: 0, den: 1 }, "not closed by the end of October");
    let nov_rates = rates(std::slice::from_ref(&s), nov(), LATER);
    assert_eq!(nov_rates.closed, Ratio { num: 1, den: 1 }, "carried into November and closed there");
    assert_eq!(nov_rates.closed_on_time, Ratio { num: 0, den: 1 }, "but not on time");
    assert_eq!(nov_rates.satisfied, Ratio::default(), "a callback without a satisfaction is not in 满意率");
    let dec = rates(&[s], Period::month(2026, 12).expect("month"), LATER);
    assert_eq!(dec.closed.den, 0, "closed in November: not owed in December");
}

#[test]
fn an_approved_extension_moves_the_slip_to_the_month_of_its_new_due_time() {
    let extension =
        EventBody::Decision(Decision::DecideExtension { approve: true, new_due_at: Some(at("2026-12-05T09:00:00+08:00")), comment: None });
    // The slip as the center sends it after the approval: due_at is the new one.
    let s = slip(
        3,
        "2026-11-20T09:00:00+08:00",
        "2026-12-05T09:00:00+08:00",
        SlipStatus::InProgress,
        &[("2026-11-20T10:00:00+08:00", ack()), ("2026-11-25T10:00:00+08:00", extension)],
    );
    assert_eq!(rates(std::slice::from_ref(&s), nov(), LATER).closed.den, 0);
    let dec = rates(&[s], Period::month(2026, 12).expect("month"), LATER);
    assert_eq!(dec.closed, Ratio { num: 0, den: 1 });
    assert_eq!(dec.extended, Ratio { num: 1, den: 1 });
}

#[test]
fn a_rework_counts_in_the_rework_rate_and_the_reply_after_it_needs_its_own_callback() {
    let s = slip(
        4,
        "2026-11-02T09:00:00+08:00",
        "2026-11-20T09:00:00+08:00",
        SlipStatus::Closed,
        &[
            ("2026-11-02T10:00:00+08:00", ack()),
            ("2026-11-05T09:00:00+08:00", callback("2026-11-05T09:00:00+08:00", Some(Satisfaction::Unsatisfied))),
            ("2026-11-05T10:00:00+08:00", reply()),
            ("2026-11-06T10:00:00+08:00", review(false)),
            ("2026-11-10T10:00:00+08:00", reply()),
            ("2026-11-11T10:00:00+08:00", review(true)),
        ],
    );
    let r = rates(&[s], nov(), LATER);
    assert_eq!(r.reworked, Ratio { num: 1, den: 2 });
    assert_eq!(r.called_back, Ratio { num: 1, den: 2 }, "the reply after the rework had no callback of its own");
    assert_eq!(r.satisfied, Ratio { num: 0, den: 1 });
    assert_eq!(r.closed_on_time, Ratio { num: 1, den: 1 }, "the accepted reply was sent by the due time");
}

#[test]
fn a_supervision_slip_is_on_time_only_if_the_leader_signed_off_by_its_due_time() {
    let sign_off = EventBody::Action(Action::SignOff { approve: true, comment: None });
    let s = Slip {
        kind: SlipKind::Supervision,
        ..slip(
            5,
            "2026-11-10T09:00:00+08:00",
            "2026-11-21T09:00:00+08:00",
            SlipStatus::Closed,
            &[
                ("2026-11-10T10:00:00+08:00", ack()),
                ("2026-11-20T09:00:00+08:00", callback("2026-11-20T09:00:00+08:00", Some(Satisfaction::VerySatisfied))),
                ("2026-11-20T10:00:00+08:00", reply()),
                ("2026-11-22T10:00:00+08:00", sign_off),
                ("2026-11-23T10:00:00+08:00", review(true)),
            ],
        )
    };
    let r = rates(&[s], nov(), LATER);
    assert_eq!(r.closed, Ratio { num: 1, den: 1 });
    assert_eq!(r.closed_on_time, Ratio { num: 0, den: 1 }, "the handler replied in time, the leader signed off a day late");
}

#[test]
fn a_returned_slip_counts_as_answered_in_time_and_is_not_owed() {
    let request =
        EventBody::Action(Action::RequestReturn {
            reason: ReturnReason::WrongDepartment, text: "非本单位职责".into(), evidence: vec![]
        });
    let accepted = EventBody::Decision(Decision::DecideReturn { accept: true, comment: None });
    let mut s = slip(
        6,
        "2026-11-12T09:00:00+08:00",
        "2026-11-15T09:00:00+08:00",
        SlipStatus::Returned,
        &[("2026-11-12T11:00:00+08:00", request), ("2026-11-12T15:00:00+08:00", accepted)],
    );
    s.acknowledged_at = Some(at("2026-11-12T11:00:00+08:00"));
    let r = rates(&[s], nov(), LATER);
    assert_eq!(r.closed.den, 0, "the center took it back");
    assert_eq!(r.return_requested, Ratio { num: 1, den: 1 });
    assert_eq!(r.acknowledged_in_time, Ratio { num: 1, den: 1 });
}

#[test]
fn an_acknowledgement_still_within_its_limit_is_not_counted_yet_and_a_late_one_is() {
    let waiting = slip(7, "2026-11-20T09:00:00+08:00", "2026-11-23T09:00:00+08:00", SlipStatus::Dispatched, &[]);
    let late =
        slip(8, "2026-11-18T09:00:00+08:00", "2026-11-25T09:00:00+08:00", SlipStatus::InProgress, &[("2026-11-19T12:00:00+08:00", ack())]);
    let missed = slip(9, "2026-11-17T09:00:00+08:00", "2026-11-24T09:00:00+08:00", SlipStatus::Dispatched, &[]);
    let now = "2026-11-20T12:00:00+08:00";
    let r = rates(&[waiting, late, missed], nov(), now);
    assert_eq!(r.acknowledged_in_time, Ratio { num: 0, den: 2 }, "the one dispatched three hours ago still has time");
    assert_eq!(r.return_requested, Ratio { num: 0, den: 3 });
}

#[test]
fn while_the_month_runs_only_what_was_due_by_now_is_owed_and_a_miss_is_forecast() {
    let done = slip(
        10,
        "2026-11-02T09:00:00+08:00",
        "2026-11-05T09:00:00+08:00",
        SlipStatus::Closed,
        &[("2026-11-02T10:00:00+08:00", ack()), ("2026-11-04T10:00:00+08:00", reply()), ("2026-11-04T12:00:00+08:00", review(true))],
    );
    let due_later =
        slip(11, "2026-11-18T09:00:00+08:00", "2026-11-25T09:00:00+08:00", SlipStatus::InProgress, &[("2026-11-18T10:00:00+08:00", ack())]);
    let r = rates(&[done, due_later], nov(), "2026-11-20T12:00:00+08:00");
    assert_eq!(r.closed_on_time, Ratio { num: 1, den: 1 }, "the slip due on the 25th is not owed yet");
    assert_eq!(r.closed_on_time.percent(), Some(100.0));
    assert_eq!(r.closed_on_time.if_missed().percent(), Some(50.0), "若逾期，按时办结率 100% → 50%");
    assert_eq!(Ratio::default().percent(), None);
}

#[test]
fn every_rate_has_one_name_in_the_order_shown() {
    let fields: Vec<String> = serde_json::to_value(Rates::default()).unwrap().as_object().unwrap().keys().cloned().collect();
    let mut named: Vec<String> = chengban_protocol::rates::RATE_NAMES.iter().map(|(f, _)| f.to_string()).collect();
    named.sort();
    let mut fields = fields;
    fields.sort();
    assert_eq!(named, fields, "RATE_NAMES names each field of Rates once");
    let some = Rates { satisfied: Ratio { num: 3, den: 4 }, ..Rates::default() };
    assert!(chengban_protocol::rates::RATE_NAMES.iter().all(|(f, _)| some.field(f).is_some()), "and each is read by its name");
    assert_eq!(some.field("satisfied"), Some(Ratio { num: 3, den: 4 }));
}

#[test]
fn a_month_outside_a_slips_span_gets_nothing_from_it_so_only_overlapping_slips_need_reading() {
    let closed = slip(
        2,
        "2026-10-25T09:00:00+08:00",
        "2026-10-28T09:00:00+08:00",
        SlipStatus::Closed,
        &[
            ("2026-10-25T10:00:00+08:00", ack()),
            ("2026-11-03T09:00:00+08:00", callback("2026-09-30T09:00:00+08:00", Some(Satisfaction::Satisfied))),
            ("2026-11-03T10:00:00+08:00", reply()),
            ("2026-12-04T10:00:00+08:00", review(true)),
        ],
    );
    let overdue = slip(3, "2026-08-25T09:00:00+08:00", "2026-08-28T09:00:00+08:00", SlipStatus::InProgress, &[]);
    let waiting = slip(4, "2026-08-25T09:00:00+08:00", "2026-08-28T09:00:00+08:00", SlipStatus::Replied, &[]);
    let returned = slip(
        5,
        "2026-10-25T09:00:00+08:00",
        "2026-10-28T09:00:00+08:00",
        SlipStatus::Returned,
        &[("2026-10-26T10:00:00+08:00", EventBody::Decision(Decision::DecideReturn { accept: true, comment: None }))],
    );
    let span = |s: &Slip| RateFacts::of(s).span();
    assert_eq!(span(&closed), (at("2026-09-30T09:00:00+08:00"), Some(at("2026-12-04T10:00:00+08:00"))), "the callback's own time counts");
    assert_eq!(span(&overdue).1, None, "owed until closed");
    assert_eq!(span(&waiting).1, None, "a reply waiting for review is still owed");
    assert!(span(&returned).1.is_some(), "taken back: owed no more");
    for s in [closed, overdue, waiting, returned] {
        let facts = RateFacts::of(&s);
        for month in 1..=12 {
            for year in [2026, 2027] {
                let p = Period::month(year, month).expect("month");
                let counted = Rates::count(std::slice::from_ref(&facts), p.until(at(LATER)), at(LATER));
                if !p.overlaps(facts.span()) {
                    assert_eq!(counted, Rates::default(), "slip {} in {year}-{month}", s.id);
                }
            }
        }
    }
}

#[test]
fn the_facts_kept_as_bytes_read_back_the_same_and_anything_else_reads_as_nothing() {
    use chengban_protocol::rates_codec::{decode, encode};
    let mut s = slip(
        7,
        "2026-10-25T09:00:00+08:00",
        "2026-10-28T09:00:00+08:00",
        SlipStatus::Closed,
        &[
            ("2026-10-25T10:00:00+08:00", ack()),
            ("2026-10-26T09:00:00+08:00", callback("2026-10-26T09:00:00+08:00", Some(Satisfaction::VerySatisfied))),
            ("2026-10-26T09:30:00+08:00", callback("2026-10-26T09:30:00+08:00", None)),
            ("2026-10-26T10:00:00+08:00", reply()),
            ("2026-10-27T10:00:00+08:00", review(false)),
            ("2026-10-27T11:00:00+08:00", reply()),
            ("2026-10-27T12:00:00+08:00", review(true)),
        ],
    );
    s.channel = Channel::GovernorMailbox;
    s.assignee = Some(Assignee { username: "a".into(), display_name: "铁西区住建局经办人".into() });
    let bare = RateFacts {
        handler: None,
        ..RateFacts::of(&slip(8, "2026-10-25T09:00:00+08:00", "2026-10-28T09:00:00+08:00", SlipStatus::Dispatched, &[]))
    };
    for facts in [RateFacts::of(&s), bare] {
        let bytes = encode(&facts);
        assert_eq!(decode(&bytes), Some(facts.clone()));
        assert!(bytes.len() < serde_json::to_string(&facts).unwrap().len() / 2, "at most half of JSON's size");
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None, "trailing bytes");
    }
    assert_eq!(decode(b"{\"slip_id\":1}"), None, "another format");
}
