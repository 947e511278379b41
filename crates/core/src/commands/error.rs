//! The one error shape across IPC: `{code, message}`. `code` is what the window branches on
//! ([`ErrorCode`], exported to TypeScript); `message` is the Chinese sentence it shows. The
//! mapping from [`CoreError`] lives only here.

use serde::Serialize;
use ts_rs::TS;

use crate::error::CoreError;

/// What kind of failure a command met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The center cannot be reached or is busy; the cache still answers.
    Offline,
    /// Nobody is logged in, or the token ended: log in again.
    AuthExpired,
    BadCredentials,
    /// The center refused the request; the message is its own.
    CenterRefused,
    /// The rules refuse the action in the slip's state.
    Refused,
    /// What the user entered cannot be used.
    InvalidInput,
    NotFound,
    /// The window sent a command or arguments this desk does not know (a bug, never the user's).
    BadArguments,
    /// The PC's storage refused (disk full, folder not writable) or a damaged cache was rebuilt:
    /// nothing was saved; the message says what to do.
    Storage,
    /// The 处理单 could not be printed or saved as PDF; the message says what to install or do.
    Print,
    /// Anything else; logged, with its detail kept out of the message.
    Internal,
    /// Browser mode: the page does not hold this launch's key (opened some other way, or the
    /// desk started again since): open it again from the desk's icon.
    Unauthorized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    /// Browser mode: the request lacks this launch's key.
    pub fn unauthorized() -> Self {
        IpcError { code: ErrorCode::Unauthorized, message: "此页面已失效，请从“承办台”图标重新打开".into() }
    }

    pub fn bad_arguments(command: &str) -> Self {
        IpcError {
            code: ErrorCode::BadArguments, message: format!("承办台内部错误：无法执行“{command}”，请重启承办台后重试")
        }
    }
}

impl From<CoreError> for IpcError {
    fn from(e: CoreError) -> Self {
        let code = match &e {
            CoreError::Offline(_) | CoreError::ServerBusy { .. } => ErrorCode::Offline,
            CoreError::AuthExpired | CoreError::NotLoggedIn => ErrorCode::AuthExpired,
            CoreError::BadCredentials => ErrorCode::BadCredentials,
            CoreError::CenterRefused { .. } => ErrorCode::CenterRefused,
            CoreError::InvalidInput(_) => ErrorCode::InvalidInput,
            CoreError::Refused(_) => ErrorCode::Refused,
            CoreError::NotFound => ErrorCode::NotFound,
            CoreError::Storage(_) | CoreError::CacheRebuilt(_) => ErrorCode::Storage,
            CoreError::Print(_) => ErrorCode::Print,
            CoreError::InvalidResponse(_) | CoreError::CacheTooNew { .. } | CoreError::Internal(_) => ErrorCode::Internal,
        };
        if let CoreError::Storage(detail) = &e {
            // Display only: the detail of a SQLite error can quote citizens' data.
            tracing::error!(error = %detail, "storage refused");
        }
        if code == ErrorCode::Internal {
            // Display only: a decoding error's detail can quote citizens' data.
            tracing::error!(error = %e, "command failed");
        }
        IpcError { code, message: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_map_to_the_codes_the_ui_branches_on_with_chinese_messages() {
        let cases = [
            (CoreError::Offline("connection refused".into()), ErrorCode::Offline, "无法连接服务器，正在使用本地缓存"),
            (CoreError::AuthExpired, ErrorCode::AuthExpired, "登录已失效，请重新登录"),
            (CoreError::BadCredentials, ErrorCode::BadCredentials, "用户名或密码错误"),
            (CoreError::NotFound, ErrorCode::NotFound, "工单不存在"),
            (
                CoreError::CenterRefused { status: 409, code: "state".into(), message: "工单已退回，不能答复".into() },
                ErrorCode::CenterRefused,
                "工单已退回，不能答复",
            ),
            (
                CoreError::Print(crate::sheet::FontError::NotFound.to_string()),
                ErrorCode::Print,
                "没有找到可用的中文字体，无法生成 PDF。请安装 fonts-noto-cjk（或文泉驿字体）后重试",
            ),
        ];
        for (err, code, message) in cases {
            let ipc = IpcError::from(err);
            assert_eq!((ipc.code, ipc.message.as_str()), (code, message));
        }
    }

    #[test]
    fn transport_details_stay_out_of_the_users_message() {
        let ipc = IpcError::from(CoreError::Offline("tcp connect error: 127.0.0.1:8787".into()));
        assert!(!ipc.message.contains("127.0.0.1"));
        let json = serde_json::to_value(&ipc).unwrap_or_default();
        assert_eq!(json["code"], "offline");
    }
}
