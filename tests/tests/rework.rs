//! The center sends a reply back for rework (退回重办): the clerk sees it marked 重办 in the
//! list and the center's reason at the top of the slip, above the fold; and 答复 waits for a
//! new callback. The screenshot is README's slip page.

use chengban_e2e::{App, CenterProc};
use serde_json::{json, Value};

const SLIP: &str = "祥和家园小区垃圾台堆满无法倾倒";
const REASON: &str = "回访诉求人，反映垃圾台仍未清运，小区内仍有垃圾堆积，请重新办理";

/// The handler's earlier work on another PC: acknowledge, callback, reply.
async fn replied_from_another_desk(center: &CenterProc) {
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{}/v1/login", center.url()))
        .json(&json!({"username": "tiexi.handler", "password": "demo1234"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login json");
    let token = login["token"].as_str().expect("token").to_string();
    let page: Value =
        http.get(format!("{}/v1/changes", center.url())).bearer_auth(&token).send().await.expect("pull").json().await.expect("page");
    let id = page["slips"].as_array().expect("slips").iter().find(|s| s["title"] == SLIP).expect("slip")["id"].clone();
    let now = chrono::Utc::now().to_rfc3339();
    let actions = [
        json!({"type": "acknowledge"}),
        json!({"type": "callback", "at": now, "method": "phone", "reached": true, "contact": "关先生本人",
            "summary": "已告知清运安排", "satisfaction": "satisfied", "solved": true}),
        json!({"type": "reply", "process": "协调环卫所清运垃圾台，次日清运完毕", "public_text": "您反映的垃圾台堆放问题，环卫所已于次日清运完毕。", "result": "solved",
            "policy_doc_no": null, "policy_source": null}),
    ];
    let mutations: Vec<Value> =
        actions.iter().enumerate().map(|(i, a)| json!({"id": i + 1, "slip_id": id, "action": a, "created_at": now})).collect();
    let res: Value = http
        .post(format!("{}/v1/push", center.url()))
        .bearer_auth(&token)
        .json(&json!({"device_id": "another-pc", "mutations": mutations}))
        .send()
        .await
        .expect("push")
        .json()
        .await
        .expect("push json");
    assert!(res["results"].as_array().expect("results").iter().all(|r| r["outcome"] == "applied"), "{res}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rework_is_marked_in_the_list_and_its_reason_is_at_the_top_of_the_slip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    replied_from_another_desk(&center).await;
    center.decide(SLIP, json!({"type": "review", "accept": false, "reason": REASON})).await;

    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.click("[data-testid=tab-in_progress]").await;
    app.until(20, "the reworked slip marked 重办", || async {
        app.text_of_all("tr.slip-row").await.iter().any(|r| r.contains(SLIP) && r.contains("重办"))
    })
    .await;
    assert!(app.text_of_all("[data-testid=count-replied]").await.is_empty(), "no badge on an empty tab");
    assert_eq!(app.text("[data-testid=count-in_progress]").await, "1");
    app.open_slip(SLIP).await;
    let attention = app.find("[data-testid=slip-attention]").await;
    let text = attention.text().await.expect("text");
    assert!(text.contains("受理中心退回重办") && text.contains(REASON), "{text}");
    let rect = attention.rectangle().await.expect("rect");
    assert!(rect.1 + rect.3 < 760.0, "above the fold of a 760 px window: {rect:?}");
    let reply_blocked = app.text_of_all("[data-blocked=reply]").await;
    assert_eq!(reply_blocked.len(), 1, "答复 waits for a new callback");
    let shot = app.screenshot("slip-rework.png").await;
    eprintln!("slip page screenshot: {}", shot.display());

    // The layout at the default window: labels on one line, the header kept in view.
    let lines = app
        .client
        .execute(
            "return ['诉求类型', '截止时间'].map(t => { \
               const th = [...document.querySelectorAll('.ant-descriptions-item-label')].find(e => e.textContent === t); \
               const r = document.createRange(); r.selectNodeContents(th); \
               return Math.round(r.getBoundingClientRect().height / parseFloat(getComputedStyle(th).lineHeight)); });",
            vec![],
        )
        .await
        .expect("label lines");
    assert_eq!(lines, json!([1, 1]), "labels do not break mid-word");
    let header_top = app
        .client
        .execute(
            "window.scrollTo(0, document.body.scrollHeight); return document.querySelector('.desk-header').getBoundingClientRect().top;",
            vec![],
        )
        .await
        .expect("header top");
    assert_eq!(header_top.as_f64(), Some(0.0), "the header stays at the top when the slip scrolls");
    app.close().await;
}
