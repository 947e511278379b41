//! Table `departments`: the 承办单位 slips are dispatched to.

use super::sql::{self, params, Conn, ConnExt, Row};
use chengban_protocol::Department;

pub const MIGRATION: &str = "
CREATE TABLE departments (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);";

pub fn insert(conn: &mut dyn Conn, code: &str, name: &str) -> sql::Result<i64> {
    conn.query_row("INSERT INTO departments (code, name) VALUES (?1, ?2) RETURNING id", params![code, name], |r| r.get(0))
}

fn row(r: &Row) -> sql::Result<Department> {
    Ok(Department { id: r.get(0)?, code: r.get(1)?, name: r.get(2)? })
}

pub fn get(conn: &mut dyn Conn, id: i64) -> sql::Result<Option<Department>> {
    conn.query_opt("SELECT id, code, name FROM departments WHERE id = ?1", params![id], row)
}

pub fn list(conn: &mut dyn Conn) -> sql::Result<Vec<Department>> {
    conn.query_map("SELECT id, code, name FROM departments ORDER BY id", &[], row)
}
