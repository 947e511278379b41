//! Pulling the department's changes into the cache. Each page is applied together with its
//! cursor in one transaction, so a crash or a cut connection between pages resumes exactly
//! where it stopped, and a page that cannot be decoded changes nothing. The next page is fetched
//! while one is written (the network and the disk overlap).

use chrono::{DateTime, Utc};

use chengban_protocol::ChangesPage;
use tokio_util::task::AbortOnDropHandle;

use crate::client::{Answer, CenterClient};
use crate::clock::{Clock, ServerOffset};
use crate::error::{CoreError, Result};
use crate::store::{self, Store};

/// Page size asked of the center.
pub const PULL_LIMIT: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullOutcome {
    /// Slips written to the cache (new or changed).
    pub changed: usize,
    pub pages: usize,
    /// The highest change sequence among the slips pulled (0 when none were).
    pub seq: i64,
}

/// Pulls until the center says there is no more.
pub async fn pull(client: &CenterClient, store: &Store, clock: &dyn Clock, offset: &ServerOffset) -> Result<PullOutcome> {
    pull_for(client, store, clock, offset, None).await
}

/// Pulls, and with a device id also drops the outbox entries the center has applied and whose
/// effect the pull has now brought — in the transaction of the last page, so the screen never
/// shows the slip without them.
pub async fn pull_for(
    client: &CenterClient,
    store: &Store,
    clock: &dyn Clock,
    offset: &ServerOffset,
    device_id: Option<&str>,
) -> Result<PullOutcome> {
    let (mut cursor, mut first_fill) = store
        .read(|c| {
            let s = store::sync_state::get(c)?;
            Ok((s.cursor, s.last_synced_at.is_none()))
        })
        .await?;
    let mut outcome = PullOutcome { changed: 0, pages: 0, seq: 0 };
    // The page fetched ahead and the cursor it was asked from; aborted if unused.
    let mut ahead: Option<(String, AbortOnDropHandle<Result<Answer<ChangesPage>>>)> = None;
    loop {
        let fetched = match ahead.take() {
            Some((from, handle)) if cursor.as_deref() == Some(from.as_str()) => {
                handle.await.map_err(|e| CoreError::Internal(format!("page fetch: {e}")))?
            }
            _ => client.changes_for(cursor.as_deref(), PULL_LIMIT, device_id).await,
        };
        let answer = match fetched {
            // The center's database was replaced: what the cache holds is of another, so start
            // over from an empty cache (pending actions stay in the outbox).
            Err(CoreError::CenterRefused { status: 410, .. }) if cursor.is_some() => {
                tracing::warn!("the center's data was replaced; pulling everything again");
                store
                    .write(|c| {
                        let tx = c.transaction()?;
                        store::slips::clear(&tx)?;
                        store::alerts::clear(&tx)?;
                        store::sync_state::reset(&tx)?;
                        if store::outbox::count(&tx, store::outbox::State::Pending)? == 0 {
                            store::outbox::reset_device(&tx)?;
                        }
                        tx.commit()?;
                        Ok(())
                    })
                    .await?;
                cursor = None;
                first_fill = true;
                continue;
            }
            other => other?,
        };
        observe(offset, answer.server_time.unwrap_or(answer.body.server_time), clock.now());
        let page = answer.body;
        let n = page.slips.len();
        outcome.seq = page.slips.iter().map(|s| s.seq).fold(outcome.seq, i64::max);
        let next = page.cursor.clone();
        // An empty page always ends the pull, so a server that claims more forever cannot spin us.
        let more = page.has_more && n > 0;
        let last_mutation_id = if more { None } else { page.last_mutation_id };
        if more {
            let (client, from, device) = (client.clone(), next.clone(), device_id.map(str::to_string));
            let handle = tokio::spawn(async move { client.changes_for(Some(&from), PULL_LIMIT, device.as_deref()).await });
            ahead = Some((next.clone(), AbortOnDropHandle::new(handle)));
        }
        let now = offset.server_now(clock.now());
        store
            .write(move |c| {
                let tx = c.transaction()?;
                let role = store::account::role(&tx)?;
                let mut touched = Vec::new();
                for slip in &page.slips {
                    let previous = if first_fill { None } else { store::slips::load(&tx, slip.id)? };
                    crate::alerts::engine::queue_from_pull(&tx, previous.as_ref(), slip, role, first_fill, now)?;
                    // A first fill leaves search indexing to the background, so the inbox shows sooner.
                    store::slips::upsert_with(&tx, slip, !first_fill)?;
                    if store::outbox::has_entries(&tx, slip.id)? {
                        touched.push(slip.id);
                    }
                }
                if let Some(last) = last_mutation_id {
                    touched.extend(store::outbox::drop_applied(&tx, last)?);
                }
                touched.sort_unstable();
                touched.dedup();
                for id in touched {
                    crate::overlay::refresh(&tx, id, role)?;
                }
                store::sync_state::set_cursor(&tx, &page.cursor)?;
                tx.commit()?;
                Ok(())
            })
            .await?;
        outcome.changed += n;
        outcome.pages += 1;
        cursor = Some(next);
        if !more {
            break;
        }
    }
    let now = clock.now();
    let ms = offset.millis();
    store.write(move |c| Ok(store::sync_state::mark_synced(c, now, ms)?)).await?;
    Ok(outcome)
}

fn observe(offset: &ServerOffset, server_time: DateTime<Utc>, local: DateTime<Utc>) {
    offset.observe(server_time, local);
}

/// Outbox entries pushed per request.
pub const PUSH_BATCH: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PushOutcome {
    pub applied: usize,
    pub rejected: usize,
}

/// Pushes the outbox in order until it is empty: first each entry's attachments (idempotent
/// by hash), then the entries. Results are recorded in one transaction per response; a lost
/// response just means the same entries are pushed again and answered as before.
pub async fn push(client: &CenterClient, store: &Store, offset: &ServerOffset, clock: &dyn Clock, batch_size: u32) -> Result<PushOutcome> {
    let device_id = store.write(|c| Ok(store::outbox::device_id(c)?)).await?;
    let mut outcome = PushOutcome::default();
    loop {
        let batch = store.read(move |c| Ok(store::outbox::pending(c, batch_size.max(1))?)).await?;
        if batch.is_empty() {
            return Ok(outcome);
        }
        for entry in &batch {
            for a in entry.action.attachments() {
                let hash = a.sha256.clone();
                let blob = store.read(move |c| Ok(store::outbox::blob(c, &hash)?)).await?;
                if let Some((data, false)) = blob {
                    client.put_attachment(&a.sha256, &a.content_type, data).await?;
                    let hash = a.sha256.clone();
                    store.write(move |c| Ok(store::outbox::mark_uploaded(c, &hash)?)).await?;
                }
            }
        }
        let mutations = batch
            .iter()
            .map(|e| chengban_protocol::Mutation {
                id: e.mutation_id,
                slip_id: e.slip_id,
                action: e.action.clone(),
                created_at: e.created_at,
            })
            .collect();
        let answer = client.push(&device_id, mutations).await?;
        offset.observe(answer.server_time.unwrap_or(answer.body.server_time), clock.now());
        let results = answer.body.results;
        let slips: Vec<i64> = batch.iter().map(|e| e.slip_id).collect();
        let (applied, rejected) = store
            .write(move |c| {
                let tx = c.transaction()?;
                let role = store::account::role(&tx)?;
                let (mut applied, mut rejected) = (0, 0);
                for r in &results {
                    match (&r.outcome, &r.error) {
                        (chengban_protocol::Outcome::Applied, _) => {
                            store::outbox::mark(&tx, r.id, store::outbox::State::Applied, None)?;
                            applied += 1;
                        }
                        (chengban_protocol::Outcome::Rejected, e) => {
                            let (code, message) =
                                e.as_ref().map(|e| (e.code.as_str(), e.message.as_str())).unwrap_or(("rejected", "服务器拒绝了此操作"));
                            store::outbox::mark(&tx, r.id, store::outbox::State::Rejected, Some((code, message)))?;
                            rejected += 1;
                        }
                    }
                }
                let mut slips = slips;
                slips.sort_unstable();
                slips.dedup();
                for id in slips {
                    crate::overlay::refresh(&tx, id, role)?;
                }
                tx.commit()?;
                Ok((applied, rejected))
            })
            .await?;
        outcome.applied += applied;
        outcome.rejected += rejected;
        if applied + rejected == 0 {
            // The center answered without processing anything new: do not spin.
            return Ok(outcome);
        }
    }
}

/// Lists the department's accounts again: whom a leader or the 内勤 may assign to, and the
/// names every view shows. A center that predates the list (404) leaves the cache's as it is.
pub async fn refresh_colleagues(client: &CenterClient, store: &Store) -> Result<()> {
    let Some(users) = unless_missing(client.department_users().await)?.map(|u| u.users) else { return Ok(()) };
    store
        .write(move |c| {
            let tx = c.transaction()?;
            store::colleagues::replace(&tx, &users)?;
            tx.commit()?;
            Ok(())
        })
        .await
}

/// An answer's body, or None from a center that predates the route (404).
fn unless_missing<T>(answer: Result<crate::client::Answer<T>>) -> Result<Option<T>> {
    match answer {
        Ok(a) => Ok(Some(a.body)),
        Err(CoreError::CenterRefused { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Lists the department's reply library again. A center that predates it (404) leaves the
/// cache's as it is.
pub async fn refresh_library(client: &CenterClient, store: &Store) -> Result<()> {
    let Some(lib) = unless_missing(client.library().await)? else { return Ok(()) };
    store
        .write(move |c| {
            let tx = c.transaction()?;
            store::library::replace(&tx, &lib)?;
            tx.commit()?;
            Ok(())
        })
        .await
}

/// Catches up after a first fill, in small transactions so reads interleave: the pending search
/// index entries and rate facts. How many were written.
pub async fn catch_up(store: &Store) -> Result<usize> {
    let mut total = 0;
    loop {
        let n = store
            .write(|c| {
                let tx = c.transaction()?;
                // A first fill's slips get their search entry and rate facts together; a cache
                // from before the facts were kept gets them after.
                let n = store::search::index_pending(&tx, 500)?;
                let n = if n == 0 { store::rate_facts::backfill(&tx, 500)? } else { n };
                let n = if n == 0 { store::similar::backfill(&tx, 500)? } else { n };
                tx.commit()?;
                Ok(n)
            })
            .await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

/// Delivers `username`'s reveals of citizens' contacts to the center's audit log, oldest first;
/// each is dropped once recorded (or once the center says the slip is not the department's).
/// Stops at the first failure, keeping the rest. How many were delivered.
pub async fn deliver_reveals(client: &CenterClient, store: &Store, username: &str) -> Result<usize> {
    let who = username.to_string();
    let pending = store.read(move |c| Ok(store::reveals::pending(c, &who)?)).await?;
    let mut delivered = 0;
    for r in pending {
        let report = chengban_protocol::RevealReport { id: r.id.clone(), at: r.at };
        match client.report_reveal(r.slip_id, &report).await {
            Ok(()) => delivered += 1,
            Err(CoreError::CenterRefused { status: 404, .. }) => {
                tracing::info!(slip_id = r.slip_id, "reveal not recorded: the slip is no longer the department's");
            }
            Err(e) => return Err(e),
        }
        store.write(move |c| Ok(store::reveals::delivered(c, &r.id)?)).await?;
    }
    Ok(delivered)
}
