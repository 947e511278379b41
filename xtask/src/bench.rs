//! `cargo xtask bench [--quick]`: builds the bench and the center (release for the real run),
//! runs every benchmark, and writes the table to stdout and — for the real run —
//! `docs/benchmarks.md`, then measures the real app under Xvfb (tab switch, memory beside an
//! empty window of the same binary, idle CPU) and the browser mode's process, and appends their
//! rows.

use std::process::Command;

use crate::sys::{self, Result};

pub fn run(args: &[String]) -> Result {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(bad) = args.iter().find(|a| a.as_str() != "--quick") {
        return Err(format!("unknown option {bad} (options: --quick)"));
    }
    let root = sys::root();
    // The quick run only proves the benchmarks still work: a debug build is enough and cheap.
    let profile: &[&str] = if quick { &[] } else { &["--release"] };
    let mut build = Command::new("cargo");
    build.args(["build", "-p", "chengban-bench", "-p", "chengban-center"]).args(profile).current_dir(&root);
    sys::run(&mut build)?;
    let dir = sys::target_dir().join(if quick { "debug" } else { "release" });
    let mut bench = Command::new(dir.join("chengban-bench"));
    // The province bench's PostgreSQL half: the server the center's tests use, if there is one.
    let postgres = crate::postgres::url();
    if crate::postgres::available(&postgres) {
        bench.env("CHENGBAN_TEST_POSTGRES", postgres);
    } else {
        eprintln!("xtask: NO POSTGRESQL SERVER — the province bench's PostgreSQL half will NOT RUN");
    }
    if quick {
        bench.arg("--quick").args(["--out", &sys::target_dir().join("bench-quick.md").to_string_lossy()]);
    } else {
        bench.args(["--out", &root.join("docs/benchmarks.md").to_string_lossy()]);
    }
    sys::run(bench.current_dir(&root))?;
    if quick {
        // The app's part runs small inside `cargo xtask test` (the end-to-end suite).
        return Ok(());
    }
    // The app's part: the real binary under Xvfb, rows appended to the same table. The release
    // build, as clerks run it; the empty window is the same binary.
    sys::ensure_ui_packages()?;
    sys::build_app(true)?;
    // The browser mode's process beside it, also the release build.
    sys::run(
        sys::e2e_command(&["--test", "app_bench", "--test", "web_bench", "--", "--nocapture", "--test-threads=1"])?
            .env("CHENGBAN_BENCH_ROWS", "10000")
            .env("CHENGBAN_BENCH_IDLE_SECS", "60")
            .env("CHENGBAN_APP", sys::target_dir().join("release/chengban-desk"))
            .env("CHENGBAN_WEB", sys::target_dir().join("release/chengban-web"))
            .env("CHENGBAN_BENCH_OUT", root.join("docs/benchmarks.md")),
    )
}
