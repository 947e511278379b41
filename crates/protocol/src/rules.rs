//! The slip's state machine, shared by the center (which enforces it) and the desk (which
//! validates before queueing and predicts the result while offline). Pure: no I/O, no clock
//! of its own.

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};

use crate::actions::{Action, Decision};
use crate::enums::*;
pub use crate::facts::{Effect, SlipFacts};

/// How long before its arrival the center still takes a desk's word for when an action was
/// done (see [`action_time`]).
pub const MAX_ACTION_DELAY_HOURS: i64 = 24;

/// The time the center judges an action at, and records it at: when the desk did it (the
/// mutation's `created_at`, read on the desk's clock corrected by the offset it learnt from the
/// center), but never after its arrival and never more than [`MAX_ACTION_DELAY_HOURS`] before.
/// So an extension asked offline before the deadline and delivered after it is accepted, as the
/// desk showed it, and a slip signed for offline counts as signed when it was; a desk whose
/// clock was turned back gains at most the bound.
pub fn action_time(done_at: DateTime<Utc>, arrived_at: DateTime<Utc>) -> DateTime<Utc> {
    done_at.clamp(arrived_at - chrono::Duration::hours(MAX_ACTION_DELAY_HOURS), arrived_at)
}

/// How many unreachable callback attempts allow a reply without a reached callback.
pub const MIN_UNREACHABLE_ATTEMPTS: u32 = 3;
pub const MAX_TEXT: usize = 5000;

/// Why an action or decision is refused; `Display` is the Chinese sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("工单当前为“{status}”，不能{action}")]
    WrongState { action: &'static str, status: &'static str },
    /// What the user filled in is not acceptable.
    #[error("{0}")]
    Invalid(String),
    /// The action belongs to this state but something must happen first (e.g. a callback
    /// before the reply): the button shows, disabled, with this sentence.
    #[error("{0}")]
    NotYet(String),
    #[error("只有{0}可以{1}")]
    Role(&'static str, &'static str),
    /// The slip changed since the user decided (another assigner moved it).
    #[error("{0}")]
    Changed(String),
}

impl Refusal {
    /// Stable machine code for the API's `{code, message}`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::WrongState { .. } => "wrong_state",
            Refusal::Invalid(_) | Refusal::NotYet(_) => "invalid_input",
            Refusal::Role(..) => "forbidden",
            Refusal::Changed(_) => "conflict",
        }
    }
}

fn wrong(action: &'static str, status: SlipStatus) -> Refusal {
    Refusal::WrongState { action, status: status.label() }
}

fn required(text: &str, what: &str) -> Result<(), Refusal> {
    let n = crate::text::trim(text).chars().count();
    if n == 0 {
        return Err(Refusal::Invalid(format!("请填写{what}")));
    }
    if n > MAX_TEXT {
        return Err(Refusal::Invalid(format!("{what}不能超过 {MAX_TEXT} 字")));
    }
    Ok(())
}

fn optional(text: &Option<String>, what: &str) -> Result<(), Refusal> {
    match text {
        Some(t) if t.chars().count() > MAX_TEXT => Err(Refusal::Invalid(format!("{what}不能超过 {MAX_TEXT} 字"))),
        _ => Ok(()),
    }
}

/// An action the user may see on a slip: open, or shown disabled with what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AvailableAction {
    pub kind: ActionKind,
    /// Set when the action belongs to this state but cannot be done yet (e.g. a reply before
    /// any callback): the sentence says what is missing.
    pub blocked: Option<String>,
}

/// What `role` may do on a slip in `facts`' state at `now`, in [`ActionKind::ALL`]'s order:
/// the buttons of the slip page. Decided by [`permits`], the same gate [`check_action`] uses.
pub fn available_actions(facts: &SlipFacts, role: Role, now: DateTime<Utc>) -> Vec<AvailableAction> {
    ActionKind::ALL
        .iter()
        .filter_map(|&kind| match permits(facts, role, kind, now) {
            Ok(()) => Some(AvailableAction { kind, blocked: None }),
            Err(Refusal::NotYet(why)) => Some(AvailableAction { kind, blocked: Some(why) }),
            Err(_) => None,
        })
        .collect()
}

/// Whether `role` may do an action of `kind` on a slip in `facts`' state at `now`, before
/// looking at what the user filled in.
pub fn permits(facts: &SlipFacts, role: Role, kind: ActionKind, now: DateTime<Utc>) -> Result<(), Refusal> {
    gate(facts, role, kind, kind.label(), now)
}

fn gate(facts: &SlipFacts, role: Role, kind: ActionKind, label: &'static str, now: DateTime<Utc>) -> Result<(), Refusal> {
    use SlipStatus::*;
    if role == Role::Operator {
        return Err(Refusal::Role("承办单位", label));
    }
    let s = facts.status;
    // The 内勤 signs for slips, asks to return them and gives them out; handling is not theirs.
    if role == Role::Dispatcher && !matches!(kind, ActionKind::Acknowledge | ActionKind::RequestReturn | ActionKind::Assign) {
        return Err(Refusal::Role("经办人", label));
    }
    let in_state = match kind {
        ActionKind::Acknowledge => s == Dispatched,
        ActionKind::RequestReturn | ActionKind::RequestExtension => matches!(s, Dispatched | InProgress),
        ActionKind::InterimReply | ActionKind::Reply => s == InProgress,
        // While a reply waits for sign-off the leader signs it off; calling back is the handler's.
        ActionKind::Callback if s == AwaitingSignOff && role == Role::Leader => return Err(Refusal::Role("经办人", label)),
        ActionKind::Callback => matches!(s, InProgress | AwaitingSignOff | Replied),
        ActionKind::SignOff if role != Role::Leader => return Err(Refusal::Role("分管领导", "审核签发")),
        ActionKind::SignOff => s == AwaitingSignOff,
        ActionKind::Assign if role == Role::Handler => return Err(Refusal::Role("分管领导或内勤", "分派工单")),
        ActionKind::Assign => s.is_open(),
    };
    if !in_state {
        return Err(wrong(label, s));
    }
    match kind {
        ActionKind::RequestExtension if now >= facts.due_at => Err(Refusal::NotYet("已超过办理时限，不能再申请延期".into())),
        ActionKind::RequestExtension if facts.extension_pending => Err(Refusal::NotYet("上一次延期申请尚未审批，不能再次申请".into())),
        ActionKind::Reply => {
            let called = facts.callbacks_reached > 0 || facts.callbacks_unreachable >= MIN_UNREACHABLE_ATTEMPTS || facts.anonymous;
            match called {
                true => Ok(()),
                false if facts.reworked => {
                    Err(Refusal::NotYet(format!("已退回重办：答复前须重新回访诉求人（或记录至少 {MIN_UNREACHABLE_ATTEMPTS} 次未接通）")))
                }
                false => Err(Refusal::NotYet(format!("答复前须先回访诉求人（或记录至少 {MIN_UNREACHABLE_ATTEMPTS} 次未接通）"))),
            }
        }
        _ => Ok(()),
    }
}

/// Whether the department may do `action` on a slip in `facts`' state, and what follows:
/// [`permits`] for its kind, then what the user filled in.
pub fn check_action(facts: &SlipFacts, role: Role, action: &Action, now: DateTime<Utc>) -> Result<Effect, Refusal> {
    use SlipStatus::*;
    gate(facts, role, action.kind(), action.label(), now)?;
    let s = facts.status;
    match action {
        Action::Acknowledge {} => Ok(Effect { acknowledges: true, ..Effect::to(InProgress) }),
        Action::RequestReturn { text, .. } => {
            required(text, "退回理由")?;
            Ok(Effect { acknowledges: s == Dispatched, ..Effect::to(ReturnRequested) })
        }
        Action::RequestExtension { reason, requested_due_at } => {
            required(reason, "延期理由")?;
            if *requested_due_at <= facts.due_at {
                return Err(Refusal::Invalid("申请的新时限须晚于当前截止时间".into()));
            }
            Ok(Effect { extension_pending: Some(true), ..Effect::to(s) })
        }
        Action::InterimReply { text } => {
            required(text, "阶段性答复内容")?;
            Ok(Effect::to(s))
        }
        Action::Callback(c) => {
            required(&c.summary, if c.reached { "回访情况" } else { "未接通情况" })?;
            optional(&c.contact, "回访对象")?;
            if c.reached && (c.satisfaction.is_none() || c.solved.is_none()) {
                return Err(Refusal::Invalid("回访接通时须填写满意度和是否解决".into()));
            }
            if c.at > now + chrono::Duration::minutes(5) {
                return Err(Refusal::Invalid("回访时间不能晚于现在".into()));
            }
            Ok(Effect::to(s))
        }
        Action::Reply(r) => {
            required(&r.process, "办理情况")?;
            for (text, what) in [
                (&r.public_text, "公开答复"),
                (&r.unsolved_reason, "未解决原因"),
                (&r.beyond_duty, "超职责说明"),
                (&r.policy_doc_no, "政策文号"),
                (&r.policy_source, "政策出处"),
            ] {
                optional(text, what)?;
            }
            if let Some(c) = &r.contact {
                optional(&c.phone, "联系电话")?;
                optional(&c.reason, "未联系原因")?;
                if c.at.is_some_and(|at| at > now + chrono::Duration::minutes(5)) {
                    return Err(Refusal::Invalid("联系时间不能晚于现在".into()));
                }
            }
            for p in &r.policies {
                required(&p.doc_no, "政策文号")?;
                required(&p.title, "政策名称")?;
                optional(&p.article, "政策条款")?;
            }
            if let Some(f) = crate::review::first_block(facts, r) {
                return Err(Refusal::Invalid(f.message));
            }
            Ok(Effect::to(if facts.kind == SlipKind::Supervision { AwaitingSignOff } else { Replied }))
        }
        Action::Assign { assignee, previous, reason } => {
            let assignee = crate::text::trim(assignee);
            if assignee.is_empty() {
                return Err(Refusal::Invalid("请选择经办人".into()));
            }
            if previous.as_deref() != facts.assignee.as_deref() {
                return Err(Refusal::Changed("工单的经办人已变更，请刷新后重新分派".into()));
            }
            if facts.assignee.as_deref() == Some(assignee) {
                return Err(Refusal::Invalid("工单已分派给该经办人".into()));
            }
            if previous.is_some() {
                required(reason.as_deref().unwrap_or(""), "改派原因")?;
            } else {
                optional(reason, "分派说明")?;
            }
            Ok(Effect { assignee: Some(assignee.to_string()), ..Effect::to(s) })
        }
        Action::SignOff { approve: true, .. } => Ok(Effect::to(Replied)),
        Action::SignOff { comment, .. } => {
            required(comment.as_deref().unwrap_or(""), "退回修改意见")?;
            Ok(Effect::to(InProgress))
        }
    }
}

/// Whether the center may decide `decision` on a slip in `facts`' state, and what follows.
pub fn check_decision(facts: &SlipFacts, decision: &Decision) -> Result<Effect, Refusal> {
    use SlipStatus::*;
    let s = facts.status;
    let label = decision.label();
    match decision {
        Decision::Review { accept, reason } => match s {
            Replied if *accept => Ok(Effect::to(Closed)),
            Replied => {
                required(reason.as_deref().unwrap_or(""), "退回重办理由")?;
                Ok(Effect { rework: true, ..Effect::to(InProgress) })
            }
            _ => Err(wrong(label, s)),
        },
        Decision::DecideReturn { accept, comment } => match s {
            ReturnRequested if *accept => Ok(Effect::to(Returned)),
            ReturnRequested => {
                required(comment.as_deref().unwrap_or(""), "不同意退回的意见")?;
                Ok(Effect::to(InProgress))
            }
            _ => Err(wrong(label, s)),
        },
        Decision::DecideExtension { approve, new_due_at, comment } => {
            if !facts.extension_pending {
                return Err(Refusal::Invalid("该工单没有待审批的延期申请".into()));
            }
            optional(comment, "意见")?;
            if *approve {
                let due = new_due_at.ok_or_else(|| Refusal::Invalid("同意延期须给出新的截止时间".into()))?;
                if due <= facts.due_at {
                    return Err(Refusal::Invalid("新的截止时间须晚于当前截止时间".into()));
                }
                Ok(Effect { extension_pending: Some(false), due_at: Some(due), ..Effect::to(s) })
            } else {
                Ok(Effect { extension_pending: Some(false), ..Effect::to(s) })
            }
        }
        Decision::Urge { message } => match s {
            Closed | Returned => Err(wrong(label, s)),
            _ => {
                required(message, "催办内容")?;
                Ok(Effect { urged: true, ..Effect::to(s) })
            }
        },
    }
}
