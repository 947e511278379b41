//! The browser mode's part of `cargo xtask bench`: the `chengban-web` process alone (no WebKit:
//! the page lives in the user's browser), idle with a full cache and a page open on it, its
//! resident memory beside the Tauri app's tree. Sizes from `CHENGBAN_BENCH_ROWS` (default 300)
//! and `CHENGBAN_BENCH_IDLE_SECS` (default 3); the row is appended to `CHENGBAN_BENCH_OUT` when set.

use std::time::Duration;

use chengban_e2e::{App, CenterProc};

/// The target: a tenth of the app's tree, since it carries no WebKit.
const TARGET_MIB: f64 = 60.0;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// (resident, anonymous) KiB of a process.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status.lines().find(|l| l.starts_with(name)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0)
    };
    (field("VmRSS:"), field("RssAnon:"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_mode_process_alone_stays_small_with_a_full_cache() {
    let rows = env_or("CHENGBAN_BENCH_ROWS", 300) as usize;
    let idle = env_or("CHENGBAN_BENCH_IDLE_SECS", 3);
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let waiting = center.generate("renshe", rows).await;

    let app = App::launch_web(&dir.path().join("data"), &center.url(), &[]).await;
    let pid = app.desk_pid().expect("the desk's process");
    app.find("#login_username").await;
    let (start_rss, _) = memory(pid);
    app.login(&center.url(), "renshe.handler", "demo1234").await;
    let want = format!("共 {waiting} 件");
    app.until(300, "the cache filled", || async { app.text(".slip-pagination").await.contains(&want) }).await;
    app.click("[data-testid=tab-in_progress]").await;
    app.click("[data-testid=tab-pending_ack]").await;
    // The search indexes are written in the background after a first fill: idle means after.
    tokio::time::sleep(Duration::from_secs(idle.max(3))).await;
    let mut peak = 0;
    let mut samples = Vec::new();
    for _ in 0..idle.max(3) {
        let (rss, anon) = memory(pid);
        peak = peak.max(rss);
        samples.push((rss, anon));
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let (rss, anon) = samples.last().copied().unwrap_or_default();
    app.close().await;
    assert!(rss > 0, "measured the desk's process");
    let mib = rss as f64 / 1024.0;
    eprintln!(
        "bench: chengban-web at the login page {} MiB; idle with {rows} cached {mib:.1} MiB ({} MiB anonymous, peak {} MiB)",
        start_rss / 1024,
        anon / 1024,
        peak / 1024
    );
    let line = format!(
        "| memory of the browser mode's process alone (`chengban-web`, no WebKit; the page in Chromium), idle, {rows} cached | {mib:.0} MiB | — | — | ≤ {TARGET_MIB:.0} MiB | {} |",
        if mib <= TARGET_MIB { "yes" } else { "**no**" }
    );
    eprintln!("bench: {line}");
    chengban_e2e::append_bench_rows(&[line]);
}
