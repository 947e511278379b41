//! `GET /v1/events`: a Server-Sent Events stream telling a department's desks, as it happens,
//! that its slips changed; the desk then pulls. A `change` event's data is `{"seq": N}`, the
//! change sequence reached, so a desk that has already pulled that far (its own push) need not
//! pull again. The stream carries no slip data, so it needs no scoping beyond choosing the
//! department's events. A `ready` event opens it (the desk
//! pulls once, for what it missed while disconnected); comments keep idle proxies from
//! closing it.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::auth::Caller;
use crate::error::ApiErr;
use crate::AppState;

pub async fn stream(State(state): State<AppState>, caller: Caller) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiErr> {
    let department_id = caller.department_id()?;
    // The department's own channel: only its changes arrive.
    let changes = BroadcastStream::new(state.changes.subscribe(department_id)).map(|c| match c {
        Ok(c) => Some(Event::default().event("change").data(serde_json::json!({ "seq": c.seq }).to_string())),
        // Lagged behind: some changes were dropped from the buffer, so say "changed" anyway,
        // without a sequence: the desk pulls.
        Err(_) => Some(Event::default().event("change").data("{}")),
    });
    let closing = BroadcastStream::new(state.closing.subscribe()).map(|_| None);
    let ready = tokio_stream::once(Some(Event::default().event("ready").data("{}")));
    let events = ready.chain(changes.merge(closing)).take_while(Option::is_some).filter_map(|e| e.map(Ok));
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)).text("keep-alive")))
}
