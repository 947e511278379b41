//! A `chengban-center` process started as an operator would (the real binary), on a test's
//! database, with the demo seeded.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use chengban_testkit::database::TestDb;

/// A `chengban-center` process; killed when dropped.
pub struct Process {
    pub child: Child,
    pub url: String,
}

impl Process {
    pub fn start(db: &TestDb) -> Process {
        Self::start_on(&db.location)
    }

    /// On `--db location` (a file or a `postgres://` URL).
    pub fn start_on(location: &Path) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chengban-center"))
            .arg("--db")
            .arg(location)
            .args(["--addr", "127.0.0.1:0", "--demo"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("the center says where it listens").unwrap();
            if let Some(url) = line.strip_prefix("chengban-center listening on ") {
                break url.to_string();
            }
        };
        // Keep reading so the process never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Process { child, url }
    }

    pub fn signal(&self, signal: &str) {
        Command::new("kill").args([signal, &self.child.id().to_string()]).status().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a chore of the binary (`migrate`, `backup`, `after-restore`); what it printed.
pub fn chore(args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_chengban-center")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
