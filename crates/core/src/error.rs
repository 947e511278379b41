//! The core's one error type. [`crate::commands::IpcError`] maps it to IPC codes at the boundary; the messages
//! here are the Chinese sentences a clerk reads.

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The center cannot be reached (no network, refused, timed out). Retry later; the cache
    /// still answers.
    #[error("无法连接服务器，正在使用本地缓存")]
    Offline(String),
    /// The center answered 5xx or 429: it is there but cannot serve now. Retry later.
    #[error("服务器暂时不可用（{status}），稍后自动重试")]
    ServerBusy { status: u16 },
    /// The token is missing, expired or revoked: the user must log in again.
    #[error("登录已失效，请重新登录")]
    AuthExpired,
    #[error("用户名或密码错误")]
    BadCredentials,
    /// The center refused the request (4xx) with its own message. (A mutation the center
    /// refuses inside a push is an outbox entry's `Rejected` state, not this.)
    #[error("{message}")]
    CenterRefused { status: u16, code: String, message: String },
    /// The center answered something that is not the API (bad JSON, wrong shape).
    #[error("服务器返回的数据无法识别")]
    InvalidResponse(String),
    /// The user's input cannot be used (e.g. a malformed server address).
    #[error("{0}")]
    InvalidInput(String),
    /// The slip's state or the rules do not allow the action, judged here before anything is
    /// queued; the sentence says why.
    #[error("{0}")]
    Refused(String),
    #[error("尚未登录")]
    NotLoggedIn,
    #[error("工单不存在")]
    NotFound,
    #[error("{}", storage_sentence(.0))]
    Storage(#[from] rusqlite::Error),
    /// A damaged cache (or work file) was set aside and made anew during this call; the call
    /// did nothing. The sentence says what was kept where.
    #[error("{0}请重试刚才的操作。")]
    CacheRebuilt(String),
    #[error("本地缓存版本 {found} 比本程序新（{known}），请升级承办台")]
    CacheTooNew { found: i64, known: i64 },
    /// The 处理单 PDF could not be made (no Chinese font on this PC, or writing it failed).
    #[error("{0}")]
    Print(String),
    #[error("内部错误：{0}")]
    Internal(String),
}

/// What a clerk reads when SQLite refuses: the PC's disk or folder in plain words, anything else
/// with its detail kept out (it can quote citizens' data).
fn storage_sentence(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(DiskFull) => "磁盘空间已满，本次操作未保存。请清理磁盘（或联系信息科）后重试。".into(),
        Some(ReadOnly | CannotOpen | PermissionDenied) => {
            "承办台的数据目录不可写入，本次操作未保存。请联系信息科检查磁盘和目录权限。".into()
        }
        Some(DatabaseBusy | DatabaseLocked) => "本地缓存正忙，请稍后重试。".into(),
        Some(SystemIoFailure) => "读写本地缓存时磁盘出错，本次操作未保存。请联系信息科检查磁盘。".into(),
        _ => "本地缓存出错，本次操作未保存。请重试；如仍出错请导出诊断信息并联系信息科。".into(),
    }
}

impl CoreError {
    /// Worth retrying by itself later (as opposed to needing the user).
    pub fn is_retryable(&self) -> bool {
        matches!(self, CoreError::Offline(_) | CoreError::ServerBusy { .. })
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
