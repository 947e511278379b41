//! Tables `devices` and `mutation_results`: exactly-once application of pushed mutations.
//!
//! Each desk (device) numbers its mutations 1, 2, 3…; the center keeps the last one it
//! processed, advanced in the same transaction that applies a mutation, and the outcome of
//! each, so a repeated push after a lost response is answered as before and applies nothing.

use super::sql::{self, params, Conn, ConnExt};
use chengban_protocol::{ApiError, MutationResult, Outcome};

pub const MIGRATION: &str = "
CREATE TABLE devices (
    device_id        TEXT PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users(id),
    last_mutation_id INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE mutation_results (
    device_id   TEXT NOT NULL REFERENCES devices(device_id),
    mutation_id INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
    code        TEXT,
    message     TEXT,
    PRIMARY KEY (device_id, mutation_id)
);";

/// What each processed mutation said (a digest of its slip and action), so a replay of an id
/// with other content is told apart from a retry.
pub const MIGRATION_DIGEST: &str = "ALTER TABLE mutation_results ADD COLUMN digest TEXT;";

/// The device's owner and last processed mutation, creating it for `user_id` if new.
pub fn get_or_create(conn: &mut dyn Conn, device_id: &str, user_id: i64) -> sql::Result<(i64, i64)> {
    conn.execute(
        "INSERT INTO devices (device_id, user_id) VALUES (?1, ?2) ON CONFLICT (device_id) DO NOTHING",
        params![device_id, user_id],
    )?;
    conn.query_row("SELECT user_id, last_mutation_id FROM devices WHERE device_id = ?1", params![device_id], |r| Ok((r.get(0)?, r.get(1)?)))
}

pub fn last_mutation_id(conn: &mut dyn Conn, device_id: &str, user_id: i64) -> sql::Result<Option<i64>> {
    conn.query_opt("SELECT last_mutation_id FROM devices WHERE device_id = ?1 AND user_id = ?2", params![device_id, user_id], |r| r.get(0))
}

pub fn record(conn: &mut dyn Conn, device_id: &str, result: &MutationResult, digest: &str) -> sql::Result<()> {
    let outcome = match result.outcome {
        Outcome::Applied => "applied",
        Outcome::Rejected => "rejected",
    };
    conn.execute(
        "INSERT INTO mutation_results (device_id, mutation_id, outcome, code, message, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![device_id, result.id, outcome, result.error.as_ref().map(|e| &e.code), result.error.as_ref().map(|e| &e.message), digest],
    )?;
    conn.execute("UPDATE devices SET last_mutation_id = ?1 WHERE device_id = ?2", params![result.id, device_id])?;
    Ok(())
}

/// The recorded outcome of a processed mutation and the digest of what it said (none for rows
/// recorded before digests were kept).
pub fn recorded(conn: &mut dyn Conn, device_id: &str, mutation_id: i64) -> sql::Result<Option<(MutationResult, Option<String>)>> {
    conn.query_opt(
        "SELECT outcome, code, message, digest FROM mutation_results WHERE device_id = ?1 AND mutation_id = ?2",
        params![device_id, mutation_id],
        |r| {
            let outcome: String = r.get(0)?;
            let code: Option<String> = r.get(1)?;
            let message: Option<String> = r.get(2)?;
            let result = MutationResult {
                id: mutation_id,
                outcome: if outcome == "applied" { Outcome::Applied } else { Outcome::Rejected },
                error: code.map(|code| ApiError::new(code, message.unwrap_or_default())),
            };
            Ok((result, r.get(3)?))
        },
    )
}
