//! Tables `users` and `tokens`: accounts with argon2 password hashes, and bearer tokens stored
//! only as their SHA-256 so a leaked database holds no usable token.

use chengban_protocol::Role;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

pub const MIGRATION: &str = "
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('handler', 'leader', 'operator')),
    department_id INTEGER REFERENCES departments(id),
    CHECK ((role = 'operator') = (department_id IS NULL))
);
CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);";

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub department_id: Option<i64>,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    let role: String = r.get(4)?;
    Ok(UserRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        password_hash: r.get(3)?,
        role: Role::parse(&role).unwrap_or(Role::Handler),
        department_id: r.get(5)?,
    })
}

const COLUMNS: &str = "id, username, display_name, password_hash, role, department_id";

pub fn insert(
    conn: &Connection,
    username: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
    department_id: Option<i64>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO users (username, display_name, password_hash, role, department_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![username, display_name, password_hash, role.as_str(), department_id],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn by_username(conn: &Connection, username: &str) -> rusqlite::Result<Option<UserRow>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM users WHERE username = ?1"), [username], row).optional()
}

pub fn insert_token(conn: &Connection, token_hash: &str, user_id: i64, now: DateTime<Utc>, expires: DateTime<Utc>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id, super::ts(now), super::ts(expires)],
    )?;
    Ok(())
}

/// The user owning an unexpired token.
pub fn by_token(conn: &Connection, token_hash: &str, now: DateTime<Utc>) -> rusqlite::Result<Option<UserRow>> {
    conn.query_row(
        &format!(
            "SELECT {} FROM users u JOIN tokens t ON t.user_id = u.id WHERE t.token_hash = ?1 AND t.expires_at > ?2",
            COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
        ),
        params![token_hash, super::ts(now)],
        row,
    )
    .optional()
}
