//! The desktop's SQLite cache (`<data dir>/chengban/cache.sqlite`): opening with WAL, ordered
//! migrations recorded in `user_version`, one writer and one reader connection. Each table's
//! SQL lives in its module.
//!
//! Everything here is blocking; async callers go through [`Store::write`] / [`Store::read`],
//! which run on tokio's blocking pool.

pub mod account;
pub mod alerts;
pub mod outbox;
pub mod reveals;
pub mod rows;
pub mod search;
pub mod settings;
pub mod slips;
pub mod sync_state;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::{CoreError, Result};

const MIGRATIONS: &[&str] = &[
    account::MIGRATION,
    slips::MIGRATION,
    sync_state::MIGRATION,
    slips::MIGRATION_LOCAL,
    outbox::MIGRATION,
    alerts::MIGRATION,
    search::MIGRATION_SEARCH,
    search::MIGRATION_SEARCH_PENDING,
    search::MIGRATION_SEARCH_SHORT,
    alerts::MIGRATION_UNACK_INDEX,
    slips::MIGRATION_ATTENTION,
    reveals::MIGRATION,
];

/// The schema this build writes: how many migrations it knows (kept in `user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // The cache can always be pulled again, but later the outbox shares this file and a lost
    // commit there would lose a handler's work.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = SCHEMA_VERSION;
    if found > known {
        return Err(CoreError::CacheTooNew { found, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[derive(Clone)]
pub struct Store {
    writer: Arc<Mutex<Connection>>,
    reader: Arc<Mutex<Connection>>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::Internal(format!("create {}: {e}", dir.display())))?;
        }
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        migrate(&mut writer)?;
        let reader = Connection::open(path)?;
        configure(&reader)?;
        Ok(Self { writer: Arc::new(Mutex::new(writer)), reader: Arc::new(Mutex::new(reader)) })
    }

    /// An in-memory cache for tests: one shared connection serves both roles.
    pub fn open_in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        let shared = Arc::new(Mutex::new(conn));
        Ok(Self { writer: shared.clone(), reader: shared })
    }

    pub fn write_blocking<R>(&self, f: impl FnOnce(&mut Connection) -> Result<R>) -> Result<R> {
        let mut guard = self.writer.lock().map_err(|_| CoreError::Internal("cache lock poisoned".into()))?;
        f(&mut guard)
    }

    pub fn read_blocking<R>(&self, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
        let guard = self.reader.lock().map_err(|_| CoreError::Internal("cache lock poisoned".into()))?;
        f(&guard)
    }

    /// Hands back the pages each connection cached during bulk work: SQLite keeps up to
    /// `cache_size` of them per connection for as long as it stays open, and a first fill
    /// touches them all. Later queries read back only what they use.
    pub fn shrink_blocking(&self) -> Result<()> {
        self.write_blocking(|c| Ok(c.execute_batch("PRAGMA shrink_memory")?))?;
        self.read_blocking(|c| Ok(c.execute_batch("PRAGMA shrink_memory")?))
    }

    pub async fn write<R: Send + 'static>(&self, f: impl FnOnce(&mut Connection) -> Result<R> + Send + 'static) -> Result<R> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.write_blocking(f)).await.map_err(|e| CoreError::Internal(e.to_string()))?
    }

    pub async fn read<R: Send + 'static>(&self, f: impl FnOnce(&Connection) -> Result<R> + Send + 'static) -> Result<R> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.read_blocking(f)).await.map_err(|e| CoreError::Internal(e.to_string()))?
    }
}

pub fn ts(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_ts(s: &str) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_newer_than_the_binary_is_refused_not_clobbered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(Store::open(&path), Err(CoreError::CacheTooNew { found: 99, .. })));
        let still: i64 = Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(still, 99);
    }

    #[test]
    fn the_cache_uses_write_ahead_logging() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        let mode: String = store.read_blocking(|c| Ok(c.pragma_query_value(None, "journal_mode", |r| r.get(0))?)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn shrinking_after_bulk_work_frees_the_page_caches_and_keeps_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        store
            .write_blocking(|c| {
                c.execute_batch("CREATE TABLE t(x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO t SELECT printf('%0500d', i) FROM n;")?;
                Ok(())
            })
            .unwrap();
        let count = || store.read_blocking(|c| Ok(c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))?)).unwrap();
        assert_eq!(count(), 5000);
        let before = store.read_blocking(|c| Ok(cache_used(c))).unwrap();
        store.shrink_blocking().unwrap();
        let after = store.read_blocking(|c| Ok(cache_used(c))).unwrap();
        assert!(after < before / 4, "page cache {before} → {after} bytes");
        assert_eq!(count(), 5000);
    }

    /// The connection's page cache in bytes (`SQLITE_DBSTATUS_CACHE_USED`).
    fn cache_used(c: &Connection) -> i64 {
        let (mut cur, mut hi) = (0, 0);
        // SAFETY: the handle is live for the borrow, and db_status only reads counters.
        unsafe { rusqlite::ffi::sqlite3_db_status(c.handle(), rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED, &mut cur, &mut hi, 0) };
        cur as i64
    }
}
