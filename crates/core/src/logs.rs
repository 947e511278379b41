//! The desk's log file: `<data dir>/logs/chengban.log`, rotated by size (at [`MAX_BYTES`] it
//! becomes `chengban.1.log`, the older ones move up, and more than [`KEEP`] are deleted), so IT
//! support finds the last days' events without the folder growing. A shell writes its `tracing`
//! output here (`&RotatingFile` is an `io::Write`). What is logged never holds a citizen's data:
//! the code logs ids, counts and error kinds, never slip text, names, phones or addresses.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The log folder's name in the data dir.
pub const DIR: &str = "logs";
/// The current file's name; rotated ones are `chengban.<n>.log`.
pub const FILE: &str = "chengban.log";
/// A file is rotated when it reaches this size.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// Rotated files kept besides the current one.
pub const KEEP: usize = 4;

pub struct RotatingFile {
    dir: PathBuf,
    max_bytes: u64,
    keep: usize,
    open: Mutex<(File, u64)>,
}

impl RotatingFile {
    /// Opens (appending) the log in `dir`, made if missing.
    pub fn open(dir: &Path) -> io::Result<Self> {
        Self::with_limits(dir, MAX_BYTES, KEEP)
    }

    pub fn with_limits(dir: &Path, max_bytes: u64, keep: usize) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let file = OpenOptions::new().create(true).append(true).open(dir.join(FILE))?;
        let len = file.metadata()?.len();
        Ok(Self { dir: dir.to_path_buf(), max_bytes, keep, open: Mutex::new((file, len)) })
    }

    fn rotated(&self, n: usize) -> PathBuf {
        self.dir.join(format!("chengban.{n}.log"))
    }

    /// The current file becomes `.1`, `.1` becomes `.2`, …; the oldest beyond `keep` goes.
    fn rotate(&self, open: &mut (File, u64)) -> io::Result<()> {
        let _ = std::fs::remove_file(self.rotated(self.keep));
        for n in (1..self.keep).rev() {
            let from = self.rotated(n);
            if from.exists() {
                std::fs::rename(&from, self.rotated(n + 1))?;
            }
        }
        open.0.flush()?;
        std::fs::rename(self.dir.join(FILE), self.rotated(1))?;
        open.0 = OpenOptions::new().create(true).append(true).open(self.dir.join(FILE))?;
        open.1 = 0;
        Ok(())
    }
}

impl Write for &RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut open = self.open.lock().map_err(|_| io::Error::other("log lock poisoned"))?;
        if open.1 > 0 && open.1 + buf.len() as u64 > self.max_bytes {
            // A log that cannot rotate keeps writing where it is rather than losing lines.
            let _ = self.rotate(&mut open);
        }
        let n = open.0.write(buf)?;
        open.1 += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.open.lock().map_err(|_| io::Error::other("log lock poisoned"))?.0.flush()
    }
}

/// The log files in `dir`, oldest first (what a support export takes).
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<(usize, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = if name == FILE { 0 } else { name.strip_prefix("chengban.")?.strip_suffix(".log")?.parse().ok()? };
            Some((n, e.path()))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_log_rotates_keeping_the_newest_files_and_every_line_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let log = RotatingFile::with_limits(dir.path(), 100, 2).unwrap();
        for i in 0..20 {
            (&log).write_all(format!("line {i:02} ............\n").as_bytes()).unwrap();
            // 21 bytes: four a file
        }
        let kept = files(dir.path());
        let names: Vec<String> = kept.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["chengban.2.log", "chengban.1.log", "chengban.log"], "two rotated kept, oldest first");
        let text: String = kept.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.first(), Some(&"line 08 ............"), "the oldest lines went with the oldest file");
        assert_eq!(lines.last(), Some(&"line 19 ............"));
        assert_eq!(lines.len(), 12, "nothing lost from the files kept");
        assert!(kept.iter().all(|p| std::fs::metadata(p).unwrap().len() <= 100));
    }

    #[test]
    fn reopening_appends_to_the_current_file() {
        let dir = tempfile::tempdir().unwrap();
        (&RotatingFile::open(dir.path()).unwrap()).write_all(b"first run\n").unwrap();
        (&RotatingFile::open(dir.path()).unwrap()).write_all(b"second run\n").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join(FILE)).unwrap(), "first run\nsecond run\n");
    }
}
