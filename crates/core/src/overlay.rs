//! What the desk shows while actions wait for the center: the server's state with the
//! pending actions applied on top, by the same rules the center uses. A pull never makes a
//! pending action disappear from the screen, because the screen is always this overlay.

use chengban_protocol::rules::{check_action, SlipFacts};
use chengban_protocol::{Role, Slip};
use rusqlite::Connection;

use crate::store::outbox::{Entry, State};
use crate::store::{self, slips::Local};

/// The slip's facts after the outbox entries that still count (pending or applied but not yet
/// pulled). An entry the rules refuse on top of the newer state is skipped: it is either
/// already reflected by the server's state or will come back rejected.
pub fn fold(slip: &Slip, entries: &[Entry], role: Role) -> SlipFacts {
    let mut facts = slip.facts();
    for e in entries.iter().filter(|e| e.state != State::Rejected) {
        if let Ok(effect) = check_action(&facts, role, &e.action, e.created_at) {
            facts.apply(&e.action, &effect);
        }
    }
    facts
}

/// What the inbox shows of a slip with these facts and outbox entries.
pub fn local(facts: &SlipFacts, entries: &[Entry]) -> Local {
    Local {
        status: facts.status,
        due_at: facts.due_at,
        pending: entries.iter().filter(|e| e.state == State::Pending).count(),
        rejected: entries.iter().filter(|e| e.state == State::Rejected).count(),
        assignee: facts.assignee.clone(),
    }
}

/// Recomputes what the inbox shows of a slip from the server's version and its outbox.
pub fn refresh(conn: &Connection, id: i64, role: Role) -> rusqlite::Result<()> {
    let Some(slip) = store::slips::load(conn, id)? else { return Ok(()) };
    let entries = store::outbox::for_slip(conn, id)?;
    store::slips::set_local(conn, id, &local(&fold(&slip, &entries, role), &entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chengban_protocol::*;
    use chrono::{TimeZone, Utc};

    fn slip(status: SlipStatus) -> Slip {
        Slip { status, citizen: Citizen::default(), ..chengban_testkit::slip(1) }
    }

    fn entry(id: i64, action: Action, state: State) -> Entry {
        Entry {
            mutation_id: id,
            slip_id: 1,
            action,
            created_at: Utc.with_ymd_and_hms(2026, 11, 25, 3, 0, 0).unwrap(),
            actor: "h".into(),
            state,
            error: None,
        }
    }

    fn callback() -> Action {
        Action::Callback(Callback {
            at: Utc.with_ymd_and_hms(2026, 11, 25, 2, 30, 0).unwrap(),
            method: CallbackMethod::Phone,
            reached: true,
            contact: None,
            summary: "已回访".into(),
            satisfaction: Some(Satisfaction::Satisfied),
            solved: Some(true),
        })
    }

    fn reply() -> Action {
        Action::Reply(Reply {
            process: "已处理".into(),
            public_text: Some("您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。".into()),
            result: Resolution::Solved,
            policy_doc_no: None,
            policy_source: None,
            attachments: vec![],
            ..Default::default()
        })
    }

    #[test]
    fn pending_actions_show_on_top_of_the_servers_state() {
        let entries =
            [entry(1, Action::Acknowledge {}, State::Pending), entry(2, callback(), State::Pending), entry(3, reply(), State::Pending)];
        assert_eq!(fold(&slip(SlipStatus::Dispatched), &entries, Role::Handler).status, SlipStatus::Replied);
    }

    #[test]
    fn a_pull_that_already_contains_an_applied_action_does_not_apply_it_twice() {
        let entries = [entry(1, Action::Acknowledge {}, State::Applied)];
        assert_eq!(fold(&slip(SlipStatus::InProgress), &entries, Role::Handler).status, SlipStatus::InProgress);
    }

    #[test]
    fn a_rejected_action_does_not_change_what_is_shown() {
        let entries = [entry(1, Action::Acknowledge {}, State::Rejected)];
        assert_eq!(fold(&slip(SlipStatus::Dispatched), &entries, Role::Handler).status, SlipStatus::Dispatched);
    }

    #[test]
    fn the_center_moving_on_makes_a_stale_pending_action_drop_out_of_the_prediction() {
        // The center closed the slip meanwhile: a pending interim reply cannot apply on top.
        let entries = [entry(1, Action::InterimReply { text: "进展".into() }, State::Pending)];
        assert_eq!(fold(&slip(SlipStatus::Closed), &entries, Role::Handler).status, SlipStatus::Closed);
    }
}
