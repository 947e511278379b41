//! A real center for the core's tests, and the hotline operator's dispatch through its API.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use chengban_center::calendar::Calendar;
use chengban_center::{demo, Config, Running};
use chengban_core::client::TlsConfig;
use chengban_core::clock::SystemClock;
use chengban_core::events::EventSink;
use chengban_core::vault::MemoryVault;
use chengban_core::Desk;
use serde_json::{json, Value};

/// A center on `addr` (127.0.0.1:0 for any port) over the database at `db`, with the demo
/// seeded when `seed`.
pub async fn center_at(db: &Path, addr: SocketAddr, seed: bool) -> Running {
    let running = chengban_center::start(Config { db_path: db.into(), addr, calendar: Calendar::builtin() }).await.unwrap();
    if seed {
        running.state.db.with_writer(|c| demo::seed(c, &Calendar::builtin(), chrono::Utc::now()).unwrap()).unwrap();
    }
    running
}

/// A desk over the cache file `cache`, its token in memory, on the system clock.
pub fn desk(cache: &Path, sink: Arc<dyn EventSink>) -> Arc<Desk> {
    Desk::open(cache, Arc::new(MemoryVault::default()), Arc::new(SystemClock), sink, TlsConfig::default()).unwrap()
}

/// The hotline operator's bearer token.
pub async fn operator_token(center: &Running) -> String {
    let login: Value = reqwest::Client::new()
        .post(format!("{}/v1/login", center.url()))
        .json(&json!({"username": demo::OPERATOR_USERNAME, "password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    login["token"].as_str().unwrap().to_string()
}

/// Dispatches a supervision slip of `tier` to the department `code` as the operator; the slip.
pub async fn dispatch(center: &Running, code: &str, tier: &str, title: &str) -> Value {
    let http = reqwest::Client::new();
    let token = operator_token(center).await;
    let token = token.as_str();
    let list: Value =
        http.get(format!("{}/v1/operator/departments", center.url())).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    let dept = list["departments"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap()["id"].as_i64().unwrap();
    http.post(format!("{}/v1/operator/slips", center.url()))
        .bearer_auth(token)
        .json(&json!({"department_id": dept, "kind": "supervision", "channel": "hotline", "request_type": "complaint",
            "tier": tier, "title": title, "content": "来电人反映：小区门口井盖缺失，夜间有人跌落风险。",
            "citizen": {"name": "钱女士", "phone": "13612345678"}, "address": "铁西区测试街"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
