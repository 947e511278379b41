//! The browser mode's tray through the StatusNotifierItem D-Bus protocol, with no GTK in the
//! desk: a real watcher and host on the session bus (`status-notifier-watcher`,
//! `gtk-sni-tray-standalone`), the desk's item asked over D-Bus as a panel asks it (`gdbus`): its
//! title, its tooltip following the deadline counts after a login and an emergency dispatch, its
//! menu, a click that opens the browser, 退出 that quits.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(program: &str) -> Killed {
    Killed(
        Command::new(program)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{program}: {e} (Debian: haskell-status-notifier-item-utils, haskell-gtk-sni-tray-utils)")),
    )
}

fn gdbus(args: &[&str]) -> String {
    let out = Command::new("gdbus").arg("call").arg("--session").args(args).output().expect("gdbus (libglib2.0-bin)");
    assert!(out.status.success(), "gdbus {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn until(secs: u64, what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tray_shows_the_desk_opens_the_browser_and_quits_without_gtk() {
    let _watcher = spawn("status-notifier-watcher");
    until(10, "the watcher", || {
        gdbus(&["--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.ListNames"])
            .contains("org.kde.StatusNotifierWatcher")
    });
    let _host = spawn("gtk-sni-tray-standalone");
    until(10, "the host", || {
        gdbus(&["--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.ListNames"])
            .contains("org.kde.StatusNotifierHost")
    });

    let dir = tempfile::tempdir().expect("tempdir");
    let center = chengban_e2e::CenterProc::start(dir.path()).await;
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).expect("script");
    Command::new("chmod").arg("+x").arg(&browser).status().expect("chmod");
    let mut desk = Killed(
        Command::new(chengban_e2e::web_path())
            .arg("--background")
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("CHENGBAN_BROWSER", &browser)
            .env("CHENGBAN_SERVER", center.url())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("chengban-web"),
    );
    let mut item = String::new();
    until(30, "the desk's tray item on the bus", || {
        let names = gdbus(&[
            "--dest",
            "org.freedesktop.DBus",
            "--object-path",
            "/org/freedesktop/DBus",
            "--method",
            "org.freedesktop.DBus.ListNames",
        ]);
        item = names.split('\'').find(|n| n.starts_with("org.kde.StatusNotifierItem-")).unwrap_or_default().to_string();
        !item.is_empty()
    });
    let property = |name: &str| {
        gdbus(&[
            "--dest",
            &item,
            "--object-path",
            "/StatusNotifierItem",
            "--method",
            "org.freedesktop.DBus.Properties.Get",
            "org.kde.StatusNotifierItem",
            name,
        ])
    };
    assert!(property("Title").contains("承办台"));
    until(10, "the counts in the tooltip", || property("ToolTip").contains("承办台：暂无临期工单"));
    // Logged in (as the page would, with the launch's key), an emergency dispatched: due within
    // hours, the tooltip says so.
    let launch: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("data/chengban/web-launch.json")).expect("launch file"))
            .expect("launch json");
    let login = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}/api/call/login", launch["port"]))
        .header("x-chengban-secret", launch["secret"].as_str().unwrap_or_default())
        .json(&serde_json::json!({ "serverUrl": center.url(), "username": "tiexi.handler", "password": "demo1234" }))
        .send()
        .await
        .expect("login");
    assert!(login.status().is_success(), "login: {}", login.status());
    center.dispatch_tier("tiexi", "emergency", "地直街燃气泄漏气味浓烈", "来电人反映：楼道内燃气味很浓。").await;
    until(30, "the due-soon count in the tooltip", || property("ToolTip").contains("24 小时内到期"));
    let menu =
        gdbus(&["--dest", &item, "--object-path", "/MenuBar", "--method", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1", "@as []"]);
    assert!(menu.contains("打开承办台") && menu.contains("退出承办台"), "{menu}");

    // A click on the icon opens the browser on the desk.
    gdbus(&["--dest", &item, "--object-path", "/StatusNotifierItem", "--method", "org.kde.StatusNotifierItem.Activate", "--", "0", "0"]);
    until(10, "the browser opened", || opened.exists());
    assert!(std::fs::read_to_string(&opened).unwrap_or_default().contains("web-open.html"));

    // 退出承办台 (the menu's second item) quits.
    let quit_id = menu
        .split("<(")
        .find(|i| i.contains("退出承办台"))
        .and_then(|i| i.split(',').next())
        .expect("the quit item's id")
        .trim()
        .to_string();
    gdbus(&[
        "--dest",
        &item,
        "--object-path",
        "/MenuBar",
        "--method",
        "com.canonical.dbusmenu.Event",
        "--",
        &quit_id,
        "clicked",
        "<0>",
        "0",
    ]);
    until(15, "the desk quit", || desk.0.try_wait().ok().flatten().is_some());
    assert!(desk.0.wait().expect("exit").success());
}
