//! Table `colleagues`: the department's accounts as the center last listed them
//! (`GET /v1/department/users`), so a leader or the 内勤 assigns offline and every view names
//! an assignee by display name.

use chengban_protocol::{DepartmentUser, Role};
use rusqlite::{params, Connection, OptionalExtension};

pub const MIGRATION: &str = "
CREATE TABLE colleagues (
    username     TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL
);";

/// Replaces the list with the center's.
pub fn replace(conn: &Connection, users: &[DepartmentUser]) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM colleagues", [])?;
    let mut stmt = conn.prepare_cached("INSERT OR REPLACE INTO colleagues (username, display_name, role) VALUES (?1, ?2, ?3)")?;
    for u in users {
        stmt.execute(params![u.username, u.display_name, u.role.as_str()])?;
    }
    Ok(())
}

/// Everyone, by display name.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<DepartmentUser>> {
    let mut stmt = conn.prepare_cached("SELECT username, display_name, role FROM colleagues ORDER BY display_name, username")?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(2)?;
        Ok(DepartmentUser { username: r.get(0)?, display_name: r.get(1)?, role: Role::parse(&role).unwrap_or(Role::Handler) })
    })?;
    rows.collect()
}

/// Whether the center has listed anyone yet.
pub fn any(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM colleagues)", [], |r| r.get(0))
}

pub fn get(conn: &Connection, username: &str) -> rusqlite::Result<Option<DepartmentUser>> {
    conn.query_row("SELECT username, display_name, role FROM colleagues WHERE username = ?1", [username], |r| {
        let role: String = r.get(2)?;
        Ok(DepartmentUser { username: r.get(0)?, display_name: r.get(1)?, role: Role::parse(&role).unwrap_or(Role::Handler) })
    })
    .optional()
}

pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM colleagues", [])?;
    Ok(())
}

/// Display names by username, falling back to the username for someone not (or no longer) listed.
pub struct Names(std::collections::HashMap<String, String>);

impl Names {
    pub fn load(conn: &Connection) -> rusqlite::Result<Self> {
        Ok(Self(all(conn)?.into_iter().map(|u| (u.username, u.display_name)).collect()))
    }

    pub fn empty() -> Self {
        Self(Default::default())
    }

    pub fn of(&self, username: &str) -> String {
        self.0.get(username).cloned().unwrap_or_else(|| username.to_string())
    }
}
