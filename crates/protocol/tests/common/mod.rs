//! A slip for the protocol's tests.
#![allow(dead_code)]

use chengban_protocol::*;
use chrono::{TimeZone, Utc};

/// An assignment slip of 铁西区 in `status`, its history the given events a minute apart.
pub fn slip(status: SlipStatus, events: Vec<EventBody>) -> Slip {
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
