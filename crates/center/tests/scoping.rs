//! Department scoping and roles, over real HTTP: a department sees only its own slips.

mod common;

use serde_json::Value;

async fn pull_all(c: &common::Center, token: &str) -> Vec<Value> {
    let mut cursor = String::new();
    let mut out = Vec::new();
    loop {
        let (status, page) = c.get(token, &format!("/v1/changes?cursor={cursor}&limit=100")).await;
        assert_eq!(status, 200);
        out.extend(page["slips"].as_array().unwrap().iter().cloned());
        cursor = page["cursor"].as_str().unwrap().to_string();
        if !page["has_more"].as_bool().unwrap() {
            return out;
        }
    }
}

#[tokio::test]
async fn a_department_never_sees_another_departments_slips() {
    let c = common::start().await;
    let tiexi = c.department_id("tiexi").await;
    let tiedong = c.department_id("tiedong").await;
    let a = c.login("tiexi.handler").await;
    let b = c.login("tiedong.handler").await;
    let a_slips = pull_all(&c, &a).await;
    let b_slips = pull_all(&c, &b).await;
    assert!(!a_slips.is_empty() && !b_slips.is_empty());
    assert!(a_slips.iter().all(|s| s["department_id"] == tiexi));
    assert!(b_slips.iter().all(|s| s["department_id"] == tiedong));

    // B's slip by id: answered exactly like a missing slip.
    let b_id = b_slips[0]["id"].as_i64().unwrap();
    let (status, body) = c.get(&a, &format!("/v1/slips/{b_id}")).await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    let (missing, _) = c.get(&a, "/v1/slips/999999").await;
    assert_eq!(missing, 404);
    let (own, slip) = c.get(&b, &format!("/v1/slips/{b_id}")).await;
    assert_eq!(own, 200);
    assert_eq!(slip["id"], b_id);
}

#[tokio::test]
async fn a_leader_sees_the_same_department_slips_as_its_handler() {
    let c = common::start().await;
    let h = pull_all(&c, &c.login("tiexi.handler").await).await;
    let l = pull_all(&c, &c.login("tiexi.leader").await).await;
    assert_eq!(h, l);
}

#[tokio::test]
async fn only_operators_dispatch_and_operators_have_no_department_pull() {
    let c = common::start().await;
    let tiexi = c.department_id("tiexi").await;
    let handler = c.login("tiexi.handler").await;
    let before = c.slip_count();
    let (status, body) = c.post(&handler, "/v1/operator/slips", &common::dispatch_body(tiexi, "越权派单")).await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], "forbidden");
    assert_eq!(c.slip_count(), before);
    let (status, _) = c.get(&handler, "/v1/operator/departments").await;
    assert_eq!(status, 403);

    let op = c.login("operator").await;
    let (status, _) = c.get(&op, "/v1/changes").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_dispatched_slip_reaches_only_its_department_with_a_policy_deadline() {
    let c = common::start().await;
    let tiexi = c.department_id("tiexi").await;
    let op = c.login("operator").await;
    let (status, slip) = c.post(&op, "/v1/operator/slips", &common::dispatch_body(tiexi, "下水道堵塞")).await;
    assert_eq!(status, 201, "{slip}");
    assert_eq!(slip["status"], "dispatched");
    assert!(slip["number"].as_str().unwrap().starts_with("SP"));
    let dispatched = chrono::DateTime::parse_from_rfc3339(slip["dispatched_at"].as_str().unwrap()).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(slip["due_at"].as_str().unwrap()).unwrap();
    assert_eq!(due - dispatched, chrono::Duration::days(3), "general tier: 3 days in the Siping table");
    // The acknowledge limit (签收时限): one working day, by the holiday calendar.
    let until = chrono::DateTime::parse_from_rfc3339(slip["acknowledge_until"].as_str().unwrap()).unwrap();
    let expected = chengban_center::policy::due_at(
        dispatched.with_timezone(&chrono::Utc),
        chengban_center::policy::ACKNOWLEDGE_WINDOW,
        &chengban_center::calendar::Calendar::builtin(),
    );
    assert_eq!(until, expected);
    assert!(until - dispatched >= chrono::Duration::days(1), "at least a day, more over a weekend or holiday");

    let a = pull_all(&c, &c.login("tiexi.handler").await).await;
    assert!(a.iter().any(|s| s["id"] == slip["id"]));
    let b = pull_all(&c, &c.login("tiedong.handler").await).await;
    assert!(!b.iter().any(|s| s["id"] == slip["id"]));
}
