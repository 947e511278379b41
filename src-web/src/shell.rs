//! What the commands ask of this shell: starting at login (an XDG autostart entry that starts
//! the desk without opening the browser), where exports go (no save dialog in a browser tab: the
//! Downloads folder, or `CHENGBAN_SAVE_DIR`, under a name that overwrites nothing), and the
//! shell's facts for a support export.

use std::path::PathBuf;

use chengban_core::commands::Shell;
use chengban_core::error::{CoreError, Result};

pub const AUTOSTART_FILE: &str = "chengban-web.desktop";

pub struct WebShell;

fn autostart_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("autostart").join(AUTOSTART_FILE))
}

impl Shell for WebShell {
    fn autostart(&self) -> bool {
        autostart_path().is_some_and(|p| p.exists())
    }

    fn set_autostart(&self, enabled: bool) -> Result<bool> {
        let path = autostart_path().ok_or_else(|| CoreError::Internal("autostart: no config dir".into()))?;
        if !enabled {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(CoreError::Internal(format!("autostart: {e}"))),
            }
            return Ok(false);
        }
        let exe = std::env::current_exe().map_err(|e| CoreError::Internal(format!("autostart: {e}")))?;
        let entry = format!(
            "[Desktop Entry]\nType=Application\nName=承办台\nComment=启动时在后台运行承办台（浏览器模式），到期提醒照常\n\
             Exec=\"{}\" --background\nIcon=chengban-web\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
            exe.display()
        );
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CoreError::Internal(format!("autostart: {e}")))?;
        }
        std::fs::write(&path, entry).map_err(|e| CoreError::Internal(format!("autostart: {e}")))?;
        Ok(true)
    }

    fn export_dir(&self) -> PathBuf {
        chengban_core::desktop::downloads_dir()
    }

    fn save_path(&self, file_name: &str) -> Option<PathBuf> {
        let dir = std::env::var_os("CHENGBAN_SAVE_DIR").filter(|d| !d.is_empty()).map(PathBuf::from).unwrap_or_else(|| self.export_dir());
        Some(free_name(&dir, file_name))
    }

    fn about(&self) -> String {
        format!("承办台 {} (浏览器模式)\n", env!("CARGO_PKG_VERSION"))
    }
}

/// `dir/name`, or `dir/stem (2).ext` and so on when taken: a browser tab has no dialog to ask
/// whether to overwrite.
fn free_name(dir: &std::path::Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let path = std::path::Path::new(name);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| format!(".{e}")).unwrap_or_default();
    (2..).map(|n| dir.join(format!("{stem} ({n}){ext}"))).find(|p| !p.exists()).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_never_overwrites_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_name(dir.path(), "处理单.pdf"), dir.path().join("处理单.pdf"));
        std::fs::write(dir.path().join("处理单.pdf"), b"1").unwrap();
        assert_eq!(free_name(dir.path(), "处理单.pdf"), dir.path().join("处理单 (2).pdf"));
        std::fs::write(dir.path().join("处理单 (2).pdf"), b"2").unwrap();
        assert_eq!(free_name(dir.path(), "处理单.pdf"), dir.path().join("处理单 (3).pdf"));
    }
}
