//! Tables `reply_templates` and `policy_entries`: each department's 答复模板 and 政策依据 entries
//! (`chengban_protocol::library`).

use chengban_protocol::library::{PolicyEntry, PolicyInput, ReplyTemplate, TemplateInput};
use chengban_protocol::text::trim;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{parse_ts, ts};

pub const MIGRATION: &str = "
CREATE TABLE reply_templates (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE INDEX reply_templates_department ON reply_templates (department_id, id);
CREATE TABLE policy_entries (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    doc_no        TEXT NOT NULL,
    title         TEXT NOT NULL,
    article       TEXT,
    text          TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE INDEX policy_entries_department ON policy_entries (department_id, id);";

const TEMPLATE: &str = "SELECT id, title, body, updated_at FROM reply_templates";
const POLICY: &str = "SELECT id, doc_no, title, article, text, updated_at FROM policy_entries";

fn template_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReplyTemplate> {
    Ok(ReplyTemplate { id: r.get(0)?, title: r.get(1)?, body: r.get(2)?, updated_at: parse_ts(&r.get::<_, String>(3)?)? })
}

fn policy_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PolicyEntry> {
    Ok(PolicyEntry {
        id: r.get(0)?,
        doc_no: r.get(1)?,
        title: r.get(2)?,
        article: r.get(3)?,
        text: r.get(4)?,
        updated_at: parse_ts(&r.get::<_, String>(5)?)?,
    })
}

pub fn templates(c: &Connection, department_id: i64) -> rusqlite::Result<Vec<ReplyTemplate>> {
    let mut stmt = c.prepare_cached(&format!("{TEMPLATE} WHERE department_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([department_id], template_row)?;
    rows.collect()
}

pub fn policies(c: &Connection, department_id: i64) -> rusqlite::Result<Vec<PolicyEntry>> {
    let mut stmt = c.prepare_cached(&format!("{POLICY} WHERE department_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([department_id], policy_row)?;
    rows.collect()
}

/// Keeps `t` as template `id` (a new one when None); None when `id` is not the department's.
pub fn put_template(
    c: &Connection,
    department_id: i64,
    id: Option<i64>,
    t: &TemplateInput,
    by: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<ReplyTemplate>> {
    let (title, body) = (trim(&t.title), trim(&t.body));
    let id = match id {
        None => {
            c.execute(
                "INSERT INTO reply_templates (department_id, title, body, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![department_id, title, body, ts(now), by],
            )?;
            c.last_insert_rowid()
        }
        Some(id) => {
            let n = c.execute(
                "UPDATE reply_templates SET title = ?3, body = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1 AND department_id = ?2",
                params![id, department_id, title, body, ts(now), by],
            )?;
            if n == 0 {
                return Ok(None);
            }
            id
        }
    };
    c.query_row(&format!("{TEMPLATE} WHERE id = ?1"), [id], template_row).optional()
}

/// Keeps `p` as policy entry `id` (a new one when None); None when `id` is not the department's.
pub fn put_policy(
    c: &Connection,
    department_id: i64,
    id: Option<i64>,
    p: &PolicyInput,
    by: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<PolicyEntry>> {
    let article = p.article.as_deref().map(trim).filter(|a| !a.is_empty());
    let values = (trim(&p.doc_no), trim(&p.title), article, trim(&p.text));
    let id = match id {
        None => {
            c.execute(
                "INSERT INTO policy_entries (department_id, doc_no, title, article, text, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![department_id, values.0, values.1, values.2, values.3, ts(now), by],
            )?;
            c.last_insert_rowid()
        }
        Some(id) => {
            let n = c.execute(
                "UPDATE policy_entries SET doc_no = ?3, title = ?4, article = ?5, text = ?6, updated_at = ?7, updated_by = ?8
                 WHERE id = ?1 AND department_id = ?2",
                params![id, department_id, values.0, values.1, values.2, values.3, ts(now), by],
            )?;
            if n == 0 {
                return Ok(None);
            }
            id
        }
    };
    c.query_row(&format!("{POLICY} WHERE id = ?1"), [id], policy_row).optional()
}

/// Removes template `id` of the department; whether there was one.
pub fn delete_template(c: &Connection, department_id: i64, id: i64) -> rusqlite::Result<bool> {
    Ok(c.execute("DELETE FROM reply_templates WHERE id = ?1 AND department_id = ?2", params![id, department_id])? > 0)
}

/// Removes policy entry `id` of the department; whether there was one.
pub fn delete_policy(c: &Connection, department_id: i64, id: i64) -> rusqlite::Result<bool> {
    Ok(c.execute("DELETE FROM policy_entries WHERE id = ?1 AND department_id = ?2", params![id, department_id])? > 0)
}
