//! Bad input to the dispatch endpoint: a clear 4xx with a Chinese message, and nothing written.

mod common;

use serde_json::json;

async fn refused(c: &common::Center, token: &str, body: reqwest::Body, content_type: &str) -> (u16, serde_json::Value) {
    let before = c.slip_count();
    let res =
        c.http.post(c.url("/v1/operator/slips")).bearer_auth(token).header("content-type", content_type).body(body).send().await.unwrap();
    let status = res.status().as_u16();
    let value = res.json().await.unwrap_or(serde_json::Value::Null);
    assert_eq!(c.slip_count(), before, "nothing written for a refused request");
    (status, value)
}

#[tokio::test]
async fn malformed_json_is_400() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let (status, body) = refused(&c, &op, "{\"department_id\": 1, ".into(), "application/json").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "bad_request");
    assert_eq!(body["message"], "请求体不是有效的 JSON");
}

#[tokio::test]
async fn wrong_types_and_unknown_fields_and_unknown_enum_values_are_422() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let dept = c.department_id("tiexi").await;
    let mut wrong_type = common::dispatch_body(dept, "x");
    wrong_type["department_id"] = json!("one");
    let mut unknown_field = common::dispatch_body(dept, "x");
    unknown_field["priority"] = json!("high");
    let mut unknown_tier = common::dispatch_body(dept, "x");
    unknown_tier["tier"] = json!("whenever");
    for bad in [wrong_type, unknown_field, unknown_tier] {
        let (status, body) = refused(&c, &op, bad.to_string().into(), "application/json").await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["code"], "invalid_input");
        assert!(body["message"].as_str().unwrap().starts_with("请求内容不符合接口要求"));
    }
}

#[tokio::test]
async fn rule_violations_are_422_with_the_rule_in_chinese() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let dept = c.department_id("tiexi").await;
    let cases = [
        (json!({"title": "  "}), "标题不能为空"),
        (json!({"content": ""}), "诉求内容不能为空"),
        (json!({"department_id": 424242}), "承办单位不存在"),
        (json!({"citizen": {"phone": "call me maybe"}}), "联系电话格式不正确"),
    ];
    for (patch, message) in cases {
        let mut body = common::dispatch_body(dept, "x");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, answer) = refused(&c, &op, body.to_string().into(), "application/json").await;
        assert_eq!(status, 422);
        assert_eq!(answer["message"], message);
    }
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let dept = c.department_id("tiexi").await;
    let mut body = common::dispatch_body(dept, "x");
    body["content"] = json!("很".repeat(chengban_center::MAX_JSON_BODY));
    let (status, answer) = refused(&c, &op, body.to_string().into(), "application/json").await;
    assert_eq!(status, 413);
    assert_eq!(answer["code"], "payload_too_large");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let (status, answer) = refused(&c, &op, "title=x".into(), "application/x-www-form-urlencoded").await;
    assert_eq!(status, 415);
    assert_eq!(answer["code"], "unsupported_media_type");
}

#[tokio::test]
async fn malformed_login_bodies_are_refused_without_a_token() {
    let c = common::start().await;
    let res = c.http.post(c.url("/v1/login")).header("content-type", "application/json").body("{\"username\": ").send().await.unwrap();
    assert_eq!(res.status(), 400);
    let (status, _) = c.post("", "/v1/login", &json!({"username": 5, "password": "x"})).await;
    assert_eq!(status, 422);
}
