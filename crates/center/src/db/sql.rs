//! The one SQL interface the center's tables are written against, so each statement is written
//! once and means the same on SQLite and PostgreSQL ([`super::sqlite`], [`super::postgres`]).
//!
//! Statements use numbered placeholders (`?1`, `?2`…; the PostgreSQL backend turns them into
//! `$1`…), integers for flags, fixed-width RFC 3339 text for times, and `RETURNING` for new ids.
//! Values travel as [`Value`]: whole numbers, text, bytes or NULL.

#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {}", postgres_detail(.0))]
    Postgres(#[from] postgres::Error),
    #[error("query returned no rows")]
    NoRows,
    #[error("column {col}: {what}")]
    Conversion { col: usize, what: String },
    #[error("database connection: {0}")]
    Connection(String),
}

pub type Result<T> = std::result::Result<T, SqlError>;

impl SqlError {
    /// The database could not be reached (not a refused or failed statement): the server is
    /// down, restarting or cut off.
    pub fn is_unreachable(&self) -> bool {
        match self {
            SqlError::Connection(_) => true,
            SqlError::Postgres(e) => e.is_closed() || (e.as_db_error().is_none() && std::error::Error::source(e).is_some()),
            _ => false,
        }
    }
}

/// The server's own words (SQLSTATE and message), which the client's `Display` leaves out.
fn postgres_detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} {}", db.code().code(), db.message()),
        None => match std::error::Error::source(e) {
            Some(source) => format!("{e}: {source}"),
            None => e.to_string(),
        },
    }
}

/// A value bound to a placeholder or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Something that can be bound to a placeholder.
pub trait Param {
    fn value(&self) -> Value;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
    )*};
}
int_param!(i64, i32, u32, u16, u8);

impl Param for bool {
    fn value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl Param for f64 {
    fn value(&self) -> Value {
        Value::Real(*self)
    }
}

impl Param for str {
    fn value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl Param for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl Param for [u8] {
    fn value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl Param for Vec<u8> {
    fn value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value {
        self.as_ref().map_or(Value::Null, Param::value)
    }
}

/// `params![a, b]`: the placeholders' values, in order.
#[macro_export]
macro_rules! params {
    ($($p:expr),* $(,)?) => {
        &[$(&$p as &dyn $crate::db::sql::Param),*] as &[&dyn $crate::db::sql::Param]
    };
}
pub use params;

/// What a column can be read as.
pub trait FromValue: Sized {
    const WHAT: &'static str;
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    const WHAT: &'static str = "an integer";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl FromValue for i32 {
    const WHAT: &'static str = "a 32-bit integer";
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|i| i.try_into().ok())
    }
}

impl FromValue for u32 {
    const WHAT: &'static str = "a non-negative 32-bit integer";
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|i| i.try_into().ok())
    }
}

impl FromValue for bool {
    const WHAT: &'static str = "a flag (0 or 1)";
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).map(|i| i != 0)
    }
}

impl FromValue for f64 {
    const WHAT: &'static str = "a number";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Real(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}

impl FromValue for String {
    const WHAT: &'static str = "text";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    const WHAT: &'static str = "bytes";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const WHAT: &'static str = T::WHAT;
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One result row.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    pub fn get<T: FromValue>(&self, col: usize) -> Result<T> {
        let v = self.0.get(col).ok_or_else(|| conversion(col, "no such column"))?;
        T::from_value(v).ok_or_else(|| conversion(col, format!("expected {}, found {v:?}", T::WHAT)))
    }

    /// The column's bytes without copying them.
    pub fn blob(&self, col: usize) -> Result<&[u8]> {
        match self.0.get(col) {
            Some(Value::Blob(b)) => Ok(b),
            _ => Err(conversion(col, "expected bytes")),
        }
    }
}

/// A column whose value this program does not understand.
pub fn conversion(col: usize, what: impl Into<String>) -> SqlError {
    SqlError::Conversion { col, what: what.into() }
}

/// A connection to either backend.
pub trait Conn {
    /// Runs one statement; how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[&dyn Param]) -> Result<usize>;
    /// Runs one statement; the rows it returned.
    fn query(&mut self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>>;
    /// Runs several statements without parameters (BEGIN, COMMIT, DDL).
    fn execute_batch(&mut self, sql: &str) -> Result<()>;
    /// Starts a transaction that reads one snapshot of the database.
    fn begin(&mut self) -> Result<()>;
    fn as_dyn(&mut self) -> &mut dyn Conn;
}

/// The helpers every connection has.
pub trait ConnExt: Conn {
    /// The first row's `f`, or [`SqlError::NoRows`].
    fn query_row<T>(&mut self, sql: &str, params: &[&dyn Param], f: impl FnOnce(&Row) -> Result<T>) -> Result<T> {
        self.query_opt(sql, params, f)?.ok_or(SqlError::NoRows)
    }

    fn query_opt<T>(&mut self, sql: &str, params: &[&dyn Param], f: impl FnOnce(&Row) -> Result<T>) -> Result<Option<T>> {
        self.query(sql, params)?.first().map(f).transpose()
    }

    fn query_map<T>(&mut self, sql: &str, params: &[&dyn Param], f: impl FnMut(&Row) -> Result<T>) -> Result<Vec<T>> {
        self.query(sql, params)?.iter().map(f).collect()
    }

    /// Starts a transaction, rolled back unless [`Tx::commit`] is called.
    fn transaction(&mut self) -> Result<Tx<'_>> {
        let conn = self.as_dyn();
        conn.begin()?;
        Ok(Tx { conn, done: false })
    }
}

impl<C: Conn + ?Sized> ConnExt for C {}

/// An open transaction; dropping it rolls back.
pub struct Tx<'a> {
    conn: &'a mut dyn Conn,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl Conn for Tx<'_> {
    fn execute(&mut self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        self.conn.execute(sql, params)
    }
    fn query(&mut self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>> {
        self.conn.query(sql, params)
    }
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql)
    }
    fn begin(&mut self) -> Result<()> {
        Err(SqlError::Connection("a transaction is already open".into()))
    }
    fn as_dyn(&mut self) -> &mut dyn Conn {
        self
    }
}
