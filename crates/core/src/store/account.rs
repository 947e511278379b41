//! Table `account`: who is logged in on this PC (server, user, department) — never the token,
//! which lives in the OS keyring only.

use chengban_protocol::Role;
use rusqlite::{params, Connection, OptionalExtension};

pub const MIGRATION: &str = "
CREATE TABLE account (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    server_url      TEXT NOT NULL,
    username        TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    department_id   INTEGER,
    department_name TEXT,
    logged_in       INTEGER NOT NULL DEFAULT 1
);";

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub server_url: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub logged_in: bool,
}

pub fn get(conn: &Connection) -> rusqlite::Result<Option<Account>> {
    conn.query_row(
        "SELECT server_url, username, display_name, role, department_id, department_name, logged_in FROM account WHERE id = 1",
        [],
        |r| {
            let role: String = r.get(3)?;
            Ok(Account {
                server_url: r.get(0)?,
                username: r.get(1)?,
                display_name: r.get(2)?,
                role: Role::parse(&role).unwrap_or(Role::Handler),
                department_id: r.get(4)?,
                department_name: r.get(5)?,
                logged_in: r.get(6)?,
            })
        },
    )
    .optional()
}

pub fn put(conn: &Connection, a: &Account) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO account (id, server_url, username, display_name, role, department_id, department_name, logged_in)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, username = excluded.username,
            display_name = excluded.display_name, role = excluded.role, department_id = excluded.department_id,
            department_name = excluded.department_name, logged_in = excluded.logged_in",
        params![a.server_url, a.username, a.display_name, a.role.as_str(), a.department_id, a.department_name, a.logged_in],
    )?;
    Ok(())
}

pub fn set_logged_in(conn: &Connection, logged_in: bool) -> rusqlite::Result<()> {
    conn.execute("UPDATE account SET logged_in = ?1 WHERE id = 1", [logged_in])?;
    Ok(())
}

/// The role of the account on this PC (the overlay needs it to apply the rules).
pub fn role(conn: &Connection) -> rusqlite::Result<Role> {
    Ok(get(conn)?.map(|a| a.role).unwrap_or(Role::Handler))
}
