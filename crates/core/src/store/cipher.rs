//! Encryption at rest: both files are SQLCipher databases under one random 256-bit key, given
//! raw (no passphrase stretching: the key is random and kept in the OS keyring, see
//! [`crate::vault::cache_key`]). This module opens a file with the key and turns a plain file left
//! by an older build into an encrypted one — whole or not at all: the encrypted copy is written
//! beside it and renamed over it only when complete.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

/// The key of this PC's files: 32 random bytes, as 64 hex digits.
#[derive(Clone, PartialEq, Eq)]
pub struct CacheKey(String);

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheKey(…)")
    }
}

impl CacheKey {
    pub fn generate() -> Self {
        use rand::RngCore;
        let mut b = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut b);
        CacheKey(b.iter().map(|x| format!("{x:02x}")).collect())
    }

    /// A key kept earlier; `None` unless exactly 64 hex digits.
    pub fn from_hex(hex: &str) -> Option<Self> {
        (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| CacheKey(hex.to_ascii_lowercase()))
    }

    pub fn hex(&self) -> &str {
        &self.0
    }

    /// SQLCipher's raw-key form, `x'…'` (only hex digits, so safe to put in SQL).
    fn sql(&self) -> String {
        format!("\"x'{}'\"", self.0)
    }
}

/// Gives a new connection its key (before anything is read).
pub fn apply(conn: &Connection, key: Option<&CacheKey>) -> rusqlite::Result<()> {
    if let Some(key) = key {
        // SQLCipher's own log would write to stderr; what matters is told to the user instead.
        conn.execute_batch(&format!("PRAGMA cipher_log_level = NONE; PRAGMA key = {};", key.sql()))?;
    }
    Ok(())
}

pub fn open(path: &Path, key: Option<&CacheKey>) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    apply(&conn, key)?;
    Ok(conn)
}

pub fn open_with_flags(path: impl AsRef<Path>, flags: OpenFlags, key: Option<&CacheKey>) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    apply(&conn, key)?;
    Ok(conn)
}

/// Attaches `path` as `name` under the same key.
pub fn attach(conn: &Connection, path: &str, name: &str, key: Option<&CacheKey>) -> rusqlite::Result<()> {
    match key {
        Some(key) => conn.execute_batch(&format!("ATTACH DATABASE '{}' AS {name} KEY {};", path.replace('\'', "''"), key.sql())),
        None => conn.execute_batch(&format!("ATTACH DATABASE '{}' AS {name};", path.replace('\'', "''"))),
    }
}

fn reads(conn: &Connection) -> bool {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).is_ok()
}

/// If `path` is a plain database (an older build's), rewrites it encrypted under `key`; returns
/// whether it did. A file that reads with the key, or reads neither way (damaged, or another
/// key), is left for the checks that follow.
pub fn encrypt_plain(path: &Path, key: &CacheKey) -> rusqlite::Result<bool> {
    if !path.exists() || open(path, Some(key)).map(|c| reads(&c)).unwrap_or(false) {
        return Ok(false);
    }
    let plain = Connection::open(path)?;
    if !reads(&plain) {
        return Ok(false);
    }
    let version: i64 = plain.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // Everything in the file itself, so the log left beside it holds nothing of it.
    plain.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let next = beside(path, ".encrypting");
    let _ = std::fs::remove_file(&next);
    attach(&plain, &next.to_string_lossy(), "encrypted", Some(key))?;
    plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version}; DETACH DATABASE encrypted;"))?;
    plain.execute_batch("PRAGMA journal_mode = DELETE;")?;
    drop(plain);
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(beside(path, side));
    }
    std::fs::rename(&next, path).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tracing::info!(file = %path.display(), "plain database encrypted");
    Ok(true)
}

/// `path` with `suffix` added to its name (`cache.sqlite` → `cache.sqlite-wal`).
pub(super) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encrypted_file_holds_no_plain_text_and_opens_only_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        let key = CacheKey::generate();
        let conn = open(&path, Some(&key)).unwrap();
        conn.execute_batch("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('钱女士 13612345678');").unwrap();
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.windows(11).any(|w| w == b"13612345678"), "the phone is not on disk in the clear");
        assert!(!bytes.starts_with(b"SQLite format 3"), "not even the header");
        assert!(!reads(&open(&path, None).unwrap()), "no key: unreadable");
        assert!(!reads(&open(&path, Some(&CacheKey::generate())).unwrap()), "another key: unreadable");
        let again = open(&path, Some(&key)).unwrap();
        assert_eq!(again.query_row("SELECT x FROM t", [], |r| r.get::<_, String>(0)).unwrap(), "钱女士 13612345678");
    }

    #[test]
    fn a_plain_file_is_encrypted_whole_keeping_its_rows_and_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        let plain = Connection::open(&path).unwrap();
        plain
            .execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('13612345678'); PRAGMA user_version = 7;",
            )
            .unwrap();
        drop(plain);
        let key = CacheKey::generate();
        assert!(encrypt_plain(&path, &key).unwrap());
        assert!(!encrypt_plain(&path, &key).unwrap(), "once");
        let conn = open(&path, Some(&key)).unwrap();
        assert_eq!(conn.query_row("SELECT x FROM t", [], |r| r.get::<_, String>(0)).unwrap(), "13612345678");
        assert_eq!(conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), 7);
        assert!(!std::fs::read(&path).unwrap().windows(11).any(|w| w == b"13612345678"));
        assert!(!beside(&path, ".encrypting").exists());
    }

    #[test]
    fn a_key_is_64_hex_digits() {
        assert!(CacheKey::from_hex(CacheKey::generate().hex()).is_some());
        assert!(CacheKey::from_hex("abc").is_none());
        assert!(CacheKey::from_hex(&"g".repeat(64)).is_none());
        assert_eq!(format!("{:?}", CacheKey::generate()), "CacheKey(…)", "never printed");
    }
}
