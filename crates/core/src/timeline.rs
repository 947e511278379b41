//! Chinese sentences for a slip's history: what each action or decision was, in a clerk's
//! words. Used for the timeline; never logged (callbacks carry the citizen's words).

use chengban_protocol::{Action, AttachmentClass, Decision, EventBody, Reply};

use crate::store::colleagues::Names;
use crate::view::TimelineItem;

fn yes_no(b: bool) -> &'static str {
    if b {
        "已解决"
    } else {
        "未解决"
    }
}

fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    // The PC's zone, as the window shows every other time.
    t.with_timezone(&chrono::Local).format("%m-%d %H:%M").to_string()
}

/// Appends `part` after `sep`, unless `s` already ends a sentence or clause (a process text
/// that ends in 。 would otherwise read "。；依据").
fn then(s: &mut String, sep: &str, part: &str) {
    let ends = s.trim_end().chars().last().is_some_and(|c| "。！？；，.!?;,".contains(c));
    if ends {
        s.truncate(s.trim_end().len());
    } else {
        s.push_str(sep);
    }
    s.push_str(part);
}

/// The title and detail of an action; `names` names the assignee of a 分派.
pub fn action(a: &Action, names: &Names) -> (String, Option<String>) {
    let title = a.label().to_string();
    let detail = match a {
        Action::Acknowledge {} => None,
        Action::RequestReturn { reason, text, evidence } => {
            let files = if evidence.is_empty() { String::new() } else { format!("（附证据 {} 件）", evidence.len()) };
            Some(format!("{}：{}{}", reason.label(), text, files))
        }
        Action::RequestExtension { reason, requested_due_at } => Some(format!("申请延至 {}：{}", time(requested_due_at), reason)),
        Action::InterimReply { text } => Some(text.clone()),
        Action::Callback(c) => {
            let mut s = format!("{} {}，{}", time(&c.at), c.method.label(), if c.reached { "已接通" } else { "未接通" });
            if let Some(who) = &c.contact {
                s.push_str(&format!("（{who}）"));
            }
            if let Some(sat) = c.satisfaction {
                s.push_str(&format!("；{}", sat.label()));
            }
            if let Some(solved) = c.solved {
                s.push_str(&format!("；{}", yes_no(solved)));
            }
            then(&mut s, "。", &c.summary);
            Some(s)
        }
        Action::Reply(r) => Some(reply(r)),
        Action::SignOff { comment, .. } => comment.clone(),
        Action::Assign { assignee, reason, .. } => {
            let mut s = format!("交由 {} 办理", names.of(assignee));
            if let Some(r) = reason.as_deref().filter(|r| !chengban_protocol::text::is_blank(r)) {
                s.push_str(&format!("：{r}"));
            }
            Some(s)
        }
    };
    (title, detail)
}

/// A reply in one paragraph: the result, what the citizen was told, then the handling notes and
/// the rest. A reply from before the 公开答复 reads as it always did. The number dialled is
/// masked: the timeline is shown to anyone at the desk.
fn reply(r: &Reply) -> String {
    let mut s = format!("{}。", r.result.label());
    match &r.public_text {
        Some(public) => {
            then(&mut s, "", &format!("公开答复：{public}"));
            then(&mut s, "。", &format!("办理情况：{}", r.process));
        }
        None => then(&mut s, "", &r.process),
    }
    if let Some(why) = &r.unsolved_reason {
        then(&mut s, "；", &format!("未解决原因：{why}"));
    }
    if let Some(why) = &r.beyond_duty {
        then(&mut s, "；", &format!("超职责诉求：{why}"));
    }
    match &r.contact {
        Some(c) if c.contacted => {
            let when = c.at.as_ref().map(time).unwrap_or_default();
            let phone = c.phone.as_deref().map(crate::mask::phone).unwrap_or_default();
            let said = [when, phone].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("，");
            then(&mut s, "；", &if said.is_empty() { "已联系诉求人".to_string() } else { format!("已联系诉求人（{said}）") });
        }
        Some(c) => then(&mut s, "；", &format!("未联系诉求人：{}", c.reason.as_deref().unwrap_or(""))),
        None => {}
    }
    for p in &r.policies {
        then(&mut s, "；", &format!("依据 {p}"));
    }
    if let Some(no) = &r.policy_doc_no {
        then(&mut s, "；", &format!("依据 {no}"));
        if let Some(src) = &r.policy_source {
            s.push_str(&format!("（{src}）"));
        }
    }
    if !r.attachments.is_empty() {
        let names: Vec<String> = r
            .attachments
            .iter()
            .map(|a| if a.class == AttachmentClass::Handling { a.name.clone() } else { format!("{}·{}", a.class.label(), a.name) })
            .collect();
        then(&mut s, "；", &format!("附件：{}", names.join("、")));
    }
    s
}

pub fn decision(d: &Decision) -> (String, Option<String>) {
    let detail = match d {
        Decision::Review { reason, .. } => reason.clone(),
        Decision::DecideReturn { comment, .. } => comment.clone(),
        Decision::DecideExtension { new_due_at, comment, .. } => match (new_due_at, comment) {
            (Some(t), Some(c)) => Some(format!("新截止时间 {}；{c}", time(t))),
            (Some(t), None) => Some(format!("新截止时间 {}", time(t))),
            (None, c) => c.clone(),
        },
        Decision::Urge { message } => Some(message.clone()),
    };
    (d.label().to_string(), detail)
}

pub fn event(body: &EventBody, names: &Names) -> (String, Option<String>) {
    match body {
        EventBody::Dispatched => ("受理中心派单".into(), None),
        EventBody::Action(a) => action(a, names),
        EventBody::Decision(d) => decision(d),
    }
}

pub fn item(e: &chengban_protocol::SlipEvent, names: &Names) -> TimelineItem {
    let (title, detail) = event(&e.body, names);
    let action = match &e.body {
        EventBody::Action(a) => Some(a.kind()),
        _ => None,
    };
    TimelineItem {
        action,
        at: e.at,
        actor: e.actor.clone(),
        role: e.role,
        title,
        detail,
        sync: crate::view::TimelineSync::Synced,
        error: None,
        mutation_id: None,
    }
}

#[cfg(test)]
mod tests {
    use chengban_protocol::{Action, AttachmentClass, AttachmentRef, Contact, PolicyCitation, Reply, Resolution};

    fn reply(process: &str) -> Action {
        Action::Reply(Reply {
            process: process.into(),
            result: Resolution::Solved,
            policy_doc_no: Some("四政办发〔2022〕12号".into()),
            policy_source: Some("四平市人民政府办公室".into()),
            ..Default::default()
        })
    }

    #[test]
    fn a_reply_reads_without_doubled_punctuation() {
        let names = crate::store::colleagues::Names::empty();
        let (_, ended) = super::action(&reply("协调环卫所清运，次日清运完毕。"), &names);
        assert_eq!(ended.as_deref(), Some("已解决。协调环卫所清运，次日清运完毕。依据 四政办发〔2022〕12号（四平市人民政府办公室）"));
        let (_, open) = super::action(&reply("协调环卫所清运"), &names);
        assert_eq!(open.as_deref(), Some("已解决。协调环卫所清运；依据 四政办发〔2022〕12号（四平市人民政府办公室）"));
    }

    #[test]
    fn a_reply_shows_what_the_citizen_was_told_apart_from_the_handling_and_masks_the_number_dialled() {
        let file =
            |name: &str, class| AttachmentRef { sha256: "ab".into(), name: name.into(), size: 1, content_type: "image/jpeg".into(), class };
        let r = Action::Reply(Reply {
            process: "协调产权单位".into(),
            public_text: Some("您反映的路灯问题已部分修复。".into()),
            result: Resolution::PartlySolved,
            unsolved_reason: Some("其余线路待改造".into()),
            beyond_duty: None,
            contact: Some(Contact { contacted: true, at: None, phone: Some("13812345678".into()), reason: None }),
            policies: vec![PolicyCitation {
                doc_no: "四政发〔2023〕3号".into(),
                title: "四平市城市照明管理办法".into(),
                article: Some("第八条".into()),
            }],
            policy_doc_no: None,
            policy_source: None,
            attachments: vec![file("身份证.jpg", AttachmentClass::IdDocument), file("现场.jpg", AttachmentClass::Handling)],
        });
        let (_, detail) = super::action(&r, &crate::store::colleagues::Names::empty());
        let detail = detail.expect("detail");
        assert_eq!(
            detail,
            "部分解决。公开答复：您反映的路灯问题已部分修复。办理情况：协调产权单位；未解决原因：其余线路待改造；\
             已联系诉求人（138****5678）；依据 四政发〔2023〕3号《四平市城市照明管理办法》第八条；附件：证件·身份证.jpg、现场.jpg"
        );
        assert!(!detail.contains("13812345678"));
    }
}
