//! The leader's 统计 page in the real app: after a handler acknowledges a slip, the leader opens
//! 统计 and sees, for every rate, the counts the center serves at `GET /v1/stats`, and the
//! handler in the table of handlers.

use chengban_e2e::{App, CenterProc};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leaders_stats_page_shows_the_rates_the_center_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let http = reqwest::Client::new();
    let handler = chengban_testkit::login(&http, &center.url(), "tiexi.handler").await.expect("handler login");
    let page: Value = http.get(format!("{}/v1/changes", center.url())).bearer_auth(&handler).send().await.unwrap().json().await.unwrap();
    let id = page["slips"][0]["id"].as_i64().expect("a demo slip");
    let push = json!({"device_id": "e2e-stats", "mutations": [{"id": 1, "slip_id": id, "action": {"type": "acknowledge"}, "created_at": chrono::Utc::now().to_rfc3339()}]});
    let res = http.post(format!("{}/v1/push", center.url())).bearer_auth(&handler).json(&push).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);

    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.login(&center.url(), "tiexi.leader", "demo1234").await;
    // The leader's first view is the sign-off queue: wait for the first sync instead of rows.
    app.until(30, "synced", || async { app.text("[data-testid=sync-state]").await == "已同步" }).await;
    app.click("#open-stats").await;
    app.find("[data-testid=stats-cards]").await;
    app.find("[data-testid=stats-handlers]").await;

    let leader = chengban_testkit::login(&http, &center.url(), "tiexi.leader").await.expect("leader login");
    let report: Value = http.get(format!("{}/v1/stats", center.url())).bearer_auth(&leader).send().await.unwrap().json().await.unwrap();
    for (rate, counts) in report["total"].as_object().expect("rates") {
        let want = format!("{} / {}", counts["num"], counts["den"]);
        let shown = app.text(&format!(".stat-card[data-rate={rate}] .stat-counts")).await;
        assert!(shown.starts_with(&want), "{rate}: the page says {shown}, the center {want}");
    }
    assert!(app.text("[data-testid=stats-handlers]").await.contains("铁西区住建局经办人"));
    app.screenshot("stats.png").await;
    app.click("#stats-back").await;
    app.find(".inbox").await;
    app.close().await;
}
