//! Real time against the real center: a dispatch reaches the desk through the live event
//! stream and becomes a notification within 2 seconds — no polling involved.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chengban_center::calendar::Calendar;
use chengban_center::{demo, Config};
use chengban_core::alerts::{service as alerts, RecordingNotifier, Urgency};
use chengban_core::client::TlsConfig;
use chengban_core::clock::SystemClock;
use chengban_core::events::NullSink;
use chengban_core::service::{self, SyncConfig};
use chengban_core::vault::MemoryVault;
use chengban_core::{live, Desk};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emergency_dispatch_becomes_a_critical_notification_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let center = chengban_center::start(Config {
        db_path: dir.path().join("center.sqlite"),
        addr: "127.0.0.1:0".parse().unwrap(),
        calendar: Calendar::builtin(),
    })
    .await
    .unwrap();
    center.state.db.with_writer(|c| demo::seed(c, &Calendar::builtin(), chrono::Utc::now()).unwrap()).unwrap();
    let desk = Desk::open(
        &dir.path().join("cache.sqlite"),
        Arc::new(MemoryVault::default()),
        Arc::new(SystemClock),
        Arc::new(NullSink),
        TlsConfig::default(),
    )
    .unwrap();
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    // Polling an hour apart: only the live stream can bring the slip in time.
    let _sync = service::start(desk.clone(), SyncConfig { interval: Duration::from_secs(3600), ..Default::default() });
    let _live = live::start(desk.clone());
    let notifier = Arc::new(RecordingNotifier::default());
    let _alerts = alerts::start(desk.clone(), notifier.clone());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(desk.is_live() && desk.status().last_synced_at.is_some()) {
        assert!(Instant::now() < deadline, "live stream connected and first pull done");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    notifier.taken(); // the first start's summary, if any

    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{}/v1/login", center.url()))
        .json(&json!({"username": "operator", "password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_string();
    let list: serde_json::Value =
        http.get(format!("{}/v1/operator/departments", center.url())).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let dept = list["departments"].as_array().unwrap().iter().find(|d| d["code"] == "tiexi").unwrap()["id"].clone();
    let started = Instant::now();
    let slip: serde_json::Value = http
        .post(format!("{}/v1/operator/slips", center.url()))
        .bearer_auth(&token)
        .json(&json!({"department_id": dept, "kind": "assignment", "channel": "hotline", "request_type": "help", "tier": "emergency",
            "title": "燃气泄漏气味浓烈", "content": "来电人反映：单元楼道内燃气味很浓，请立即到场处置。", "citizen": {"name": "周先生", "phone": "13900001111"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = slip["number"].as_str().unwrap().to_string();
    loop {
        let got = notifier.taken();
        if let Some(n) = got.iter().find(|n| n.title.contains(&number)) {
            assert_eq!(n.title, format!("紧急新工单 {number}"));
            assert_eq!(n.body, "燃气泄漏气味浓烈");
            assert_eq!(n.urgency, Urgency::Critical);
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "notified within 2 s of the dispatch");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!("dispatch → notification: {:?}", started.elapsed());
}
