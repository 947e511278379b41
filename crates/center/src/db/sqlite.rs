//! The SQLite backend: the embedded default (`--db center.sqlite`). One writer and one reader
//! connection in WAL mode (reads go on while a write commits); the tables' migrations, in
//! order, counted in `user_version`.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension};

use super::sql::{self, Conn, Param, Row, Value};
use super::{attachments, audit, departments, devices, events, library, meta, policy, rate_facts, slips, users, DbError};

/// Applied in order inside one transaction each; `user_version` records how many ran.
pub const MIGRATIONS: &[&str] = &[
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

/// How many migrations ran before the users table was rebuilt for the 内勤 role (tests start
/// an old database there).
pub const MIGRATION_COUNT_BEFORE_DISPATCHER: usize = 15;

pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

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

/// Opens (and creates or upgrades) the database file: the writer first, then the reader.
pub fn open(path: &std::path::Path) -> Result<(Connection, Connection), DbError> {
    let mut writer = Connection::open(path)?;
    configure(&writer)?;
    migrate(&mut writer)?;
    let reader = Connection::open(path)?;
    configure(&reader)?;
    Ok((writer, reader))
}

/// Copies the database as it is at one moment into a new file `to`, while the server runs
/// (SQLite's online backup, all pages in one step: in WAL mode the server's writes go on
/// meanwhile, into the log).
pub fn backup(from: &std::path::Path, to: &std::path::Path) -> Result<(), DbError> {
    if to.exists() {
        return Err(sql::SqlError::Connection(format!("{} already exists", to.display())).into());
    }
    let src = Connection::open(from)?;
    let mut dst = Connection::open(to)?;
    let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
    // All pages in one step: a copy in several steps starts over whenever the server writes.
    loop {
        match backup.step(-1)? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            _ => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

struct Bind<'a>(&'a dyn Param);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(match self.0.value() {
            Value::Null => rusqlite::types::Value::Null,
            Value::Int(i) => rusqlite::types::Value::Integer(i),
            Value::Real(f) => rusqlite::types::Value::Real(f),
            Value::Text(s) => rusqlite::types::Value::Text(s),
            Value::Blob(b) => rusqlite::types::Value::Blob(b),
        }))
    }
}

fn binds<'a>(params: &'a [&'a dyn Param]) -> Vec<Bind<'a>> {
    params.iter().map(|p| Bind(*p)).collect()
}

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

impl Conn for Connection {
    fn execute(&mut self, sql: &str, params: &[&dyn Param]) -> sql::Result<usize> {
        let mut stmt = self.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(binds(params)))?)
    }

    fn query(&mut self, sql: &str, params: &[&dyn Param]) -> sql::Result<Vec<Row>> {
        let mut stmt = self.prepare_cached(sql)?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(binds(params)))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(Row((0..width).map(|i| r.get_ref(i).map(value)).collect::<rusqlite::Result<_>>()?));
        }
        Ok(out)
    }

    fn execute_batch(&mut self, sql: &str) -> sql::Result<()> {
        Ok(Connection::execute_batch(self, sql)?)
    }

    fn begin(&mut self) -> sql::Result<()> {
        Ok(Connection::execute_batch(self, "BEGIN")?)
    }

    fn as_dyn(&mut self) -> &mut dyn Conn {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::sql::{params, Conn, ConnExt};
    use rusqlite::Connection;

    fn table() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        Conn::execute_batch(&mut c, "CREATE TABLE t (i INTEGER, s TEXT, b BLOB, f INTEGER)").unwrap();
        c
    }

    #[test]
    fn values_come_back_as_they_were_bound() {
        let mut conn = table();
        let c: &mut dyn Conn = &mut conn;
        let none: Option<String> = None;
        c.execute("INSERT INTO t (i, s, b, f) VALUES (?1, ?2, ?3, ?4)", params![i64::MAX, "承办", vec![0u8, 255], true]).unwrap();
        c.execute("INSERT INTO t (i, s, b, f) VALUES (?1, ?2, ?3, ?4)", params![-1i64, none, Vec::<u8>::new(), false]).unwrap();
        let rows = c
            .query_map("SELECT i, s, b, f FROM t ORDER BY i DESC", &[], |r| {
                Ok((r.get::<i64>(0)?, r.get::<Option<String>>(1)?, r.get::<Vec<u8>>(2)?, r.get::<bool>(3)?))
            })
            .unwrap();
        assert_eq!(rows, vec![(i64::MAX, Some("承办".to_string()), vec![0, 255], true), (-1, None, vec![], false)]);
        assert!(c.query_row("SELECT s FROM t WHERE i = -1", &[], |r| r.get::<String>(0)).is_err(), "NULL is not text");
    }

    #[test]
    fn a_transaction_dropped_without_commit_leaves_nothing() {
        let mut conn = table();
        let c: &mut dyn Conn = &mut conn;
        {
            let mut tx = c.transaction().unwrap();
            tx.execute("INSERT INTO t (i) VALUES (1)", &[]).unwrap();
        }
        let mut tx = c.transaction().unwrap();
        tx.execute("INSERT INTO t (i) VALUES (2)", &[]).unwrap();
        tx.commit().unwrap();
        assert_eq!(c.query_map("SELECT i FROM t", &[], |r| r.get::<i64>(0)).unwrap(), vec![2]);
    }
}
