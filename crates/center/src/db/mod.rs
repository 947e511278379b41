//! The center's SQLite database: opening, migrations, and running blocking work off the async
//! runtime. Each table's SQL lives in the module that owns it.

pub mod attachments;
pub mod audit;
pub mod departments;
pub mod devices;
pub mod events;
pub mod library;
pub mod meta;
pub mod policy;
pub mod rate_facts;
pub mod slips;
pub mod users;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension};

use crate::error::ApiErr;

/// Applied in order inside one transaction each; `user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    departments::MIGRATION,
    users::MIGRATION,
    slips::MIGRATION,
    policy::MIGRATION,
    slips::MIGRATION_WORK,
    events::MIGRATION,
    devices::MIGRATION,
    attachments::MIGRATION,
    meta::MIGRATION,
    attachments::MIGRATION_ACCESS,
    devices::MIGRATION_DIGEST,
    users::MIGRATION_REVOCATION,
    audit::MIGRATION,
    audit::MIGRATION_REPORT_ID,
    slips::MIGRATION_ACKNOWLEDGE_UNTIL,
    users::MIGRATION_DISPATCHER,
    slips::MIGRATION_ASSIGNEE,
    rate_facts::MIGRATION,
    library::MIGRATION,
];

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("database schema version {found} is newer than this server knows ({known})")]
    TooNew { found: i64, known: i64 },
    #[error("migration {migration} left rows in {table} pointing nowhere")]
    ForeignKeys { migration: usize, table: String },
}

/// One writer and one reader connection. WAL lets reads go on while a write commits.
#[derive(Clone)]
pub struct Db {
    writer: Arc<Mutex<Connection>>,
    reader: Arc<Mutex<Connection>>,
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// How many migrations ran before the users table was rebuilt for the 内勤 role (tests start
/// an old database there).
pub const MIGRATION_COUNT_BEFORE_DISPATCHER: usize = 15;

pub fn migrate(conn: &mut Connection) -> Result<(), DbError> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Runs the migrations up to the first `upto` (an older server's schema, for upgrade tests).
pub fn migrate_to(conn: &mut Connection, upto: usize) -> Result<(), DbError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if found > known {
        return Err(DbError::TooNew { found, known });
    }
    // A migration that rebuilds a table must not fire the foreign keys' actions (dropping the
    // old `users` would delete every token); each is checked before it commits instead, and the
    // connection's setting is put back after.
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let run = |conn: &mut Connection| -> Result<(), DbError> {
        for (i, sql) in MIGRATIONS.iter().enumerate().take(upto).skip(found as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            let broken: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional()?;
            if let Some(table) = broken {
                return Err(DbError::ForeignKeys { migration: i + 1, table });
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    };
    let result = run(conn);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    result
}

impl Db {
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        migrate(&mut writer)?;
        // Slips stored before the rate facts were kept get theirs (once, after an upgrade).
        let filled = rate_facts::backfill(&mut writer)?;
        if filled > 0 {
            tracing::info!(slips = filled, "rate facts filled in for stored slips");
        }
        let reader = Connection::open(path)?;
        configure(&reader)?;
        Ok(Self { writer: Arc::new(Mutex::new(writer)), reader: Arc::new(Mutex::new(reader)) })
    }

    /// Runs `f` on the writer connection on the blocking pool; the lock never spans an await.
    pub async fn write<F, R>(&self, f: F) -> Result<R, ApiErr>
    where
        F: FnOnce(&mut Connection) -> Result<R, ApiErr> + Send + 'static,
        R: Send + 'static,
    {
        let conn = self.writer.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| ApiErr::Internal("database lock poisoned".into()))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| ApiErr::Internal(format!("blocking task failed: {e}")))?
    }

    pub async fn read<F, R>(&self, f: F) -> Result<R, ApiErr>
    where
        F: FnOnce(&Connection) -> Result<R, ApiErr> + Send + 'static,
        R: Send + 'static,
    {
        let conn = self.reader.clone();
        tokio::task::spawn_blocking(move || {
            let guard = conn.lock().map_err(|_| ApiErr::Internal("database lock poisoned".into()))?;
            f(&guard)
        })
        .await
        .map_err(|e| ApiErr::Internal(format!("blocking task failed: {e}")))?
    }

    /// Synchronous access for setup code (seeding) before the server runs.
    pub fn with_writer<R>(&self, f: impl FnOnce(&mut Connection) -> R) -> Result<R, ApiErr> {
        let mut guard = self.writer.lock().map_err(|_| ApiErr::Internal("database lock poisoned".into()))?;
        Ok(f(&mut guard))
    }
}

/// Timestamps are stored as fixed-width RFC 3339 UTC with milliseconds, so text order is time order.
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
        assert_eq!(super::MIGRATIONS[super::MIGRATION_COUNT_BEFORE_DISPATCHER], super::users::MIGRATION_DISPATCHER);
    }
}
