//! The window's calls: every command of [`chengban_core::commands`] through one invoke handler,
//! so this shell serves exactly the core's list (the browser mode serves the same one). What
//! only this shell can do — start at login, where exports go — is its [`Shell`].

use chengban_core::commands::{self, Command, IpcError, Shell};
use chengban_core::CoreError;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt;

use crate::AppState;

struct TauriShell<R: Runtime>(AppHandle<R>);

impl<R: Runtime> Shell for TauriShell<R> {
    fn autostart(&self) -> bool {
        self.0.autolaunch().is_enabled().unwrap_or(false)
    }

    fn set_autostart(&self, enabled: bool) -> chengban_core::error::Result<bool> {
        let launcher = self.0.autolaunch();
        let done = if enabled { launcher.enable() } else { launcher.disable() };
        done.map_err(|e| CoreError::Internal(format!("autostart: {e}")))?;
        Ok(launcher.is_enabled().unwrap_or(enabled))
    }

    fn export_dir(&self) -> std::path::PathBuf {
        chengban_core::desktop::downloads_dir()
    }

    /// The OS's save dialog over the window, starting in the export folder. With
    /// `CHENGBAN_SAVE_DIR` set (IT's fixed folder for exports, and the end-to-end tests), no
    /// dialog: the file goes there.
    fn save_path(&self, file_name: &str) -> Option<std::path::PathBuf> {
        if let Some(dir) = std::env::var_os("CHENGBAN_SAVE_DIR").filter(|d| !d.is_empty()) {
            return Some(std::path::PathBuf::from(dir).join(file_name));
        }
        use tauri_plugin_dialog::DialogExt;
        let mut dialog = self.0.dialog().file().set_title("保存").set_directory(self.export_dir()).set_file_name(file_name);
        if let Some(ext) = std::path::Path::new(file_name).extension().and_then(|e| e.to_str()) {
            let kind = match ext {
                "xlsx" => "Excel 工作簿",
                "pdf" => "PDF 文档",
                other => other,
            };
            dialog = dialog.add_filter(kind, &[ext]);
        }
        if let Some(w) = self.0.get_webview_window("main") {
            dialog = dialog.set_parent(&w);
        }
        dialog.blocking_save_file().and_then(|p| p.into_path().ok())
    }

    fn about(&self) -> String {
        format!("承办台 {} (Tauri {})\n", env!("CARGO_PKG_VERSION"), tauri::VERSION)
    }
}

/// Tauri's invoke handler: `false` (not found) for a name outside the core's list.
pub fn handle<R: Runtime>(invoke: Invoke<R>) -> bool {
    let name = invoke.message.command().to_string();
    if !Command::NAMES.contains(&name.as_str()) {
        return false;
    }
    let args = match invoke.message.payload() {
        InvokeBody::Json(v) => v.clone(),
        InvokeBody::Raw(_) => serde_json::Value::Null,
    };
    let app = invoke.message.webview().app_handle().clone();
    invoke.resolver.respond_async(async move {
        let Some(state) = app.try_state::<AppState>() else {
            return Err(InvokeError::from(IpcError::from(CoreError::Internal("承办台尚未就绪".into()))));
        };
        let desk = state.desk.clone();
        let shell = TauriShell(app.clone());
        commands::call(&desk, &shell, &name, args).await.map_err(InvokeError::from)
    });
    true
}

#[cfg(test)]
mod tests {
    use chengban_core::commands::Command;
    use serde_json::Value;

    /// The window's grants: each desk command's `allow-…` (declared by `build.rs`), and the two
    /// event permissions the UI's `listen` needs — nothing of `core:default`.
    #[test]
    fn the_window_is_granted_each_desk_command_and_nothing_more() {
        let capability: Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap_or_default();
        let granted: Vec<String> =
            capability["permissions"].as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_string)).collect();
        let commands: Vec<String> = Command::NAMES.iter().map(|n| format!("allow-{}", n.replace('_', "-"))).collect();
        for c in &commands {
            assert!(granted.contains(c), "command without a permission: {c}");
        }
        let rest: Vec<&String> = granted.iter().filter(|g| !commands.contains(g)).collect();
        assert_eq!(rest, ["core:event:allow-listen", "core:event:allow-unlisten"], "only what the window uses");
    }

    /// A `<style>` or inline script in the built page would make Tauri add its hash to the
    /// policy, and a browser then ignores `'unsafe-inline'` beside it: antd's run-time styles
    /// (which need it) would stop. The page as built and served keeps both in files.
    #[test]
    fn the_built_page_has_no_inline_style_or_script() {
        let page = include_str!("../../ui/dist/index.html");
        assert!(!page.contains("<style"), "no <style> in the page");
        let scripts: Vec<&str> = page.split("<script").skip(1).collect();
        assert!(
            !scripts.is_empty() && scripts.iter().all(|s| s.split('>').next().is_some_and(|tag| tag.contains(" src="))),
            "scripts only from files"
        );
    }
}
