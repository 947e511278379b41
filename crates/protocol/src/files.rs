//! Files that actions carry: referenced by content hash, uploaded to the center before the
//! action that names them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::AttachmentClass;

/// A file stored on the center under its SHA-256, referenced by actions.
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AttachmentRef {
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    pub content_type: String,
    /// What the file shows (附件分类); files attached before classes existed are 办理附件.
    #[serde(default)]
    pub class: AttachmentClass,
}

crate::strict::object_only!(AttachmentRef);
