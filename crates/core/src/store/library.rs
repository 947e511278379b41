//! The reply library on the desk: the department's templates and policy entries as the center
//! last listed them (tables `library_templates`, `library_policies` in the cache — the center
//! can send them again), and the handler's own templates (`personal_templates` in the work file —
//! only this desk has them).

use chengban_protocol::library::{Library, PolicyEntry, ReplyTemplate};
use rusqlite::{params, Connection};

/// The cache's tables.
pub const MIGRATION: &str = "
CREATE TABLE library_templates (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE library_policies (
    id         INTEGER PRIMARY KEY,
    doc_no     TEXT NOT NULL,
    title      TEXT NOT NULL,
    article    TEXT,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);";

/// The work file's table.
pub const MIGRATION_PERSONAL: &str = "
CREATE TABLE personal_templates (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);";

use super::{parse_ts, ts};

/// Replaces the department's library with the center's.
pub fn replace(c: &Connection, lib: &Library) -> rusqlite::Result<()> {
    c.execute("DELETE FROM library_templates", [])?;
    c.execute("DELETE FROM library_policies", [])?;
    let mut t = c.prepare_cached("INSERT INTO library_templates (id, title, body, updated_at) VALUES (?1, ?2, ?3, ?4)")?;
    for x in &lib.templates {
        t.execute(params![x.id, x.title, x.body, ts(x.updated_at)])?;
    }
    let mut p =
        c.prepare_cached("INSERT INTO library_policies (id, doc_no, title, article, text, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for x in &lib.policies {
        p.execute(params![x.id, x.doc_no, x.title, x.article, x.text, ts(x.updated_at)])?;
    }
    Ok(())
}

/// The department's library as last listed.
pub fn department(c: &Connection) -> rusqlite::Result<Library> {
    let mut stmt = c.prepare_cached("SELECT id, title, body, updated_at FROM library_templates ORDER BY title, id")?;
    let templates = stmt
        .query_map([], |r| {
            Ok(ReplyTemplate { id: r.get(0)?, title: r.get(1)?, body: r.get(2)?, updated_at: parse_ts(&r.get::<_, String>(3)?)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = c.prepare_cached("SELECT id, doc_no, title, article, text, updated_at FROM library_policies ORDER BY doc_no, id")?;
    let policies = stmt
        .query_map([], |r| {
            Ok(PolicyEntry {
                id: r.get(0)?,
                doc_no: r.get(1)?,
                title: r.get(2)?,
                article: r.get(3)?,
                text: r.get(4)?,
                updated_at: parse_ts(&r.get::<_, String>(5)?)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Library { templates, policies })
}

/// The handler's own templates, by title.
pub fn personal(c: &Connection) -> rusqlite::Result<Vec<ReplyTemplate>> {
    let mut stmt = c.prepare_cached("SELECT id, title, body, created_at FROM personal_templates ORDER BY title, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(ReplyTemplate { id: r.get(0)?, title: r.get(1)?, body: r.get(2)?, updated_at: parse_ts(&r.get::<_, String>(3)?)? })
    })?;
    rows.collect()
}

/// Keeps a personal template; its id.
pub fn add_personal(c: &Connection, title: &str, body: &str, now: chrono::DateTime<chrono::Utc>) -> rusqlite::Result<i64> {
    c.execute("INSERT INTO personal_templates (title, body, created_at) VALUES (?1, ?2, ?3)", params![title, body, ts(now)])?;
    Ok(c.last_insert_rowid())
}

/// Removes a personal template; whether there was one.
pub fn remove_personal(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(c.execute("DELETE FROM personal_templates WHERE id = ?1", [id])? > 0)
}

/// Forgets the department's library (another department or center logged in).
pub fn clear_department(c: &Connection) -> rusqlite::Result<()> {
    c.execute("DELETE FROM library_templates", [])?;
    c.execute("DELETE FROM library_policies", [])?;
    Ok(())
}

/// Forgets the handler's own templates (another user logged in on this desk).
pub fn clear_personal(c: &Connection) -> rusqlite::Result<()> {
    c.execute("DELETE FROM personal_templates", [])?;
    Ok(())
}
