//! A slip for the protocol's tests.
#![allow(dead_code)]

use chengban_protocol::rules::SlipFacts;
use chengban_protocol::*;
use chrono::{DateTime, Duration, TimeZone, Utc};

/// An assignment slip of 铁西区 in `status`, its history the given events a minute apart.
pub fn slip(status: SlipStatus, events: Vec<EventBody>) -> Slip {
    let at = |i: usize| Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap() + chrono::Duration::minutes(i as i64);
    Slip {
        title: "医保报销".into(),
        citizen: Citizen::default(),
        status,
        due_at: at(10_000),
        history: events
            .into_iter()
            .enumerate()
            .map(|(i, body)| SlipEvent { id: i as i64 + 1, at: at(i + 1), actor: "x".into(), role: Role::Operator, body })
            .collect(),
        ..chengban_testkit::slip(1)
    }
}

/// The rules' clock in these tests: 2026-11-25 02:00 UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
}

/// An assignment slip in `status`, due in two days, called back once.
pub fn facts(status: SlipStatus) -> SlipFacts {
    SlipFacts {
        status,
        kind: SlipKind::Assignment,
        request_type: RequestType::Help,
        due_at: now() + Duration::days(2),
        anonymous: false,
        extension_pending: false,
        callbacks_reached: 1,
        callbacks_unreachable: 0,
        reworked: false,
        assignee: None,
    }
}
