//! The leader's 统计 page in the real app: after a handler acknowledges a slip, the leader opens
//! 统计 and sees, for every rate, the counts the center serves at `GET /v1/stats`, and the
//! handler in the table of handlers; 导出 Excel writes a workbook that opens with the same
//! counts (the save dialog answered by `CHENGBAN_SAVE_DIR`, as IT can preset it).

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

    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).expect("exports dir");
    let exports_env = exports.to_string_lossy().to_string();
    let app = App::launch_with(&dir.path().join("data"), &center.url(), &[("CHENGBAN_SAVE_DIR", &exports_env)]).await;
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

    app.click("#stats-export").await;
    app.until(20, "the export said", || async { app.text("[data-testid=stats-exported]").await.starts_with("已导出到") }).await;
    let file =
        std::fs::read_dir(&exports).expect("exports").flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "xlsx"));
    let file = file.expect("a workbook in the chosen folder");
    assert!(file.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("承办台考核统计-")), "{}", file.display());
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&file).expect("the workbook opens");
    assert_eq!(book.sheet_names(), ["考核指标", "按时限", "按经办人", "工单明细"]);
    let sheet = book.worksheet_range("考核指标").expect("rates sheet");
    let ack = &report["total"]["acknowledged_in_time"];
    let row = sheet.rows().find(|r| r[0] == "及时签收率").expect("及时签收率 row");
    assert_eq!((row[2].to_string(), row[3].to_string()), (ack["num"].to_string(), ack["den"].to_string()));
    app.click("#stats-back").await;
    app.find(".inbox").await;
    app.close().await;
}
