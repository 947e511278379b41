//! Table `settings` (in the work file, see [`super::work`]): the desk's settings, each a JSON
//! value under a key. The store keeps them without knowing their types.

use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const MIGRATION: &str = "
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);";

/// The value under `key`; the default when it was never set or no longer reads as `T`.
pub fn get<T: DeserializeOwned + Default>(conn: &Connection, key: &str) -> rusqlite::Result<T> {
    // Cached: the similar-case secret is read for each slip a pull writes.
    let value: Option<String> =
        conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

pub fn put<T: Serialize>(conn: &Connection, key: &str, value: &T) -> rusqlite::Result<()> {
    let json = serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, json],
    )?;
    Ok(())
}
