//! What the user would see of notifications: a real notification server (dunst) on the session
//! bus and `dbus-monitor` watching every `Notify` call.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

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
