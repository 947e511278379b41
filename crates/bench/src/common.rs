//! Sizes, timing helpers, a center with generated slips, and the Markdown report.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chengban_center::{demo, Running};
use chengban_core::client::TlsConfig;
use chengban_core::clock::SystemClock;
use chengban_core::events::NullSink;
use chengban_core::vault::MemoryVault;
use chengban_core::Desk;

pub struct Size {
    pub runs: usize,
    pub first_sync: usize,
    pub incremental: [usize; 2],
    pub query_cache: usize,
    pub latency_dispatches: usize,
    pub departments: usize,
    pub load_seconds: u64,
    pub load_rate: u64,
    /// The operator's ranking: departments, and slips spread over them (Jiangsu 2024: 7,261).
    pub ranking: [usize; 2],
    /// Times one slip's 处理单 is made.
    pub sheet_runs: usize,
    /// The province: departments, live desks, slips stored, the slips of the department whose
    /// first sync is timed.
    pub province: [usize; 4],
    pub province_rate: f64,
    pub province_seconds: u64,
}

impl Size {
    pub fn full() -> Self {
        Size {
            runs: 3,
            first_sync: 10_000,
            incremental: [1_000, 100_000],
            query_cache: 100_000,
            latency_dispatches: 50,
            departments: 1_000,
            load_seconds: 20,
            load_rate: 200,
            ranking: [7_261, 1_000_000],
            sheet_runs: 10,
            province: [7_261, 19_000, 5_000_000, 20_000],
            province_rate: 14.0,
            province_seconds: 120,
        }
    }
    pub fn quick() -> Self {
        Size {
            runs: 1,
            first_sync: 300,
            incremental: [100, 1_000],
            query_cache: 2_000,
            latency_dispatches: 5,
            departments: 20,
            load_seconds: 2,
            load_rate: 50,
            ranking: [20, 2_000],
            sheet_runs: 1,
            province: [50, 150, 20_000, 2_000],
            province_rate: 14.0,
            province_seconds: 3,
        }
    }
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

pub fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    if v.is_empty() {
        return Duration::ZERO;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub async fn time<F: std::future::Future<Output = Result<T, String>>, T>(f: F) -> Result<(Duration, T), String> {
    let t = Instant::now();
    let v = f.await?;
    Ok((t.elapsed(), v))
}

/// The `chengban-center` built beside this bench (the benches run it as its own process).
pub fn center_binary() -> Result<std::path::PathBuf, String> {
    let bin = std::env::current_exe().map_err(e)?.with_file_name("chengban-center");
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!("{} missing: build chengban-center first (cargo xtask bench does)", bin.display()))
    }
}

/// A process's memory figure from `/proc/<pid>/status` (`VmRSS` now, `VmHWM` its peak), MiB.
pub fn memory_mib(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .map_or(0.0, |kib: f64| kib / 1024.0)
}

pub fn e<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

pub use chengban_testkit::login;

/// A center on 127.0.0.1 with the demo and `n` generated slips (1–2 KB of Chinese text each)
/// for 市人社局 (`renshe`).
pub async fn center_with(dir: &Path, n: usize) -> Result<(Running, i64), String> {
    let running = chengban_testkit::center::start(&dir.join("center.sqlite"), chengban_testkit::center::any_port(), true).await?;
    let dept = chengban_testkit::center::department_id(&running, "renshe")?;
    chengban_testkit::center::generate(&running, dept, n)?;
    Ok((running, dept))
}

/// A desk as the app opens it (its files encrypted), logged in as renshe's handler.
pub async fn desk(dir: &Path, center: &Running) -> Result<Arc<Desk>, String> {
    let desk = Desk::open(
        &dir.join("cache.sqlite"),
        Arc::new(MemoryVault::default()),
        Arc::new(SystemClock),
        Arc::new(NullSink),
        TlsConfig::default(),
    )
    .map_err(e)?;
    desk.login(&center.url(), "renshe.handler", demo::DEMO_PASSWORD).await.map_err(e)?;
    Ok(desk)
}

/// The same desk over plain files: what encryption costs is the difference.
pub async fn desk_plain(dir: &Path, center: &Running) -> Result<Arc<Desk>, String> {
    let store = chengban_core::store::Store::open(&dir.join("cache.sqlite")).map_err(e)?;
    let desk = Desk::with_store(store, Arc::new(MemoryVault::default()), Arc::new(SystemClock), Arc::new(NullSink), TlsConfig::default())
        .map_err(e)?;
    desk.login(&center.url(), "renshe.handler", demo::DEMO_PASSWORD).await.map_err(e)?;
    Ok(desk)
}

pub struct Row {
    pub what: String,
    pub value: String,
    pub floor: String,
    pub ratio: String,
    pub target: String,
    pub met: Option<bool>,
}

pub struct Report {
    quick: bool,
    rows: Vec<Row>,
}

impl Report {
    pub fn new(quick: bool) -> Self {
        Report { quick, rows: Vec::new() }
    }

    pub fn add(
        &mut self,
        what: impl Into<String>,
        value: impl Into<String>,
        floor: impl Into<String>,
        ratio: impl Into<String>,
        target: impl Into<String>,
        met: Option<bool>,
    ) {
        let row = Row { what: what.into(), value: value.into(), floor: floor.into(), ratio: ratio.into(), target: target.into(), met };
        eprintln!("bench: {} = {} (floor {}, ratio {}, target {})", row.what, row.value, row.floor, row.ratio, row.target);
        self.rows.push(row);
    }

    pub fn markdown(&self) -> String {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let mem = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find(|l| l.starts_with("MemTotal"))
                    .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0))
            })
            .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
            .unwrap_or_else(|| "?".into());
        let mut s = String::new();
        s.push_str(&format!(
            "# Benchmarks{}\n\nMeasured {} on {} cores, {} memory, with `cargo xtask bench{}` (release build). Each figure is the median of the runs; a ratio is to the floor measured in the same run.\n\n",
            if self.quick { " (quick)" } else { "" },
            chrono::Utc::now().format("%Y-%m-%d"),
            cores,
            mem,
            if self.quick { " --quick" } else { "" }
        ));
        s.push_str("| what | measured | floor | ratio | target | met |\n| --- | --- | --- | --- | --- | --- |\n");
        for r in &self.rows {
            let met = match r.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "—",
            };
            s.push_str(&format!("| {} | {} | {} | {} | {} | {} |\n", r.what, r.value, r.floor, r.ratio, r.target, met));
        }
        s
    }
}

/// An encrypted cache (as the app keeps it) in `dir` holding `n` slips made by `slip`, written in
/// one transaction; the store and its key.
pub fn filled_cache(
    dir: &Path,
    n: usize,
    slip: impl Fn(usize) -> chengban_protocol::Slip + Send + 'static,
) -> Result<(chengban_core::store::Store, chengban_core::store::cipher::CacheKey), String> {
    use chengban_core::store;
    let key = store::cipher::CacheKey::generate();
    let cache = store::Store::open_encrypted(&dir.join("cache.sqlite"), key.clone()).map_err(e)?;
    cache
        .write_blocking(move |c| {
            let tx = c.transaction()?;
            for i in 0..n {
                store::slips::upsert_with(&tx, &slip(i), false)?;
            }
            tx.commit()?;
            Ok(())
        })
        .map_err(e)?;
    Ok((cache, key))
}
