//! The center's PostgreSQL half of `cargo xtask test`: the center's whole test suite again, each
//! test on a database of its own on the server `CHENGBAN_TEST_POSTGRES` names (by default the
//! local one `.ci/run` starts, role `chengban`). Without a server it says so loudly — and fails
//! under CI, where the server is always installed.

use std::process::Command;

use crate::sys::{self, Result};

/// The server the center's tests use when the variable is not set.
pub const DEFAULT_URL: &str = "postgres://chengban:chengban@127.0.0.1:5432/postgres";

/// The server to test against, from the environment or the default.
pub fn url() -> String {
    std::env::var("CHENGBAN_TEST_POSTGRES").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| DEFAULT_URL.to_string())
}

/// Whether a server answers at `url` (asked with Debian's `psql`).
pub fn available(url: &str) -> bool {
    Command::new("psql")
        .args([url, "-Atqc", "SELECT 1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub fn center_suite() -> Result {
    let url = url();
    if !available(&url) {
        let banner = "=".repeat(78);
        eprintln!("{banner}\nxtask: NO POSTGRESQL SERVER at {} — the center's PostgreSQL half was NOT RUN.", shown(&url));
        eprintln!("xtask: install and start it (`apt install postgresql`, `pg_ctlcluster 15 main start`), create the role");
        eprintln!("xtask: (see .ci/run) or set CHENGBAN_TEST_POSTGRES to a server where it may create databases.\n{banner}");
        if std::env::var_os("CI").is_some() {
            return Err("PostgreSQL is required under CI".into());
        }
        return Ok(());
    }
    eprintln!("xtask: the center's tests again, on PostgreSQL at {}", shown(&url));
    sys::run(Command::new("cargo").args(["test", "-p", "chengban-center"]).env("CHENGBAN_TEST_POSTGRES", &url).current_dir(sys::root()))
}

/// The URL without its password, for messages.
fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_string(),
    }
}
