//! The one error body of the department API.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every error the API answers: a stable machine code and a message in Chinese for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    /// e.g. `bad_request`, `unauthorized`, `forbidden`, `not_found`, `payload_too_large`.
    pub code: String,
    /// For the user, in Chinese.
    pub message: String,
    /// For the developer (e.g. which field failed to decode); never shown to the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into(), detail: None }
    }
}
