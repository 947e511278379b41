//! The slip's state machine, shared by the center (which enforces it) and the desk (which
//! validates before queueing and predicts the result while offline). Pure: no I/O, no clock
//! of its own.

use chrono::{DateTime, Utc};

use crate::actions::{Action, Decision};
use crate::enums::*;

/// How many unreachable callback attempts allow a reply without a reached callback.
pub const MIN_UNREACHABLE_ATTEMPTS: u32 = 3;
pub const MAX_TEXT: usize = 5000;

/// What the rules need to know about a slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipFacts {
    pub status: SlipStatus,
    pub kind: SlipKind,
    pub due_at: DateTime<Utc>,
    pub anonymous: bool,
    pub extension_pending: bool,
    /// Callbacks that reached the citizen, since the last rework (退回重办) if any: a rework
    /// means the citizen was not satisfied, so the reply after it needs a callback of its own.
    pub callbacks_reached: u32,
    /// Callback attempts that did not, counted the same way.
    pub callbacks_unreachable: u32,
    /// The center has sent the reply back for rework (退回重办) at least once.
    pub reworked: bool,
}

/// Why an action or decision is refused; `Display` is the Chinese sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("工单当前为“{status}”，不能{action}")]
    WrongState { action: &'static str, status: &'static str },
    #[error("{0}")]
    Invalid(String),
    #[error("只有{0}可以{1}")]
    Role(&'static str, &'static str),
}

impl Refusal {
    /// Stable machine code for the API's `{code, message}`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::WrongState { .. } => "wrong_state",
            Refusal::Invalid(_) => "invalid_input",
            Refusal::Role(..) => "forbidden",
        }
    }
}

/// What applying an action or decision does to the slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub status: SlipStatus,
    /// `Some(true)` sets a pending extension, `Some(false)` clears it.
    pub extension_pending: Option<bool>,
    pub due_at: Option<DateTime<Utc>>,
    pub rework: bool,
    pub urged: bool,
    /// The action signs for the slip (签收): its time becomes `acknowledged_at` unless that is
    /// already set. A return requested straight from 待签收 counts as signing for it — the
    /// department answered the dispatch — so a refused return leaves a slip that was signed
    /// for, and the 及时签收率 counts the department's first answer.
    pub acknowledges: bool,
}

impl Effect {
    fn to(status: SlipStatus) -> Self {
        Effect { status, extension_pending: None, due_at: None, rework: false, urged: false, acknowledges: false }
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

/// Whether the department may do `action` on a slip in `facts`' state, and what follows.
pub fn check_action(facts: &SlipFacts, role: Role, action: &Action, now: DateTime<Utc>) -> Result<Effect, Refusal> {
    use SlipStatus::*;
    if role == Role::Operator {
        return Err(Refusal::Role("承办单位", action.label()));
    }
    let s = facts.status;
    let label = action.label();
    match action {
        Action::Acknowledge {} => match s {
            Dispatched => Ok(Effect { acknowledges: true, ..Effect::to(InProgress) }),
            _ => Err(wrong(label, s)),
        },
        Action::RequestReturn { text, .. } => match s {
            Dispatched | InProgress => {
                required(text, "退回理由")?;
                Ok(Effect { acknowledges: s == Dispatched, ..Effect::to(ReturnRequested) })
            }
            _ => Err(wrong(label, s)),
        },
        Action::RequestExtension { reason, requested_due_at } => match s {
            Dispatched | InProgress => {
                required(reason, "延期理由")?;
                if now >= facts.due_at {
                    return Err(Refusal::Invalid("已超过办理时限，不能再申请延期".into()));
                }
                if facts.extension_pending {
                    return Err(Refusal::Invalid("上一次延期申请尚未审批，不能再次申请".into()));
                }
                if *requested_due_at <= facts.due_at {
                    return Err(Refusal::Invalid("申请的新时限须晚于当前截止时间".into()));
                }
                Ok(Effect { extension_pending: Some(true), ..Effect::to(s) })
            }
            _ => Err(wrong(label, s)),
        },
        Action::InterimReply { text } => match s {
            InProgress => {
                required(text, "阶段性答复内容")?;
                Ok(Effect::to(s))
            }
            _ => Err(wrong(label, s)),
        },
        // While a reply waits for sign-off the leader signs it off; calling back is the handler's.
        Action::Callback(_) if s == AwaitingSignOff && role == Role::Leader => Err(Refusal::Role("经办人", label)),
        Action::Callback(c) => match s {
            InProgress | AwaitingSignOff | Replied => {
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
            _ => Err(wrong(label, s)),
        },
        Action::Reply(r) => match s {
            InProgress => {
                required(&r.process, "办理过程")?;
                optional(&r.policy_doc_no, "政策文号")?;
                optional(&r.policy_source, "政策出处")?;
                let called = facts.callbacks_reached > 0 || facts.callbacks_unreachable >= MIN_UNREACHABLE_ATTEMPTS || facts.anonymous;
                if !called && facts.reworked {
                    return Err(Refusal::Invalid(format!(
                        "已退回重办：答复前须重新回访诉求人（或记录至少 {MIN_UNREACHABLE_ATTEMPTS} 次未接通）"
                    )));
                }
                if !called {
                    return Err(Refusal::Invalid(format!("答复前须先回访诉求人（或记录至少 {MIN_UNREACHABLE_ATTEMPTS} 次未接通）")));
                }
                Ok(Effect::to(if facts.kind == SlipKind::Supervision { AwaitingSignOff } else { Replied }))
            }
            _ => Err(wrong(label, s)),
        },
        Action::SignOff { approve, comment } => {
            if role != Role::Leader {
                return Err(Refusal::Role("分管领导", "审核签发"));
            }
            match s {
                AwaitingSignOff if *approve => Ok(Effect::to(Replied)),
                AwaitingSignOff => {
                    required(comment.as_deref().unwrap_or(""), "退回修改意见")?;
                    Ok(Effect::to(InProgress))
                }
                _ => Err(wrong(label, s)),
            }
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
