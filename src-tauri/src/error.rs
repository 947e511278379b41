//! The one error shape across IPC: `{code, message}`. `code` is what the UI branches on;
//! `message` is the Chinese sentence it shows. The mapping from core errors lives only here.

use chengban_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct IpcError {
    pub code: &'static str,
    pub message: String,
}

impl From<CoreError> for IpcError {
    fn from(e: CoreError) -> Self {
        let code = match &e {
            CoreError::Offline(_) | CoreError::ServerBusy { .. } => "offline",
            CoreError::AuthExpired | CoreError::NotLoggedIn => "auth_expired",
            CoreError::BadCredentials => "bad_credentials",
            CoreError::Rejected { .. } => "rejected",
            CoreError::InvalidInput(_) => "invalid_input",
            CoreError::Refused(_) => "refused",
            CoreError::NotFound => "not_found",
            CoreError::InvalidResponse(_) | CoreError::Storage(_) | CoreError::CacheTooNew { .. } | CoreError::Internal(_) => "internal",
        };
        if code == "internal" {
            // Display only: a decoding error's detail can quote citizens' data.
            tracing::error!(error = %e, "command failed");
        }
        IpcError { code, message: e.to_string() }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_map_to_the_codes_the_ui_branches_on_with_chinese_messages() {
        let cases = [
            (CoreError::Offline("connection refused".into()), "offline", "无法连接服务器，正在使用本地缓存"),
            (CoreError::AuthExpired, "auth_expired", "登录已失效，请重新登录"),
            (CoreError::BadCredentials, "bad_credentials", "用户名或密码错误"),
            (CoreError::NotFound, "not_found", "工单不存在"),
            (
                CoreError::Rejected { status: 409, code: "state".into(), message: "工单已退回，不能答复".into() },
                "rejected",
                "工单已退回，不能答复",
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
