//! A `chengban-center` process started as an operator starts it — the real binary, on a file or
//! a `postgres://` database — known by the address it says it listens on; killed when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::{e, Result};

pub struct CenterProcess {
    pub child: Child,
    pub url: String,
}

impl CenterProcess {
    /// Starts `binary --db location --addr 127.0.0.1:0 extra…` and waits until it listens.
    pub fn start(binary: &Path, location: &Path, extra: &[&str]) -> Result<Self> {
        let mut child = Command::new(binary)
            .arg("--db")
            .arg(location)
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|err| format!("{}: {err}", binary.display()))?;
        let mut lines = BufReader::new(child.stdout.take().ok_or("no stdout")?).lines();
        let url = loop {
            match lines.next() {
                Some(line) => {
                    if let Some(url) = line.map_err(e)?.strip_prefix("chengban-center listening on ") {
                        break url.to_string();
                    }
                }
                None => return Err("the center ended before it listened".into()),
            }
        };
        // Keep reading, so the process never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(Self { child, url })
    }

    /// Sends `signal` (as `kill` takes it, e.g. `-TERM`).
    pub fn signal(&self, signal: &str) -> Result<()> {
        let sent = Command::new("kill").args([signal, &self.child.id().to_string()]).status().map_err(e)?;
        if sent.success() {
            Ok(())
        } else {
            Err(format!("kill {signal} failed"))
        }
    }
}

impl Drop for CenterProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
