//! Rules decided in `protocol/rules.rs`, over real HTTP: a return straight from 待签收 counts
//! as signing for the slip, after 退回重办 the reply needs a new callback, and an action is
//! judged at the time the desk did it, within a bound.

mod common;

use chengban_center::db::sql::params;
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
    json!({"type": "reply", "process": "已协调医保经办机构补发", "public_text": "您反映的医保待遇问题，已协调医保经办机构于本周内补发。", "result": "solved", "policy_doc_no": null, "policy_source": null})
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

/// Moves slip `id`'s deadline to `due` in the center's database.
fn set_due(c: &common::Center, id: i64, due: chrono::DateTime<chrono::Utc>) {
    c.running
        .state
        .db
        .with_writer(move |conn| {
            conn.execute("UPDATE slips SET due_at = ?1 WHERE id = ?2", params![chengban_center::db::ts(due), id]).unwrap()
        })
        .unwrap();
}

/// A push of one action done at `done_at`.
fn push_done_at(device: &str, id: i64, slip: i64, action: Value, done_at: chrono::DateTime<chrono::Utc>) -> Value {
    json!({"device_id": device, "mutations": [{"id": id, "slip_id": slip, "action": action, "created_at": done_at.to_rfc3339()}]})
}

#[tokio::test]
async fn an_extension_asked_offline_before_the_deadline_and_delivered_after_it_is_accepted() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = dispatched(&c, &h).await;
    let now = chrono::Utc::now();
    set_due(&c, id, now - chrono::Duration::hours(1));
    let ask = |until: chrono::DateTime<chrono::Utc>| json!({"type": "request_extension", "reason": "需协调供水公司", "requested_due_at": until.to_rfc3339()});

    // Done two hours ago, while the desk was offline and the slip still in time.
    let (s, res) =
        c.post(&h, "/v1/push", &push_done_at("d", 1, id, ask(now + chrono::Duration::days(2)), now - chrono::Duration::hours(2))).await;
    assert_eq!((s, &res["results"][0]["outcome"]), (200, &json!("applied")), "{res}");
    let (_, slip) = c.get(&h, &format!("/v1/slips/{id}")).await;
    let asked = chrono::DateTime::parse_from_rfc3339(slip["pending_extension"]["requested_at"].as_str().unwrap()).unwrap();
    assert!(asked < now - chrono::Duration::minutes(119), "recorded when it was asked: {asked}");
}

#[tokio::test]
async fn the_desks_time_is_taken_no_further_back_than_the_bound_nor_ahead_of_arrival() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = dispatched(&c, &h).await;
    let now = chrono::Utc::now();
    set_due(&c, id, now - chrono::Duration::hours(30));
    let ask = json!({"type": "request_extension", "reason": "需协调供水公司", "requested_due_at": (now + chrono::Duration::days(2)).to_rfc3339()});
    // Claimed two days ago: judged 24 hours before arrival, which is past the deadline.
    let (s, res) = c.post(&h, "/v1/push", &push_done_at("d", 1, id, ask, now - chrono::Duration::hours(48))).await;
    assert_eq!((s, &res["results"][0]["outcome"]), (200, &json!("rejected")), "{res}");
    assert!(res["results"][0]["error"]["message"].as_str().unwrap().contains("已超过办理时限"), "{res}");

    // A desk clock ahead: the acknowledgement counts at arrival, not in the future.
    let other = dispatched(&c, &h).await;
    let (_, res) =
        c.post(&h, "/v1/push", &push_done_at("d", 2, other, json!({"type": "acknowledge"}), now + chrono::Duration::hours(5))).await;
    assert_eq!(res["results"][0]["outcome"], "applied", "{res}");
    let (_, slip) = c.get(&h, &format!("/v1/slips/{other}")).await;
    let at = chrono::DateTime::parse_from_rfc3339(slip["acknowledged_at"].as_str().unwrap()).unwrap();
    assert!(at <= chrono::Utc::now(), "not in the future: {at}");
}
