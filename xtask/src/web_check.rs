//! The browser mode's binaries started and asked over HTTP, as the browser would: the page, a
//! command with the launch's key (200), the same without it (401), another `Host` (403). Each
//! built binary on this machine ([`starts_here`]; the aarch64 one under `qemu-aarch64-static`),
//! and the `.deb` on a bare Debian ([`check`]): installed with apt into the minimal system
//! `clean_system` made (only its Depends come along), every linked library found, then started there.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::sys::Result;

/// Installs and checks `deb` in the bare system at `root` (proc already mounted by the caller),
/// then removes it.
pub fn check(root: &Path, deb: &Path, chroot: impl Fn(&str) -> Command) -> Result {
    let name = deb.file_name().and_then(|n| n.to_str()).ok_or("package name")?;
    std::fs::copy(deb, root.join("tmp").join(name)).map_err(|e| format!("copy the .deb: {e}"))?;
    crate::sys::run(&mut chroot(&format!("apt-get update -qq && apt-get install -y -qq --no-install-recommends /tmp/{name} >/dev/null")))?;
    let ldd = chroot("ldd /usr/bin/chengban-web").output().map_err(|e| format!("ldd: {e}"))?;
    let said = String::from_utf8_lossy(&ldd.stdout).into_owned();
    if !ldd.status.success() || said.contains("not found") {
        return Err(format!("on a bare Debian the browser mode lacks libraries:\n{said}"));
    }
    let data = root.join("root/.local/share/chengban");
    let _ = std::fs::remove_dir_all(&data);
    let desk = chroot("HOME=/root CHENGBAN_BROWSER=none exec /usr/bin/chengban-web --background")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("chroot: {e}"))?;
    let group = desk.id();
    let result = probe(&data.join("web-launch.json"));
    let _ = Command::new("kill").args(["-TERM", "--", &format!("-{group}")]).status();
    std::thread::sleep(Duration::from_millis(500));
    let _ = Command::new("kill").args(["-KILL", "--", &format!("-{group}")]).status();
    result?;
    crate::sys::run(&mut chroot("apt-get remove -y -qq chengban-web >/dev/null"))?;
    eprintln!("xtask: on a bare Debian the browser mode's .deb installs with libc6 and dbus alone, serves its page and guards its API");
    Ok(())
}

/// Starts `binary` (through `runner`, an emulator, when given) on a data dir of its own and asks it
/// over HTTP.
pub fn starts_here(binary: &Path, runner: Option<&str>) -> Result {
    let home = std::env::temp_dir().join(format!("chengban-web-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let mut cmd = match runner {
        Some(r) => {
            let mut c = Command::new(r);
            c.arg(binary);
            c
        }
        None => Command::new(binary),
    };
    let desk = cmd
        .arg("--background")
        .env("XDG_DATA_HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("CHENGBAN_BROWSER", "none")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let group = desk.id();
    // Emulated, the first start takes longer.
    let result = probe(&home.join("chengban/web-launch.json"));
    let _ = Command::new("kill").args(["-KILL", "--", &format!("-{group}")]).status();
    let _ = std::fs::remove_dir_all(&home);
    result.map_err(|e| format!("{}: {e}", binary.display()))
}

fn probe(launch: &Path) -> Result {
    let deadline = Instant::now() + Duration::from_secs(60);
    let text = loop {
        if let Ok(text) = std::fs::read_to_string(launch) {
            if text.ends_with('}') {
                break text;
            }
        }
        if Instant::now() > deadline {
            return Err("the browser mode did not start (no launch file in 60 s)".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let port: u16 = field(&text, "\"port\":").and_then(|p| p.parse().ok()).ok_or("launch file without a port")?;
    let secret = field(&text, "\"secret\":").map(|s| s.trim_matches('"').to_string()).ok_or("launch file without a key")?;
    let own = format!("127.0.0.1:{port}");
    let page = http(port, "GET", "/", &own, &[], "")?;
    expect(&page, 200, "<div id=\"root\"", "the page")?;
    let call = http(port, "POST", "/api/call/current_session", &own, &[("X-Chengban-Secret", &secret)], "{}")?;
    expect(&call, 200, "null", "a command with the key")?;
    let call = http(port, "POST", "/api/call/current_session", &own, &[], "{}")?;
    expect(&call, 401, "unauthorized", "a command without the key")?;
    let call = http(port, "POST", "/api/call/current_session", &format!("evil.example:{port}"), &[("X-Chengban-Secret", &secret)], "{}")?;
    expect(&call, 403, "unauthorized", "another Host")
}

fn field<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let rest = json.split(key).nth(1)?;
    rest.split([',', '}']).next().map(str::trim)
}

fn expect(answer: &(u16, String), status: u16, contains: &str, what: &str) -> Result {
    if answer.0 == status && answer.1.contains(contains) {
        Ok(())
    } else {
        Err(format!("the browser mode answered {what} with {} (wanted {status}): {}", answer.0, answer.1))
    }
}

/// One HTTP/1.1 request on a fresh connection: its status and body.
fn http(port: u16, method: &str, path: &str, host: &str, headers: &[(&str, &str)], body: &str) -> Result<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).map_err(|e| format!("send: {e}"))?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| format!("read: {e}"))?;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("not HTTP: {answer}"))?;
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}
