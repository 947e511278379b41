//! `chengban-bench`: measures what `cargo xtask bench` reports, each figure the median of
//! several runs and, where there is a floor, its ratio to the floor measured in the same run.
//! `--quick` runs a small version of each in seconds (so `cargo xtask test` keeps it working).

mod center_load;
mod common;
mod latency;
mod province;
mod province_data;
mod queries;
mod rates;
mod sheet;
mod sync;

use std::process::ExitCode;

use common::{Report, Size};

#[tokio::main(flavor = "multi_thread")]
async fn main() -> ExitCode {
    let quick = std::env::args().any(|a| a == "--quick");
    let out = std::env::args().skip_while(|a| a != "--out").nth(1);
    let size = if quick { Size::quick() } else { Size::full() };
    // `--only NAME` runs one benchmark (first, incremental, queries, rates, ranking, sheet, latency, load, province).
    let only = std::env::args().skip_while(|a| a != "--only").nth(1);
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let mut report = Report::new(quick);
    let mut steps: Vec<(&str, Result<(), String>)> = Vec::new();
    if wanted("first") {
        steps.push(("first sync", sync::first_sync(&size, &mut report).await));
    }
    if wanted("incremental") {
        steps.push(("incremental sync", sync::incremental(&size, &mut report).await));
    }
    if wanted("queries") {
        steps.push(("queries", queries::run(&size, &mut report).await));
    }
    if wanted("rates") {
        steps.push(("rates", rates::run(&size, &mut report).await));
    }
    if wanted("ranking") {
        steps.push(("ranking", rates::center_ranking(&size, &mut report).await));
    }
    if wanted("sheet") {
        steps.push(("slip sheet", sheet::run(&size, &mut report).await));
    }
    if wanted("latency") {
        steps.push(("alert latency", latency::run(&size, &mut report).await));
    }
    if wanted("load") {
        steps.push(("center load", center_load::run(&size, &mut report).await));
    }
    if wanted("province") {
        steps.push(("province", province::run(&size, &mut report).await));
    }
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
        // Hand-written notes below the table (before/after of each fix) survive a new run.
        let notes = std::fs::read_to_string(&path).ok().and_then(|old| old.find("\n## ").map(|i| old[i..].to_string())).unwrap_or_default();
        if let Err(e) = std::fs::write(&path, format!("{md}{notes}")) {
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
