//! `chengban-bench`: measures what `cargo xtask bench` reports, each figure the median of
//! several runs and, where there is a floor, its ratio to the floor measured in the same run.
//! `--quick` runs a small version of each in seconds (so `cargo xtask test` keeps it working).

mod center_load;
mod common;
mod latency;
mod queries;
mod sync;

use std::process::ExitCode;

use common::{Report, Size};

#[tokio::main(flavor = "multi_thread")]
async fn main() -> ExitCode {
    let quick = std::env::args().any(|a| a == "--quick");
    let out = std::env::args().skip_while(|a| a != "--out").nth(1);
    let size = if quick { Size::quick() } else { Size::full() };
    let mut report = Report::new(quick);
    let steps: Vec<(&str, Result<(), String>)> = vec![
        ("first sync", sync::first_sync(&size, &mut report).await),
        ("incremental sync", sync::incremental(&size, &mut report).await),
        ("queries", queries::run(&size, &mut report).await),
        ("alert latency", latency::run(&size, &mut report).await),
        ("center load", center_load::run(&size, &mut report).await),
    ];
    let mut failed = false;
    for (name, r) in steps {
        if let Err(e) = r {
            eprintln!("bench {name} failed: {e}");
            failed = true;
        }
    }
    let md = report.markdown();
    println!("{md}");
    if let Some(path) = out {
        if let Err(e) = std::fs::write(&path, &md) {
            eprintln!("cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
