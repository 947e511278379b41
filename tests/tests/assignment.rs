//! 分派 end to end: the leader gives a new slip to a handler in the real app; the handler's desk,
//! opened afterwards, raises a notification on the real D-Bus notification server and lists the
//! slip under 我的 — and not a slip given to a colleague, which 本单位 still shows.

use std::time::Duration;

use chengban_e2e::{App, CenterProc, NotificationWatch};
use serde_json::json;

const MINE: &str = "祥和家园南门路灯不亮";
const THEIRS: &str = "四平东站广场积水";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leader_assigns_a_slip_and_the_handler_is_told_and_finds_it_under_mine() {
    let watch = NotificationWatch::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let handler_data = dir.path().join("handler");

    // The handler's desk has synced once and is closed.
    let app = App::launch(&handler_data, &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "demo slips", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    app.close().await;

    let mine = center.dispatch("tiexi", MINE, "来电人反映：小区南门路灯连续一周不亮，夜间出行不便。").await;
    let theirs = center.dispatch("tiexi", THEIRS, "来电人反映：站前广场雨后积水严重。").await;
    let number = mine["number"].as_str().expect("number").to_string();

    // The leader assigns the first in the app.
    let app = App::launch(&dir.path().join("leader"), &center.url()).await;
    app.login(&center.url(), "tiexi.leader", "demo1234").await;
    app.click("[data-scope=unassigned]").await;
    app.click("[data-testid=tab-pending_ack]").await;
    app.open_slip(MINE).await;
    assert_eq!(app.text("#slip-assignee").await, "尚未分派");
    app.click("#action-assign").await;
    app.click_xpath("//label[contains(., '铁西区住建局经办人（经办人）')]").await;
    app.click("#assign-submit").await;
    app.until(10, "shown assigned at once", || async { app.text("#slip-assignee").await == "铁西区住建局经办人" }).await;
    app.until(60, "assignment synced", || async { !app.text("[data-testid=timeline]").await.contains("待同步") }).await;
    assert!(app.text("[data-testid=timeline]").await.contains("交由 铁西区住建局经办人 办理"));
    app.screenshot("assignment-leader.png").await;
    app.close().await;

    // The second goes to a colleague (through the API, as another leader's desk would).
    let http = reqwest::Client::new();
    let leader = chengban_testkit::login(&http, &center.url(), "tiexi.leader").await.expect("leader login");
    let push = json!({"device_id": "e2e-leader", "mutations": [{"id": 1, "slip_id": theirs["id"], "created_at": chrono::Utc::now(),
        "action": {"type": "assign", "assignee": "tiexi.handler2"}}]});
    let res = http.post(format!("{}/v1/push", center.url())).bearer_auth(&leader).json(&push).send().await.expect("push");
    let body: serde_json::Value = res.json().await.expect("push answer");
    assert_eq!(body["results"][0]["outcome"], "applied", "{body}");

    // The handler opens the desk again: told of the slip given to them, which 我的 lists.
    let before = watch.calls().len();
    let app = App::launch(&handler_data, &center.url()).await;
    app.find(".inbox").await;
    app.until(20, "the assignment notified", || async {
        watch.calls().iter().skip(before).any(|n| n.text().contains("分派给您的工单") && n.text().contains(&number))
    })
    .await;
    let told: Vec<_> = watch.calls().into_iter().skip(before).filter(|n| n.text().contains(THEIRS)).collect();
    assert!(told.is_empty(), "a colleague's slip is not announced here: {told:?}");
    app.until(20, "我的 lists it", || async { app.text_of_all("tr.slip-row").await.iter().any(|r| r.contains(MINE)) }).await;
    let rows = app.text_of_all("tr.slip-row").await;
    assert!(rows.iter().any(|r| r.contains(MINE) && r.contains("铁西区住建局经办人")), "{rows:?}");
    assert!(!rows.iter().any(|r| r.contains(THEIRS)), "a colleague's slip is not mine: {rows:?}");
    app.click("[data-scope=department]").await;
    app.until(10, "本单位 lists the colleague's", || async { app.text_of_all("tr.slip-row").await.iter().any(|r| r.contains(THEIRS)) })
        .await;
    app.screenshot("assignment-handler.png").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.close().await;
}
