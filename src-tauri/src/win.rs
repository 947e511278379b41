//! What only Windows needs before the window opens: the app's AppUserModelID, which names its
//! toasts and groups its taskbar button with the Start-menu shortcut the installer made (same
//! id), and a Chinese message instead of a blank failure when the WebView2 runtime is missing.

use crate::APP_ID;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

/// Sets the process's AppUserModelID, and registers it for this user when no installer did
/// (an unpacked exe), so toasts show as 承办台 rather than not at all.
pub fn register_app_id() {
    let id = wide(APP_ID);
    // SAFETY: a NUL-terminated UTF-16 string that outlives the call.
    let hr = unsafe { windows_sys::Win32::UI::Shell::SetCurrentProcessExplicitAppUserModelID(id.as_ptr()) };
    if hr != 0 {
        tracing::warn!(hr, "AppUserModelID not set");
    }
    let key = format!("AppUserModelId\\{APP_ID}");
    if windows_registry::CLASSES_ROOT.open(&key).is_ok() {
        return;
    }
    let registered = windows_registry::CURRENT_USER.create(format!("Software\\Classes\\{key}")).and_then(|k| {
        k.set_string("DisplayName", "承办台")?;
        if let Some(icon) = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|d| d.join("icon.ico"))).filter(|p| p.exists()) {
            k.set_string("IconUri", icon.to_string_lossy())?;
        }
        Ok(())
    });
    if let Err(e) = registered {
        tracing::warn!(error = %e, "AppUserModelID not registered: toasts may not show");
    }
}

/// The message when the WebView2 runtime is missing (the window cannot be drawn without it).
pub const WEBVIEW2_MISSING: &str = "这台电脑缺少 Microsoft Edge WebView2 运行时，承办台的窗口需要它才能显示。\n\n\
请联系单位信息科安装「WebView2 运行时（常青版）」；能上网时也可从微软网站下载：\n\
https://developer.microsoft.com/microsoft-edge/webview2/\n\n安装后重新打开承办台即可，已有的工单和未发送的操作都还在。";

/// False, after telling the user in a message box, when no WebView2 runtime is installed.
pub fn webview2_present() -> bool {
    match tauri::webview_version() {
        Ok(version) => {
            tracing::info!(%version, "WebView2 runtime");
            true
        }
        Err(e) => {
            tracing::error!(error = %e, "no WebView2 runtime");
            let (text, caption) = (wide(WEBVIEW2_MISSING), wide("承办台无法启动"));
            use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};
            // SAFETY: NUL-terminated UTF-16 strings that outlive the call; no owner window.
            unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), caption.as_ptr(), MB_OK | MB_ICONERROR) };
            false
        }
    }
}
