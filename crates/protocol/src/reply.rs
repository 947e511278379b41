//! 答复: what a department answers a slip with. Real reply forms keep apart what the center
//! needs (办理情况) and what the citizen is told (公开答复), record whether and how the citizen
//! was contacted, state the result with a reason when it is not 解决, flag requests outside the
//! department's duties (超职责诉求), and cite the policy basis (政策依据).
//!
//! Replies written before these fields existed carry only `process`, `result` and the two free
//! policy texts; every newer field defaults, and [`Reply::public_text`] reads such a reply's
//! process as what the citizen was told, as the old form meant it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::Resolution;
use crate::files::AttachmentRef;

/// 联系情况: whether the handler reached the citizen about the request, or why not.
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Contact {
    pub contacted: bool,
    /// When the citizen was reached.
    pub at: Option<DateTime<Utc>>,
    /// The number dialled: personal data, shown masked.
    pub phone: Option<String>,
    /// Why the citizen was not contacted.
    pub reason: Option<String>,
}

/// 政策依据: one cited document, from the department's library or typed in.
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct PolicyCitation {
    /// 文号, e.g. 四政办发〔2022〕12号.
    pub doc_no: String,
    /// The document's title.
    pub title: String,
    /// 条款, e.g. 第十二条.
    pub article: Option<String>,
}

impl std::fmt::Display for PolicyCitation {
    /// As a reply cites it: 文号《title》条款.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}《{}》{}", self.doc_no, self.title, self.article.as_deref().unwrap_or(""))
    }
}

/// 答复: the department's answer to the citizen's request.
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Reply {
    /// 办理情况: how the department handled it, for the center (办理过程 on older replies).
    pub process: String,
    /// 公开答复: what the citizen is told. `None` only on replies written before it existed.
    #[serde(default)]
    pub public_text: Option<String>,
    pub result: Resolution,
    /// Why the request was not (fully) solved: required unless the result is 解决.
    #[serde(default)]
    pub unsolved_reason: Option<String>,
    /// 超职责诉求: set when the request lies outside the department's duties, saying why.
    #[serde(default)]
    pub beyond_duty: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    /// 政策依据 cited.
    #[serde(default)]
    pub policies: Vec<PolicyCitation>,
    /// 政策依据 as free text (文号 and 出处), as older replies gave it.
    #[serde(default)]
    pub policy_doc_no: Option<String>,
    #[serde(default)]
    pub policy_source: Option<String>,
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
}

impl Reply {
    /// What the citizen is told: the 公开答复, or on an older reply its process text.
    pub fn public_text(&self) -> &str {
        self.public_text.as_deref().unwrap_or(&self.process)
    }

    /// Whether the reply cites any policy basis, in either form.
    pub fn cites_policy(&self) -> bool {
        !self.policies.is_empty() || self.policy_doc_no.as_deref().is_some_and(|d| !crate::text::is_blank(d))
    }
}

impl Default for Reply {
    /// An empty 解决 reply, to build on with `..Default::default()`.
    fn default() -> Self {
        Reply {
            process: String::new(),
            public_text: None,
            result: Resolution::Solved,
            unsolved_reason: None,
            beyond_duty: None,
            contact: None,
            policies: Vec::new(),
            policy_doc_no: None,
            policy_source: None,
            attachments: Vec::new(),
        }
    }
}

crate::strict::object_only!(Contact, PolicyCitation, Reply);
