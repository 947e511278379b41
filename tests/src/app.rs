//! The app under test: `tauri-driver` and a WebDriver session on the real binary, with the
//! helpers the tests use to read and drive the window.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::{app_path, artifacts_dir, web_path};

/// `tauri-driver` and the WebDriver session on the app; the app runs with its own data dir. In
/// browser mode ([`browser_mode`]) the desk is `chengban-web` and the page is Debian's Chromium
/// driven by `chromedriver`.
pub struct App {
    pub client: Client,
    driver: Child,
    /// Browser mode: the desk's own process (the Tauri app is tauri-driver's child).
    desk: Option<Child>,
    /// Browser mode: Chromium's profile, removed with the app.
    _profile: Option<tempfile::TempDir>,
}

/// What the desk under test runs with, in both modes: its data dir, the test's center, no motion,
/// the test's own variables; in its own process group, so a failed test takes the driver, the
/// browser or WebKit, and the desk down together (a desk left running would make the next one
/// hand over to it as a second instance).
fn desk_env<'a>(cmd: &'a mut Command, data_home: &Path, server_url: &str, env: &[(&str, &str)]) -> &'a mut Command {
    cmd.env("XDG_DATA_HOME", data_home)
        .env("CHENGBAN_SERVER", server_url)
        .env("CHENGBAN_REDUCE_MOTION", "1")
        .envs(env.iter().copied())
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .process_group(0)
}

async fn wait_listening(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether the scenarios run against the browser mode: `CHENGBAN_E2E_SHELL=web`.
pub fn browser_mode() -> bool {
    std::env::var("CHENGBAN_E2E_SHELL").is_ok_and(|v| v == "web")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

impl App {
    pub async fn launch(data_home: &Path, server_url: &str) -> Self {
        Self::launch_with(data_home, server_url, &[]).await
    }

    pub async fn launch_with(data_home: &Path, server_url: &str, env: &[(&str, &str)]) -> Self {
        if browser_mode() {
            return Self::launch_web(data_home, server_url, env).await;
        }
        let app = app_path();
        assert!(app.exists(), "app binary {} missing: build it first (cargo xtask test does)", app.display());
        let port = free_port();
        let native_port = free_port();
        let mut driver = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()));
        driver.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()]);
        let driver =
            desk_env(&mut driver, data_home, server_url, env).spawn().expect("tauri-driver on PATH (cargo install tauri-driver --locked)");
        wait_listening(port, "tauri-driver").await;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let client =
            ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")).await.expect("webdriver session");
        Self { client, driver, desk: None, _profile: None }
    }

    /// The browser mode: `chengban-web` on the data dir (no browser of its own), then Chromium
    /// through chromedriver opened on the address it published, as its own browser page would be.
    pub async fn launch_web(data_home: &Path, server_url: &str, env: &[(&str, &str)]) -> Self {
        let web = web_path();
        assert!(web.exists(), "browser-mode binary {} missing: build it first (cargo xtask test does)", web.display());
        let launch = data_home.join("chengban").join("web-launch.json");
        let _ = std::fs::remove_file(&launch);
        let desk =
            desk_env(Command::new(&web).env("CHENGBAN_BROWSER", "none"), data_home, server_url, env).spawn().expect("chengban-web starts");
        let deadline = Instant::now() + Duration::from_secs(30);
        let found: serde_json::Value = loop {
            if let Some(v) = std::fs::read(&launch).ok().and_then(|b| serde_json::from_slice(&b).ok()) {
                break v;
            }
            assert!(Instant::now() < deadline, "chengban-web published no address");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let url = format!("http://127.0.0.1:{}/#s={}", found["port"], found["secret"].as_str().unwrap_or_default());
        let port = free_port();
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver on PATH (Debian: chromium-driver)");
        wait_listening(port, "chromedriver").await;
        let profile = tempfile::tempdir().expect("browser profile");
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--lang=zh-CN", format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let client =
            ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")).await.expect("webdriver session");
        client.goto(&url).await.expect("open the desk's page");
        Self { client, driver, desk: Some(desk), _profile: Some(profile) }
    }

    /// Browser mode: the desk's process id (not the browser's).
    pub fn desk_pid(&self) -> Option<u32> {
        self.desk.as_ref().map(Child::id)
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
        let path = artifacts_dir().join(if browser_mode() { format!("web-{name}") } else { name.to_string() });
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(desk) = self.desk.as_mut() {
            // As the session ending would: SIGTERM, and the outbox is pushed on the way out.
            let _ = Command::new("kill").args(["-TERM", &desk.id().to_string()]).status();
            let _ = desk.wait();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        for child in std::iter::once(&mut self.driver).chain(self.desk.as_mut()) {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
