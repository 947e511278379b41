//! The PostgreSQL backend (`--db postgres://…`): for a province's platform, with several center
//! processes on one database server.
//!
//! The same statements as SQLite ([`super::sql`]), so the change cursor, exactly-once push and
//! department scoping mean the same. What SQLite gets from its single writer this backend gets
//! from one session-level advisory lock: [`Pool::write`] holds it for the whole unit of work, so
//! writes of every process on the database happen one at a time (the change sequence is
//! committed in order, a device's mutations are applied once), while reads run side by side,
//! each transaction on one snapshot (`REPEATABLE READ`). A process that dies loses its session
//! and with it the lock.
//!
//! The schema is [`SCHEMA`] (the tables as SQLite's migrations leave them, in PostgreSQL's
//! types), recorded in `schema_version`; later changes append to [`MIGRATIONS`].

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};

use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use super::sql::{self, Conn, Param, Row, SqlError, Value};
use super::DbError;

/// The schema a new database gets (version 1).
pub const SCHEMA: &str = include_str!("postgres_schema.sql");

/// Changes after version 1, in order: version N + 1 is `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: &[&str] = &[];

/// The key of the advisory lock every writer holds ("chengban" in ASCII, truncated).
const WRITE_LOCK: i64 = 0x6368_656e_6762_616e;

/// How many connections one process opens at most.
pub const DEFAULT_POOL: usize = 16;

/// How many prepared statements a connection keeps: the center has fewer kinds than this.
const STATEMENT_CACHE: usize = 200;

/// One connection with its prepared statements.
pub struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl PgConn {
    fn connect(url: &str) -> Result<Self, SqlError> {
        // Not reaching the server (down, restarting, the database gone) is told apart from a
        // statement's failure: the API answers 503 for it.
        let client = Client::connect(url, NoTls).map_err(|e| SqlError::Connection(SqlError::Postgres(e).to_string()))?;
        Ok(Self { client, statements: HashMap::new() })
    }

    fn statement(&mut self, sql: &str) -> sql::Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client.prepare(&placeholders(sql))?;
        // A statement with text made for one call would otherwise be kept forever.
        if self.statements.len() < STATEMENT_CACHE {
            self.statements.insert(sql.to_owned(), prepared.clone());
        }
        Ok(prepared)
    }
}

/// `?1`, `?2`… (and bare `?`) as PostgreSQL's `$1`, `$2`…, leaving quoted text alone.
pub fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quoted = false;
    let mut next = 1;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    digits = next.to_string();
                    next += 1;
                }
                out.push('$');
                out.push_str(&digits);
            }
            c => out.push(c),
        }
    }
    out
}

/// A value bound to a parameter of the type PostgreSQL inferred for it.
#[derive(Debug)]
struct Bind(Value);

impl ToSql for Bind {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => Err(format!("an integer for a parameter of type {ty}").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => Err(format!("a number for a parameter of type {ty}").into()),
            },
            Value::Text(s) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => s.to_sql(ty, out),
                _ => Err(format!("text for a parameter of type {ty}").into()),
            },
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn read_row(r: &postgres::Row) -> sql::Result<Row> {
    let mut values = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let v = match *col.type_() {
            Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(Value::Int),
            Type::INT4 => r.try_get::<_, Option<i32>>(i)?.map(|v| Value::Int(v.into())),
            Type::INT2 => r.try_get::<_, Option<i16>>(i)?.map(|v| Value::Int(v.into())),
            Type::BOOL => r.try_get::<_, Option<bool>>(i)?.map(|v| Value::Int(v.into())),
            Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map(Value::Real),
            Type::FLOAT4 => r.try_get::<_, Option<f32>>(i)?.map(|v| Value::Real(v.into())),
            Type::BYTEA => r.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => r.try_get::<_, Option<String>>(i)?.map(Value::Text),
            ref other => return Err(sql::conversion(i, format!("column type {other} is not read by this program"))),
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

fn binds(params: &[&dyn Param]) -> Vec<Bind> {
    params.iter().map(|p| Bind(p.value())).collect()
}

fn refs(binds: &[Bind]) -> Vec<&(dyn ToSql + Sync)> {
    binds.iter().map(|b| b as &(dyn ToSql + Sync)).collect()
}

impl Conn for PgConn {
    fn execute(&mut self, sql: &str, params: &[&dyn Param]) -> sql::Result<usize> {
        let stmt = self.statement(sql)?;
        let binds = binds(params);
        Ok(self.client.execute(&stmt, &refs(&binds))? as usize)
    }

    fn query(&mut self, sql: &str, params: &[&dyn Param]) -> sql::Result<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let binds = binds(params);
        self.client.query(&stmt, &refs(&binds))?.iter().map(read_row).collect()
    }

    fn execute_batch(&mut self, sql: &str) -> sql::Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    fn begin(&mut self) -> sql::Result<()> {
        Ok(self.client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ")?)
    }

    fn as_dyn(&mut self) -> &mut dyn Conn {
        self
    }
}

/// Up to `max` connections to one database, handed out one unit of work at a time.
pub struct Pool {
    url: String,
    max: usize,
    idle: Mutex<(Vec<PgConn>, usize)>,
    freed: Condvar,
}

impl Pool {
    /// Connects once (checking the server is there), creates or upgrades the schema.
    pub fn open(url: &str, max: usize) -> Result<Self, DbError> {
        let pool = Self { url: url.to_owned(), max: max.max(1), idle: Mutex::new((Vec::new(), 0)), freed: Condvar::new() };
        pool.write(migrate)?;
        Ok(pool)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn take(&self) -> Result<PgConn, SqlError> {
        let poisoned = |_| SqlError::Connection("pool lock poisoned".into());
        let mut idle = self.idle.lock().map_err(poisoned)?;
        loop {
            if let Some(c) = idle.0.pop() {
                return Ok(c);
            }
            if idle.1 < self.max {
                idle.1 += 1;
                drop(idle);
                return PgConn::connect(&self.url).inspect_err(|_| {
                    if let Ok(mut idle) = self.idle.lock() {
                        idle.1 -= 1;
                    }
                    self.freed.notify_one();
                });
            }
            idle = self.freed.wait(idle).map_err(poisoned)?;
        }
    }

    fn give_back(&self, conn: PgConn) {
        if conn.client.is_closed() {
            return self.discard(conn);
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.0.push(conn);
        }
        self.freed.notify_one();
    }

    /// Runs `f` on a connection (reads: no lock).
    pub fn read<R, E: From<SqlError>>(&self, f: impl FnOnce(&mut dyn Conn) -> Result<R, E>) -> Result<R, E> {
        let mut conn = self.take()?;
        let result = f(&mut conn);
        // A unit of work that failed inside a transaction leaves none open (its `Tx` rolled back).
        self.give_back(conn);
        result
    }

    /// Runs `f` holding the write lock shared by every process on this database.
    pub fn write<R, E: From<SqlError>>(&self, f: impl FnOnce(&mut dyn Conn) -> Result<R, E>) -> Result<R, E> {
        let mut conn = self.take()?;
        if let Err(e) = conn.client.execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK]) {
            self.give_back(conn);
            return Err(SqlError::from(e).into());
        }
        let result = f(&mut conn);
        match conn.client.execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK]) {
            Ok(_) => self.give_back(conn),
            // The lock could not be released: close the session, which releases it.
            Err(_) => self.discard(conn),
        }
        result
    }

    fn discard(&self, conn: PgConn) {
        drop(conn);
        if let Ok(mut idle) = self.idle.lock() {
            idle.1 -= 1;
        }
        self.freed.notify_one();
    }
}

impl Drop for Pool {
    /// The client closes its connection by blocking on its own runtime, which must not happen
    /// on the async threads where the last handle may be dropped: close them on a thread.
    fn drop(&mut self) {
        let idle = match self.idle.get_mut() {
            Ok(idle) => std::mem::take(&mut idle.0),
            Err(poisoned) => std::mem::take(&mut poisoned.into_inner().0),
        };
        if !idle.is_empty() {
            let _ = std::thread::Builder::new().name("pg-close".into()).spawn(move || drop(idle));
        }
    }
}

/// Creates the schema on a new database, runs later migrations on an older one.
fn migrate(c: &mut dyn Conn) -> Result<(), DbError> {
    use sql::ConnExt;
    let created: bool = c.query_row("SELECT to_regclass('schema_version') IS NOT NULL", &[], |r| r.get(0))?;
    if !created {
        c.execute_batch("CREATE TABLE schema_version (version BIGINT NOT NULL)")?;
    }
    let found: Option<i64> = c.query_opt("SELECT version FROM schema_version", &[], |r| r.get(0))?;
    let known = 1 + MIGRATIONS.len() as i64;
    let found = match found {
        Some(v) if v > known => return Err(DbError::TooNew { found: v, known }),
        Some(v) => v,
        None => {
            let mut tx = c.transaction()?;
            tx.execute_batch(SCHEMA)?;
            tx.execute("INSERT INTO schema_version (version) VALUES (1)", &[])?;
            tx.commit()?;
            1
        }
    };
    for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize - 1) {
        let mut tx = c.transaction()?;
        tx.execute_batch(step)?;
        tx.execute("UPDATE schema_version SET version = ?1", sql::params![i as i64 + 2])?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_numbered_for_postgres_outside_quoted_text() {
        assert_eq!(placeholders("SELECT ?2, ?1 WHERE a = '?' AND b = ?"), "SELECT $2, $1 WHERE a = '?' AND b = $1");
        assert_eq!(placeholders("VALUES ('#' || ?16)"), "VALUES ('#' || $16)");
    }
}
