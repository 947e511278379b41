//! Closed vocabularies of the domain (see the glossary in the domain README), with their
//! Chinese labels as a clerk reads them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case name used on the wire and in databases.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// The Chinese label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

labelled_enum! {
    /// Who a user is at the hotline: the department's handler (经办人), leader (分管领导) or
    /// dispatcher (内勤: signs for slips and gives them to handlers), or the hotline center's own
    /// operator staff.
    Role {
        Handler = "handler", "经办人";
        Leader = "leader", "分管领导";
        Dispatcher = "dispatcher", "内勤";
        Operator = "operator", "受理中心";
    }
}

impl Role {
    /// Whether a slip may be assigned to this role (分派): handlers and leaders handle slips; a
    /// 内勤 gives them out, and an operator is not in a department.
    pub fn takes_slips(self) -> bool {
        matches!(self, Role::Handler | Role::Leader)
    }

    /// A role a department's account may have.
    pub fn in_department(self) -> bool {
        self != Role::Operator
    }
}

labelled_enum! {
    /// 交办单 for ordinary matters, 督办单 for important ones (its reply needs a leader's sign-off).
    SlipKind {
        Assignment = "assignment", "交办单";
        Supervision = "supervision", "督办单";
    }
}

labelled_enum! {
    /// What the citizen asks for.
    RequestType {
        Consultation = "consultation", "咨询";
        Help = "help", "求助";
        Complaint = "complaint", "投诉";
        Report = "report", "举报";
        Suggestion = "suggestion", "建议";
    }
}

labelled_enum! {
    /// The time-limit tier; the center turns it into `due_at` through its policy table.
    Tier {
        Emergency = "emergency", "突发紧急";
        Urgent = "urgent", "紧急";
        General = "general", "一般紧急";
        Investigation = "investigation", "需调查";
        ComplaintVerification = "complaint_verification", "投诉核实";
        ReportInvestigation = "report_investigation", "举报调查";
        Suggestion = "suggestion", "合理化建议";
    }
}

labelled_enum! {
    /// Where the request came in (来源渠道); higher channels are scored separately.
    Channel {
        Hotline = "hotline", "12345热线";
        StateCouncil = "state_council", "国务院“互联网+督查”";
        GovWebsite = "gov_website", "中国政府网网民留言";
        PeopleBoard = "people_board", "人民网领导留言板";
        GovernorHotline = "governor_hotline", "省长电话转办平台";
        GovernorMailbox = "governor_mailbox", "省长信箱";
        MayorMailbox = "mayor_mailbox", "市长信箱";
        VoiceMessage = "voice_message", "语音留言";
    }
}

labelled_enum! {
    /// Where a slip stands, as the desktop's inbox tabs group it.
    SlipStatus {
        Dispatched = "dispatched", "待签收";
        InProgress = "in_progress", "办理中";
        ReturnRequested = "return_requested", "退回待审";
        AwaitingSignOff = "awaiting_sign_off", "待签发";
        Replied = "replied", "已答复";
        Closed = "closed", "已办结";
        Returned = "returned", "已退回";
    }
}

labelled_enum! {
    /// Why a department returns a slip to the center (退回).
    ReturnReason {
        WrongLocality = "wrong_locality", "属地不符";
        UnclearOwnership = "unclear_ownership", "权属不清";
        WrongDepartment = "wrong_department", "职能不符";
        Other = "other", "其他";
    }
}

labelled_enum! {
    /// How the handler reached (or tried to reach) the citizen.
    CallbackMethod {
        Phone = "phone", "电话";
        OnSite = "on_site", "上门";
        Sms = "sms", "短信";
    }
}

labelled_enum! {
    /// The citizen's satisfaction as said on the callback.
    Satisfaction {
        Unsatisfied = "unsatisfied", "不满意";
        Understanding = "understanding", "理解";
        Satisfied = "satisfied", "满意";
        VerySatisfied = "very_satisfied", "非常满意";
    }
}

labelled_enum! {
    /// The result a reply states.
    Resolution {
        Solved = "solved", "已解决";
        PartlySolved = "partly_solved", "部分解决";
        Unsolved = "unsolved", "未解决";
    }
}

labelled_enum! {
    /// 附件分类: what an attached file shows.
    AttachmentClass {
        IdDocument = "id_document", "证件";
        ContactEvidence = "contact_evidence", "联系证据";
        Handling = "handling", "办理附件";
    }
}

impl Default for AttachmentClass {
    /// Files attached before classes existed.
    fn default() -> Self {
        AttachmentClass::Handling
    }
}

labelled_enum! {
    /// What the center's audit log records.
    AuditKind {
        Login = "login", "登录";
        LoginFailed = "login_failed", "登录失败";
        LoginThrottled = "login_throttled", "登录被暂停";
        Logout = "logout", "退出登录";
        Decision = "decision", "受理中心决定";
        RevealContact = "reveal_contact", "查看诉求人联系方式";
        UserUpdated = "user_updated", "账号变更";
    }
}

labelled_enum! {
    /// The center's latest word on a slip that the clerk must act on (shown at the top of the
    /// slip and as a mark in the list).
    AttentionKind {
        Rework = "rework", "重办";
        ReturnRefused = "return_refused", "退回被拒";
        ExtensionRefused = "extension_refused", "延期被拒";
        Urged = "urged", "催办";
    }
}

labelled_enum! {
    /// The department's actions on a slip, by kind (what a button offers; [`crate::Action`]
    /// carries the filled-in form).
    ActionKind {
        Acknowledge = "acknowledge", "签收";
        RequestReturn = "request_return", "退回";
        RequestExtension = "request_extension", "申请延期";
        InterimReply = "interim_reply", "阶段性答复";
        Callback = "callback", "回访";
        Reply = "reply", "答复";
        SignOff = "sign_off", "审核签发";
        Assign = "assign", "分派";
    }
}

impl SlipStatus {
    /// The statuses in which the department still owes the slip something, so its deadline runs.
    pub const OPEN: &'static [SlipStatus] =
        &[SlipStatus::Dispatched, SlipStatus::InProgress, SlipStatus::ReturnRequested, SlipStatus::AwaitingSignOff];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}
