//! A damaged database file, found and set aside: how the store checks a file (`PRAGMA
//! quick_check`), tells SQLite's corruption errors from the others, moves a damaged file (and its
//! `-wal`/`-shm`) out of the way under a dated name — kept for support, never deleted — and
//! copies what can still be read out of a damaged work file. The sentences are the user's.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::cipher::{self, CacheKey};

/// What was found damaged and where it was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub file: &'static str,
    pub kept_at: PathBuf,
    /// The tables of a damaged work file that could not be read back (empty for the cache).
    pub lost: Vec<&'static str>,
}

impl Repair {
    /// What the user is told.
    pub fn sentence(&self) -> String {
        let kept = self.kept_at.display();
        if self.file == "cache" {
            format!("本地缓存文件已损坏（或其密钥已丢失），已另存为 {kept} 并重建，工单正在从受理中心重新同步；尚未送达的操作均已保留。")
        } else if self.lost.is_empty() {
            format!("本机待送达操作文件已损坏（或其密钥已丢失），已另存为 {kept}，其中的内容均已找回。")
        } else {
            format!(
                "本机待送达操作文件已损坏（或其密钥已丢失），已另存为 {kept}；部分内容（{}）无法找回，请核对尚未送达的操作。",
                self.lost.join("、")
            )
        }
    }
}

/// Whether an error says the file itself is damaged (as opposed to busy, full or misused).
pub fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
}

/// Whether an error says the folder or file cannot be written (as opposed to damaged).
pub fn is_unwritable(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied))
}

/// A URI that opens `path` as a file nobody changes (no locks, no write-ahead log).
pub fn immutable_uri(path: &Path) -> String {
    let mut p = path.to_string_lossy().replace('\\', "/");
    if p.as_bytes().get(1) == Some(&b':') {
        p.insert(0, '/'); // a Windows drive: file:///C:/…
    }
    let escaped = p.replace('%', "%25").replace('?', "%3f").replace('#', "%23");
    format!("file:{escaped}?immutable=1")
}

/// Whether the file at `path` opens and passes `PRAGMA quick_check`. A file that does not exist
/// is sound (it will be made).
pub fn is_sound(path: &Path, key: Option<&CacheKey>) -> bool {
    if !path.exists() {
        return true;
    }
    let check = || -> rusqlite::Result<bool> {
        let conn = cipher::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)?;
        let mut stmt = conn.prepare("PRAGMA quick_check(1)")?;
        let first: Option<String> = stmt.query_map([], |r| r.get(0))?.next().transpose()?;
        Ok(first.as_deref() == Some("ok"))
    };
    match check() {
        Ok(sound) => sound,
        Err(e) => {
            tracing::warn!(error = %e, file = %path.display(), "database check failed");
            // Any other error (busy, no permission) is no proof of damage: opening reports it.
            !is_corruption(&e)
        }
    }
}

/// Whether the file at `path` opens as a database and its schema reads: the start's check,
/// cheap at any size (the header and the schema's pages only).
pub fn opens(path: &Path, key: Option<&CacheKey>) -> bool {
    if !path.exists() {
        return true;
    }
    let check = || -> rusqlite::Result<()> {
        let conn = cipher::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
        Ok(())
    };
    match check() {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, file = %path.display(), "database does not open");
            !is_corruption(&e)
        }
    }
}

/// Moves `path` (and its `-wal` and `-shm`) to `<stem>.damaged-<UTC time>.<ext>` beside it;
/// returns where the database file went.
pub fn set_aside(path: &Path, now: chrono::DateTime<chrono::Utc>) -> std::io::Result<PathBuf> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("cache");
    let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("sqlite");
    let stamp = now.format("%Y%m%d-%H%M%S");
    let mut kept = path.with_file_name(format!("{stem}.damaged-{stamp}.{ext}"));
    let mut n = 1;
    while kept.exists() {
        n += 1;
        kept = path.with_file_name(format!("{stem}.damaged-{stamp}-{n}.{ext}"));
    }
    std::fs::rename(path, &kept)?;
    for suffix in ["-wal", "-shm"] {
        let side = cipher::beside(path, suffix);
        if side.exists() {
            std::fs::rename(&side, cipher::beside(&kept, suffix))?;
        }
    }
    Ok(kept)
}

/// Copies each of `tables` that can still be read from the damaged file at `from` into the fresh
/// database `to` (already migrated); returns the tables that could not be read whole.
pub fn salvage(to: &Connection, from: &Path, tables: &[&'static str], key: Option<&CacheKey>) -> Vec<&'static str> {
    if let Err(e) = cipher::attach(to, &from.to_string_lossy(), "damaged", key) {
        tracing::warn!(error = %e, "damaged work file cannot be read at all");
        return tables.to_vec();
    }
    let mut lost = Vec::new();
    for table in tables {
        let copied = to.execute_batch(&format!(
            "SAVEPOINT salvage; INSERT OR IGNORE INTO main.{table} SELECT * FROM damaged.{table}; RELEASE salvage;"
        ));
        if let Err(e) = copied {
            tracing::warn!(error = %e, table, "table not recovered from the damaged work file");
            let _ = to.execute_batch("ROLLBACK TO salvage; RELEASE salvage;");
            lost.push(*table);
        }
    }
    let _ = to.execute_batch("DETACH DATABASE damaged");
    lost
}
