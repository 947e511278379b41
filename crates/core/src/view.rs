//! What the UI shows, as it crosses IPC. TypeScript declarations are generated from these
//! ([`crate::bindings`]).

pub use crate::store::rows::{CitizenContact, DeadlineCounts, InboxScope, InboxTab, SlipRow, TabCounts};
pub use chengban_protocol::rules::AvailableAction;
pub use chengban_protocol::ActionKind;
use chengban_protocol::{Attention, Channel, PendingExtension, RequestType, Role, SlipKind, SlipStatus, Tier};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InboxPage {
    pub rows: Vec<SlipRow>,
    /// Slips in this tab in all.
    pub total: u32,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AttachmentView {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub content_type: String,
}

/// A slip's detail page. The citizen's name and phone are masked here; the handler reveals
/// them with a separate call when needed for the callback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SlipDetail {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub kind: SlipKind,
    pub channel: Channel,
    pub request_type: RequestType,
    pub tier: Tier,
    pub title: String,
    pub content: String,
    pub status: SlipStatus,
    pub dispatched_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub anonymous: bool,
    pub citizen_name_masked: Option<String>,
    pub citizen_phone_masked: Option<String>,
    pub address: Option<String>,
    pub attachments: Vec<AttachmentView>,
    /// The status as the center last said; `status` includes pending actions.
    pub server_status: SlipStatus,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Until when a return is within its window (退回时限).
    pub return_until: Option<DateTime<Utc>>,
    pub pending_extension: Option<PendingExtension>,
    pub rework_count: u32,
    pub urge_count: u32,
    pub callbacks_reached: u32,
    pub callbacks_unreachable: u32,
    /// What the user may do now; a blocked action says why.
    pub actions: Vec<AvailableAction>,
    /// Oldest first: the center's history, then this desk's actions not yet in it.
    pub timeline: Vec<TimelineItem>,
    /// The center's latest decision the clerk must act on, shown at the top of the slip.
    pub attention: Option<Attention>,
    /// Who has it (分派), this desk's pending assignment included.
    pub assignee: Option<chengban_protocol::Assignee>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimelineSync {
    /// In the center's history.
    Synced,
    /// Done on this desk, not yet confirmed by the center (待同步).
    Pending,
    /// The center refused it; `error` says why.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelineItem {
    /// The department's action this item records (none for the center's decisions), for what
    /// the window must find by meaning rather than by its words (the reply to sign off).
    pub action: Option<ActionKind>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub role: Role,
    pub title: String,
    pub detail: Option<String>,
    pub sync: TimelineSync,
    pub error: Option<String>,
    /// The outbox entry, for dismissing a rejected one.
    #[ts(type = "number | null")]
    pub mutation_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Up to date with the center as of `last_synced_at`.
    Online,
    Syncing,
    /// The center cannot be reached; the cache answers.
    Offline,
    /// The token was refused; the user must log in again. The cache is kept.
    AuthExpired,
    /// The center answered something unusable; retried later.
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub state: SyncState,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Since when the center has been unreachable, while it is.
    pub offline_since: Option<DateTime<Utc>>,
    /// A sentence for the user when something is wrong.
    pub message: Option<String>,
    /// The center's clock minus this PC's, so countdowns use the center's time.
    #[ts(type = "number")]
    pub clock_offset_ms: i64,
    /// What the user must know about this PC's files since the desk started (a damaged one set
    /// aside, a data folder that cannot be written), each a sentence.
    pub storage_notices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionInfo {
    pub server_url: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_name: Option<String>,
    /// False when no OS keyring is available: the token lives for this run only.
    pub token_persisted: bool,
    pub keyring_message: Option<String>,
}

/// What the login screen starts with: the last server and username, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LoginDefaults {
    pub server_url: Option<String>,
    pub username: Option<String>,
}

/// How the window should behave, from the desk's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UiConfig {
    /// No animations (for users who ask for it, and for the end-to-end tests).
    pub reduce_motion: bool,
}

/// One month's rates of the whole department, for the 统计 page's trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonthRates {
    /// `YYYY-MM`.
    pub month: String,
    pub rates: chengban_protocol::rates::Rates,
}

/// An open slip due later in the month: what 按时办结率 becomes if it is missed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskRow {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub title: String,
    pub due_at: DateTime<Utc>,
    /// 按时办结率 now, as counts.
    pub now: chengban_protocol::rates::Ratio,
    /// 按时办结率 if this slip is not closed by its due time.
    pub if_missed: chengban_protocol::rates::Ratio,
}

/// Everything the 统计 page shows, counted from the cache in one pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StatsPage {
    pub report: chengban_protocol::StatsReport,
    /// The month before, whole, to compare with.
    pub previous: chengban_protocol::rates::Rates,
    /// The twelve months up to the one shown, oldest first.
    pub trend: Vec<MonthRates>,
    /// The shown month's open slips not yet due, soonest first (this month only).
    pub risks: Vec<RiskRow>,
}

/// A template the reply form offers: the department's (from the center) or the handler's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateChoice {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The handler's own, kept on this desk only.
    pub personal: bool,
}

/// The reply library as the desk has it (usable offline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplyLibrary {
    pub templates: Vec<TemplateChoice>,
    pub policies: Vec<chengban_protocol::library::PolicyEntry>,
    /// The placeholders a template may use, and what each becomes.
    pub placeholders: Vec<(String, String)>,
    /// The user may change the department's templates and policy entries (a leader).
    pub can_edit: bool,
}

/// A past slip like this one (类似工单), with the reply the center accepted for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SimilarCase {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: SlipStatus,
    pub dispatched_at: DateTime<Utc>,
    /// Raised by the same citizen (their phone, compared by keyed hash).
    pub same_citizen: bool,
    pub same_place: bool,
    pub like_title: bool,
    /// The same citizen about the same matter within 30 days: this slip is a 重复件.
    pub repeat: bool,
    /// The reply the center accepted (审单通过), to reuse as a draft.
    pub accepted_reply: Option<chengban_protocol::Reply>,
}

/// A slip's similar past cases, most telling first, and whether it is a 重复件.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SimilarCases {
    pub repeat: bool,
    pub cases: Vec<SimilarCase>,
}
