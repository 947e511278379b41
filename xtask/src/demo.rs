//! `cargo xtask demo`: on a fresh Debian/Ubuntu desktop, install what is missing, build, start
//! `chengban-center` on 127.0.0.1 with the demo data, print the logins, and open the app on it.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::sys::{self, Result};

fn pick_port() -> u16 {
    if TcpListener::bind(("127.0.0.1", 8787)).is_ok() {
        return 8787;
    }
    TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(8787)
}

pub fn run(args: &[String]) -> Result {
    if let Some(bad) = args.first() {
        return Err(format!("unknown option {bad}"));
    }
    sys::ensure_apt_packages()?;
    sys::ensure_ui_packages()?;
    sys::build_app(false)?;

    let target = sys::target_dir();
    let data = target.join("demo");
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let port = pick_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut center = Command::new(target.join("debug/chengban-center"))
        .args(["--db", &data.join("center.sqlite").to_string_lossy(), "--addr", &format!("127.0.0.1:{port}"), "--demo"])
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("start chengban-center: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            let _ = center.kill();
            return Err("chengban-center did not start".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!();
    println!("承办台演示：服务器 {url}");
    println!("以经办人身份登录，例如 tiexi.handler / demo1234；分管领导为 tiexi.leader。");
    println!("受理中心派单接口：POST {url}/v1/operator/slips（operator / demo1234），接口文档 {url}/openapi.json");
    println!("关闭承办台窗口即结束演示。");
    let status = Command::new(target.join("debug/chengban-desk")).env("CHENGBAN_SERVER", &url).status();
    let _ = center.kill();
    let _ = center.wait();
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("chengban-desk exited with {s}")),
        Err(e) => Err(format!("start chengban-desk: {e} (no display? run it on a desktop session)")),
    }
}
