//! Pulling the department's changes into the cache. Each page is applied together with its
//! cursor in one transaction, so a crash or a cut connection between pages resumes exactly
//! where it stopped, and a page that cannot be decoded changes nothing.

use chrono::{DateTime, Utc};

use crate::client::CenterClient;
use crate::clock::{Clock, ServerOffset};
use crate::error::Result;
use crate::store::{self, Store};

/// Page size asked of the center.
pub const PULL_LIMIT: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullOutcome {
    /// Slips written to the cache (new or changed).
    pub changed: usize,
    pub pages: usize,
}

/// Pulls until the center says there is no more.
pub async fn pull(client: &CenterClient, store: &Store, clock: &dyn Clock, offset: &ServerOffset) -> Result<PullOutcome> {
    let mut cursor = store.read(|c| Ok(store::sync_state::get(c)?.cursor)).await?;
    let mut outcome = PullOutcome { changed: 0, pages: 0 };
    loop {
        let answer = client.changes(cursor.as_deref(), PULL_LIMIT).await?;
        observe(offset, answer.server_time.unwrap_or(answer.body.server_time), clock.now());
        let page = answer.body;
        let n = page.slips.len();
        let next = page.cursor.clone();
        // An empty page always ends the pull, so a server that claims more forever cannot spin us.
        let more = page.has_more && n > 0;
        store
            .write(move |c| {
                let tx = c.transaction()?;
                for slip in &page.slips {
                    store::slips::upsert(&tx, slip)?;
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
