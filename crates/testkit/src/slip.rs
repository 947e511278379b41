//! A slip built in code, for tests that need no center: change what the test is about with
//! struct update syntax, `Slip { status, ..slip(1) }`.

use chengban_protocol::*;
use chrono::{Duration, TimeZone, Utc};

/// Slip `id` of department 1 as dispatched on 2026-11-25 at 02:00 UTC: a general-tier
/// assignment with a named citizen, due three days later, no history.
pub fn slip(id: i64) -> Slip {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).single().unwrap_or_default();
    Slip {
        id,
        number: format!("SP20261125-{id:06}"),
        department_id: 1,
        kind: SlipKind::Assignment,
        channel: Channel::Hotline,
        request_type: RequestType::Help,
        tier: Tier::General,
        title: format!("工单{id}"),
        content: "来电人反映报销未到账".into(),
        citizen: Citizen { name: Some("张三丰".into()), phone: Some("13843412345".into()), anonymous: false },
        address: None,
        status: SlipStatus::Dispatched,
        dispatched_at: t0,
        due_at: t0 + Duration::days(3),
        attachments: vec![],
        seq: id,
        return_until: None,
        acknowledge_until: None,
        acknowledged_at: None,
        pending_extension: None,
        rework_count: 0,
        urge_count: 0,
        history: vec![],
        assignee: None,
    }
}
