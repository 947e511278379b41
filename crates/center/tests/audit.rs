//! The center's audit log: logins good and bad, logouts, decisions, reveals of a citizen's
//! contact and account changes, each with who, when, which slip and from where; readable by
//! the operator only.

mod common;

use chengban_center::auth::Security;
use serde_json::{json, Value};

fn find<'a>(log: &'a [Value], kind: &str, user: &str) -> Option<&'a Value> {
    log.iter().find(|e| e["kind"] == kind && e["username"] == user)
}

#[tokio::test]
async fn logins_logouts_decisions_reveals_and_account_changes_are_audited() {
    let c = common::start().await;
    assert_eq!(c.try_login("tiexi.handler", "wrong").await.0, 401);
    let h = c.login("tiexi.handler").await;
    let (_, page) = c.get(&h, "/v1/changes?limit=1000").await;
    let slip = page["slips"][0]["id"].as_i64().unwrap();
    let report = json!({"id": "r-1", "at": chrono::Utc::now().to_rfc3339()});
    let reveal = c.http.post(c.url(&format!("/v1/slips/{slip}/reveals"))).bearer_auth(&h).json(&report).send().await.unwrap();
    assert_eq!(reveal.status(), 204);
    let op = c.login("operator").await;
    let (s, _) = c.post(&op, &format!("/v1/operator/slips/{slip}/decisions"), &json!({"type": "urge", "message": "请尽快办理"})).await;
    assert_eq!(s, 200);
    let res = c.http.patch(c.url("/v1/operator/users/tiexi.leader")).bearer_auth(&op).json(&json!({"disabled": true})).send().await;
    assert_eq!(res.unwrap().status(), 204);
    assert_eq!(c.http.post(c.url("/v1/logout")).bearer_auth(&h).send().await.unwrap().status(), 204);

    let log = c.audit().await;
    let failed = find(&log, "login_failed", "tiexi.handler").expect("bad login");
    assert_eq!(failed["client"], "127.0.0.1");
    assert!(find(&log, "login", "tiexi.handler").is_some());
    let r = find(&log, "reveal_contact", "tiexi.handler").expect("reveal");
    assert_eq!(r["slip_id"], slip);
    let d = find(&log, "decision", "operator").expect("decision");
    assert_eq!((d["slip_id"].as_i64(), d["detail"].as_str()), (Some(slip), Some("催办")));
    let u = find(&log, "user_updated", "operator").expect("account change");
    assert!(u["detail"].as_str().unwrap().contains("tiexi.leader：停用"), "{u}");
    assert!(find(&log, "logout", "tiexi.handler").is_some());
    let ids: Vec<i64> = log.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first");
    assert!(!serde_json::to_string(&log).unwrap().contains("13800001111"), "no citizen's data");
}

#[tokio::test]
async fn only_the_operator_reads_the_log_and_a_reveal_is_only_of_the_departments_slips() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    assert_eq!(c.get(&h, "/v1/operator/audit").await.0, 403);
    let tiedong = c.login("tiedong.handler").await;
    let (_, page) = c.get(&tiedong, "/v1/changes?limit=1000").await;
    let theirs = page["slips"][0]["id"].as_i64().unwrap();
    let report = json!({"id": "r-1", "at": chrono::Utc::now().to_rfc3339()});
    let res = c.http.post(c.url(&format!("/v1/slips/{theirs}/reveals"))).bearer_auth(&h).json(&report).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let op = c.login("operator").await;
    let (s, page) = c.get(&op, "/v1/operator/audit?after=1&limit=1").await;
    assert_eq!(s, 200);
    assert_eq!(page["entries"].as_array().unwrap().len(), 1);
    assert_eq!(page["entries"][0]["id"], 2);
    assert_eq!(page["has_more"], true);
    assert_eq!(c.get(&op, "/v1/operator/audit?limit=0").await.0, 400);
}

#[tokio::test]
async fn behind_a_proxy_the_client_is_the_address_the_proxy_saw_and_otherwise_the_header_is_ignored() {
    for (behind_proxy, expected) in [(true, "203.0.113.9"), (false, "127.0.0.1")] {
        let c = common::start_with(Security { behind_proxy, ..Default::default() }).await;
        let res = c
            .http
            .post(c.url("/v1/login"))
            .header("x-forwarded-for", "10.9.9.9, 203.0.113.9")
            .json(&json!({"username": "tiexi.handler", "password": "wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let log = c.audit().await;
        assert_eq!(find(&log, "login_failed", "tiexi.handler").unwrap()["client"], expected, "behind_proxy = {behind_proxy}");
    }
}

#[tokio::test]
async fn a_reveal_is_recorded_once_per_report_at_its_time_within_the_bound() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let (_, page) = c.get(&h, "/v1/changes?limit=1000").await;
    let slip = page["slips"][0]["id"].as_i64().unwrap();
    let url = c.url(&format!("/v1/slips/{slip}/reveals"));
    let two_hours_ago = chrono::Utc::now() - chrono::Duration::hours(2);
    let report = json!({"id": "d1-0001", "at": two_hours_ago.to_rfc3339()});
    for _ in 0..3 {
        let res = c.http.post(&url).bearer_auth(&h).json(&report).send().await.unwrap();
        assert_eq!(res.status(), 204, "a repeat is answered like the first");
    }
    let log = c.audit().await;
    let reveals: Vec<&Value> = log.iter().filter(|e| e["kind"] == "reveal_contact").collect();
    assert_eq!(reveals.len(), 1, "recorded once: {reveals:?}");
    let at = chrono::DateTime::parse_from_rfc3339(reveals[0]["at"].as_str().unwrap()).unwrap();
    assert!((at.with_timezone(&chrono::Utc) - two_hours_ago).num_seconds().abs() < 2, "at the reveal's time, not the delivery's: {at}");

    let bad = c.http.post(&url).bearer_auth(&h).json(&json!({"id": " ", "at": chrono::Utc::now().to_rfc3339()})).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    let missing = c.http.post(&url).bearer_auth(&h).send().await.unwrap();
    assert!(missing.status().is_client_error(), "a report is required");
    assert_eq!(c.audit().await.iter().filter(|e| e["kind"] == "reveal_contact").count(), 1, "nothing more written");
}
