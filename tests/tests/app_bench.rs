//! The app's part of `cargo xtask bench`: a tab click to the rows in the DOM, measured inside
//! the page; the whole process tree's memory (the app and its WebKit processes) idle with a
//! full cache, beside the same binary showing an empty window; and CPU used while idle.
//! Sizes from `CHENGBAN_BENCH_ROWS` (default 300) and `CHENGBAN_BENCH_IDLE_SECS` (default 3);
//! rows of the report are appended to `CHENGBAN_BENCH_OUT` when set.

use std::time::Duration;

use chengban_e2e::{App, CenterProc};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// (ppid, utime+stime ticks) from a `/proc/…/stat` line, a process's or a thread's.
fn stat_fields(stat: &str) -> (u32, u64) {
    // Fields after the command name, which may contain spaces, start after ") ".
    let f: Vec<&str> = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("").split_whitespace().collect();
    let num = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    (num(1) as u32, num(11) + num(12))
}

/// (pid, ppid, utime+stime ticks, rss KiB) of every process.
fn processes() -> Vec<(u32, u32, u64, u64)> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else { return out };
    for entry in dir.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        let (ppid, ticks) = stat_fields(&stat);
        let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
            .unwrap_or(0);
        out.push((pid, ppid, ticks, rss));
    }
    out
}

/// The desk's process tree, each as (pid, name, cpu ticks, rss KiB).
fn tree_members() -> Vec<(u32, String, u64, u64)> {
    let app = chengban_e2e::app_path();
    let procs = processes();
    let mut tree: Vec<u32> = procs
        .iter()
        .filter(|(pid, ..)| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == app))
        .map(|(pid, ..)| *pid)
        .collect();
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|(_, ppid, ..)| *ppid == parent).map(|(pid, ..)| *pid));
        i += 1;
    }
    procs
        .iter()
        .filter(|(pid, ..)| tree.contains(pid))
        .map(|(pid, _, ticks, rss)| {
            (*pid, std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim().to_string(), *ticks, *rss)
        })
        .collect()
}

/// The WebKit web process's threads by name, each as (tid and name, cpu ticks): which part of
/// WebKit works while the desk is idle.
fn web_threads() -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for (pid, name, ..) in tree_members() {
        if !name.starts_with("WebKitWeb") {
            continue;
        }
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { continue };
        for t in tasks.flatten() {
            let tid = t.file_name().to_string_lossy().to_string();
            let comm = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm")).unwrap_or_default().trim().to_string();
            let (_, ticks) = stat_fields(&std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/stat")).unwrap_or_default());
            out.push((format!("{tid} {comm}"), ticks));
        }
    }
    out
}

/// The desk process (by its executable) and all its descendants: (cpu ticks, rss KiB).
fn app_tree() -> (u64, u64) {
    tree_members().iter().fold((0, 0), |(t, r), (_, _, ticks, rss)| (t + ticks, r + rss))
}

const TAB_CLICK_JS: &str = r#"
const [tab, done] = [arguments[0], arguments[arguments.length - 1]];
const before = document.querySelector('tr.slip-row')?.getAttribute('data-slip-id');
const start = performance.now();
const check = () => {
  const first = document.querySelector('tr.slip-row');
  if (first && first.getAttribute('data-slip-id') !== before) { done(performance.now() - start); return true; }
  return false;
};
const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
obs.observe(document.body, { childList: true, subtree: true, attributes: true });
document.querySelector(`[data-testid=tab-${tab}]`).click();
setTimeout(() => { obs.disconnect(); done(-1); }, 5000);
"#;

/// The mappings holding most of a process's resident memory, summed by file (or `[anon]`).
fn print_mappings(pid: u32) {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut by_name: std::collections::HashMap<String, u64> = Default::default();
    let mut name = String::new();
    for line in smaps.lines() {
        let head = line.split_whitespace().next().unwrap_or("");
        if head.contains('-') && !head.ends_with(':') {
            name = line.split_whitespace().nth(5).unwrap_or("[anon]").to_string();
        } else if let Some(kib) = line.strip_prefix("Rss:") {
            *by_name.entry(name.clone()).or_default() += kib.trim().trim_end_matches(" kB").parse::<u64>().unwrap_or(0);
        }
    }
    let mut rows: Vec<_> = by_name.into_iter().filter(|(_, kib)| *kib >= 2048).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (name, kib) in rows {
        eprintln!("bench:      {:>6} KiB {name}", kib);
    }
}

/// Each process of the tree with its resident memory, for the report's diagnosis.
fn print_members(when: &str) {
    for (pid, name, _, rss) in tree_members() {
        // Anonymous memory (heaps, JIT) apart from the mapped libraries and fonts.
        let anon: u64 = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|s| {
                s.lines().find(|l| l.starts_with("Anonymous:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok())
            })
            .unwrap_or(0);
        eprintln!("bench: {when}: process {pid} {name}: {} MiB, {} MiB of it anonymous", rss / 1024, anon / 1024);
        if std::env::var_os("CHENGBAN_BENCH_SMAPS").is_some() {
            print_mappings(pid);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_benchmarks_measure_tab_switch_memory_and_idle_cpu() {
    let rows = env_or("CHENGBAN_BENCH_ROWS", 300) as usize;
    let idle = env_or("CHENGBAN_BENCH_IDLE_SECS", 3);
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let waiting = center.generate("renshe", rows).await;

    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.find("#login_username").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (l0, _) = app_tree();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (l1, login_rss) = app_tree();
    print_members("login screen");
    eprintln!("bench: idle CPU on the login screen over 5 s: {:.2} s", (l1.saturating_sub(l0)) as f64 / 100.0);
    app.login(&center.url(), "renshe.handler", "demo1234").await;
    let want = format!("共 {waiting} 件");
    app.until(300, "the cache filled", || async { app.text(".slip-pagination").await.contains(&want) }).await;
    app.screenshot("bench-inbox.png").await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    print_members("inbox before the tab clicks");

    // Tab click → rows in the DOM, measured in the page.
    let mut times = Vec::new();
    for i in 0..7 {
        let tab = if i % 2 == 0 { "in_progress" } else { "pending_ack" };
        let v = app.client.execute_async(TAB_CLICK_JS, vec![serde_json::json!(tab)]).await.expect("script");
        let ms = v.as_f64().expect("number");
        assert!(ms >= 0.0, "rows appeared after the click on {tab}");
        times.push(ms);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let tab_ms = times[times.len() / 2];

    // Idle: first the settling after the clicks (garbage collection, JIT), then the idle period
    // itself with nothing watching the page.
    let settle = idle.min(20);
    let (s0, _) = app_tree();
    tokio::time::sleep(Duration::from_secs(settle)).await;
    let (s1, _) = app_tree();
    let settle_cpu = (s1.saturating_sub(s0)) as f64 / 100.0;
    let before = tree_members();
    let threads_before = web_threads();
    let (t0, _) = app_tree();
    tokio::time::sleep(Duration::from_secs(idle)).await;
    let (t1, rss) = app_tree();
    print_members("inbox");
    for (pid, name, ticks, _) in tree_members() {
        let was = before.iter().find(|m| m.0 == pid).map(|m| m.2).unwrap_or(0);
        eprintln!("bench: process {pid} {name}: {:.2} s CPU while idle", (ticks.saturating_sub(was)) as f64 / 100.0);
    }
    for (name, ticks) in web_threads() {
        let was = threads_before.iter().find(|t| t.0 == name).map(|t| t.1).unwrap_or(0);
        if ticks > was {
            eprintln!("bench: web process thread {name}: {:.2} s CPU while idle", (ticks - was) as f64 / 100.0);
        }
    }

    // What moved on the page meanwhile (for the report's diagnosis), watched after the
    // measurement so the watching costs nothing above.
    let moving = app
        .client
        .execute("return document.getAnimations().map(a => (a.effect && a.effect.target ? (a.effect.target.className || a.effect.target.tagName) : '?') + ' ' + (a.animationName || a.constructor.name)).slice(0, 10)", vec![])
        .await
        .unwrap_or_default();
    eprintln!("bench: animations running while idle: {moving}");
    let _ = app
        .client
        .execute("window.__calls = {}; const orig = window.__TAURI_INTERNALS__.invoke; window.__TAURI_INTERNALS__.invoke = (cmd, ...rest) => { window.__calls[cmd] = (window.__calls[cmd] || 0) + 1; return orig(cmd, ...rest); }; window.__mut = 0; new MutationObserver((m) => { window.__mut += m.length; }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });", vec![])
        .await;
    tokio::time::sleep(Duration::from_secs(idle.min(30))).await;
    let calls =
        app.client.execute("return JSON.stringify({calls: window.__calls, mutations: window.__mut})", vec![]).await.unwrap_or_default();
    eprintln!("bench: page activity over {} s idle: {calls}", idle.min(30));
    let cpu = (t1.saturating_sub(t0)) as f64 / 100.0;
    app.close().await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let empty = App::launch_with(&dir.path().join("empty"), &center.url(), &[("CHENGBAN_EMPTY_WINDOW", "1")]).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (e0, _) = app_tree();
    tokio::time::sleep(Duration::from_secs(idle)).await;
    let (e1, empty_rss) = app_tree();
    print_members("empty window");
    let empty_cpu = (e1.saturating_sub(e0)) as f64 / 100.0;
    empty.close().await;
    assert!(rss > 0 && empty_rss > 0, "measured both trees");

    let ratio = rss as f64 / empty_rss as f64;
    let login_ratio = login_rss as f64 / empty_rss as f64;
    let lines = [
        format!("| tab click → rows in the DOM (real app, WebKit), {rows} cached | {tab_ms:.1} ms | — | — | ≤ 150 ms | {} |", if tab_ms <= 150.0 { "yes" } else { "**no**" }),
        format!(
            "| memory of the app's process tree, idle, {rows} cached | {:.0} MiB | {:.0} MiB (empty window, same binary) | {ratio:.2}× | ≤ 1.3× | {} |",
            rss as f64 / 1024.0,
            empty_rss as f64 / 1024.0,
            if ratio <= 1.3 { "yes" } else { "**no**" }
        ),
        format!(
            "| memory of the login screen's process tree (React loaded, no slips) | {:.0} MiB | {:.0} MiB (empty window) | {login_ratio:.2}× | — | — |",
            login_rss as f64 / 1024.0,
            empty_rss as f64 / 1024.0,
        ),
        format!("| CPU used in the {settle} s after the last tab click (settling: garbage collection, JIT) | {settle_cpu:.2} s | — | — | — | — |"),
        format!(
            "| CPU used while idle for the next {idle} s (whole tree) | {cpu:.2} s | {empty_cpu:.2} s (empty window) | — | ≤ 0.1 s per 60 s | {} |",
            if cpu * 60.0 / idle as f64 <= 0.1 { "yes" } else { "**no**" }
        ),
    ];
    for l in &lines {
        eprintln!("bench: {l}");
    }
    chengban_e2e::append_bench_rows(&lines);
}
