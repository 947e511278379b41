//! The center under test: the real server on 127.0.0.1 with the demo, and the hotline
//! center's operator moves (dispatch, decisions) over its API.

use chengban_center::db::sql::params;
use chengban_center::db::ConnExt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chengban_center::calendar::Calendar;
use chengban_center::{Config, Running};
use chengban_testkit::{Dispatch, Operator};
use serde_json::{json, Value};

pub struct CenterProc {
    pub running: Option<Running>,
    pub addr: SocketAddr,
    pub db: PathBuf,
}

impl CenterProc {
    pub async fn start(dir: &Path) -> Self {
        let db = dir.join("center.sqlite");
        let running = chengban_testkit::center::start(&db, chengban_testkit::center::any_port(), true).await.expect("center starts");
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
        Operator::login(&self.url()).await.expect("operator login").token
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
            .read(move |c| Ok(c.query_row("SELECT id FROM slips WHERE title = ?1", params![title], |r| r.get(0))?))
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
                let dept: i64 = c.query_row("SELECT id FROM departments WHERE code = ?1", params![code], |r| r.get(0))?;
                chengban_center::demo::generate(c, &Calendar::builtin(), dept, n, chrono::Utc::now())?;
                c.execute("UPDATE slips SET status = 'in_progress' WHERE department_id = ?1 AND id % 2 = 0", params![dept])?;
                Ok(c.query_row("SELECT COUNT(*) FROM slips WHERE department_id = ?1 AND status = 'dispatched'", params![dept], |r| {
                    r.get(0)
                })?)
            })
            .await
            .expect("generate")
    }

    /// Moves a slip's deadline (as an approved extension would) and tells its desks.
    pub async fn set_due(&self, title: &str, due: chrono::DateTime<chrono::Utc>) {
        let running = self.running.as_ref().expect("center running");
        let title = title.to_string();
        let (department_id, seq): (i64, i64) = running
            .state
            .db
            .write(move |c| {
                let seq = chengban_center::db::slips::next_seq(c)?;
                c.execute("UPDATE slips SET due_at = ?1, seq = ?2 WHERE title = ?3", params![chengban_center::db::ts(due), seq, title])?;
                Ok((c.query_row("SELECT department_id FROM slips WHERE title = ?1", params![title], |r| r.get(0))?, seq))
            })
            .await
            .expect("set due");
        running.state.notify_change(department_id, seq);
    }

    /// Dispatches a slip through the operator API, as the hotline center would.
    pub async fn dispatch_tier(&self, department_code: &str, tier: &str, title: &str, content: &str) -> Value {
        let operator = Operator::login(&self.url()).await.expect("operator login");
        let slip = Dispatch { department: department_code, tier, title, content, ..Dispatch::default() };
        operator.dispatch(&slip).await.expect("dispatch")
    }

    /// Dispatches an urgent slip through the operator API, as the hotline center would.
    pub async fn dispatch(&self, department_code: &str, title: &str, content: &str) -> Value {
        self.dispatch_tier(department_code, "urgent", title, content).await
    }
}
