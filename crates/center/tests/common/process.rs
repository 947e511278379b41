//! The `chengban-center` binary of this build, started on a test's database with the demo
//! seeded, and its chores.

use std::path::Path;
use std::process::Command;

use chengban_testkit::database::TestDb;
pub use chengban_testkit::process::CenterProcess as Process;

const BINARY: &str = env!("CARGO_BIN_EXE_chengban-center");

/// On the test's database.
pub fn start(db: &TestDb) -> Process {
    start_on(&db.location)
}

/// On `--db location` (a file or a `postgres://` URL).
pub fn start_on(location: &Path) -> Process {
    Process::start(Path::new(BINARY), location, &["--demo"]).unwrap()
}

/// Runs a chore of the binary (`migrate`, `backup`, `after-restore`); what it printed.
pub fn chore(args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(BINARY).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
