//! The center's latest decision that the clerk must still act on, defined once for the desk's
//! list, its slip page and anything else that asks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actions::{Action, Decision, EventBody};
use crate::enums::{AttentionKind, SlipStatus};
use crate::types::Slip;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attention {
    pub kind: AttentionKind,
    /// The center's reason or message, as written.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

impl Slip {
    /// The latest 退回重办, refused return, refused extension or 催办 that no later action of the
    /// department has answered: a reply answers any of them; a new return or extension request
    /// answers the refusal of the earlier one. None once the slip is closed or returned.
    pub fn attention(&self) -> Option<Attention> {
        if matches!(self.status, SlipStatus::Closed | SlipStatus::Returned) {
            return None;
        }
        let mut current: Option<Attention> = None;
        for e in &self.history {
            let raised = |kind, reason: &Option<String>| {
                Some(Attention { kind, reason: reason.clone().filter(|r| !crate::text::is_blank(r)), at: e.at })
            };
            match &e.body {
                EventBody::Decision(Decision::Review { accept: false, reason }) => current = raised(AttentionKind::Rework, reason),
                EventBody::Decision(Decision::DecideReturn { accept: false, comment }) => {
                    current = raised(AttentionKind::ReturnRefused, comment)
                }
                EventBody::Decision(Decision::DecideExtension { approve: false, comment, .. }) => {
                    current = raised(AttentionKind::ExtensionRefused, comment)
                }
                EventBody::Decision(Decision::Urge { message }) => current = raised(AttentionKind::Urged, &Some(message.clone())),
                EventBody::Action(Action::Reply(_)) => current = None,
                EventBody::Action(Action::RequestReturn { .. })
                    if current.as_ref().is_some_and(|c| c.kind == AttentionKind::ReturnRefused) =>
                {
                    current = None
                }
                EventBody::Action(Action::RequestExtension { .. })
                    if current.as_ref().is_some_and(|c| c.kind == AttentionKind::ExtensionRefused) =>
                {
                    current = None
                }
                _ => {}
            }
        }
        current
    }
}
