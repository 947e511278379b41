//! Nothing is answered "applied" that was not applied: mutation ids start at 1, a replayed id
//! must say what it said the first time, and every action refuses fields it does not have.

mod common;

use serde_json::{json, Value};

async fn slip_id(c: &common::Center, token: &str) -> i64 {
    let (_, page) = c.get(token, "/v1/changes?limit=1000").await;
    page["slips"].as_array().unwrap().iter().find(|s| s["status"] == "dispatched").unwrap()["id"].as_i64().unwrap()
}

use common::push_body as batch;

async fn slip_status(c: &common::Center, token: &str, id: i64) -> (Value, usize) {
    let (_, slip) = c.get(token, &format!("/v1/slips/{id}")).await;
    (slip["status"].clone(), slip["history"].as_array().unwrap().len())
}

#[tokio::test]
async fn mutation_ids_below_one_are_refused_and_never_answered_applied() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = slip_id(&c, &h).await;
    let before = slip_status(&c, &h, id).await;
    for bad in [0, -1, i64::MIN] {
        let (s, body) = c.post(&h, "/v1/push", &batch("desk-z", &[(bad, id, json!({"type": "acknowledge"}))])).await;
        assert_eq!(s, 422, "id {bad}: {body}");
        assert_eq!(body["code"], "invalid_input");
        assert!(body["message"].as_str().unwrap().contains("操作序号"), "{body}");
    }
    // A valid id in the same batch does not make the batch pass.
    let (s, _) =
        c.post(&h, "/v1/push", &batch("desk-z", &[(1, id, json!({"type": "acknowledge"})), (0, id, json!({"type": "acknowledge"}))])).await;
    assert_eq!(s, 422);
    assert_eq!(slip_status(&c, &h, id).await, before, "nothing applied");
    let (_, page) = c.get(&h, "/v1/changes?device_id=desk-z&limit=1").await;
    assert_eq!(page["last_mutation_id"], 0);
}

#[tokio::test]
async fn a_replayed_id_with_other_content_is_a_conflict_and_the_same_content_is_answered_as_before() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = slip_id(&c, &h).await;
    let first =
        batch("desk-r", &[(1, id, json!({"type": "acknowledge"})), (2, id, json!({"type": "interim_reply", "text": "已联系物业"}))]);
    let (s, answer) = c.post(&h, "/v1/push", &first).await;
    assert_eq!(s, 200, "{answer}");
    let after = slip_status(&c, &h, id).await;

    let other = batch("desk-r", &[(2, id, json!({"type": "interim_reply", "text": "另一段文字"}))]);
    let (s, body) = c.post(&h, "/v1/push", &other).await;
    assert_eq!(s, 409, "{body}");
    assert_eq!(body["code"], "mutation_conflict");
    assert_eq!(body["message"], "操作序号 2 已用于另一项操作，不能用于不同的内容");
    let other_slip = batch("desk-r", &[(1, id + 1, json!({"type": "acknowledge"}))]);
    assert_eq!(c.post(&h, "/v1/push", &other_slip).await.0, 409, "the same action on another slip is other content");

    // A retry of the same content (made at another moment) is answered as the first time.
    let (s, again) = c.post(&h, "/v1/push", &first).await;
    assert_eq!(s, 200);
    assert_eq!(again["results"], answer["results"]);
    assert_eq!(slip_status(&c, &h, id).await, after, "nothing applied twice");
}

#[tokio::test]
async fn acknowledge_refuses_unknown_fields_like_every_other_action() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = slip_id(&c, &h).await;
    let before = slip_status(&c, &h, id).await;
    let sneaky = json!({"type": "acknowledge", "status": "closed", "due_at": "2099-01-01T00:00:00Z"});
    let (s, body) = c.post(&h, "/v1/push", &batch("desk-a", &[(1, id, sneaky)])).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["message"], "请求内容不符合接口要求");
    assert!(body["detail"].as_str().unwrap().contains("unknown field"), "{body}");
    assert_eq!(slip_status(&c, &h, id).await, before);
    let (s, _) = c.post(&h, "/v1/push", &batch("desk-a", &[(1, id, json!({"type": "acknowledge"}))])).await;
    assert_eq!(s, 200, "the plain action still works");
}
