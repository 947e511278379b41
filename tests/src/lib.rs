//! Harness for the end-to-end tests: a real center with the demo on 127.0.0.1, the real
//! desktop binary launched by `tauri-driver` (WebKitWebDriver underneath) with its own data
//! directory, and a WebDriver session on it. Needs a display and a session bus: run under
//! `xvfb-run` and `dbus-run-session`, as `cargo xtask test` does.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chengban_center::calendar::Calendar;
use chengban_center::{demo, Config, Running};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The desktop binary under test: `CHENGBAN_APP`, or the debug build in the workspace.
pub fn app_path() -> PathBuf {
    std::env::var_os("CHENGBAN_APP").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target/debug/chengban-desk"))
}

pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

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

/// `tauri-driver` and the WebDriver session on the app; the app runs with its own data dir.
pub struct App {
    pub client: Client,
    driver: Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

impl App {
    pub async fn launch(data_home: &Path, server_url: &str) -> Self {
        Self::launch_with(data_home, server_url, &[]).await
    }

    pub async fn launch_with(data_home: &Path, server_url: &str, env: &[(&str, &str)]) -> Self {
        let app = app_path();
        assert!(app.exists(), "app binary {} missing: build it first (cargo xtask test does)", app.display());
        let port = free_port();
        let native_port = free_port();
        let driver = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("XDG_DATA_HOME", data_home)
            .env("CHENGBAN_SERVER", server_url)
            .env("CHENGBAN_REDUCE_MOTION", "1")
            .envs(env.iter().copied())
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver --locked)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let client =
            ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")).await.expect("webdriver session");
        Self { client, driver }
    }

    /// Waits for an element by CSS selector.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(css)).await {
            Ok(el) => el,
            Err(e) => {
                let shot = self.screenshot(&format!("failed-find-{}.png", css.replace(|c: char| !c.is_alphanumeric(), "_"))).await;
                panic!("{css}: {e} (screenshot {})", shot.display())
            }
        }
    }

    /// Waits until `f` holds, polling; fails with `what` after `secs`.
    pub async fn until<F, Fut>(&self, secs: u64, what: &str, mut f: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !f().await {
            if Instant::now() > deadline {
                let _ = self.screenshot(&format!("failed-{}.png", what.replace(' ', "-"))).await;
                panic!("timed out waiting for: {what}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn text_of_all(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Ok(els) = self.client.find_all(Locator::Css(css)).await {
            for e in els {
                // textContent, not the rendered text: WebKitWebDriver leaves out ellipsis-clipped cells.
                out.push(e.prop("textContent").await.ok().flatten().unwrap_or_default());
            }
        }
        out
    }

    /// Waits until the element stops moving (a modal's opening animation), so the click lands
    /// on it and not where it was a frame ago.
    async fn settle(el: &fantoccini::elements::Element) {
        let mut last = None;
        for _ in 0..50 {
            let rect = el.rectangle().await.ok();
            if rect.is_some() && rect == last {
                return;
            }
            last = rect;
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        Self::settle(&el).await;
        el.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn click_xpath(&self, xpath: &str) {
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("{xpath}: {e}"));
        Self::settle(&el).await;
        el.click().await.unwrap_or_else(|e| panic!("click {xpath}: {e}"));
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        Self::settle(&el).await;
        el.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Logs in on the login screen (the server address is prefilled for the test's center).
    pub async fn login(&self, server_url: &str, username: &str, password: &str) {
        let server = self.find("#login_serverUrl").await;
        self.until(10, "server address prefilled", || async { server.prop("value").await.ok().flatten().as_deref() == Some(server_url) })
            .await;
        let user = self.find("#login_username").await;
        // The last username is prefilled; WebDriver's clear() bypasses React, so select and retype.
        if user.prop("value").await.ok().flatten().as_deref() != Some(username) {
            let select_all = format!("{}a{}", char::from(fantoccini::key::Key::Control), char::from(fantoccini::key::Key::Backspace));
            user.send_keys(&select_all).await.expect("select username");
            user.send_keys(username).await.expect("type username");
        }
        self.type_into("#login_password", password).await;
        self.click("#login-submit").await;
        self.find(".inbox").await;
    }

    /// Opens the slip whose row contains `title` in the current tab.
    pub async fn open_slip(&self, title: &str) {
        let xpath = format!("//tr[contains(@class,'slip-row')][contains(., '{title}')]/td[4]");
        self.until(30, &format!("row {title}"), || async { self.client.find(Locator::XPath(&xpath)).await.is_ok() }).await;
        self.click_xpath(&xpath).await;
        self.find("[data-testid=slip-title]").await;
    }

    pub async fn text(&self, css: &str) -> String {
        self.text_of_all(css).await.join("")
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = artifacts_dir().join(name);
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// A real notification server (dunst) on the session bus and dbus-monitor watching every
/// `Notify` call: what the user would see, as the desktop received it.
pub struct NotificationWatch {
    dunst: Child,
    monitor: Child,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

/// One `Notify` call's strings: app name, icon, summary, body.
#[derive(Debug, Clone)]
pub struct Notify {
    pub strings: Vec<String>,
}

impl Notify {
    pub fn text(&self) -> String {
        self.strings.join(" | ")
    }
}

impl NotificationWatch {
    pub async fn start() -> Self {
        assert!(std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(), "run under dbus-run-session (cargo xtask test does)");
        let mut monitor = Command::new("dbus-monitor")
            .args(["--session", "interface='org.freedesktop.Notifications'"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (package dbus)");
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let stdout = monitor.stdout.take().expect("monitor stdout");
        let sink = log.clone();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(mut l) = sink.lock() {
                    l.push_str(&line);
                    l.push('\n');
                }
            }
        });
        let dunst = Command::new("dunst").stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("dunst");
        tokio::time::sleep(Duration::from_millis(500)).await;
        Self { dunst, monitor, log }
    }

    /// Every Notify call so far, in order.
    pub fn calls(&self) -> Vec<Notify> {
        let log = self.log.lock().map(|l| l.clone()).unwrap_or_default();
        let mut calls = Vec::new();
        let mut current: Option<Notify> = None;
        for line in log.lines() {
            let t = line.trim_start();
            if t.starts_with("method call") || t.starts_with("signal") || t.starts_with("method return") || t.starts_with("error") {
                if let Some(c) = current.take() {
                    calls.push(c);
                }
                if t.contains("member=Notify") {
                    current = Some(Notify { strings: Vec::new() });
                }
            } else if let Some(c) = current.as_mut() {
                if let Some(s) = t.strip_prefix("string \"") {
                    c.strings.push(s.trim_end_matches('"').to_string());
                }
            }
        }
        if let Some(c) = current.take() {
            calls.push(c);
        }
        calls
    }
}

impl Drop for NotificationWatch {
    fn drop(&mut self) {
        let _ = self.dunst.kill();
        let _ = self.monitor.kill();
        let _ = self.dunst.wait();
        let _ = self.monitor.wait();
    }
}
