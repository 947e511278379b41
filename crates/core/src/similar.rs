//! A slip's similar past cases (类似工单) and its 重复件 mark, from the cache: the candidates
//! [`crate::store::similar`] finds, judged by `chengban_protocol::similar`, each with the reply
//! the center accepted for it.

use chengban_protocol::similar::{same_matter, title_likeness, Matter};
use chengban_protocol::{Action, Decision, EventBody, Reply, Slip};
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::store;
use crate::view::{SimilarCase, SimilarCases};

/// How many cases a slip shows.
pub const SHOWN: usize = 10;

/// A title found by the search index counts only this alike (it may share one word).
const LIKE_ENOUGH: f32 = 0.25;

/// The reply the center accepted last: the reply before a 审单通过.
pub fn accepted_reply(s: &Slip) -> Option<Reply> {
    let mut last: Option<&Reply> = None;
    let mut accepted = None;
    for e in &s.history {
        match &e.body {
            EventBody::Action(Action::Reply(r)) => last = Some(r),
            EventBody::Decision(Decision::Review { accept: true, .. }) => accepted = last.cloned(),
            _ => {}
        }
    }
    accepted
}

pub fn load(c: &Connection, id: i64) -> Result<SimilarCases> {
    let slip = store::slips::load(c, id)?.ok_or(CoreError::NotFound)?;
    let this = Matter { title: &slip.title, address: slip.address.as_deref(), dispatched_at: slip.dispatched_at };
    let mut cases = Vec::new();
    for (other_id, why) in store::similar::candidates(c, &slip, 20)? {
        let Some(other) = store::slips::load(c, other_id)? else { continue };
        let likeness = title_likeness(&slip.title, &other.title);
        if !why.same_citizen && !why.same_place && likeness < LIKE_ENOUGH {
            continue;
        }
        let that = Matter { title: &other.title, address: other.address.as_deref(), dispatched_at: other.dispatched_at };
        cases.push(SimilarCase {
            id: other.id,
            number: other.number.clone(),
            title: other.title.clone(),
            status: other.status,
            dispatched_at: other.dispatched_at,
            same_citizen: why.same_citizen,
            same_place: why.same_place,
            like_title: why.like_title && likeness >= LIKE_ENOUGH,
            repeat: why.same_citizen && same_matter(&this, &that),
            accepted_reply: accepted_reply(&other),
        });
    }
    // A repeat first, then the same citizen, the same place, a reply to reuse; newest first.
    cases.sort_by_key(|x| (!x.repeat, !x.same_citizen, !x.same_place, x.accepted_reply.is_none(), std::cmp::Reverse(x.dispatched_at)));
    cases.truncate(SHOWN);
    Ok(SimilarCases { repeat: cases.iter().any(|x| x.repeat), cases })
}
