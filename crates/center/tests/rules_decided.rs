//! Two rules decided in `protocol/rules.rs`, over real HTTP: a return straight from 待签收
//! counts as signing for the slip, and after 退回重办 the reply needs a new callback.

mod common;

use serde_json::{json, Value};

async fn dispatched(c: &common::Center, token: &str) -> i64 {
    let (_, page) = c.get(token, "/v1/changes?limit=1000").await;
    page["slips"].as_array().unwrap().iter().find(|s| s["status"] == "dispatched").unwrap()["id"].as_i64().unwrap()
}

/// Actions on one slip, numbered from `first`.
fn push(device: &str, first: i64, slip: i64, actions: &[Value]) -> Value {
    let items: Vec<(i64, i64, Value)> = actions.iter().enumerate().map(|(i, a)| (first + i as i64, slip, a.clone())).collect();
    common::push_body(device, &items)
}

fn callback() -> Value {
    json!({"type": "callback", "at": chrono::Utc::now().to_rfc3339(), "method": "phone", "reached": true,
        "contact": "本人", "summary": "已电话告知办理结果", "satisfaction": "satisfied", "solved": true})
}

fn reply() -> Value {
    json!({"type": "reply", "process": "已协调医保经办机构补发", "result": "solved", "policy_doc_no": null, "policy_source": null})
}

#[tokio::test]
async fn a_refused_return_from_pending_acknowledgement_leaves_a_slip_signed_for_at_the_return() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = dispatched(&c, &h).await;
    let ret = json!({"type": "request_return", "reason": "wrong_department", "text": "一楼住户诉求属物业管理，非本单位职责"});
    let (s, res) = c.post(&h, "/v1/push", &push("d", 1, id, &[ret])).await;
    assert_eq!((s, &res["results"][0]["outcome"]), (200, &json!("applied")), "{res}");
    let (_, slip) = c.get(&h, &format!("/v1/slips/{id}")).await;
    let signed = slip["acknowledged_at"].as_str().expect("the return signs for the slip").to_string();

    let op = c.login("operator").await;
    let (s, _) = c
        .post(
            &op,
            &format!("/v1/operator/slips/{id}/decisions"),
            &json!({"type": "decide_return", "accept": false, "comment": "属本单位职责"}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, slip) = c.get(&h, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["status"], "in_progress");
    assert_eq!(slip["acknowledged_at"], signed, "signed for when the department first answered");
}

#[tokio::test]
async fn after_a_rework_the_reply_waits_for_a_new_callback() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = dispatched(&c, &h).await;
    let (_, first) = c.post(&h, "/v1/push", &push("d", 1, id, &[json!({"type": "acknowledge"}), callback(), reply()])).await;
    assert!(first["results"].as_array().unwrap().iter().all(|r| r["outcome"] == "applied"), "{first}");
    let op = c.login("operator").await;
    let review = json!({"type": "review", "accept": false, "reason": "诉求人反映仍未到账"});
    assert_eq!(c.post(&op, &format!("/v1/operator/slips/{id}/decisions"), &review).await.0, 200);

    let (_, again) = c.post(&h, "/v1/push", &push("d", 4, id, &[reply()])).await;
    assert_eq!(again["results"][0]["outcome"], "rejected");
    assert_eq!(again["results"][0]["error"]["message"], "已退回重办：答复前须重新回访诉求人（或记录至少 3 次未接通）");
    let (_, fixed) = c.post(&h, "/v1/push", &push("d", 5, id, &[callback(), reply()])).await;
    assert!(fixed["results"].as_array().unwrap().iter().all(|r| r["outcome"] == "applied"), "{fixed}");
    let (_, slip) = c.get(&h, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["status"], "replied");
}
