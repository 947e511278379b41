//! What every shell does the same way on the user's PC: where the desk keeps its files, where
//! its log goes, which extra CA it trusts, and the OS's notifications ([`notifier`]). The Tauri
//! app and the browser mode both start from here, so the two cannot differ in these.

pub mod notifier;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::client::TlsConfig;

/// `<local data dir>/chengban`: `~/.local/share/chengban` (honours `XDG_DATA_HOME`), and on
/// Windows `%LOCALAPPDATA%\chengban`, never the roaming profile, which a domain copies to the
/// server at every logoff.
pub fn data_dir() -> PathBuf {
    dirs::data_local_dir().unwrap_or_else(std::env::temp_dir).join("chengban")
}

/// `tracing` to stderr and to the rotating log file in `dir` (for 导出诊断信息); a log file that
/// cannot be opened leaves stderr alone. `RUST_LOG` filters, `info` by default.
pub fn init_logging(dir: &Path) {
    use tracing_subscriber::fmt::writer::MakeWriterExt;
    let filter = || tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    match crate::logs::RotatingFile::open(&dir.join(crate::logs::DIR)) {
        Ok(file) => {
            tracing_subscriber::fmt().with_env_filter(filter()).with_ansi(false).with_writer(std::io::stderr.and(Arc::new(file))).init()
        }
        Err(e) => {
            tracing_subscriber::fmt().with_env_filter(filter()).init();
            tracing::warn!(error = %e, "log file not opened");
        }
    }
}

/// An extra CA for government intranets: `CHENGBAN_CA_CERT`, or `ca.pem` in the data dir.
pub fn tls_config(dir: &Path) -> TlsConfig {
    let path = std::env::var_os("CHENGBAN_CA_CERT").map(PathBuf::from).unwrap_or_else(|| dir.join("ca.pem"));
    if path.exists() {
        match TlsConfig::with_ca_file(&path) {
            Ok(tls) => return tls,
            Err(e) => tracing::warn!(error = %e, "extra CA certificate ignored"),
        }
    }
    TlsConfig::default()
}

/// Where exports go: the user's Downloads folder (their home, or the temp dir, without one).
pub fn downloads_dir() -> PathBuf {
    dirs::download_dir().or_else(dirs::home_dir).unwrap_or_else(std::env::temp_dir)
}
