//! Tables `users` and `tokens`: accounts with argon2 password hashes, and bearer tokens stored
//! only as their SHA-256 so a leaked database holds no usable token.

use super::sql::{self, params, Conn, ConnExt, Row};
use chengban_protocol::Role;
use chrono::{DateTime, Utc};

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

/// Accounts can be disabled; tokens end after a time unused (idle) as well as at `expires_at`
/// (absolute), and a user's tokens are found by user for revocation.
pub const MIGRATION_REVOCATION: &str = "
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
UPDATE tokens SET last_used_at = created_at;
CREATE INDEX tokens_user ON tokens (user_id);";

/// The 内勤 role (`dispatcher`): SQLite cannot widen a CHECK in place, so the table is rebuilt
/// with its rows and ids (the migration runner turns foreign keys off around it, as SQLite's
/// documented procedure asks, and checks them before committing).
pub const MIGRATION_DISPATCHER: &str = "
CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('handler', 'leader', 'dispatcher', 'operator')),
    department_id INTEGER REFERENCES departments(id),
    disabled      INTEGER NOT NULL DEFAULT 0,
    CHECK ((role = 'operator') = (department_id IS NULL))
);
INSERT INTO users_new (id, username, display_name, password_hash, role, department_id, disabled)
    SELECT id, username, display_name, password_hash, role, department_id, disabled FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_department ON users (department_id);";

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub disabled: bool,
}

fn row(r: &Row) -> sql::Result<UserRow> {
    let role: String = r.get(4)?;
    Ok(UserRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        password_hash: r.get(3)?,
        role: Role::parse(&role).unwrap_or(Role::Handler),
        department_id: r.get(5)?,
        disabled: r.get(6)?,
    })
}

const COLUMNS: &str = "id, username, display_name, password_hash, role, department_id, disabled";

pub fn insert(
    conn: &mut dyn Conn,
    username: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
    department_id: Option<i64>,
) -> sql::Result<i64> {
    conn.query_row(
        "INSERT INTO users (username, display_name, password_hash, role, department_id) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![username, display_name, password_hash, role.as_str(), department_id],
        |r| r.get(0),
    )
}

/// The enabled accounts of a department, by display name.
pub fn of_department(conn: &mut dyn Conn, department_id: i64) -> sql::Result<Vec<UserRow>> {
    conn.query_map(
        &format!("SELECT {COLUMNS} FROM users WHERE department_id = ?1 AND disabled = 0 ORDER BY display_name, id"),
        params![department_id],
        row,
    )
}

pub fn set_role(conn: &mut dyn Conn, id: i64, role: Role) -> sql::Result<()> {
    conn.execute("UPDATE users SET role = ?1 WHERE id = ?2", params![role.as_str(), id])?;
    Ok(())
}

pub fn by_username(conn: &mut dyn Conn, username: &str) -> sql::Result<Option<UserRow>> {
    conn.query_opt(&format!("SELECT {COLUMNS} FROM users WHERE username = ?1"), params![username], row)
}

pub fn insert_token(conn: &mut dyn Conn, token_hash: &str, user_id: i64, now: DateTime<Utc>, expires: DateTime<Utc>) -> sql::Result<()> {
    conn.execute(
        "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id, super::ts(now), super::ts(expires)],
    )?;
    Ok(())
}

/// The user owning a token that is neither past `expires_at` nor unused since `idle_cutoff`,
/// of an account that is not disabled; with when the token was last used.
pub fn by_token(
    conn: &mut dyn Conn,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_cutoff: DateTime<Utc>,
) -> sql::Result<Option<(UserRow, DateTime<Utc>)>> {
    let columns = COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ");
    conn.query_opt(
        &format!(
            "SELECT {columns}, COALESCE(t.last_used_at, t.created_at) FROM users u JOIN tokens t ON t.user_id = u.id
             WHERE t.token_hash = ?1 AND t.expires_at > ?2 AND COALESCE(t.last_used_at, t.created_at) > ?3 AND u.disabled = 0"
        ),
        params![token_hash, super::ts(now), super::ts(idle_cutoff)],
        |r| Ok((row(r)?, super::parse_ts(&r.get::<String>(7)?)?)),
    )
}

pub fn touch_token(conn: &mut dyn Conn, token_hash: &str, now: DateTime<Utc>) -> sql::Result<()> {
    conn.execute("UPDATE tokens SET last_used_at = ?2 WHERE token_hash = ?1", params![token_hash, super::ts(now)])?;
    Ok(())
}

/// Ends one token (logout); true when it existed.
pub fn delete_token(conn: &mut dyn Conn, token_hash: &str) -> sql::Result<bool> {
    Ok(conn.execute("DELETE FROM tokens WHERE token_hash = ?1", params![token_hash])? == 1)
}

/// Ends every token of a user (disabled, password changed); how many there were.
pub fn revoke_all(conn: &mut dyn Conn, user_id: i64) -> sql::Result<usize> {
    conn.execute("DELETE FROM tokens WHERE user_id = ?1", params![user_id])
}

pub fn set_disabled(conn: &mut dyn Conn, user_id: i64, disabled: bool) -> sql::Result<()> {
    conn.execute("UPDATE users SET disabled = ?2 WHERE id = ?1", params![user_id, disabled])?;
    Ok(())
}

pub fn set_password_hash(conn: &mut dyn Conn, user_id: i64, hash: &str) -> sql::Result<()> {
    conn.execute("UPDATE users SET password_hash = ?2 WHERE id = ?1", params![user_id, hash])?;
    Ok(())
}
