//! 导出诊断信息: one zip for IT support with what they ask first — versions, where the files are
//! and how big, the connection and the settings, what the user was told about the files, and the
//! recent logs. Never the cache or anything of a slip: counts, not contents.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::Desk;
use crate::error::{CoreError, Result};
use crate::logs;
use crate::store;

impl Desk {
    /// Writes `承办台诊断信息-<time>.zip` into `to_dir` and returns its path. `about` is the
    /// shell's own facts (its name, the webview's version), one per line.
    pub async fn export_diagnostics(&self, about: String, to_dir: PathBuf) -> Result<PathBuf> {
        let status = self.status();
        let session = self.session_info();
        let settings = self.alert_settings().await?;
        let pending = self.pending_count().await?;
        let facts = self
            .store
            .read(|c| {
                let one = |sql: &str| c.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap_or_else(|e| format!("? ({e})"));
                Ok(json!({
                    "sqlite": one("SELECT sqlite_version()"),
                    "sqlcipher": one("PRAGMA cipher_version"),
                    "cache_schema": c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?,
                    "work_schema": c.pragma_query_value(Some("work"), "user_version", |r| r.get::<_, i64>(0))?,
                    "cached_slips": c.query_row("SELECT count(*) FROM slips", [], |r| r.get::<_, i64>(0))?,
                }))
            })
            .await?;
        let folder = self.store.folder();
        let now = self.clock.now();
        let report = json!({
            "exported_at": store::ts(now),
            "app_version": env!("CARGO_PKG_VERSION"),
            "os": format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            "database": facts,
            "read_only": self.store.is_read_only(),
            "storage_notices": status.storage_notices,
            "sync": {
                "state": status.state,
                "last_synced_at": status.last_synced_at,
                "offline_since": status.offline_since,
                "message": status.message,
                "clock_offset_ms": status.clock_offset_ms,
                "live": self.is_live(),
            },
            "session": session.map(|s| json!({
                "server_url": s.server_url,
                "username": s.username,
                "role": s.role,
                "department": s.department_name,
                "token_persisted": s.token_persisted,
            })),
            "pending_actions": pending,
            "alert_settings": settings,
            "files": folder.as_deref().map(listing).unwrap_or_default(),
        });
        let name = format!("承办台诊断信息-{}.zip", now.format("%Y%m%d-%H%M%S"));
        let path = to_dir.join(name);
        let written = path.clone();
        tokio::task::spawn_blocking(move || write_zip(&written, &about, &report, folder.as_deref()))
            .await
            .map_err(|e| CoreError::Internal(e.to_string()))?
            .map_err(|e| CoreError::InvalidInput(format!("无法写入诊断信息到 {}：{e}", to_dir.display())))?;
        tracing::info!(file = %path.display(), "diagnostics exported");
        Ok(path)
    }
}

/// The data folder's files (names and sizes; damaged ones set aside show here too).
fn listing(dir: &Path) -> Vec<serde_json::Value> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some(json!({ "name": e.file_name().to_string_lossy(), "bytes": e.metadata().ok()?.len() })))
        .collect();
    files.sort_by_key(|f| f["name"].as_str().unwrap_or_default().to_string());
    files
}

fn write_zip(path: &Path, about: &str, report: &serde_json::Value, folder: Option<&Path>) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    let file = std::fs::File::create(path)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let err = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
    zip.start_file("about.txt", options).map_err(err)?;
    zip.write_all(about.as_bytes())?;
    zip.start_file("status.json", options).map_err(err)?;
    zip.write_all(serde_json::to_string_pretty(report).unwrap_or_default().as_bytes())?;
    if let Some(folder) = folder {
        for log in logs::files(&folder.join(logs::DIR)) {
            let name = log.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            zip.start_file(format!("logs/{name}"), options).map_err(err)?;
            zip.write_all(&std::fs::read(&log)?)?;
        }
    }
    zip.finish().map_err(err)?;
    Ok(())
}
