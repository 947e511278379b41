//! `cargo xtask demo` sets up and runs the demo; `cargo xtask test` runs every test there is;
//! `cargo xtask package` makes the installers.
//! Plain std on purpose: it builds in seconds on a fresh machine.

mod bench;
mod clean_system;
mod contract;
mod demo;
mod install_check;
mod package;
mod postgres;
mod sys;
mod test;
mod web;
mod web_check;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>
  demo   install what is missing, build, start the center with demo data and open the app
  test   Rust tests, UI tests (Vitest) and end-to-end tests under Xvfb with a D-Bus session
  contract  the center's contract test alone (schemathesis against a live center; part of test)
  package  the Linux .deb, the browser mode's .deb (amd64, arm64; glibc 2.28) and the Windows installer into target/packages/ (--debug: of the debug builds; --check: install and check them)
  bench  benchmarks into docs/benchmarks.md (--quick: a small run in seconds)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("contract") => contract::run(),
        Some("package") => package::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
