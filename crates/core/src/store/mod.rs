//! The desktop's SQLite files: the cache (`<data dir>/chengban/cache.sqlite`, everything the
//! center can give again) and the work file beside it (`cache-work.sqlite`, see [`work`]: what it
//! cannot), opened with WAL and attached as one connection; ordered migrations recorded in each
//! file's `user_version`; one writer and one reader connection. Each file is checked when opened
//! and whenever SQLite reports corruption; a damaged one is set aside and made anew ([`repair`]).
//! Each table's SQL lives in its module.
//!
//! Everything here is blocking; async callers go through [`Store::write`] / [`Store::read`],
//! which run on tokio's blocking pool.

pub mod account;
pub mod alerts;
pub mod cipher;
pub mod colleagues;
pub mod library;
pub mod outbox;
pub mod rate_facts;
pub mod repair;
pub mod reveals;
pub mod rows;
pub mod search;
pub mod settings;
pub mod similar;
pub mod slips;
pub mod sync_state;
pub mod work;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result};
use cipher::CacheKey;
use repair::Repair;

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
    work::DROP_FROM_CACHE,
    colleagues::MIGRATION,
    slips::MIGRATION_ASSIGNEE,
    rate_facts::MIGRATION,
    library::MIGRATION,
    similar::MIGRATION,
];

/// The cache schema this build writes: how many migrations it knows (kept in `user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The work file beside the cache at `cache`: `cache.sqlite` → `cache-work.sqlite`.
pub fn work_path(cache: &Path) -> PathBuf {
    let stem = cache.file_stem().and_then(|s| s.to_str()).unwrap_or("cache");
    cache.with_file_name(format!("{stem}-work.sqlite"))
}

/// How hard a commit waits for the disk: the work file waits for each (a lost commit would lose
/// a handler's work); the cache only at checkpoints (a commit lost to a power cut is pulled again,
/// and WAL keeps the file whole either way).
#[derive(Clone, Copy)]
enum Durability {
    EachCommit,
    Checkpoints,
}

fn configure(conn: &Connection, durability: Durability) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    let sync = match durability {
        Durability::EachCommit => "FULL",
        Durability::Checkpoints => "NORMAL",
    };
    conn.pragma_update(None, "synchronous", sync)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Runs `steps` past the file's `user_version`, each in its own transaction. The cache's step
/// [`work::MOVED_AT`] first copies the work out (a transaction of the work file alone).
fn migrate(conn: &mut Connection, steps: &[&str], cache: bool) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = steps.len() as i64;
    if found > known {
        return Err(CoreError::CacheTooNew { found, known });
    }
    for (i, sql) in steps.iter().enumerate().skip(found as usize) {
        let version = (i + 1) as i64;
        if cache && version == work::MOVED_AT {
            work::copy_from_cache(conn)?;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// Where the store's files are.
#[derive(Debug, Clone)]
struct Files {
    cache: PathBuf,
    work: PathBuf,
    /// Both files' key; `None`: plain files (tests and benchmarks).
    key: Option<CacheKey>,
}

impl Files {
    /// The work file alone: made or migrated, then closed.
    fn prepare_work(&self) -> Result<()> {
        let mut conn = cipher::open(&self.work, self.key.as_ref())?;
        configure(&conn, Durability::EachCommit)?;
        migrate(&mut conn, work::MIGRATIONS, false)
    }

    /// A connection to the cache with the work file attached.
    fn connect(&self) -> Result<Connection> {
        let conn = cipher::open(&self.cache, self.key.as_ref())?;
        configure(&conn, Durability::Checkpoints)?;
        cipher::attach(&conn, &self.work.to_string_lossy(), "work", self.key.as_ref())?;
        conn.execute_batch("PRAGMA work.journal_mode = WAL; PRAGMA work.synchronous = FULL;")?;
        Ok(conn)
    }

    /// Sets the work file aside if it is damaged, and makes a fresh one from what can be read.
    fn check_work(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Option<Repair>> {
        if repair::is_sound(&self.work, self.key.as_ref()) {
            return Ok(None);
        }
        let kept = repair::set_aside(&self.work, now).map_err(io)?;
        self.prepare_work()?;
        let fresh = cipher::open(&self.work, self.key.as_ref())?;
        let lost = repair::salvage(&fresh, &kept, work::SALVAGED, self.key.as_ref());
        tracing::error!(kept = %kept.display(), lost = lost.len(), "work file damaged: set aside, readable rows copied");
        Ok(Some(Repair { file: "work", kept_at: kept, lost }))
    }

    /// Sets the cache aside if it is damaged: `thorough`, by reading every page (`PRAGMA
    /// quick_check`); otherwise by opening it and reading its schema, which a start can afford
    /// at any size (the whole check follows in the background, [`Store::check_blocking`]). A
    /// cache from before the work file had its own holds the work too: what of it can be read
    /// is copied out first.
    fn check_cache(&self, now: chrono::DateTime<chrono::Utc>, thorough: bool) -> Result<Option<Repair>> {
        let key = self.key.as_ref();
        let sound = if thorough { repair::is_sound(&self.cache, key) } else { repair::opens(&self.cache, key) };
        if sound {
            return Ok(None);
        }
        let kept = repair::set_aside(&self.cache, now).map_err(io)?;
        let work = cipher::open(&self.work, key)?;
        let _ = repair::salvage(&work, &kept, work::SALVAGED, key);
        tracing::error!(kept = %kept.display(), "cache damaged: set aside, to be pulled again");
        Ok(Some(Repair { file: "cache", kept_at: kept, lost: Vec::new() }))
    }

    /// Both files as they are on disk, read-only and without their write-ahead logs (a folder
    /// that cannot be written has no room for SQLite's shared-memory file), when their schemas
    /// are this build's.
    fn open_read_only(&self) -> Result<(Connection, Connection)> {
        let connect = || -> Result<Connection> {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = cipher::open_with_flags(repair::immutable_uri(&self.cache), flags, self.key.as_ref())?;
            cipher::attach(&conn, &repair::immutable_uri(&self.work), "work", self.key.as_ref())?;
            let cache: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            let work: i64 = conn.pragma_query_value(Some("work"), "user_version", |r| r.get(0))?;
            if (cache, work) != (SCHEMA_VERSION, work::SCHEMA_VERSION) {
                return Err(CoreError::Internal(format!("read-only cache has schema {cache}/{work}")));
            }
            Ok(conn)
        };
        Ok((connect()?, connect()?))
    }

    /// Checks both files, then opens the writer (migrating the cache) and the reader.
    fn open(&self, thorough: bool) -> Result<(Connection, Connection, Vec<Repair>)> {
        let now = chrono::Utc::now();
        if let Some(key) = &self.key {
            // An older build's plain files, encrypted before anything else reads them.
            cipher::encrypt_plain(&self.work, key)?;
            cipher::encrypt_plain(&self.cache, key)?;
        }
        let mut repairs = Vec::new();
        repairs.extend(self.check_work(now)?);
        self.prepare_work()?;
        repairs.extend(self.check_cache(now, thorough)?);
        let mut writer = self.connect()?;
        migrate(&mut writer, MIGRATIONS, true)?;
        let reader = self.connect()?;
        Ok((writer, reader, repairs))
    }
}

/// What the user is told when the data folder cannot be written.
pub const READ_ONLY: &str =
    "承办台的数据目录不可写入，已以只读方式打开本地缓存：可以查看工单，但不能办理、登录或同步。请联系信息科检查磁盘和目录权限。";

fn io(e: std::io::Error) -> CoreError {
    CoreError::Internal(format!("set a damaged file aside: {e}"))
}

#[derive(Clone)]
pub struct Store {
    writer: Arc<Mutex<Connection>>,
    reader: Arc<Mutex<Connection>>,
    files: Option<Files>,
    /// What the user must know about the files, in their words.
    notices: Arc<Mutex<Vec<String>>>,
    /// Opened read-only: the data folder cannot be written.
    read_only: bool,
    on_rebuild: Arc<Mutex<Option<RebuildHook>>>,
}

/// Told after a damaged file was rebuilt while the store was open (the desk pulls again).
pub type RebuildHook = Box<dyn Fn() + Send + Sync>;

impl Store {
    /// Opens the cache at `path` and the work file beside it as plain files (tests, benchmarks).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, None)
    }

    /// Opens the cache at `path` and the work file beside it encrypted under `key` (plain ones
    /// from an older build are encrypted first), setting aside either if damaged.
    pub fn open_encrypted(path: &Path, key: CacheKey) -> Result<Self> {
        Self::open_with(path, Some(key))
    }

    fn open_with(path: &Path, key: Option<CacheKey>) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::Internal(format!("create {}: {e}", dir.display())))?;
        }
        let files = Files { cache: path.to_path_buf(), work: work_path(path), key };
        let opened = match files.open(false) {
            // Damage the light check missed, met while migrating: look at every page.
            Err(CoreError::Storage(e)) if repair::is_corruption(&e) => files.open(true),
            other => other,
        };
        let (writer, reader, notices, read_only) = match opened {
            Ok((w, r, repairs)) => (w, r, repairs.iter().map(Repair::sentence).collect(), false),
            // A folder that cannot be written: what is there can still be shown.
            Err(CoreError::Storage(e)) if repair::is_unwritable(&e) && files.cache.exists() => {
                tracing::error!(error = %e, "data folder not writable; cache opened read-only");
                let (w, r) = files.open_read_only().map_err(|_| CoreError::Storage(e))?;
                (w, r, vec![READ_ONLY.to_string()], true)
            }
            Err(e) => return Err(e),
        };
        Ok(Self {
            writer: Arc::new(Mutex::new(writer)),
            reader: Arc::new(Mutex::new(reader)),
            files: Some(files),
            notices: Arc::new(Mutex::new(notices)),
            read_only,
            on_rebuild: Default::default(),
        })
    }

    /// An in-memory cache for tests: one shared connection serves both roles, the work tables
    /// in an attached in-memory `work`.
    pub fn open_in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch("ATTACH DATABASE ':memory:' AS work")?;
        for sql in work::MIGRATIONS {
            conn.execute_batch(&sql.replace("CREATE TABLE ", "CREATE TABLE work.").replace("CREATE INDEX ", "CREATE INDEX work."))?;
        }
        migrate(&mut conn, MIGRATIONS, true)?;
        let shared = Arc::new(Mutex::new(conn));
        Ok(Self {
            writer: shared.clone(),
            reader: shared,
            files: None,
            notices: Default::default(),
            read_only: false,
            on_rebuild: Default::default(),
        })
    }

    /// Sets what is told after a rebuild while open.
    pub fn on_rebuild(&self, hook: RebuildHook) {
        if let Ok(mut h) = self.on_rebuild.lock() {
            *h = Some(hook);
        }
    }

    /// What the user must know about the files since the store opened, in their words.
    pub fn notices(&self) -> Vec<String> {
        self.notices.lock().map(|n| n.clone()).unwrap_or_default()
    }

    /// The folder the files are in (`None` in memory).
    pub fn folder(&self) -> Option<PathBuf> {
        self.files.as_ref().and_then(|f| f.cache.parent().map(Path::to_path_buf))
    }

    /// Opened read-only (the data folder cannot be written): shown, not changed.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The refusal of a change to a read-only store, before anything is asked of the center.
    pub fn refuse_if_read_only(&self) -> Result<()> {
        if !self.read_only {
            return Ok(());
        }
        Err(CoreError::Storage(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY), None)))
    }

    pub fn write_blocking<R>(&self, f: impl FnOnce(&mut Connection) -> Result<R>) -> Result<R> {
        let result = {
            let mut guard = self.writer.lock().map_err(|_| CoreError::Internal("cache lock poisoned".into()))?;
            f(&mut guard)
        };
        self.after(result)
    }

    pub fn read_blocking<R>(&self, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
        let result = {
            let guard = self.reader.lock().map_err(|_| CoreError::Internal("cache lock poisoned".into()))?;
            f(&guard)
        };
        self.after(result)
    }

    /// Reads every page of the cache (`PRAGMA quick_check`, on a connection of its own, so the
    /// desk goes on meanwhile); a damaged cache is rebuilt as if a query had met the damage.
    pub fn check_blocking(&self) -> Result<()> {
        let Some(files) = self.files.as_ref().filter(|_| !self.read_only) else { return Ok(()) };
        if repair::is_sound(&files.cache, files.key.as_ref()) {
            return Ok(());
        }
        let found = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT), Some("quick_check".into()));
        self.after(Err(CoreError::Storage(found)))
    }

    /// A result that says a file is damaged repairs the store before it is returned.
    fn after<R>(&self, result: Result<R>) -> Result<R> {
        match result {
            Err(CoreError::Storage(e)) if repair::is_corruption(&e) => {
                let answer = self.rebuild(e);
                if matches!(answer, CoreError::CacheRebuilt(_)) {
                    if let Some(hook) = self.on_rebuild.lock().ok().as_ref().and_then(|h| h.as_ref()) {
                        hook();
                    }
                }
                Err(answer)
            }
            other => other,
        }
    }

    /// Closes both connections, sets the damaged file aside, and opens afresh. The answer is
    /// the error the failed call returns: what happened, in the user's words.
    fn rebuild(&self, cause: rusqlite::Error) -> CoreError {
        let Some(files) = self.files.as_ref().filter(|_| !self.read_only) else { return CoreError::Storage(cause) };
        tracing::error!(error = %cause, "SQLite reports a damaged file");
        let (Ok(mut writer), Ok(mut reader)) = (self.writer.lock(), self.reader.lock()) else {
            return CoreError::Internal("cache lock poisoned".into());
        };
        // Closed before the files move (Windows cannot rename an open file).
        let placeholder = || Connection::open_in_memory();
        match (placeholder(), placeholder()) {
            (Ok(a), Ok(b)) => {
                *writer = a;
                *reader = b;
            }
            (Err(e), _) | (_, Err(e)) => return CoreError::Storage(e),
        }
        match files.open(true) {
            Ok((w, r, found)) => {
                *writer = w;
                *reader = r;
                if found.is_empty() {
                    // Not damaged on disk after all (the error came from memory or a busy
                    // moment): the call fails, the store goes on.
                    return CoreError::Storage(cause);
                }
                let said: Vec<String> = found.iter().map(Repair::sentence).collect();
                if let Ok(mut notices) = self.notices.lock() {
                    notices.extend(said.iter().cloned());
                }
                let said = said.join(" ");
                CoreError::CacheRebuilt(said)
            }
            Err(e) => e,
        }
    }

    /// Copies what the write-ahead logs hold into the files, without waiting for readers or
    /// writers (`PASSIVE`); a failure is only logged (the next one catches up).
    pub fn checkpoint_blocking(&self) {
        if self.read_only {
            return;
        }
        if let Err(e) = self.write_blocking(|c| Ok(c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?)) {
            tracing::warn!(error = %e, "checkpoint");
        }
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
