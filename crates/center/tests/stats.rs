//! `GET /v1/stats`: the month's rates, scoped like every read — a handler sees the department's
//! rates, a leader each handler's part too, an operator names the department — and bad input is
//! a clear 400 or 404.

mod common;

use serde_json::{json, Value};

fn ratio(report: &Value, group: &str, rate: &str) -> (u64, u64) {
    let r = &report[group][rate];
    (r["num"].as_u64().unwrap_or(u64::MAX), r["den"].as_u64().unwrap_or(u64::MAX))
}

#[tokio::test]
async fn an_acknowledgement_counts_in_this_months_rates_for_the_department_and_the_handler() {
    let c = common::start().await;
    let tiexi = c.department_id("tiexi").await;
    let op = c.login("operator").await;
    let (status, slip) = c.post(&op, "/v1/operator/slips", &common::dispatch_body(tiexi, "路灯不亮")).await;
    assert_eq!(status, 201, "{slip}");
    let handler = c.login("tiexi.handler").await;
    let (_, before) = c.get(&handler, "/v1/stats").await;
    let id = slip["id"].as_i64().unwrap();
    let (status, pushed) = c.post(&handler, "/v1/push", &common::push_body("dev-stats", &[(1, id, json!({"type": "acknowledge"}))])).await;
    assert_eq!(status, 200, "{pushed}");

    let (status, after) = c.get(&handler, "/v1/stats").await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["department"]["code"], "tiexi");
    let (num, den) = ratio(&before, "total", "acknowledged_in_time");
    assert_eq!(ratio(&after, "total", "acknowledged_in_time"), (num + 1, den + 1), "one more acknowledged in time");
    assert_eq!(
        ratio(&after, "local", "acknowledged_in_time").1,
        ratio(&after, "total", "acknowledged_in_time").1 - ratio(&after, "higher", "acknowledged_in_time").1
    );
    assert_eq!(after["by_handler"], json!([]), "a handler does not see the others' parts");

    let (_, led) = c.get(&c.login("tiexi.leader").await, "/v1/stats").await;
    let mine = led["by_handler"].as_array().unwrap().iter().find(|h| h["handler"] == "铁西区住建局经办人").cloned().unwrap_or_default();
    assert!(mine["rates"]["acknowledged_in_time"]["num"].as_u64().unwrap_or(0) >= 1, "the leader sees the handler's part: {led}");

    let (status, seen) = c.get(&op, &format!("/v1/stats?department_id={tiexi}")).await;
    assert_eq!(status, 200);
    assert_eq!(seen["total"], after["total"], "the operator sees the same counts");
}

#[tokio::test]
async fn a_month_is_named_yyyy_mm_and_another_department_is_not_there() {
    let c = common::start().await;
    let handler = c.login("tiexi.handler").await;
    let (status, report) = c.get(&handler, "/v1/stats?month=2026-02").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["month"], "2026-02");
    assert_eq!(report["as_of"], "2026-02-28T16:00:00Z", "a past month counts to its end, midnight China time");
    for bad in ["2026-13", "26-01", "2026-1", "2026-01-01", "abcd-ef"] {
        let (status, e) = c.get(&handler, &format!("/v1/stats?month={bad}")).await;
        assert_eq!((status, e["code"].as_str()), (400, Some("bad_request")), "{bad}: {e}");
    }
    let tiedong = c.department_id("tiedong").await;
    let (status, e) = c.get(&handler, &format!("/v1/stats?department_id={tiedong}")).await;
    assert_eq!((status, e["code"].as_str()), (404, Some("not_found")), "{e}");
    let op = c.login("operator").await;
    let (status, _) = c.get(&op, "/v1/stats").await;
    assert_eq!(status, 400, "an operator names the department");
    let (status, _) = c.get(&op, "/v1/stats?department_id=999999").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_operators_ranking_lists_every_department_best_first_with_the_same_counts_as_its_stats() {
    let c = common::start().await;
    let op = c.login("operator").await;
    for (code, title) in [("tiexi", "路灯不亮"), ("tiexi", "井盖缺失"), ("tiedong", "噪音扰民")] {
        let dept = c.department_id(code).await;
        let (status, _) = c.post(&op, "/v1/operator/slips", &common::dispatch_body(dept, title)).await;
        assert_eq!(status, 201);
    }
    // 铁西 signs for everything at once.
    let handler = c.login("tiexi.handler").await;
    let (_, page) = c.get(&handler, "/v1/changes").await;
    let items: Vec<(i64, i64, Value)> = page["slips"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "dispatched")
        .enumerate()
        .map(|(i, s)| (i as i64 + 1, s["id"].as_i64().unwrap(), json!({"type": "acknowledge"})))
        .collect();
    let (status, _) = c.post(&handler, "/v1/push", &common::push_body("dev-rank", &items)).await;
    assert_eq!(status, 200);

    let (status, ranking) = c.get(&op, "/v1/operator/ranking").await;
    assert_eq!(status, 200, "{ranking}");
    let rows = ranking["departments"].as_array().unwrap();
    let (_, all) = c.get(&op, "/v1/operator/departments").await;
    assert_eq!(rows.len(), all["departments"].as_array().unwrap().len(), "every department, counted or not");
    for row in rows {
        let id = row["department"]["id"].as_i64().unwrap();
        let (_, stats) = c.get(&op, &format!("/v1/stats?department_id={id}")).await;
        assert_eq!(row["rates"], stats["total"], "{}: the ranking counts as the department's stats", row["department"]["code"]);
    }
    let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]) && ranks[0] == 1, "best first: {ranks:?}");
    let tiexi = rows.iter().position(|r| r["department"]["code"] == "tiexi").unwrap();
    // The two just dispatched were signed for at once (the demo's older ones may be late, by the
    // calendar and the hour the test runs).
    let (num, den) = ratio(&rows[tiexi], "rates", "acknowledged_in_time");
    assert!(num >= 2 && den >= 2, "铁西's signing counted: {num}/{den}");

    let (status, _) = c.get(&handler, "/v1/operator/ranking").await;
    assert_eq!(status, 403, "operators only");
    let (status, e) = c.get(&op, "/v1/operator/ranking?month=2026-13").await;
    assert_eq!((status, e["code"].as_str()), (400, Some("bad_request")));
}
