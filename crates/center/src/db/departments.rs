//! Table `departments`: the 承办单位 slips are dispatched to.

use chengban_protocol::Department;
use rusqlite::{params, Connection, OptionalExtension};

pub const MIGRATION: &str = "
CREATE TABLE departments (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);";

pub fn insert(conn: &Connection, code: &str, name: &str) -> rusqlite::Result<i64> {
    conn.execute("INSERT INTO departments (code, name) VALUES (?1, ?2)", params![code, name])?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Department>> {
    conn.query_row("SELECT id, code, name FROM departments WHERE id = ?1", [id], |r| {
        Ok(Department { id: r.get(0)?, code: r.get(1)?, name: r.get(2)? })
    })
    .optional()
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Department>> {
    let mut stmt = conn.prepare_cached("SELECT id, code, name FROM departments ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok(Department { id: r.get(0)?, code: r.get(1)?, name: r.get(2)? }))?;
    rows.collect()
}
