//! Table `meta`: facts about this database itself. `instance` is a random id made when the
//! database is created; cursors carry it, so a desk holding a cursor of another (replaced or
//! restored) database is told to start over instead of silently missing slips.

use super::sql::{self, Conn, ConnExt};

pub const MIGRATION: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('instance', lower(hex(randomblob(8))));";

pub fn instance(conn: &mut dyn Conn) -> sql::Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = 'instance'", &[], |r| r.get(0))
}

/// Gives the database a new instance id (after a backup is restored): every desk's cursor is then
/// of another database, and each starts over instead of trusting positions the restored data
/// never reached.
pub fn renew_instance(conn: &mut dyn Conn) -> sql::Result<String> {
    use rand::RngCore;
    let mut bytes = [0u8; 8];
    rand::thread_rng().fill_bytes(&mut bytes);
    let id = hex::encode(bytes);
    conn.execute("UPDATE meta SET value = ?1 WHERE key = 'instance'", super::sql::params![id])?;
    Ok(id)
}
