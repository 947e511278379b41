//! Opens the user's default browser on the desk. The browser is handed a page in the data dir
//! (mode 0600) that forwards to the desk's address with the launch's key, so the key never
//! appears on a command line, where `ps` would show it to another user of the PC.
//! `CHENGBAN_BROWSER=none` opens nothing (tests, a desk started at login); another value is the
//! command to open the page with.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::instance::{write_private, Launch};

pub const OPEN_PAGE: &str = "web-open.html";

/// Opens the desk in the browser, on a slip when given one; says why not in the log.
pub fn open(dir: &Path, launch: &Launch, slip: Option<i64>) {
    let command = std::env::var("CHENGBAN_BROWSER").unwrap_or_default();
    if command == "none" {
        return;
    }
    let page = dir.join(OPEN_PAGE);
    let mut url = launch.url();
    if let Some(id) = slip {
        url.push_str(&format!("&slip={id}"));
    }
    let html = format!(
        "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={url}\">\
         <title>承办台</title><p>正在打开承办台……</p>"
    );
    let _ = std::fs::remove_file(&page);
    if let Err(e) = write_private(&page, html.as_bytes()) {
        tracing::warn!(error = %e, "browser page not written");
        return;
    }
    let target = format!("file://{}", page.display());
    let launched = if command.is_empty() { default_browser(&target) } else { run(&command, &target) };
    if !launched {
        tracing::warn!("no browser could be opened");
    }
}

fn run(program: &str, target: &str) -> bool {
    Command::new(program).arg(target).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().is_ok()
}

#[cfg(windows)]
fn default_browser(target: &str) -> bool {
    Command::new("explorer").arg(target).spawn().is_ok()
}

#[cfg(not(windows))]
fn default_browser(target: &str) -> bool {
    ["xdg-open", "x-www-browser", "sensible-browser"].iter().any(|p| run(p, target))
}
