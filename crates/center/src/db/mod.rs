//! The center's database: where it is ([`Location`]), opening it on its backend (SQLite,
//! [`sqlite`]; PostgreSQL, [`postgres`]), and running blocking work off the async runtime.
//! Each table's SQL lives in the module that owns it, written once against [`sql::Conn`].

pub mod attachments;
pub mod audit;
pub mod departments;
pub mod devices;
pub mod events;
pub mod library;
pub mod meta;
pub mod policy;
pub mod postgres;
pub mod postgres_changes;
pub mod rate_facts;
pub mod slips;
pub mod sql;
pub mod sqlite;
pub mod users;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

pub use sql::{Conn, ConnExt};
pub use sqlite::{migrate, migrate_to, MIGRATION_COUNT_BEFORE_DISPATCHER};

use crate::error::ApiErr;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sql(#[from] sql::SqlError),
    #[error("database schema version {found} is newer than this server knows ({known})")]
    TooNew { found: i64, known: i64 },
    #[error("migration {migration} left rows in {table} pointing nowhere")]
    ForeignKeys { migration: usize, table: String },
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sql(e.into())
    }
}

/// Where the database is: a SQLite file, or a PostgreSQL server (`postgres://…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// `--db`'s value: a `postgres://` or `postgresql://` URL, else a file path.
    pub fn parse(arg: &Path) -> Self {
        match arg.to_str() {
            Some(s) if s.starts_with("postgres://") || s.starts_with("postgresql://") => Location::Postgres(s.to_owned()),
            _ => Location::Sqlite(arg.to_owned()),
        }
    }

    /// For messages: the file, or the server and database without the password.
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme), Some(at)) if at > scheme => format!("{}://…@{}", &url[..scheme], &url[at + 1..]),
                _ => url.clone(),
            },
        }
    }
}

enum Store {
    /// One writer and one reader connection. WAL lets reads go on while a write commits.
    Sqlite {
        writer: Mutex<Connection>,
        reader: Mutex<Connection>,
    },
    Postgres(postgres::Pool),
}

#[derive(Clone)]
pub struct Db {
    store: Arc<Store>,
}

fn poisoned<T>(_: T) -> ApiErr {
    ApiErr::Internal("database lock poisoned".into())
}

impl Db {
    /// Opens a SQLite file (creating or upgrading it).
    pub fn open(path: &Path) -> Result<Self, DbError> {
        Self::connect(&Location::Sqlite(path.to_owned()))
    }

    /// Opens the database, creating or upgrading its schema.
    pub fn connect(at: &Location) -> Result<Self, DbError> {
        let store = match at {
            Location::Sqlite(path) => {
                let (writer, reader) = sqlite::open(path)?;
                Store::Sqlite { writer: Mutex::new(writer), reader: Mutex::new(reader) }
            }
            // The client blocks on its own runtime: connect on a thread of its own.
            Location::Postgres(url) => std::thread::scope(|s| {
                s.spawn(|| postgres::Pool::open(url, postgres::DEFAULT_POOL))
                    .join()
                    .unwrap_or_else(|_| Err(DbError::Sql(sql::SqlError::Connection("connecting panicked".into()))))
            })
            .map(Store::Postgres)?,
        };
        let db = Self { store: Arc::new(store) };
        // Slips stored before the rate facts were kept get theirs (once, after an upgrade).
        let filled = db.with_writer(|c| rate_facts::backfill(c)).map_err(|e| sql::SqlError::Connection(e.to_string()))??;
        if filled > 0 {
            tracing::info!(slips = filled, "rate facts filled in for stored slips");
        }
        Ok(db)
    }

    pub fn is_postgres(&self) -> bool {
        matches!(*self.store, Store::Postgres(_))
    }

    /// The PostgreSQL server's URL (none for SQLite).
    pub fn postgres_url(&self) -> Option<&str> {
        match &*self.store {
            Store::Postgres(pool) => Some(pool.url()),
            Store::Sqlite { .. } => None,
        }
    }

    /// Runs `f` as the one writer (of this process on SQLite, of every process on PostgreSQL)
    /// on the blocking pool; no lock spans an await.
    pub async fn write<F, R>(&self, f: F) -> Result<R, ApiErr>
    where
        F: FnOnce(&mut dyn Conn) -> Result<R, ApiErr> + Send + 'static,
        R: Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || write_now(&store, f))
            .await
            .map_err(|e| ApiErr::Internal(format!("blocking task failed: {e}")))?
    }

    pub async fn read<F, R>(&self, f: F) -> Result<R, ApiErr>
    where
        F: FnOnce(&mut dyn Conn) -> Result<R, ApiErr> + Send + 'static,
        R: Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || match &*store {
            Store::Sqlite { reader, .. } => f(&mut *reader.lock().map_err(poisoned)?),
            Store::Postgres(pool) => pool.read(f),
        })
        .await
        .map_err(|e| ApiErr::Internal(format!("blocking task failed: {e}")))?
    }

    /// Synchronous access as the writer, for setup code (seeding, tests) before or beside the
    /// server; callable from async code too.
    pub fn with_writer<R: Send>(&self, f: impl FnOnce(&mut dyn Conn) -> R + Send) -> Result<R, ApiErr> {
        let run = || write_now(&self.store, |c| Ok(f(c)));
        match &*self.store {
            Store::Sqlite { .. } => run(),
            // The client blocks on its own runtime, which must not nest in the caller's.
            Store::Postgres(_) => std::thread::scope(|s| s.spawn(run).join().map_err(|_| poisoned(()))?),
        }
    }
}

fn write_now<R>(store: &Store, f: impl FnOnce(&mut dyn Conn) -> Result<R, ApiErr>) -> Result<R, ApiErr> {
    match store {
        Store::Sqlite { writer, .. } => f(&mut *writer.lock().map_err(poisoned)?),
        Store::Postgres(pool) => pool.write(f),
    }
}

/// Timestamps are stored as fixed-width RFC 3339 UTC with milliseconds, so text order is time order.
pub fn ts(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_ts(s: &str) -> sql::Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&chrono::Utc)).map_err(|e| sql::conversion(0, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_database_newer_than_the_binary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 999).unwrap();
        }
        assert!(matches!(Db::open(&path), Err(DbError::TooNew { found: 999, .. })));
    }

    #[test]
    fn migrations_are_idempotent_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        drop(Db::open(&path).unwrap());
        Db::open(&path).unwrap();
    }

    #[test]
    fn the_count_before_the_dispatcher_rebuild_points_at_it() {
        assert_eq!(sqlite::MIGRATIONS[MIGRATION_COUNT_BEFORE_DISPATCHER], users::MIGRATION_DISPATCHER);
    }

    #[test]
    fn a_postgres_url_is_told_from_a_file_and_shown_without_its_password() {
        let pg = Location::parse(Path::new("postgres://center:secret@db.example:5432/chengban"));
        assert_eq!(pg.display(), "postgres://…@db.example:5432/chengban");
        assert_eq!(Location::parse(Path::new("center.sqlite")), Location::Sqlite("center.sqlite".into()));
    }
}
