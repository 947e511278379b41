//! 审单 on push: the center refuses a reply that breaks a blocking rule, with the rule's
//! sentence, whatever desk sent it; it takes a reply with only warnings, and a reply in the form
//! desks sent before the 公开答复 existed.

mod common;

use serde_json::{json, Value};

async fn slip_in_progress(c: &common::Center, token: &str, device: &str) -> i64 {
    let op = c.login("operator").await;
    let dept = c.department_id("tiexi").await;
    let (status, slip) = c.post(&op, "/v1/operator/slips", &common::dispatch_body(dept, &format!("路灯不亮（{device}）"))).await;
    assert_eq!(status, 201, "{slip}");
    let id = slip["id"].as_i64().unwrap();
    let callback = json!({"type": "callback", "at": chrono::Utc::now().to_rfc3339(), "method": "phone", "reached": true,
        "contact": "本人", "summary": "已告知处理结果", "satisfaction": "satisfied", "solved": true});
    let body = common::push_body(device, &[(1, id, json!({"type": "acknowledge"})), (2, id, callback)]);
    let (status, answer) = c.post(token, "/v1/push", &body).await;
    assert_eq!(status, 200, "{answer}");
    id
}

fn good() -> Value {
    json!({"type": "reply", "process": "现场更换灯具", "public_text": "您反映的小区路灯不亮问题，我单位已于近日更换灯具，现已恢复照明。",
        "result": "solved", "contact": {"contacted": true, "at": chrono::Utc::now().to_rfc3339(), "phone": "13812345678"}})
}

fn with(changes: Value) -> Value {
    let mut r = good();
    for (k, v) in changes.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

/// Pushes `reply` as the device's third mutation; the result entry.
async fn push_reply(c: &common::Center, token: &str, device: &str, id: i64, reply: Value) -> Value {
    let body = common::push_body(device, &[(3, id, reply)]);
    let (status, answer) = c.post(token, "/v1/push", &body).await;
    assert_eq!(status, 200, "{answer}");
    answer["results"][0].clone()
}

#[tokio::test]
async fn each_blocking_rule_refuses_the_reply_with_its_reason_and_the_slip_stays_in_progress() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let cases = [
        (with(json!({"result": "unsolved"})), "请说明原因"),
        (with(json!({"beyond_duty": " "})), "超职责诉求"),
        (with(json!({"contact": {"contacted": false}})), "未联系诉求人的原因"),
        (with(json!({"contact": {"contacted": true}})), "联系诉求人的时间"),
        (with(json!({"public_text": "已处理。"})), "不少于 20 字"),
        (with(json!({"public_text": "您反映的问题已处理，如有疑问请联系13812345678。谢谢您的监督"})), "手机号码"),
        (with(json!({"public_text": "经核实身份证22030219800101123X的户主已办理完毕，感谢监督。"})), "身份证号码"),
    ];
    for (i, (reply, why)) in cases.into_iter().enumerate() {
        let device = format!("desk-{i}");
        let id = slip_in_progress(&c, &h, &device).await;
        let result = push_reply(&c, &h, &device, id, reply).await;
        assert_eq!(result["outcome"], "rejected", "{why}: {result}");
        assert_eq!(result["error"]["code"], "invalid_input");
        assert!(result["error"]["message"].as_str().unwrap().contains(why), "{why}: {result}");
        let (_, slip) = c.get(&h, &format!("/v1/slips/{id}")).await;
        assert_eq!(slip["status"], "in_progress", "{why}: nothing changed");
    }
}

#[tokio::test]
async fn a_reply_with_only_warnings_and_an_old_desks_reply_are_taken() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = slip_in_progress(&c, &h, "desk-a").await;
    let no_contact = with(json!({"contact": null}));
    assert_eq!(push_reply(&c, &h, "desk-a", id, no_contact).await["outcome"], "applied");

    let id = slip_in_progress(&c, &h, "desk-b").await;
    let old = json!({"type": "reply", "process": "协调环卫所清运垃圾台，次日清运完毕，已电话告知诉求人", "result": "solved",
        "policy_doc_no": null, "policy_source": null});
    assert_eq!(push_reply(&c, &h, "desk-b", id, old).await["outcome"], "applied");
    let (_, slip) = c.get(&h, &format!("/v1/slips/{id}")).await;
    let reply = slip["history"].as_array().unwrap().last().unwrap()["body"]["data"].clone();
    assert_eq!(reply["process"], "协调环卫所清运垃圾台，次日清运完毕，已电话告知诉求人");
}
