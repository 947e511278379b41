//! `cargo xtask test`: everything, in the order that fails fastest.
//! 1. Clippy with warnings as errors, then the Rust tests of the workspace (protocol, core,
//!    center, the app shell).
//!    Then the center's tests again on PostgreSQL ([`crate::postgres`]).
//! 2. The same for Windows: clippy and a build of the desk and the center for
//!    x86_64-pc-windows-gnu, so a Windows break fails CI.
//! 3. The packages (`cargo xtask package --debug`): the `.deb` installed with apt and its app
//!    started to a first sync, the Windows installer run under wine (`install_check`).
//! 4. The center's contract: schemathesis against a live center and its `/openapi.json`.
//! 5. UI type check and unit tests (Vitest).
//! 6. End-to-end: the real center and the real app through tauri-driver, under Xvfb with a
//!    private D-Bus session; then the main scenarios again against the browser mode, in Debian's
//!    Chromium through chromedriver.

use std::process::Command;

use crate::sys::{self, Result};

pub fn run_all(skip_e2e: bool) -> Result {
    let root = sys::root();
    sys::ensure_ui_packages()?;
    // The app shell's crate compiles the UI in, so the UI is built before any cargo step.
    sys::build_app(false)?;
    sys::run(
        Command::new("cargo")
            .args(["clippy", "--workspace", "--all-targets", "--features", "chengban-desk/custom-protocol", "--", "-D", "warnings"])
            .current_dir(&root),
    )?;
    sys::run(
        Command::new("cargo")
            .args(["test", "--workspace", "--exclude", "chengban-e2e", "--features", "chengban-desk/custom-protocol"])
            .current_dir(&root),
    )?;
    crate::postgres::center_suite()?;
    sys::windows_check()?;
    let packages = crate::package::make(crate::package::Profile::Debug)?;
    crate::install_check::run(&packages, !skip_e2e)?;
    crate::contract::run()?;
    sys::run(Command::new("npx").args(["vitest", "run"]).current_dir(root.join("ui")))?;
    // The benchmarks, small, so they never rot.
    crate::bench::run(&["--quick".to_string()])?;
    if skip_e2e {
        eprintln!("xtask: end-to-end tests skipped (--no-e2e)");
        return Ok(());
    }
    sys::run(&mut sys::e2e_command(&["--", "--test-threads=1"])?)?;
    // Log in and see the slips, a dispatch arriving, work offline, the leader's sign-off, a
    // notification that opens its slip, a reply from the library and its 处理单 exported: the
    // same scenarios, the page in Chromium.
    let mut web =
        sys::e2e_command(&["--test", "inbox", "--test", "work", "--test", "alerts", "--test", "reply", "--", "--test-threads=1"])?;
    sys::run(web.env("CHENGBAN_E2E_SHELL", "web"))
}

pub fn run(args: &[String]) -> Result {
    let skip_e2e = args.iter().any(|a| a == "--no-e2e");
    if let Some(bad) = args.iter().find(|a| a.as_str() != "--no-e2e") {
        return Err(format!("unknown option {bad} (options: --no-e2e)"));
    }
    run_all(skip_e2e)
}
