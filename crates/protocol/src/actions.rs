//! What happens to a slip: the department's actions (pushed as mutations), the center's
//! decisions, and the history entries both leave behind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::*;
use crate::error::ApiError;
pub use crate::files::AttachmentRef;
pub use crate::reply::Reply;

/// 经办人回访: one callback, or one attempt that did not reach the citizen.
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Callback {
    pub at: DateTime<Utc>,
    pub method: CallbackMethod,
    /// False records an attempt that did not reach the citizen.
    pub reached: bool,
    /// Who was reached (the citizen, a relative…).
    pub contact: Option<String>,
    /// What was said, or why the attempt failed.
    pub summary: String,
    pub satisfaction: Option<Satisfaction>,
    pub solved: Option<bool>,
}

/// A department's action on a slip; pushed to the center as a mutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Action {
    /// 签收. A struct variant (not a unit one) so that unknown fields are refused like every
    /// other action's: serde ignores extra fields beside the tag of a unit variant.
    Acknowledge {},
    /// 退回: the center decides.
    RequestReturn {
        reason: ReturnReason,
        text: String,
        #[serde(default)]
        evidence: Vec<AttachmentRef>,
    },
    /// 申请延期: before `due_at`, one at a time; the center decides.
    RequestExtension {
        reason: String,
        requested_due_at: DateTime<Utc>,
    },
    /// 阶段性答复: the slip stays open.
    InterimReply {
        text: String,
    },
    Callback(Callback),
    Reply(Reply),
    /// 审核签发 of a supervision slip's reply by the department's leader: approve sends it to
    /// the center; otherwise it goes back to the handler with the comment.
    SignOff {
        approve: bool,
        comment: Option<String>,
    },
    /// 分派 (改派 when `previous` is set): the leader or the 内勤 gives the slip to one of the
    /// department's handlers (or leaders).
    Assign {
        /// The username of the one who takes it.
        assignee: String,
        /// Who had it when the assigner chose (None: nobody yet). If the slip has been given to
        /// someone else meanwhile the action is refused, so two assigners never overwrite each
        /// other unseen.
        previous: Option<String>,
        /// Why it moves: required for 改派.
        reason: Option<String>,
    },
}

impl Action {
    pub fn label(&self) -> &'static str {
        match self {
            Action::Acknowledge {} => "签收",
            Action::RequestReturn { .. } => "申请退回",
            Action::RequestExtension { .. } => "申请延期",
            Action::InterimReply { .. } => "阶段性答复",
            Action::Callback(c) if c.reached => "回访",
            Action::Callback(_) => "回访未接通",
            Action::Reply(_) => "答复",
            Action::SignOff { approve: true, .. } => "审核签发",
            Action::SignOff { approve: false, .. } => "退回经办人修改",
            Action::Assign { previous: None, .. } => "分派",
            Action::Assign { .. } => "改派",
        }
    }

    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Acknowledge {} => ActionKind::Acknowledge,
            Action::RequestReturn { .. } => ActionKind::RequestReturn,
            Action::RequestExtension { .. } => ActionKind::RequestExtension,
            Action::InterimReply { .. } => ActionKind::InterimReply,
            Action::Callback(_) => ActionKind::Callback,
            Action::Reply(_) => ActionKind::Reply,
            Action::SignOff { .. } => ActionKind::SignOff,
            Action::Assign { .. } => ActionKind::Assign,
        }
    }

    /// Files the center must hold before it accepts the action.
    pub fn attachments(&self) -> &[AttachmentRef] {
        match self {
            Action::RequestReturn { evidence, .. } => evidence,
            Action::Reply(r) => &r.attachments,
            _ => &[],
        }
    }
}

/// The hotline center's decision on a slip (operator API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Decision {
    /// 审单: accept the reply (办结) or send it back for rework (退回重办).
    Review {
        accept: bool,
        reason: Option<String>,
    },
    DecideReturn {
        accept: bool,
        comment: Option<String>,
    },
    DecideExtension {
        approve: bool,
        new_due_at: Option<DateTime<Utc>>,
        comment: Option<String>,
    },
    /// 催办.
    Urge {
        message: String,
    },
}

impl Decision {
    pub fn label(&self) -> &'static str {
        match self {
            Decision::Review { accept: true, .. } => "审单通过（办结）",
            Decision::Review { accept: false, .. } => "退回重办",
            Decision::DecideReturn { accept: true, .. } => "同意退回",
            Decision::DecideReturn { accept: false, .. } => "不同意退回",
            Decision::DecideExtension { approve: true, .. } => "同意延期",
            Decision::DecideExtension { approve: false, .. } => "不同意延期",
            Decision::Urge { .. } => "催办",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
// A reply is the large variant and most events are actions: boxing would cost every action an
// allocation to save bytes only on dispatches and decisions.
#[allow(clippy::large_enum_variant)]
pub enum EventBody {
    Dispatched,
    Action(Action),
    Decision(Decision),
}

/// One line of a slip's history: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SlipEvent {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub role: Role,
    pub body: EventBody,
}

/// An extension request waiting for the center's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingExtension {
    pub reason: String,
    pub requested_due_at: DateTime<Utc>,
    pub requested_at: DateTime<Utc>,
}

/// One action as pushed: numbered per device, in order, from 1 ([`FIRST_MUTATION_ID`]).
#[derive(Debug, Clone, PartialEq, Eq, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Mutation {
    pub id: i64,
    pub slip_id: i64,
    pub action: Action,
    /// When the handler did it (the desk's clock, corrected by the center's offset).
    pub created_at: DateTime<Utc>,
}

/// `POST /v1/push`.
#[derive(Debug, Clone, ToSchema, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct PushRequest {
    /// A random id the desk chose for its cache; mutation ids count per device.
    pub device_id: String,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// Processed with an error: it will never apply, and it does not block the ones after it.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MutationResult {
    pub id: i64,
    pub outcome: Outcome,
    pub error: Option<ApiError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushResponse {
    /// The highest mutation id of this device the center has processed.
    pub last_mutation_id: i64,
    /// One per pushed mutation, in order; repeats answer as the first time.
    pub results: Vec<MutationResult>,
    pub server_time: DateTime<Utc>,
}

crate::strict::object_only!(Callback, Mutation, PushRequest);
