//! The handler's work file (`cache-work.sqlite` beside the cache): who is logged in, the device and
//! its outbox with the files the actions need, the reveals not yet audited, the settings and the
//! handler's own reply templates —
//! everything the center cannot give back. It is a database of its own, attached to every cache
//! connection as `work`, so a damaged cache can be set aside and pulled again without taking a
//! handler's undelivered work with it. Its tables keep their names (queries name them without
//! the schema; SQLite finds them in `work`), and it counts its own migrations in its
//! `user_version`.

use rusqlite::Connection;

use super::{account, library, outbox, reveals, settings};

/// The work file's migrations, in order.
pub const MIGRATIONS: &[&str] =
    &[account::MIGRATION, outbox::MIGRATION, reveals::MIGRATION, settings::MIGRATION, library::MIGRATION_PERSONAL];

/// The work file's schema this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The cache schema that moved the work out of the cache file.
pub const MOVED_AT: i64 = 13;

/// The tables that live in the work file, in an order that copies cleanly.
pub const TABLES: &[&str] = &["account", "device", "outbox", "attachment_blobs", "reveals", "settings"];

/// The tables copied out of a damaged work file: the moved ones and those added since.
pub const SALVAGED: &[&str] = &["account", "device", "outbox", "attachment_blobs", "reveals", "settings", "personal_templates"];

/// Before [`MOVED_AT`], the work lived in the cache file: copies it into the work file. It writes
/// only the work file, so it is whole or not at all; run again (after a crash before the cache's
/// own step dropped the old tables) it adds nothing twice, every table having a key.
pub fn copy_from_cache(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for table in TABLES {
        tx.execute_batch(&format!("INSERT OR IGNORE INTO work.{table} SELECT * FROM main.{table};"))?;
    }
    tx.commit()
}

/// The cache's step [`MOVED_AT`]: the old copies go, once the work file holds them.
pub const DROP_FROM_CACHE: &str = "
DROP TABLE main.account;
DROP TABLE main.device;
DROP TABLE main.outbox;
DROP TABLE main.attachment_blobs;
DROP TABLE main.reveals;
DROP TABLE main.settings;";
