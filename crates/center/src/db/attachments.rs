//! Tables `attachments` and `attachment_access`: files (photos, PDFs) stored under their
//! SHA-256, so an upload is idempotent and a retried one stores nothing twice, and which
//! departments may read each.
//!
//! A department may read a file it uploaded (uploading the same bytes proves it holds them).
//! Actions may name only files their department may read, so every slip that references a file
//! belongs to a department that may read it. The center's operators read every file.

use super::sql::{self, params, Conn, ConnExt};

pub const MIGRATION: &str = "
CREATE TABLE attachments (
    sha256        TEXT PRIMARY KEY,
    size          INTEGER NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    data          BLOB NOT NULL
);";

/// Access per department, and the type the uploader declared (served back as is).
pub const MIGRATION_ACCESS: &str = "
ALTER TABLE attachments ADD COLUMN content_type TEXT NOT NULL DEFAULT 'application/octet-stream';
CREATE TABLE attachment_access (
    sha256        TEXT NOT NULL REFERENCES attachments(sha256),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (sha256, department_id)
) WITHOUT ROWID;
INSERT INTO attachment_access (sha256, department_id)
    SELECT sha256, department_id FROM attachments WHERE department_id IS NOT NULL;";

/// Who asks: a department, or the center (operators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Department(i64),
    Center,
}

/// Stores the file unless it is already there and lets the uploader's department read it;
/// true when it is new to that department (or to the center, for an operator's upload).
pub fn put(conn: &mut dyn Conn, sha256: &str, reader: Reader, content_type: &str, data: &[u8]) -> sql::Result<bool> {
    let department_id = match reader {
        Reader::Department(d) => Some(d),
        Reader::Center => None,
    };
    let stored = conn.execute(
        "INSERT INTO attachments (sha256, size, department_id, content_type, data) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sha256) DO NOTHING",
        params![sha256, data.len() as i64, department_id, content_type, data],
    )?;
    Ok(match department_id {
        Some(d) => {
            conn.execute(
                "INSERT INTO attachment_access (sha256, department_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![sha256, d],
            )? == 1
        }
        None => stored == 1,
    })
}

/// Whether the file is stored and `reader` may read it. A file another department holds
/// answers exactly like one that is not stored.
pub fn readable(conn: &mut dyn Conn, sha256: &str, reader: Reader) -> sql::Result<bool> {
    let found = match reader {
        Reader::Center => conn.query_opt("SELECT 1 FROM attachments WHERE sha256 = ?1", params![sha256], |_| Ok(()))?,
        Reader::Department(d) => {
            conn.query_opt("SELECT 1 FROM attachment_access WHERE sha256 = ?1 AND department_id = ?2", params![sha256, d], |_| Ok(()))?
        }
    };
    Ok(found.is_some())
}

/// The file's declared content type and bytes, if `reader` may read it.
pub fn get(conn: &mut dyn Conn, sha256: &str, reader: Reader) -> sql::Result<Option<(String, Vec<u8>)>> {
    if !readable(conn, sha256, reader)? {
        return Ok(None);
    }
    conn.query_opt("SELECT content_type, data FROM attachments WHERE sha256 = ?1", params![sha256], |r| Ok((r.get(0)?, r.get(1)?)))
}
