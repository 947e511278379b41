//! Table `attachments`: files (photos, PDFs) stored under their SHA-256, so an upload is
//! idempotent and a retried one stores nothing twice.

use rusqlite::{params, Connection, OptionalExtension};

pub const MIGRATION: &str = "
CREATE TABLE attachments (
    sha256        TEXT PRIMARY KEY,
    size          INTEGER NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    data          BLOB NOT NULL
);";

/// Stores the file unless it is already there; true when it was new.
pub fn put(conn: &Connection, sha256: &str, department_id: Option<i64>, data: &[u8]) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "INSERT INTO attachments (sha256, size, department_id, data) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sha256) DO NOTHING",
        params![sha256, data.len() as i64, department_id, data],
    )?;
    Ok(n == 1)
}

pub fn exists(conn: &Connection, sha256: &str) -> rusqlite::Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM attachments WHERE sha256 = ?1", [sha256], |_| Ok(())).optional()?.is_some())
}

pub fn get(conn: &Connection, sha256: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row("SELECT data FROM attachments WHERE sha256 = ?1", [sha256], |r| r.get(0)).optional()
}
