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
            CoreError::NotFound => "not_found",
            CoreError::InvalidResponse(_) | CoreError::Storage(_) | CoreError::CacheTooNew { .. } | CoreError::Internal(_) => "internal",
        };
        if code == "internal" {
            tracing::error!(error = ?e, "command failed");
        }
        IpcError { code, message: e.to_string() }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
