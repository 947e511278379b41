//! Login and tokens, over real HTTP.

mod common;

use serde_json::json;

#[tokio::test]
async fn login_with_the_right_password_returns_a_token_and_the_department() {
    let c = common::start().await;
    let (status, body) = c.post("", "/v1/login", &json!({"username": "tiexi.handler", "password": "demo1234"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["user"]["role"], "handler");
    assert_eq!(body["user"]["department"]["name"], "铁西区住建局");
    let token = body["token"].as_str().unwrap();
    let (status, me) = c.get(token, "/v1/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["username"], "tiexi.handler");
}

#[tokio::test]
async fn login_with_a_wrong_password_or_unknown_user_is_refused_alike() {
    let c = common::start().await;
    let (s1, b1) = c.post("", "/v1/login", &json!({"username": "tiexi.handler", "password": "wrong"})).await;
    let (s2, b2) = c.post("", "/v1/login", &json!({"username": "nobody", "password": "demo1234"})).await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(b1, b2, "a wrong password and an unknown user must not be told apart");
    assert_eq!(b1["code"], "bad_credentials");
    assert_eq!(b1["message"], "用户名或密码错误");
}

#[tokio::test]
async fn requests_without_or_with_a_forged_token_get_401() {
    let c = common::start().await;
    let res = c.http.get(c.url("/v1/changes")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let (status, body) = c.get("00ff", "/v1/changes").await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "unauthorized");
}

#[tokio::test]
async fn every_response_carries_the_server_time() {
    let c = common::start().await;
    let res = c.http.get(c.url("/v1/changes")).send().await.unwrap();
    let stamp = res.headers().get("x-server-time").expect("x-server-time header").to_str().unwrap().to_string();
    let t = chrono::DateTime::parse_from_rfc3339(&stamp).unwrap();
    assert!((chrono::Utc::now() - t.with_timezone(&chrono::Utc)).num_seconds().abs() < 5);
}

#[tokio::test]
async fn the_server_serves_the_committed_openapi_document() {
    let c = common::start().await;
    let body = c.http.get(c.url("/openapi.json")).send().await.unwrap().text().await.unwrap();
    assert_eq!(body, chengban_protocol::OPENAPI_JSON);
}
