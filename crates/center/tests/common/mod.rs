//! A real center on 127.0.0.1:0 with the demo seeded, and a small HTTP client for it.
#![allow(dead_code)]

pub mod process;

use chengban_center::auth::Security;
use chengban_center::calendar::Calendar;
use chengban_center::{demo, Running};
use serde_json::{json, Value};

pub struct Center {
    pub running: Running,
    pub http: reqwest::Client,
    /// Dropped after the server: a PostgreSQL test database is removed once nothing uses it.
    _db: chengban_testkit::database::TestDb,
    _dir: tempfile::TempDir,
}

pub async fn start() -> Center {
    start_with(Security::default()).await
}

/// A center with other token lifetimes, throttling or proxy trust.
pub async fn start_with(security: Security) -> Center {
    let dir = tempfile::tempdir().unwrap();
    let db = chengban_testkit::database::TestDb::new(dir.path()).unwrap();
    let state = chengban_center::open_state(&db.location, Calendar::builtin()).unwrap().with_security(security);
    state.db.with_writer(|c| demo::seed(c, &Calendar::builtin(), chrono::Utc::now()).unwrap()).unwrap();
    let running = chengban_center::start_with_state(state, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    Center { running, http: reqwest::Client::new(), _db: db, _dir: dir }
}

impl Center {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.running.url(), path)
    }

    pub async fn login(&self, username: &str) -> String {
        chengban_testkit::login(&self.http, &self.running.url(), username).await.unwrap()
    }

    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let res = self.http.get(self.url(path)).bearer_auth(token).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> (u16, Value) {
        let res = self.http.post(self.url(path)).bearer_auth(token).json(body).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Logs in with a password; the status and the body.
    pub async fn try_login(&self, username: &str, password: &str) -> (u16, Value) {
        self.post("", "/v1/login", &json!({"username": username, "password": password})).await
    }

    /// Stores a file as `token`'s department; the status.
    pub async fn put_file(&self, token: &str, data: &[u8], content_type: &str) -> u16 {
        let hash = sha256(data);
        let req = self.http.put(self.url(&format!("/v1/attachments/{hash}"))).bearer_auth(token).header("content-type", content_type);
        req.body(data.to_vec()).send().await.unwrap().status().as_u16()
    }

    pub async fn audit(&self) -> Vec<Value> {
        let op = self.login("operator").await;
        let (status, page) = self.get(&op, "/v1/operator/audit?limit=1000").await;
        assert_eq!(status, 200, "{page}");
        page["entries"].as_array().unwrap().clone()
    }

    pub async fn department_id(&self, code: &str) -> i64 {
        chengban_testkit::center::department_id(&self.running, code).unwrap()
    }

    pub fn slip_count(&self) -> i64 {
        self.running.state.db.with_writer(|c| chengban_center::db::slips::count_all(c).unwrap()).unwrap()
    }
}

pub fn dispatch_body(department_id: i64, title: &str) -> Value {
    json!({
        "department_id": department_id,
        "kind": "assignment",
        "channel": "hotline",
        "request_type": "help",
        "tier": "general",
        "title": title,
        "content": "来电人反映：单元门前下水道堵塞，污水外溢。",
        "citizen": {"name": "测试市民", "phone": "13800001111"},
        "address": "铁西区测试街"
    })
}

pub fn sha256(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

/// A `POST /v1/push` body: `(mutation id, slip id, action)` each, made now.
pub fn push_body(device: &str, items: &[(i64, i64, Value)]) -> Value {
    let list: Vec<Value> = items
        .iter()
        .map(|(id, slip, action)| json!({"id": id, "slip_id": slip, "action": action, "created_at": chrono::Utc::now().to_rfc3339()}))
        .collect();
    json!({"device_id": device, "mutations": list})
}
