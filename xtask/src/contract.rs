//! The center's contract test: schemathesis (PyPI, pinned) against a live center, driven by
//! `crates/center/tests/contract/run.py`. Schemathesis lives in its own virtual environment
//! under `target/`, made on first use: nothing is installed into the system's Python (which
//! Debian marks externally managed), and the pinned version is the one that runs.

use std::path::PathBuf;
use std::process::Command;

use crate::sys::{self, Result};

/// The schemathesis release the contract was written against.
const SCHEMATHESIS: &str = "4.32.5";

fn python() -> &'static str {
    if sys::has_command("python3") {
        "python3"
    } else {
        "python"
    }
}

/// The virtual environment's interpreter, with schemathesis installed.
fn ensure_schemathesis() -> Result<PathBuf> {
    let venv = sys::target_dir().join(format!("contract-venv-{SCHEMATHESIS}"));
    let bin = venv.join("bin").join("python");
    let ready = Command::new(&bin).args(["-c", "import schemathesis.cli"]).output().is_ok_and(|o| o.status.success());
    if !ready {
        eprintln!("xtask: installing schemathesis {SCHEMATHESIS} into {}", venv.display());
        sys::run(Command::new(python()).args(["-m", "venv"]).arg(&venv))?;
        sys::run(Command::new(&bin).args(["-m", "pip", "install", "--quiet", &format!("schemathesis=={SCHEMATHESIS}")]))?;
    }
    Ok(bin)
}

pub fn run() -> Result {
    let root = sys::root();
    let python = ensure_schemathesis()?;
    sys::run(Command::new("cargo").args(["build", "-p", "chengban-center"]).current_dir(&root))?;
    let center = sys::target_dir().join("debug").join("chengban-center");
    // Run from under target/: schemathesis keeps its cache (`.schemathesis/`) in the directory it
    // runs in, which must not be the checkout.
    let work = sys::target_dir().join("contract");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    sys::run(Command::new(python).arg(root.join("crates/center/tests/contract/run.py")).arg(center).current_dir(&work))
}
