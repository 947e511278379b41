//! [`SlipFacts`]: what the state machine needs to know about a slip, read from the center's
//! slip ([`Slip::facts`]) and moved on by each action's [`Effect`] ([`SlipFacts::apply`]). The
//! center and the desk's offline prediction move a slip by this one definition.

use chrono::{DateTime, Utc};

use crate::actions::{Action, Decision, EventBody};
use crate::enums::*;
use crate::types::Slip;

/// What the rules need to know about a slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipFacts {
    pub status: SlipStatus,
    pub kind: SlipKind,
    /// 咨询, 求助…: the 审单 rules ask more of some kinds of answer.
    pub request_type: RequestType,
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
    /// The username of who has it (分派), if anyone.
    pub assignee: Option<String>,
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
    /// The action gives the slip to this username (分派/改派).
    pub assignee: Option<String>,
}

impl Effect {
    pub(crate) fn to(status: SlipStatus) -> Self {
        Effect { status, extension_pending: None, due_at: None, rework: false, urged: false, acknowledges: false, assignee: None }
    }
}

impl SlipFacts {
    /// The facts after `action`, whose `effect` the rules answered.
    pub fn apply(&mut self, action: &Action, effect: &Effect) {
        self.status = effect.status;
        if let Some(p) = effect.extension_pending {
            self.extension_pending = p;
        }
        if let Some(d) = effect.due_at {
            self.due_at = d;
        }
        if let Some(a) = &effect.assignee {
            self.assignee = Some(a.clone());
        }
        if let Action::Callback(c) = action {
            if c.reached {
                self.callbacks_reached += 1;
            } else {
                self.callbacks_unreachable += 1;
            }
        }
    }
}

impl Slip {
    /// What the state machine needs to know, from the slip and its history.
    pub fn facts(&self) -> SlipFacts {
        let mut reached = 0;
        let mut unreachable = 0;
        for e in &self.history {
            match &e.body {
                EventBody::Action(Action::Callback(c)) if c.reached => reached += 1,
                EventBody::Action(Action::Callback(_)) => unreachable += 1,
                // After 退回重办 the earlier callbacks no longer satisfy the reply rule.
                EventBody::Decision(Decision::Review { accept: false, .. }) => (reached, unreachable) = (0, 0),
                _ => {}
            }
        }
        SlipFacts {
            status: self.status,
            kind: self.kind,
            request_type: self.request_type,
            due_at: self.due_at,
            anonymous: self.citizen.anonymous,
            extension_pending: self.pending_extension.is_some(),
            callbacks_reached: reached,
            callbacks_unreachable: unreachable,
            reworked: self.rework_count > 0,
            assignee: self.assignee.as_ref().map(|a| a.username.clone()),
        }
    }
}
