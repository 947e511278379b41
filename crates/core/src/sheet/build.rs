//! The [`Sheet`] of a slip: its header, the request, the reply as written (the latest one), the
//! callbacks, the whole history, and who signed.

use chengban_protocol::{Action, AttachmentClass, EventBody, Reply, Role, Slip};
use chrono::{DateTime, Utc};

use super::{Sheet, SheetField, SheetSection, Signature};
use crate::store::colleagues::Names;
use crate::store::outbox::Entry;

fn time(t: &DateTime<Utc>) -> String {
    // The PC's zone, as the window shows every other time.
    t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()
}

/// One thing that happened, from the center's history or this desk's queue.
struct Step {
    at: DateTime<Utc>,
    actor: String,
    role: Role,
    body: EventBody,
}

fn field(label: &str, value: impl Into<String>) -> SheetField {
    SheetField { label: label.into(), value: value.into() }
}

fn section(heading: &str, paragraphs: Vec<String>) -> SheetSection {
    SheetSection { heading: heading.into(), paragraphs }
}

/// The sheet of `slip` with this desk's `entries` (done by its user, of `role`; queued ones are
/// in, refused ones are not), for `department`, made at `now`.
pub fn build(slip: &Slip, entries: &[Entry], role: Role, names: &Names, department: &str, now: DateTime<Utc>) -> Sheet {
    let mut steps: Vec<Step> =
        slip.history.iter().map(|e| Step { at: e.at, actor: e.actor.clone(), role: e.role, body: e.body.clone() }).collect();
    let delivered: Vec<Step> = entries
        .iter()
        .filter(|e| e.state != crate::store::outbox::State::Rejected)
        .map(|e| Step { at: e.created_at, actor: e.actor.clone(), role, body: EventBody::Action(e.action.clone()) })
        .collect();
    steps.extend(delivered);

    let reply_at = steps.iter().rposition(|s| matches!(&s.body, EventBody::Action(Action::Reply(_))));
    let reply = reply_at.and_then(|i| match &steps[i].body {
        EventBody::Action(Action::Reply(r)) => Some((&steps[i], r)),
        _ => None,
    });
    let signed = steps.iter().rev().find(|s| matches!(&s.body, EventBody::Action(Action::SignOff { approve: true, .. })));
    let acknowledged =
        slip.acknowledged_at.or_else(|| steps.iter().find(|s| matches!(&s.body, EventBody::Action(Action::Acknowledge {}))).map(|s| s.at));
    let dash = || "—".to_string();
    let citizen = if slip.citizen.anonymous {
        "匿名".to_string()
    } else {
        slip.citizen.name.as_deref().map(crate::mask::name).unwrap_or_else(dash)
    };
    let phone = if slip.citizen.anonymous { dash() } else { slip.citizen.phone.as_deref().map(crate::mask::phone).unwrap_or_else(dash) };

    let fields = vec![
        field("工单编号", &slip.number),
        field("渠道", slip.channel.label()),
        field("类型", format!("{} · {}", slip.kind.label(), slip.request_type.label())),
        field("时限等级", slip.tier.label()),
        field("办结时限", format!("{} 前", time(&slip.due_at))),
        field("派发时间", time(&slip.dispatched_at)),
        field("签收时间", acknowledged.as_ref().map(time).unwrap_or_else(dash)),
        field("答复时间", reply.map(|(s, _)| time(&s.at)).unwrap_or_else(dash)),
        field("当前状态", slip.status.label()),
        field("诉求人", citizen),
        field("联系电话", phone),
        field("地址", slip.address.clone().unwrap_or_else(dash)),
        field("承办人", slip.assignee.as_ref().map(|a| a.display_name.clone()).unwrap_or_else(dash)),
    ];

    let mut sections = vec![section("诉求内容", vec![slip.title.clone(), slip.content.clone()])];
    match reply {
        Some((_, r)) => sections.extend(reply_sections(r)),
        None => sections.push(section("答复", vec!["尚未答复".into()])),
    }
    let callbacks: Vec<String> = steps
        .iter()
        .filter_map(|s| match &s.body {
            EventBody::Action(a @ Action::Callback(_)) => {
                let (title, detail) = crate::timeline::action(a, names);
                Some(format!("{} {}：{}", s.actor, title, detail.unwrap_or_default()))
            }
            _ => None,
        })
        .collect();
    sections.push(section("回访情况", if callbacks.is_empty() { vec!["尚无回访记录".into()] } else { callbacks }));
    let history: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (title, mut detail) = crate::timeline::event(&s.body, names);
            if reply_at == Some(i) {
                // Printed in full above.
                detail = Some("见本单【公开答复】【办理情况】".into());
            }
            let who = if s.actor.is_empty() { String::new() } else { format!(" {}（{}）", s.actor, s.role.label()) };
            match detail {
                Some(d) => format!("{}{} {}：{}", time(&s.at), who, title, d),
                None => format!("{}{} {}", time(&s.at), who, title),
            }
        })
        .collect();
    sections.push(section("办理过程", history));

    let signatures = vec![
        Signature { role: "经办人".into(), name: reply.map(|(s, _)| s.actor.clone()), at: reply.map(|(s, _)| time(&s.at)) },
        Signature { role: "科室负责人".into(), name: None, at: None },
        Signature { role: "分管领导".into(), name: signed.map(|s| s.actor.clone()), at: signed.map(|s| time(&s.at)) },
    ];
    Sheet {
        department: department.to_string(),
        number: slip.number.clone(),
        title: "12345政务服务便民热线工单处理单".into(),
        fields,
        sections,
        signatures,
        printed_at: time(&now),
    }
}

/// The reply's parts, each under its heading; the number dialled masked.
fn reply_sections(r: &Reply) -> Vec<SheetSection> {
    let mut result = vec![r.result.label().to_string()];
    if let Some(why) = &r.unsolved_reason {
        result.push(format!("未解决原因：{why}"));
    }
    if let Some(why) = &r.beyond_duty {
        result.push(format!("超职责诉求：{why}"));
    }
    match &r.contact {
        Some(c) if c.contacted => {
            let mut s = "已联系诉求人".to_string();
            if let Some(at) = &c.at {
                s.push_str(&format!("，{}", time(at)));
            }
            if let Some(p) = &c.phone {
                s.push_str(&format!("，电话 {}", crate::mask::phone(p)));
            }
            result.push(s);
        }
        Some(c) => result.push(format!("未联系诉求人：{}", c.reason.as_deref().unwrap_or(""))),
        None => {}
    }
    let mut policy: Vec<String> = r.policies.iter().map(|p| p.to_string()).collect();
    if let Some(no) = &r.policy_doc_no {
        policy.push(match &r.policy_source {
            Some(src) => format!("{no}（{src}）"),
            None => no.clone(),
        });
    }
    if policy.is_empty() {
        policy.push("无".into());
    }
    let mut out = vec![
        section("公开答复", vec![r.public_text().to_string()]),
        section("办理情况", vec![r.process.clone()]),
        section("办理结果", result),
        section("政策依据", policy),
    ];
    if !r.attachments.is_empty() {
        let files = AttachmentClass::ALL
            .iter()
            .filter_map(|&class| {
                let names: Vec<&str> = r.attachments.iter().filter(|a| a.class == class).map(|a| a.name.as_str()).collect();
                (!names.is_empty()).then(|| format!("{}：{}", class.label(), names.join("、")))
            })
            .collect();
        out.push(section("附件", files));
    }
    out
}
