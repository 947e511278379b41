//! The commands' arguments, as the window sends them (camelCase, nothing unknown).

use chengban_protocol::library::{PolicyInput, TemplateInput};
use chengban_protocol::{Action, AttachmentClass, Reply};
use serde::Deserialize;
use ts_rs::TS;

use crate::alerts::rules::AlertSettings;
use crate::view::{InboxScope, InboxTab};

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScopeArgs {
    /// 本单位 when not given.
    #[serde(default)]
    #[ts(optional)]
    pub scope: Option<InboxScope>,
}

/// For the commands that take none.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginArgs {
    pub server_url: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InboxPageArgs {
    pub tab: InboxTab,
    /// 我的, 本单位 or 未分派; 本单位 when not given.
    #[serde(default)]
    #[ts(optional)]
    pub scope: Option<InboxScope>,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SlipArgs {
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchArgs {
    pub query: String,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActArgs {
    #[ts(type = "number")]
    pub id: i64,
    pub action: Action,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddAttachmentArgs {
    pub name: String,
    pub content_type: String,
    /// The file's bytes in base64: a webview has no paths to give.
    pub data_base64: String,
    /// What the file shows; 办理附件 when absent.
    #[serde(default)]
    #[ts(optional)]
    pub class: Option<AttachmentClass>,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckReplyArgs {
    #[ts(type = "number")]
    pub id: i64,
    pub reply: Reply,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DismissArgs {
    #[ts(type = "number")]
    pub mutation_id: i64,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlertSettingsArgs {
    pub settings: AlertSettings,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutostartArgs {
    pub enabled: bool,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatsArgs {
    /// `YYYY-MM`; absent for this month.
    #[serde(default)]
    #[ts(optional)]
    pub month: Option<String>,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FillTemplateArgs {
    /// The slip the template is filled for.
    #[ts(type = "number")]
    pub id: i64,
    pub body: String,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateArgs {
    pub template: TemplateInput,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryArgs {
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaveTemplateArgs {
    /// None adds a template.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub template: TemplateInput,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavePolicyArgs {
    /// None adds an entry.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub policy: PolicyInput,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteEntryArgs {
    /// A policy entry (true) or a template.
    pub policy: bool,
    #[ts(type = "number")]
    pub id: i64,
}
