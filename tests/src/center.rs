//! The center under test: the real server on 127.0.0.1 with the demo, and the hotline
//! center's operator moves (dispatch, decisions) over its API.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chengban_center::calendar::Calendar;
use chengban_center::{demo, Config, Running};
use serde_json::{json, Value};

pub struct CenterProc {
    pub running: Option<Running>,
    pub addr: SocketAddr,
    pub db: PathBuf,
}

impl CenterProc {
    pub async fn start(dir: &Path) -> Self {
        let db = dir.join("center.sqlite");
        let running = chengban_center::start(Config {
            db_path: db.clone(),
            addr: "127.0.0.1:0".parse().expect("addr"),
            calendar: Calendar::builtin(),
        })
        .await
        .expect("center starts");
        running.state.db.with_writer(|c| demo::seed(c, &Calendar::builtin(), chrono::Utc::now()).expect("seed")).expect("db");
        let addr = running.addr;
        Self { running: Some(running), addr, db }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
    }

    /// Starts again on the same address and database.
    pub async fn restart(&mut self) {
        self.stop().await;
        let running = chengban_center::start(Config { db_path: self.db.clone(), addr: self.addr, calendar: Calendar::builtin() })
            .await
            .expect("center restarts");
        self.running = Some(running);
    }

    pub async fn operator_token(&self) -> String {
        let login: Value = reqwest::Client::new()
            .post(format!("{}/v1/login", self.url()))
            .json(&json!({"username": demo::OPERATOR_USERNAME, "password": demo::DEMO_PASSWORD}))
            .send()
            .await
            .expect("operator login")
            .json()
            .await
            .expect("login json");
        login["token"].as_str().expect("token").to_string()
    }

    /// The center's review (审单) accepts the reply of the slip titled `title`.
    pub async fn review_accept(&self, title: &str) -> Value {
        self.decide(title, json!({"type": "review", "accept": true, "reason": null})).await
    }

    /// The center's decision on the slip titled `title`; the slip after it.
    pub async fn decide(&self, title: &str, decision: Value) -> Value {
        let running = self.running.as_ref().expect("center running");
        let title = title.to_string();
        let id: i64 = running
            .state
            .db
            .read(move |c| Ok(c.query_row("SELECT id FROM slips WHERE title = ?1", [title], |r| r.get(0))?))
            .await
            .expect("slip id");
        let res = reqwest::Client::new()
            .post(format!("{}/v1/operator/slips/{id}/decisions", self.url()))
            .bearer_auth(self.operator_token().await)
            .json(&decision)
            .send()
            .await
            .expect("decision");
        assert_eq!(res.status(), 200, "decision {decision}");
        res.json().await.expect("slip json")
    }

    /// Generates `n` realistic slips for a department, half of them already acknowledged;
    /// returns how many of the department's slips wait for acknowledgement.
    pub async fn generate(&self, department_code: &str, n: usize) -> i64 {
        let running = self.running.as_ref().expect("center running");
        let code = department_code.to_string();
        running
            .state
            .db
            .write(move |c| {
                let dept: i64 = c.query_row("SELECT id FROM departments WHERE code = ?1", [code], |r| r.get(0))?;
                chengban_center::demo::generate(c, &Calendar::builtin(), dept, n, chrono::Utc::now())?;
                c.execute("UPDATE slips SET status = 'in_progress' WHERE department_id = ?1 AND id % 2 = 0", [dept])?;
                Ok(c.query_row("SELECT COUNT(*) FROM slips WHERE department_id = ?1 AND status = 'dispatched'", [dept], |r| r.get(0))?)
            })
            .await
            .expect("generate")
    }

    /// Moves a slip's deadline (as an approved extension would) and tells its desks.
    pub async fn set_due(&self, title: &str, due: chrono::DateTime<chrono::Utc>) {
        let running = self.running.as_ref().expect("center running");
        let title = title.to_string();
        let department_id: i64 = running
            .state
            .db
            .write(move |c| {
                let seq = chengban_center::db::slips::next_seq(c)?;
                c.execute(
                    "UPDATE slips SET due_at = ?1, seq = ?2 WHERE title = ?3",
                    rusqlite::params![chengban_center::db::ts(due), seq, title],
                )?;
                Ok(c.query_row("SELECT department_id FROM slips WHERE title = ?1", [title], |r| r.get(0))?)
            })
            .await
            .expect("set due");
        running.state.notify_change(department_id);
    }

    /// Dispatches a slip through the operator API, as the hotline center would.
    pub async fn dispatch_tier(&self, department_code: &str, tier: &str, title: &str, content: &str) -> Value {
        let token = self.operator_token().await;
        let http = reqwest::Client::new();
        let list: Value = http
            .get(format!("{}/v1/operator/departments", self.url()))
            .bearer_auth(&token)
            .send()
            .await
            .expect("departments")
            .json()
            .await
            .expect("departments json");
        let dept =
            list["departments"].as_array().expect("list").iter().find(|d| d["code"] == department_code).expect("department")["id"].clone();
        let res = http
            .post(format!("{}/v1/operator/slips", self.url()))
            .bearer_auth(&token)
            .json(&json!({"department_id": dept, "kind": "assignment", "channel": "hotline", "request_type": "help",
                "tier": tier, "title": title, "content": content, "citizen": {"name": "周先生", "phone": "13900001111"}}))
            .send()
            .await
            .expect("dispatch");
        assert_eq!(res.status(), 201);
        res.json().await.expect("slip json")
    }

    /// Dispatches an urgent slip through the operator API, as the hotline center would.
    pub async fn dispatch(&self, department_code: &str, title: &str, content: &str) -> Value {
        self.dispatch_tier(department_code, "urgent", title, content).await
    }
}
