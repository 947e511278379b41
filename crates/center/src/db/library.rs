//! Tables `reply_templates` and `policy_entries`: each department's 答复模板 and 政策依据 entries
//! (`chengban_protocol::library`).

use super::sql::{self, params, Conn, ConnExt, Row};
use chengban_protocol::library::{PolicyEntry, PolicyInput, ReplyTemplate, TemplateInput};
use chengban_protocol::text::trim;
use chrono::{DateTime, Utc};

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

fn template_row(r: &Row) -> sql::Result<ReplyTemplate> {
    Ok(ReplyTemplate { id: r.get(0)?, title: r.get(1)?, body: r.get(2)?, updated_at: parse_ts(&r.get::<String>(3)?)? })
}

fn policy_row(r: &Row) -> sql::Result<PolicyEntry> {
    Ok(PolicyEntry {
        id: r.get(0)?,
        doc_no: r.get(1)?,
        title: r.get(2)?,
        article: r.get(3)?,
        text: r.get(4)?,
        updated_at: parse_ts(&r.get::<String>(5)?)?,
    })
}

pub fn templates(c: &mut dyn Conn, department_id: i64) -> sql::Result<Vec<ReplyTemplate>> {
    c.query_map(&format!("{TEMPLATE} WHERE department_id = ?1 ORDER BY id"), params![department_id], template_row)
}

pub fn policies(c: &mut dyn Conn, department_id: i64) -> sql::Result<Vec<PolicyEntry>> {
    c.query_map(&format!("{POLICY} WHERE department_id = ?1 ORDER BY id"), params![department_id], policy_row)
}

/// Keeps `t` as template `id` (a new one when None); None when `id` is not the department's.
pub fn put_template(
    c: &mut dyn Conn,
    department_id: i64,
    id: Option<i64>,
    t: &TemplateInput,
    by: &str,
    now: DateTime<Utc>,
) -> sql::Result<Option<ReplyTemplate>> {
    let (title, body) = (trim(&t.title), trim(&t.body));
    let id = match id {
        None => c.query_row(
            "INSERT INTO reply_templates (department_id, title, body, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            params![department_id, title, body, ts(now), by],
            |r| r.get(0),
        )?,
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
    c.query_opt(&format!("{TEMPLATE} WHERE id = ?1"), params![id], template_row)
}

/// Keeps `p` as policy entry `id` (a new one when None); None when `id` is not the department's.
pub fn put_policy(
    c: &mut dyn Conn,
    department_id: i64,
    id: Option<i64>,
    p: &PolicyInput,
    by: &str,
    now: DateTime<Utc>,
) -> sql::Result<Option<PolicyEntry>> {
    let article = p.article.as_deref().map(trim).filter(|a| !a.is_empty());
    let values = (trim(&p.doc_no), trim(&p.title), article, trim(&p.text));
    let id = match id {
        None => c.query_row(
            "INSERT INTO policy_entries (department_id, doc_no, title, article, text, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            params![department_id, values.0, values.1, values.2, values.3, ts(now), by],
            |r| r.get(0),
        )?,
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
    c.query_opt(&format!("{POLICY} WHERE id = ?1"), params![id], policy_row)
}

/// Removes template `id` of the department; whether there was one.
pub fn delete_template(c: &mut dyn Conn, department_id: i64, id: i64) -> sql::Result<bool> {
    Ok(c.execute("DELETE FROM reply_templates WHERE id = ?1 AND department_id = ?2", params![id, department_id])? > 0)
}

/// Removes policy entry `id` of the department; whether there was one.
pub fn delete_policy(c: &mut dyn Conn, department_id: i64, id: i64) -> sql::Result<bool> {
    Ok(c.execute("DELETE FROM policy_entries WHERE id = ?1 AND department_id = ?2", params![id, department_id])? > 0)
}
