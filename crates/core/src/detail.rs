//! A slip's page as the window shows it ([`SlipDetail`]): the center's slip with this desk's
//! actions on top, its timeline, and the actions the user may take now.

use chengban_protocol::rules::{available_actions, SlipFacts};
use chengban_protocol::{Assignee, Role, Slip};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::store;
use crate::store::colleagues::Names;
use crate::store::outbox::{Entry, State};
use crate::view::{AttachmentView, SlipDetail, TimelineItem, TimelineSync};

/// A slip's page from the cache.
pub fn load(c: &Connection, id: i64, role: Role, now: DateTime<Utc>) -> Result<SlipDetail> {
    let slip = store::slips::load(c, id)?.ok_or(CoreError::NotFound)?;
    let entries = store::outbox::for_slip(c, id)?;
    let facts = crate::overlay::fold(&slip, &entries, role);
    let names = store::colleagues::Names::load(c)?;
    Ok(page(&slip, &entries, &facts, role, now, &names))
}

/// A slip's page: the center's slip, this desk's outbox entries for it, and the facts they fold
/// to (see [`crate::overlay::fold`]).
/// `names` names the assignee.
pub fn page(slip: &Slip, entries: &[Entry], facts: &SlipFacts, role: Role, now: DateTime<Utc>, names: &Names) -> SlipDetail {
    let mut timeline: Vec<TimelineItem> = slip.history.iter().map(|e| crate::timeline::item(e, names)).collect();
    for e in entries {
        let (title, detail) = crate::timeline::action(&e.action, names);
        let (sync, error) = match e.state {
            State::Pending => (TimelineSync::Pending, None),
            State::Applied => (TimelineSync::Synced, None),
            State::Rejected => (TimelineSync::Rejected, e.error.as_ref().map(|(_, m)| m.clone())),
        };
        timeline.push(TimelineItem {
            action: Some(e.action.kind()),
            at: e.created_at,
            actor: e.actor.clone(),
            role,
            title,
            detail,
            sync,
            error,
            mutation_id: Some(e.mutation_id),
        });
    }
    SlipDetail {
        id: slip.id,
        number: slip.number.clone(),
        kind: slip.kind,
        channel: slip.channel,
        request_type: slip.request_type,
        tier: slip.tier,
        title: slip.title.clone(),
        content: slip.content.clone(),
        status: facts.status,
        dispatched_at: slip.dispatched_at,
        due_at: facts.due_at,
        anonymous: slip.citizen.anonymous,
        citizen_name_masked: slip.citizen.name.as_deref().map(crate::mask::name),
        citizen_phone_masked: slip.citizen.phone.as_deref().map(crate::mask::phone),
        address: slip.address.clone(),
        attachments: slip
            .attachments
            .iter()
            .map(|a| AttachmentView { name: a.name.clone(), size: a.size, content_type: a.content_type.clone() })
            .collect(),
        server_status: slip.status,
        acknowledged_at: slip.acknowledged_at,
        return_until: slip.return_until,
        pending_extension: slip.pending_extension.clone(),
        rework_count: slip.rework_count,
        urge_count: slip.urge_count,
        callbacks_reached: facts.callbacks_reached,
        callbacks_unreachable: facts.callbacks_unreachable,
        actions: available_actions(facts, role, now),
        timeline,
        attention: slip.attention(),
        // This desk's pending assignment shows at once; the center's name otherwise.
        assignee: facts.assignee.as_ref().map(|username| match &slip.assignee {
            Some(a) if &a.username == username => a.clone(),
            _ => Assignee { username: username.clone(), display_name: names.of(username) },
        }),
    }
}
