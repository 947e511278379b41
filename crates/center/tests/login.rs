//! Logins that cannot be guessed at full speed or tell who exists, and tokens that end:
//! logout, idle and absolute expiry, and revocation when an account is disabled or its
//! password changes.

mod common;

use std::time::{Duration, Instant};

use chengban_center::auth::Security;
use serde_json::json;

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_for_a_while_with_the_time_to_wait() {
    let c = common::start().await;
    for _ in 0..5 {
        assert_eq!(c.try_login("tiexi.handler", "wrong").await.0, 401);
    }
    let res = c.http.post(c.url("/v1/login")).json(&json!({"username": "tiexi.handler", "password": "demo1234"})).send().await.unwrap();
    assert_eq!(res.status(), 429, "even the right password waits");
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    assert_eq!(body["message"], "登录失败次数过多，请 30 秒后再试");
    // Another account from the same address is not locked by this one.
    assert_eq!(c.try_login("tiexi.leader", "demo1234").await.0, 200);
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_stopped() {
    let c = common::start().await;
    let mut statuses = Vec::new();
    for i in 0..30 {
        statuses.push(c.try_login(&format!("guess{i}"), "demo1234").await.0);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 20, "{statuses:?}");
    assert!(statuses[20..].iter().all(|s| *s == 429), "{statuses:?}");
    assert_eq!(c.try_login("tiexi.handler", "demo1234").await.0, 429, "the address waits, whatever the account");
}

#[tokio::test]
async fn an_unknown_user_costs_as_much_as_a_wrong_password() {
    let c = common::start().await;
    let time = |user: String, password: &'static str| {
        let c = &c;
        async move {
            let t = Instant::now();
            let (s, _) = c.try_login(&user, password).await;
            assert_eq!(s, 401);
            t.elapsed()
        }
    };
    let (mut unknown, mut wrong) = (Vec::new(), Vec::new());
    for i in 0..4 {
        unknown.push(time(format!("nobody{i}"), "demo1234").await);
        wrong.push(time(if i % 2 == 0 { "tiexi.handler" } else { "tiexi.leader" }.to_string(), "wrong").await);
    }
    unknown.sort();
    wrong.sort();
    let ratio = wrong[1].as_secs_f64() / unknown[1].as_secs_f64();
    assert!((0.33..3.0).contains(&ratio), "median wrong password {:?} vs unknown user {:?}", wrong[1], unknown[1]);
}

#[tokio::test]
async fn logout_ends_the_token_at_once() {
    let c = common::start().await;
    let t = c.login("tiexi.handler").await;
    let res = c.http.post(c.url("/v1/logout")).bearer_auth(&t).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let (s, body) = c.get(&t, "/v1/me").await;
    assert_eq!((s, body["code"].as_str().unwrap()), (401, "unauthorized"));
    assert_eq!(c.http.post(c.url("/v1/logout")).bearer_auth(&t).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_token_ends_when_idle_and_at_its_absolute_limit_whatever_its_use() {
    let idle = common::start_with(Security { token_idle: Duration::from_millis(1500), ..Default::default() }).await;
    let t = idle.login("tiexi.handler").await;
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(idle.get(&t, "/v1/me").await.0, 200, "use keeps it alive");
    }
    tokio::time::sleep(Duration::from_millis(1700)).await;
    assert_eq!(idle.get(&t, "/v1/me").await.0, 401, "unused longer than the idle limit");

    let max = common::start_with(Security { token_max: Duration::from_millis(2000), ..Default::default() }).await;
    let t = max.login("tiexi.handler").await;
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1500) {
        assert_eq!(max.get(&t, "/v1/me").await.0, 200);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(max.get(&t, "/v1/me").await.0, 401, "past the absolute limit");
}

#[tokio::test]
async fn disabling_an_account_or_changing_its_password_revokes_its_tokens() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let handler = c.login("tiexi.handler").await;
    let patch = |user: &str, body: serde_json::Value| {
        let req = c.http.patch(c.url(&format!("/v1/operator/users/{user}"))).bearer_auth(&op).json(&body);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(patch("tiexi.handler", json!({"disabled": true})).await, 204);
    assert_eq!(c.get(&handler, "/v1/me").await.0, 401);
    let (s, body) = c.try_login("tiexi.handler", "demo1234").await;
    assert_eq!((s, body["code"].as_str().unwrap()), (403, "account_disabled"));
    assert_eq!(patch("tiexi.handler", json!({"disabled": false})).await, 204);
    let handler = c.login("tiexi.handler").await;

    assert_eq!(patch("tiexi.handler", json!({"password": "short"})).await, 422);
    assert_eq!(patch("tiexi.handler", json!({"password": "new-secret-2026"})).await, 204);
    assert_eq!(c.get(&handler, "/v1/me").await.0, 401, "the old token ended with the old password");
    assert_eq!(c.try_login("tiexi.handler", "demo1234").await.0, 401);
    assert_eq!(c.try_login("tiexi.handler", "new-secret-2026").await.0, 200);

    assert_eq!(patch("nobody", json!({"disabled": true})).await, 404);
    assert_eq!(patch("tiexi.leader", json!({})).await, 422);
    let leader = c.login("tiexi.leader").await;
    let res = c.http.patch(c.url("/v1/operator/users/tiexi.handler")).bearer_auth(&leader).json(&json!({"disabled": true})).send().await;
    assert_eq!(res.unwrap().status(), 403, "only the center changes accounts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_parallel_guesses_is_stopped_like_a_sequence() {
    let c = common::start().await;
    let guesses: Vec<_> = (0..12)
        .map(|_| {
            let (http, url) = (c.http.clone(), c.url("/v1/login"));
            tokio::spawn(async move {
                let body = json!({"username": "tiexi.handler", "password": "wrong"});
                http.post(url).json(&body).send().await.unwrap().status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 7, "{statuses:?}");
}
