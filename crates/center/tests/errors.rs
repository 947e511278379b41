//! Every error the server answers is `{code, message}` JSON with a Chinese message (a
//! developer's detail apart), and every response carries the safety headers.

mod common;

use serde_json::{json, Value};

async fn json_error(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(ct.starts_with("application/json"), "status {status} answered as {ct:?}");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let body: Value = res.json().await.unwrap();
    assert!(body["code"].is_string() && body["message"].is_string(), "{body}");
    let message = body["message"].as_str().unwrap();
    for english in ["expected", "unknown field", "invalid type", "missing field"] {
        assert!(!message.contains(english), "no serde English in the user's message: {message}");
    }
    (status, body)
}

#[tokio::test]
async fn unknown_paths_wrong_methods_and_unreadable_paths_answer_in_the_one_shape() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let (s, body) = json_error(c.http.get(c.url("/v1/nothing-here")).bearer_auth(&h).send().await.unwrap()).await;
    assert_eq!((s, body["code"].as_str().unwrap()), (404, "not_found"));
    assert_eq!(body["message"], "接口不存在");

    let (s, body) = json_error(c.http.delete(c.url("/v1/login")).send().await.unwrap()).await;
    assert_eq!((s, body["code"].as_str().unwrap()), (405, "method_not_allowed"));
    let res = c.http.put(c.url("/v1/changes")).bearer_auth(&h).send().await.unwrap();
    assert!(res.headers().contains_key("allow"), "405 still says what is allowed");
    assert_eq!(json_error(res).await.0, 405);

    for path in ["/v1/slips/%FF%FE", "/v1/attachments/%C3%28", "/v1/operator/users/%FF"] {
        let (s, body) = json_error(c.http.get(c.url(path)).bearer_auth(&h).send().await.unwrap()).await;
        assert!(s == 400 || s == 405, "{path}: {s} {body}");
    }
    let (s, body) = json_error(c.http.get(c.url("/v1/slips/%FF%FE")).bearer_auth(&h).send().await.unwrap()).await;
    assert_eq!((s, body["code"].as_str().unwrap()), (400, "bad_request"));
}

#[tokio::test]
async fn a_wrong_enum_value_in_valid_json_is_422_with_the_detail_apart_from_the_message() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let dept = c.department_id("tiexi").await;
    let mut body = common::dispatch_body(dept, "x");
    body["tier"] = json!(7);
    let res = c.http.post(c.url("/v1/operator/slips")).bearer_auth(&op).json(&body).send().await.unwrap();
    let (s, answer) = json_error(res).await;
    assert_eq!(s, 422, "{answer}");
    assert_eq!(answer["code"], "invalid_input");
    assert_eq!(answer["message"], "请求内容不符合接口要求", "the user's message has no serde English");
    assert!(answer["detail"].as_str().unwrap().contains("7"), "{answer}");

    let res = c
        .http
        .post(c.url("/v1/operator/slips"))
        .bearer_auth(&op)
        .header("content-type", "application/json")
        .body("{\"tier\": ")
        .send()
        .await;
    let (s, answer) = json_error(res.unwrap()).await;
    assert_eq!(s, 400);
    assert_eq!(answer["message"], "请求体不是有效的 JSON");
    assert!(answer.get("detail").is_none());
}

#[tokio::test]
async fn authenticated_answers_are_not_stored_in_caches_and_the_api_document_may_be() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let res = c.http.get(c.url("/v1/changes")).bearer_auth(&h).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let res = c.http.post(c.url("/v1/login")).json(&json!({"username": "tiexi.handler", "password": "demo1234"})).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store", "the token is never cached");
    let res = c.http.get(c.url("/openapi.json")).send().await.unwrap();
    assert!(res.headers().get("cache-control").is_none());
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}
