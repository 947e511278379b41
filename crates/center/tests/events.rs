//! `GET /v1/events` over real HTTP: a department's desks hear of its changes, and only its own.

mod common;

use std::time::Duration;

async fn next_event(res: &mut reqwest::Response) -> String {
    let mut text = String::new();
    loop {
        let chunk =
            tokio::time::timeout(Duration::from_secs(5), res.chunk()).await.expect("an event within 5 s").unwrap().expect("stream open");
        text.push_str(&String::from_utf8_lossy(&chunk));
        if text.contains("\n\n") {
            return text;
        }
    }
}

#[tokio::test]
async fn a_department_hears_of_its_own_changes_and_not_of_others() {
    let c = common::start().await;
    let token = c.login("tiexi.handler").await;
    let mut res = c.http.get(c.url("/v1/events")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    assert!(next_event(&mut res).await.contains("event: ready"));

    let op = c.login("operator").await;
    let other = c.department_id("tiedong").await;
    let own = c.department_id("tiexi").await;
    c.post(&op, "/v1/operator/slips", &common::dispatch_body(other, "别的单位")).await;
    c.post(&op, "/v1/operator/slips", &common::dispatch_body(own, "本单位")).await;
    let (_, slip) = c.get(&token, "/v1/changes").await;
    let seq = slip["slips"].as_array().unwrap().iter().map(|s| s["seq"].as_i64().unwrap()).max().unwrap();
    let event = next_event(&mut res).await;
    assert!(event.contains("event: change"), "{event}");
    assert!(event.contains(&format!("data: {{\"seq\":{seq}}}")), "the change names the sequence it reached: {event}");
    // Only one change arrived: the other department's dispatch was not announced here.
    let quiet = tokio::time::timeout(Duration::from_millis(300), res.chunk()).await;
    assert!(quiet.is_err(), "no further event");
}

#[tokio::test]
async fn the_event_stream_needs_a_department_token() {
    let c = common::start().await;
    let res = c.http.get(c.url("/v1/events")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let op = c.login("operator").await;
    let res = c.http.get(c.url("/v1/events")).bearer_auth(op).send().await.unwrap();
    assert_eq!(res.status(), 403);
}
