//! The browser mode as another program on the PC meets it: the real binary on its own data dir,
//! probed over HTTP. Only a page holding this launch's key, on this desk's own address, may call
//! it; the key is readable by this user only and never logged; one desk per user.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chengban_core::commands::Command as DeskCommand;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde_json::Value;

const SECRET_HEADER: &str = "x-chengban-secret";

struct Desk {
    child: Child,
    data_home: tempfile::TempDir,
    port: u16,
    secret: String,
}

impl Desk {
    fn dir(&self) -> PathBuf {
        self.data_home.path().join("chengban")
    }

    fn launch_file(&self) -> PathBuf {
        self.dir().join("web-launch.json")
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn command(data_home: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_chengban-web"));
        c.env("XDG_DATA_HOME", data_home)
            .env("XDG_CONFIG_HOME", data_home.join("config"))
            .env("CHENGBAN_BROWSER", "none")
            .env("RUST_LOG", "debug")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    }

    fn start() -> Desk {
        let data_home = tempfile::tempdir().expect("temp dir");
        // Open like a home folder usually is, so only the file's own mode keeps others out.
        set_mode(data_home.path(), 0o755);
        let child = Self::command(data_home.path()).spawn().expect("chengban-web starts");
        let launch = data_home.path().join("chengban").join("web-launch.json");
        let deadline = Instant::now() + Duration::from_secs(30);
        let found: Value = loop {
            if let Some(v) = std::fs::read(&launch).ok().and_then(|b| serde_json::from_slice(&b).ok()) {
                break v;
            }
            assert!(Instant::now() < deadline, "the desk wrote no launch file");
            std::thread::sleep(Duration::from_millis(50));
        };
        let port = found["port"].as_u64().expect("port") as u16;
        let secret = found["secret"].as_str().expect("secret").to_string();
        Desk { child, data_home, port, secret }
    }

    fn headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(SECRET_HEADER, HeaderValue::from_str(&self.secret).expect("header"));
        h
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("client")
}

async fn call(desk: &Desk, name: &str, body: &str, extra: &[(&str, &str)]) -> (StatusCode, Value) {
    let mut request =
        client().post(desk.url(&format!("/api/call/{name}"))).header("content-type", "application/json").body(body.to_string());
    for (k, v) in extra {
        request = request.header(*k, *v);
    }
    let response = request.send().await.expect("answer");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn without_the_launch_key_the_api_answers_401_and_with_it_the_command() {
    let desk = Desk::start();
    let (status, body) = call(&desk, "sync_status", "{}", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unauthorized");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("承办台")));
    let (status, _) = call(&desk, "sync_status", "{}", &[(SECRET_HEADER, "0".repeat(64).as_str())]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a wrong key");
    let events = client().get(desk.url("/api/events")).send().await.expect("answer");
    assert_eq!(events.status(), StatusCode::UNAUTHORIZED, "the event stream too");

    let (status, body) = call(&desk, "sync_status", "{}", &[(SECRET_HEADER, desk.secret.as_str())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("state").is_some() && body.get("last_synced_at").is_some(), "a sync status: {body}");
    let (status, body) = call(&desk, "current_session", "", &[(SECRET_HEADER, desk.secret.as_str())]).await;
    assert_eq!((status, body), (StatusCode::OK, Value::Null), "nobody logged in");
    let events = client().get(desk.url("/api/events")).headers(desk.headers()).send().await.expect("answer");
    assert_eq!(events.status(), StatusCode::OK);
    assert!(events.headers()["content-type"].to_str().unwrap_or("").starts_with("text/event-stream"));
}

#[tokio::test]
async fn another_host_or_origin_or_site_is_refused_403_even_with_the_key() {
    let desk = Desk::start();
    let key = desk.secret.as_str();
    let port = desk.port;
    // DNS rebinding: a name of the attacker's that resolves to 127.0.0.1.
    let host = format!("rebind.example:{port}");
    let (status, body) = call(&desk, "sync_status", "{}", &[(SECRET_HEADER, key), ("host", &host)]).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("unauthorized")));
    let page = client().get(desk.url("/")).header("host", &host).send().await.expect("answer");
    assert_eq!(page.status(), StatusCode::FORBIDDEN, "the page too");
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1));
    assert_eq!(call(&desk, "sync_status", "{}", &[(SECRET_HEADER, key), ("host", &other_port)]).await.0, StatusCode::FORBIDDEN);
    // Another web page calling it from the user's own browser.
    for origin in ["https://evil.example", "http://127.0.0.1", "null", &format!("http://127.0.0.1:{port}.evil.example")] {
        let (status, _) = call(&desk, "sync_status", "{}", &[(SECRET_HEADER, key), ("origin", origin)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "origin {origin}");
    }
    let (status, _) = call(&desk, "sync_status", "{}", &[(SECRET_HEADER, key), ("sec-fetch-site", "cross-site")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Its own page, by IP or as localhost.
    let own = format!("http://127.0.0.1:{port}");
    assert_eq!(call(&desk, "sync_status", "{}", &[(SECRET_HEADER, key), ("origin", &own)]).await.0, StatusCode::OK);
    let local = format!("localhost:{port}");
    assert_eq!(call(&desk, "sync_status", "{}", &[(SECRET_HEADER, key), ("host", &local)]).await.0, StatusCode::OK);
    // A form another page could post without a preflight is not a command.
    let form = client()
        .post(desk.url("/api/call/logout"))
        .headers(desk.headers())
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("answer");
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn it_serves_every_command_of_the_one_list_and_nothing_else() {
    let desk = Desk::start();
    let key = desk.secret.as_str();
    for name in DeskCommand::NAMES {
        // Arguments no command takes: answered by the command list's decoder, not "no such route".
        let (status, body) = call(&desk, name, "\"?\"", &[(SECRET_HEADER, key)]).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("bad_arguments")), "{name}: {body}");
    }
    let (status, body) = call(&desk, "drop_tables", "{}", &[(SECRET_HEADER, key)]).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("bad_arguments")));
}

#[tokio::test]
async fn the_page_is_served_with_a_policy_that_keeps_it_to_itself() {
    let desk = Desk::start();
    let page = client().get(desk.url("/")).send().await.expect("answer");
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"].to_str().unwrap_or("").to_string();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let html = page.text().await.unwrap_or_default();
    let script = html.split("src=\"").nth(1).and_then(|s| s.split('"').next()).expect("a script");
    let js = client().get(desk.url(script)).send().await.expect("answer");
    assert_eq!(js.status(), StatusCode::OK);
    assert!(js.headers()["content-type"].to_str().unwrap_or("").starts_with("text/javascript"));
}

#[tokio::test]
async fn the_key_is_for_this_user_alone_and_never_logged() {
    let desk = Desk::start();
    let launch = desk.launch_file();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&launch).expect("launch file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the launch file");
    // Another user of the PC: `nobody`, where the tests run as root (CI). A readable control file
    // beside it shows that user could otherwise read there.
    if unsafe_is_root() {
        let control = desk.dir().join("control.txt");
        std::fs::write(&control, "x").expect("control");
        set_mode(&control, 0o644);
        set_mode(&desk.dir(), 0o755);
        let as_nobody = |path: &Path| {
            Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "cat"])
                .arg(path)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("setpriv")
                .success()
        };
        assert!(as_nobody(&control), "another user reads an open file there");
        assert!(!as_nobody(&launch), "but not the launch key");
    } else {
        eprintln!("not root: the second user's read is checked by the file's mode only");
    }
    // Some calls, then the log.
    for _ in 0..3 {
        let _ = call(&desk, "sync_status", "{}", &[(SECRET_HEADER, desk.secret.as_str())]).await;
    }
    let _ = call(&desk, "sync_status", "{}", &[(SECRET_HEADER, "wrong")]).await;
    let log = std::fs::read_to_string(desk.dir().join("logs").join("chengban.log")).unwrap_or_default();
    assert!(log.contains("browser mode listening"), "the log is written: {log}");
    assert!(!log.contains(&desk.secret), "the key is not in the log");
}

fn unsafe_is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

#[tokio::test]
async fn a_second_start_opens_the_browser_on_the_running_desk_without_the_key_on_its_command_line() {
    let desk = Desk::start();
    let record = desk.data_home.path().join("opened.txt");
    let browser = desk.data_home.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" > '{}'\n", record.display())).expect("script");
    set_mode(&browser, 0o755);
    let status = Desk::command(desk.data_home.path()).env("CHENGBAN_BROWSER", &browser).status().expect("second start");
    assert!(status.success(), "the second start hands over and ends");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !record.exists() {
        assert!(Instant::now() < deadline, "no browser opened");
        std::thread::sleep(Duration::from_millis(50));
    }
    let argument = std::fs::read_to_string(&record).unwrap_or_default();
    assert!(argument.starts_with("file://"), "{argument}");
    assert!(!argument.contains(&desk.secret), "the key is not on the browser's command line");
    let page = std::fs::read_to_string(argument.trim().trim_start_matches("file://")).unwrap_or_default();
    assert!(page.contains(&format!("http://127.0.0.1:{}/#s={}", desk.port, desk.secret)), "the page forwards to the desk");
    // The first desk still answers.
    assert_eq!(call(&desk, "sync_status", "{}", &[(SECRET_HEADER, desk.secret.as_str())]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn it_listens_on_loopback_only_and_leaves_cleanly_on_sigterm_with_a_page_open() {
    let mut desk = Desk::start();
    // This machine's address on its outward interface, where it has one.
    let outward = std::net::UdpSocket::bind("0.0.0.0:0").and_then(|s| s.connect("10.255.255.1:9").and(s.local_addr()));
    match outward {
        Ok(addr) if !addr.ip().is_loopback() && !addr.ip().is_unspecified() => {
            let reached = std::net::TcpStream::connect_timeout(&(addr.ip(), desk.port).into(), Duration::from_secs(2));
            assert!(reached.is_err(), "reached from {}", addr.ip());
        }
        _ => eprintln!("no outward address here: loopback binding checked by the launch only"),
    }
    // A page with its event stream open does not hold the desk up.
    let mut stream = client().get(desk.url("/api/events")).headers(desk.headers()).send().await.expect("event stream");
    assert_eq!(stream.status(), StatusCode::OK);
    let pid = desk.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = desk.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(!desk.launch_file().exists(), "the launch file goes with the desk");
    // The stream ended with it.
    while let Ok(Some(_)) = stream.chunk().await {}
}

#[tokio::test]
async fn starting_at_login_is_an_xdg_autostart_entry_that_opens_no_browser() {
    let desk = Desk::start();
    let key = desk.secret.as_str();
    let entry = desk.data_home.path().join("config/autostart/chengban-web.desktop");
    assert_eq!(call(&desk, "autostart", "", &[(SECRET_HEADER, key)]).await, (StatusCode::OK, Value::Bool(false)));
    assert_eq!(call(&desk, "set_autostart", r#"{"enabled":true}"#, &[(SECRET_HEADER, key)]).await, (StatusCode::OK, Value::Bool(true)));
    let text = std::fs::read_to_string(&entry).expect("the autostart entry");
    assert!(
        text.contains("[Desktop Entry]") && text.contains("--background") && text.contains(env!("CARGO_BIN_EXE_chengban-web")),
        "{text}"
    );
    assert_eq!(call(&desk, "autostart", "", &[(SECRET_HEADER, key)]).await, (StatusCode::OK, Value::Bool(true)));
    assert_eq!(call(&desk, "set_autostart", r#"{"enabled":false}"#, &[(SECRET_HEADER, key)]).await, (StatusCode::OK, Value::Bool(false)));
    assert!(!entry.exists());
}
