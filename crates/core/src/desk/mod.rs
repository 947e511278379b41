//! [`Desk`]: the one object a shell holds. It owns the cache, the session and the sync status,
//! and tells the window about changes through the [`EventSink`]. Its methods are grouped by
//! feature: the session ([`session`]), the actions on a slip ([`actions`]), what the window
//! reads ([`views`]), sync rounds and their status ([`rounds`]), deadlines and alert settings
//! ([`deadlines`]).

mod actions;
mod deadlines;
mod diagnostics;
mod export;
mod library;
mod rounds;
mod session;
mod sheet;
mod stats;
mod trigger;
mod views;

use std::path::Path;
use std::sync::{Arc, Mutex};

use chengban_protocol::Role;
use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::client::{CenterClient, TlsConfig};
use crate::clock::{Clock, ServerOffset};
use crate::error::Result;
use crate::events::{CoreEvent, EventSink};
use crate::session::Session;
use crate::store::{self, Store};
use crate::vault::TokenVault;
use crate::view::{DeadlineCounts, SessionInfo, SyncState, SyncStatus};

pub use actions::MAX_ATTACHMENT;
pub use views::MAX_PAGE_SIZE;

pub struct Desk {
    store: Store,
    vault: Arc<dyn TokenVault>,
    clock: Arc<dyn Clock>,
    offset: ServerOffset,
    sink: Arc<dyn EventSink>,
    tls: TlsConfig,
    session: Mutex<Option<Session>>,
    status: Mutex<SyncStatus>,
    /// The app is quitting: no new action is taken.
    closing: std::sync::atomic::AtomicBool,
    /// Wakes the sync service when a round is needed.
    pub(crate) trigger: trigger::Trigger,
    /// Wakes the alert scheduler (slips changed).
    pub(crate) alerts_wake: Notify,
    /// Counts finished sync rounds, so "sync now" can wait for the one it asked for.
    rounds: tokio::sync::watch::Sender<u64>,
    /// The live event stream is connected: polling can slow down.
    live: std::sync::atomic::AtomicBool,
    /// The deadline counts last told to the window and tray: each alert pass would otherwise
    /// send the same ones again and make the window re-render for nothing.
    last_counts: Mutex<Option<DeadlineCounts>>,
    /// When the reply library was last listed: it is not in the change feed, so a session's first
    /// round lists it and then a round once [`LIBRARY_EVERY`] has passed (not on every change:
    /// that would cost each incremental sync a request).
    library_at: Mutex<Option<std::time::Instant>>,
}

/// How long a desk goes without listing the reply library again.
pub const LIBRARY_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

impl Desk {
    pub fn open(
        cache: &Path,
        vault: Arc<dyn TokenVault>,
        clock: Arc<dyn Clock>,
        sink: Arc<dyn EventSink>,
        tls: TlsConfig,
    ) -> Result<Arc<Self>> {
        // Blocking (the keyring): the shells open the desk before their async work starts.
        let hex = crate::vault::cache_key(vault.as_ref(), cache, || store::cipher::CacheKey::generate().hex().to_string());
        let key = store::cipher::CacheKey::from_hex(&hex).unwrap_or_else(|| {
            tracing::error!("the kept cache key is malformed; a new one is used");
            store::cipher::CacheKey::generate()
        });
        let store = Store::open_encrypted(cache, key)?;
        Self::with_store(store, vault, clock, sink, tls)
    }

    pub fn with_store(
        store: Store,
        vault: Arc<dyn TokenVault>,
        clock: Arc<dyn Clock>,
        sink: Arc<dyn EventSink>,
        tls: TlsConfig,
    ) -> Result<Arc<Self>> {
        let saved = store.read_blocking(|c| Ok(store::sync_state::get(c)?))?;
        let offset = ServerOffset::default();
        offset.set_millis(saved.clock_offset_ms);
        let state = if saved.offline_since.is_some() { SyncState::Offline } else { SyncState::Online };
        let status = SyncStatus {
            state,
            last_synced_at: saved.last_synced_at,
            offline_since: saved.offline_since,
            message: None,
            clock_offset_ms: saved.clock_offset_ms,
            storage_notices: store.notices(),
        };
        // The cache and the work file commit one after the other: a crash between leaves the
        // inbox's marks out of step with the outbox, set right here from the outbox.
        let reconcile = |c: &mut rusqlite::Connection| {
            let role = store::account::get(c)?.map(|a| a.role).unwrap_or(Role::Handler);
            for id in store::slips::out_of_step(c)? {
                crate::overlay::refresh(c, id, role)?;
            }
            Ok(())
        };
        if !store.is_read_only() {
            store.write_blocking(reconcile)?;
        }
        let desk = Arc::new(Self {
            store,
            vault,
            clock,
            offset,
            sink,
            tls,
            session: Mutex::new(None),
            status: Mutex::new(status),
            closing: Default::default(),
            trigger: Default::default(),
            alerts_wake: Notify::new(),
            rounds: tokio::sync::watch::Sender::new(0),
            live: Default::default(),
            last_counts: Mutex::new(None),
            library_at: Mutex::new(None),
        });
        let weak = Arc::downgrade(&desk);
        desk.store.on_rebuild(Box::new(move || {
            if let Some(desk) = weak.upgrade() {
                desk.set_status(|_| {});
                desk.sink.emit(CoreEvent::SlipsChanged { count: 0 });
                desk.request_sync();
            }
        }));
        Ok(desk)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn current(&self) -> Option<Session> {
        self.session.lock().ok().and_then(|s| s.clone())
    }

    fn set_session(&self, s: Option<Session>) {
        if let Ok(mut guard) = self.session.lock() {
            *guard = s;
        }
        // A new session lists the reply library in its first round.
        *self.library_at.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn session_info(&self) -> Option<SessionInfo> {
        self.current().map(|s| s.info())
    }

    /// The center's time now (this PC's clock corrected by the offset learnt from responses).
    pub fn server_now(&self) -> DateTime<Utc> {
        self.offset.server_now(self.clock.now())
    }

    /// The logged-in user's role (a handler's view when nobody is).
    fn role(&self) -> Role {
        self.current().map(|s| s.account.role).unwrap_or(Role::Handler)
    }

    /// The logged-in user's username (empty when nobody is).
    pub fn username(&self) -> String {
        self.current().map(|s| s.account.username.clone()).unwrap_or_default()
    }

    pub fn status(&self) -> SyncStatus {
        let mut status = self.status.lock().map(|s| s.clone()).unwrap_or_else(|e| e.into_inner().clone());
        status.storage_notices = self.store.notices();
        status
    }

    fn set_status(&self, f: impl FnOnce(&mut SyncStatus)) {
        let changed = {
            let Ok(mut s) = self.status.lock() else { return };
            let before = s.clone();
            f(&mut s);
            s.clock_offset_ms = self.offset.millis();
            s.storage_notices = self.store.notices();
            (*s != before).then(|| s.clone())
        };
        if let Some(s) = changed {
            self.sink.emit(CoreEvent::SyncStatus(s));
        }
    }

    pub fn is_logged_in(&self) -> bool {
        self.current().is_some()
    }

    pub fn set_live(&self, live: bool) {
        self.live.store(live, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn is_live(&self) -> bool {
        self.live.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The center announced a change reaching `seq` (`None`: unknown); a round follows unless
    /// the cache already holds it.
    pub fn change_announced(&self, seq: Option<i64>) {
        self.trigger.announced(seq);
    }

    /// The client of the current session, for the live event stream.
    pub fn session_client(&self) -> Option<CenterClient> {
        self.current().map(|s| s.client)
    }

    /// Asks the sync service to pull now.
    pub fn request_sync(&self) {
        self.trigger.ask();
    }
}
