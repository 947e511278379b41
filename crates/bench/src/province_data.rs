//! The province's database for [`crate::province`], written in bulk through the center's own
//! SQL interface (the same statements on SQLite and PostgreSQL): departments, a handler with a
//! token for each live desk, and the stored slips — one department with the many a first sync
//! pulls, the rest spread over all. Slips are stored as the center stores a dispatch, without
//! history or rate facts (the load never reads those).

use std::time::Instant;

use chengban_center::db::sql::params;
use chengban_center::db::{Conn, ConnExt, Db};
use chengban_center::{auth, demo};
use sha2::{Digest, Sha256};

use crate::common::e;

/// What the province holds.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub departments: usize,
    pub desks: usize,
    pub slips: usize,
    /// The slips of the one department whose first sync is timed.
    pub big_department: usize,
}

/// What the load needs to know of the data.
pub struct Province {
    /// Department ids, contiguous; the first is the big one.
    pub first_department: i64,
    /// Each desk's token and department.
    pub desks: Vec<(String, i64)>,
    /// Where a desk resumes from: the change sequence when the load starts.
    pub seq: i64,
    pub instance: String,
}

/// Slips written per transaction.
const CHUNK: usize = 250_000;

const NUMBERS: &str = "WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < ?2)";

pub fn token(i: usize) -> String {
    format!("province-token-{i}")
}

pub fn fill(db: &Db, scale: Scale) -> Result<Province, String> {
    let hash = auth::hash_password(demo::DEMO_PASSWORD).map_err(e)?;
    let content =
        "来电人反映：小区东门外人行道路面塌陷，雨后积水严重，老人和孩子出行不便，多次向物业反映未果，希望相关部门尽快修复。".repeat(3);
    let t = Instant::now();
    let province = db
        .with_writer(move |c| -> Result<Province, String> {
            demo::seed(c, &chengban_center::calendar::Calendar::builtin(), chrono::Utc::now()).map_err(e)?;
            let (d, n) = (scale.departments as i64, scale.desks as i64);
            c.execute(
                &format!("{NUMBERS} INSERT INTO departments (code, name) SELECT 'prov-' || i, '省直承办单位' || i FROM n"),
                params![1i64, d],
            )
            .map_err(e)?;
            let (first, last): (i64, i64) = c
                .query_row("SELECT MIN(id), MAX(id) FROM departments WHERE code LIKE 'prov-%'", &[], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(e)?;
            if last - first + 1 != d {
                return Err("department ids are not contiguous".into());
            }
            // Desk i belongs to department first + i % d: the big department has desks too.
            c.execute(
                &format!(
                    "{NUMBERS} INSERT INTO users (username, display_name, password_hash, role, department_id)
                     SELECT 'prov' || i || '.handler', '经办人' || i, ?3, 'handler', ?4 + (i % ?5) FROM n"
                ),
                params![0i64, n - 1, hash, first, d],
            )
            .map_err(e)?;
            let first_user: i64 =
                c.query_row("SELECT MIN(id) FROM users WHERE username LIKE 'prov%.handler'", &[], |r| r.get(0)).map_err(e)?;
            let now = chrono::Utc::now();
            let (created, expires) = (chengban_center::db::ts(now), chengban_center::db::ts(now + chrono::Duration::days(2)));
            let mut tx = c.transaction().map_err(e)?;
            for start in (0..scale.desks).step_by(500) {
                let rows: Vec<usize> = (start..(start + 500).min(scale.desks)).collect();
                let values: Vec<String> = (0..rows.len()).map(|k| format!("(?{}, ?{}, ?{}, ?{})", 4 * k + 1, 4 * k + 2, 4 * k + 3, 4 * k + 4)).collect();
                let owned: Vec<(String, i64)> = rows.iter().map(|&i| (hex::encode(Sha256::digest(token(i))), first_user + i as i64)).collect();
                let mut bound: Vec<&dyn chengban_center::db::sql::Param> = Vec::new();
                for (hash, user) in &owned {
                    bound.extend([hash as &dyn chengban_center::db::sql::Param, user, &created, &expires]);
                }
                let sql = format!("INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES {}", values.join(", "));
                tx.execute(&sql, &bound).map_err(e)?;
            }
            tx.commit().map_err(e)?;
            let base: i64 = c.query_row("SELECT value FROM change_seq WHERE id = 1", &[], |r| r.get(0)).map_err(e)?;
            let at = chengban_center::db::ts(now);
            let due = chengban_center::db::ts(now + chrono::Duration::days(15));
            for start in (1..=scale.slips).step_by(CHUNK) {
                let end = (start + CHUNK - 1).min(scale.slips);
                let mut tx = c.transaction().map_err(e)?;
                tx.execute(
                    &format!(
                        "{NUMBERS} INSERT INTO slips (number, department_id, kind, channel, request_type, tier, title, content,
                            citizen_name, citizen_phone, anonymous, address, status, dispatched_at, due_at, attachments, seq,
                            acknowledge_until, return_until)
                         SELECT 'PROV-' || i, CASE WHEN i <= ?3 THEN CAST(?4 AS BIGINT) ELSE CAST(?4 AS BIGINT) + 1 + (i % ?5) END, 'assignment', 'hotline', 'help',
                            'general', '压测工单' || i, ?6, '测试市民', '13800000000', 0, '测试地址', 'dispatched', ?7, ?8, '[]', ?9 + i, ?8, ?8
                         FROM n"
                    ),
                    params![start as i64, end as i64, scale.big_department as i64, first, d - 1, content, at, due, base],
                )
                .map_err(e)?;
                tx.commit().map_err(e)?;
                eprintln!("province bench: {end} slips stored");
            }
            let seq = base + scale.slips as i64;
            c.execute("UPDATE change_seq SET value = ?1 WHERE id = 1", params![seq]).map_err(e)?;
            c.execute_batch("ANALYZE").map_err(e)?;
            let instance = chengban_center::db::meta::instance(c).map_err(e)?;
            let desks = (0..scale.desks).map(|i| (token(i), first + (i as i64 % d))).collect();
            Ok(Province { first_department: first, desks, seq, instance })
        })
        .map_err(e)??;
    eprintln!("province bench: data written in {:.0?}", t.elapsed());
    Ok(province)
}
