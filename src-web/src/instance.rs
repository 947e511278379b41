//! One browser-mode desk per user, and the key of this launch. The first start takes an
//! exclusive lock on `web.lock` in the data dir and writes `web-launch.json` (the port and the
//! launch's secret, readable by this user only: mode 0600); a second start finds the lock taken,
//! reads the file and opens the browser on the running desk instead of opening the cache again.
//! The secret is never logged, never put on a command line (where `ps` would show it to other
//! users) and changes at every launch.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const LOCK_FILE: &str = "web.lock";
pub const LAUNCH_FILE: &str = "web-launch.json";

/// The secret of one launch: 32 random bytes, hex.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn random() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Secret(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Compares in time that does not depend on where `given` first differs.
    pub fn matches(&self, given: &[u8]) -> bool {
        let mine = self.0.as_bytes();
        mine.len() == given.len() && mine.iter().zip(given).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// Never printed: `{:?}` of a state holding it shows this.
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Where the running desk listens and its key: what a second start needs to open the browser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Launch {
    pub port: u16,
    pub secret: Secret,
}

impl Launch {
    /// The address the browser opens: the key in the fragment, which a browser never sends to a
    /// server nor puts in a `Referer`; the page moves it into a header and drops it from the URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/#s={}", self.port, self.secret.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("承办台已在运行")]
    Running(Option<Launch>),
    #[error("无法写入数据目录 {0}：{1}")]
    Io(PathBuf, std::io::Error),
}

/// This launch's hold on the data dir; released when dropped (or the process ends).
pub struct Instance {
    _lock: File,
    dir: PathBuf,
}

impl Instance {
    /// Takes the data dir for this process, or says another desk has it (with its launch, once
    /// it has written it).
    pub fn acquire(dir: &Path) -> Result<Self, InstanceError> {
        create_private_dir(dir)?;
        let path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| InstanceError::Io(path, e))?;
        match lock.try_lock() {
            Ok(()) => Ok(Instance { _lock: lock, dir: dir.to_path_buf() }),
            Err(TryLockError::WouldBlock) => Err(InstanceError::Running(read_launch(dir))),
            Err(TryLockError::Error(e)) => Err(InstanceError::Io(dir.join(LOCK_FILE), e)),
        }
    }

    /// Writes the launch file afresh (so its mode is this one's), readable by this user only.
    pub fn publish(&self, launch: &Launch) -> Result<(), InstanceError> {
        let path = self.dir.join(LAUNCH_FILE);
        let _ = std::fs::remove_file(&path);
        let text = serde_json::to_vec(launch).map_err(|e| InstanceError::Io(path.clone(), e.into()))?;
        write_private(&path, &text).map_err(|e| InstanceError::Io(path, e))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.dir.join(LAUNCH_FILE));
    }
}

/// The running desk's launch, if its file is there and readable.
pub fn read_launch(dir: &Path) -> Option<Launch> {
    std::fs::read(dir.join(LAUNCH_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok())
}

/// A new file only this user may read or write.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn create_private_dir(dir: &Path) -> Result<(), InstanceError> {
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| InstanceError::Io(dir.to_path_buf(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_start_finds_the_first_and_its_launch() {
        let dir = tempfile::tempdir().unwrap();
        let first = Instance::acquire(dir.path()).unwrap();
        let launch = Launch { port: 4242, secret: Secret::random() };
        first.publish(&launch).unwrap();
        match Instance::acquire(dir.path()) {
            Err(InstanceError::Running(Some(found))) => assert_eq!((found.port, found.secret), (4242, launch.secret)),
            other => panic!("expected the running desk, got {:?}", other.err()),
        }
        drop(first);
        assert!(Instance::acquire(dir.path()).is_ok(), "the lock goes with the first desk");
        assert!(read_launch(dir.path()).is_none(), "and so does its launch file");
    }

    #[test]
    fn the_secret_matches_only_itself_and_never_prints() {
        let s = Secret::random();
        assert_eq!(s.as_str().len(), 64);
        assert!(s.matches(s.as_str().as_bytes()));
        assert!(!s.matches(Secret::random().as_str().as_bytes()));
        assert!(!s.matches(&s.as_str().as_bytes()[..63]));
        assert!(!format!("{:?}", Launch { port: 1, secret: s.clone() }).contains(s.as_str()));
    }
}
