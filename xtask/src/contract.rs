//! The center's contract test: schemathesis (PyPI, pinned) against a live center, driven by
//! `crates/center/tests/contract/run.py`. Installs schemathesis with pip when it is missing.

use std::process::Command;

use crate::sys::{self, Result};

/// The schemathesis release the contract was written against.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

fn python() -> &'static str {
    if sys::has_command("python3") {
        "python3"
    } else {
        "python"
    }
}

fn ensure_schemathesis() -> Result {
    let probe = Command::new(python()).args(["-c", "import schemathesis.cli"]).output();
    if probe.is_ok_and(|o| o.status.success()) {
        return Ok(());
    }
    eprintln!("xtask: installing {SCHEMATHESIS} with pip");
    sys::run(Command::new(python()).args(["-m", "pip", "install", "--quiet", SCHEMATHESIS]))
}

pub fn run() -> Result {
    let root = sys::root();
    ensure_schemathesis()?;
    sys::run(Command::new("cargo").args(["build", "-p", "chengban-center"]).current_dir(&root))?;
    let center = sys::target_dir().join("debug").join("chengban-center");
    sys::run(Command::new(python()).arg(root.join("crates/center/tests/contract/run.py")).arg(center).current_dir(&root))
}
