//! [`Desk`]: the one object the app shell holds. Each Tauri command is a line that calls one of
//! its methods. It owns the cache, the session and the sync status, and tells the window
//! about changes through the [`EventSink`].

use std::path::Path;
use std::sync::{Arc, Mutex};

use chengban_protocol::{Role, SlipStatus};
use tokio::sync::Notify;

use crate::client::{CenterClient, ServerUrl, TlsConfig};
use crate::clock::{Clock, ServerOffset};
use crate::error::{CoreError, Result};
use crate::events::{CoreEvent, EventSink};
use crate::session::{vault_key, Session};
use crate::store::{self, account::Account, Store};
use crate::sync::{self, PullOutcome};
use crate::vault::{Persistence, TokenVault};
use crate::view::{CitizenContact, InboxPage, LoginDefaults, SessionInfo, SlipDetail, SyncState, SyncStatus, TabCounts};

pub const MAX_PAGE_SIZE: u32 = 200;

pub struct Desk {
    store: Store,
    vault: Arc<dyn TokenVault>,
    clock: Arc<dyn Clock>,
    offset: ServerOffset,
    sink: Arc<dyn EventSink>,
    tls: TlsConfig,
    session: Mutex<Option<Session>>,
    status: Mutex<SyncStatus>,
    /// Wakes the sync service (after login, or when the user asks).
    pub(crate) wake: Notify,
}

impl Desk {
    pub fn open(cache: &Path, vault: Arc<dyn TokenVault>, clock: Arc<dyn Clock>, sink: Arc<dyn EventSink>, tls: TlsConfig) -> Result<Arc<Self>> {
        Self::with_store(Store::open(cache)?, vault, clock, sink, tls)
    }

    pub fn with_store(store: Store, vault: Arc<dyn TokenVault>, clock: Arc<dyn Clock>, sink: Arc<dyn EventSink>, tls: TlsConfig) -> Result<Arc<Self>> {
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
        };
        Ok(Arc::new(Self { store, vault, clock, offset, sink, tls, session: Mutex::new(None), status: Mutex::new(status), wake: Notify::new() }))
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
    }

    pub fn session_info(&self) -> Option<SessionInfo> {
        self.current().map(|s| s.info())
    }

    pub async fn login_defaults(&self) -> Result<LoginDefaults> {
        let account = self.store.read(|c| Ok(store::account::get(c)?)).await?;
        Ok(LoginDefaults { server_url: account.as_ref().map(|a| a.server_url.clone()), username: account.map(|a| a.username) })
    }

    /// Logs in, keeps the token in the vault, and wakes the sync. Logging in as another
    /// department or server on this PC first empties the cache, so departments never mix.
    pub async fn login(&self, server: &str, username: &str, password: &str) -> Result<SessionInfo> {
        let username = username.trim();
        if username.is_empty() || password.is_empty() {
            return Err(CoreError::InvalidInput("请输入用户名和密码".into()));
        }
        let base = ServerUrl::parse(server)?;
        let client = CenterClient::new(base.clone(), &self.tls)?;
        let answer = client.login(username, password).await?;
        self.offset.observe(answer.server_time.unwrap_or(answer.body.server_time), self.clock.now());
        let user = answer.body.user;
        let Some(department) = user.department.clone() else {
            return Err(CoreError::InvalidInput("该账号属于受理中心，不是承办单位账号，不能登录承办台".into()));
        };
        if user.role == Role::Operator {
            return Err(CoreError::InvalidInput("受理中心账号不能登录承办台".into()));
        }
        let account = Account {
            server_url: base.as_str().to_string(),
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            department_id: Some(department.id),
            department_name: Some(department.name.clone()),
            logged_in: true,
        };
        let to_store = account.clone();
        self.store
            .write(move |c| {
                let tx = c.transaction()?;
                let previous = store::account::get(&tx)?;
                let same_place = previous
                    .as_ref()
                    .is_some_and(|p| p.server_url == to_store.server_url && p.department_id == to_store.department_id);
                if !same_place {
                    store::slips::clear(&tx)?;
                    store::sync_state::reset(&tx)?;
                }
                store::account::put(&tx, &to_store)?;
                tx.commit()?;
                Ok(())
            })
            .await?;
        let vault = self.vault.clone();
        let key = vault_key(&account.server_url, &account.username);
        let token = answer.body.token;
        let token_for_vault = token.clone();
        let persistence = tokio::task::spawn_blocking(move || vault.store(&key, &token_for_vault))
            .await
            .unwrap_or_else(|_| Persistence::ThisRunOnly(crate::vault::NO_KEYRING.into()));
        let session = Session { account, client: client.with_token(token), persistence };
        let info = session.info();
        self.set_session(Some(session));
        tracing::info!(role = user.role.as_str(), "logged in");
        self.wake.notify_one();
        Ok(info)
    }

    /// Restores the last session from the vault at start, if its token is still there.
    pub async fn restore(&self) -> Result<Option<SessionInfo>> {
        let Some(account) = self.store.read(|c| Ok(store::account::get(c)?)).await? else { return Ok(None) };
        if !account.logged_in {
            return Ok(None);
        }
        let vault = self.vault.clone();
        let key = vault_key(&account.server_url, &account.username);
        let Some(token) = tokio::task::spawn_blocking(move || vault.load(&key)).await.ok().flatten() else { return Ok(None) };
        let base = ServerUrl::parse(&account.server_url)?;
        let client = CenterClient::new(base, &self.tls)?.with_token(token);
        let session = Session { account, client, persistence: Persistence::Keyring };
        let info = session.info();
        self.set_session(Some(session));
        self.wake.notify_one();
        Ok(Some(info))
    }

    /// Forgets the token; the cache stays for the next login of the same department.
    pub async fn logout(&self) -> Result<()> {
        if let Some(s) = self.current() {
            let vault = self.vault.clone();
            let key = vault_key(&s.account.server_url, &s.account.username);
            let _ = tokio::task::spawn_blocking(move || vault.delete(&key)).await;
        }
        self.set_session(None);
        self.store.write(|c| Ok(store::account::set_logged_in(c, false)?)).await?;
        Ok(())
    }

    pub async fn inbox(&self, tab: SlipStatus, page: u32, page_size: u32) -> Result<InboxPage> {
        let page = page.max(1);
        let page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self.store
            .read(move |c| {
                let rows = store::slips::page(c, tab, page, page_size)?;
                let total = store::slips::count(c, tab)?;
                Ok(InboxPage { rows, total, page, page_size })
            })
            .await
    }

    pub async fn counts(&self) -> Result<TabCounts> {
        self.store.read(|c| Ok(store::slips::counts(c)?)).await
    }

    pub async fn slip(&self, id: i64) -> Result<SlipDetail> {
        self.store.read(move |c| store::slips::detail(c, id)?.ok_or(CoreError::NotFound)).await
    }

    /// The citizen's full name and phone, for the callback. Logged as an access, without them.
    pub async fn reveal_contact(&self, id: i64) -> Result<CitizenContact> {
        let contact = self.store.read(move |c| store::slips::contact(c, id)?.ok_or(CoreError::NotFound)).await?;
        tracing::info!(slip_id = id, "citizen contact revealed");
        Ok(contact)
    }

    pub fn status(&self) -> SyncStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_else(|e| e.into_inner().clone())
    }

    fn set_status(&self, f: impl FnOnce(&mut SyncStatus)) {
        let changed = {
            let Ok(mut s) = self.status.lock() else { return };
            let before = s.clone();
            f(&mut s);
            s.clock_offset_ms = self.offset.millis();
            (*s != before).then(|| s.clone())
        };
        if let Some(s) = changed {
            self.sink.emit(CoreEvent::SyncStatus(s));
        }
    }

    pub fn is_logged_in(&self) -> bool {
        self.current().is_some()
    }

    /// Asks the sync service to pull now.
    pub fn request_sync(&self) {
        self.wake.notify_one();
    }

    /// One pull with status bookkeeping: what the sync service runs each round.
    pub async fn sync_once(&self) -> Result<PullOutcome> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        self.set_status(|s| {
            if s.state != SyncState::Offline {
                s.state = SyncState::Syncing;
            }
        });
        let result = sync::pull(&session.client, &self.store, self.clock.as_ref(), &self.offset).await;
        let now = self.clock.now();
        match &result {
            Ok(outcome) => {
                self.set_status(|s| {
                    s.state = SyncState::Online;
                    s.last_synced_at = Some(now);
                    s.offline_since = None;
                    s.message = None;
                });
                if outcome.changed > 0 {
                    self.sink.emit(CoreEvent::SlipsChanged { count: outcome.changed });
                }
            }
            Err(e) if e.is_retryable() => {
                let _ = self.store.write(move |c| Ok(store::sync_state::mark_offline(c, now)?)).await;
                self.set_status(|s| {
                    s.state = SyncState::Offline;
                    s.offline_since.get_or_insert(now);
                    s.message = Some(e.to_string());
                });
            }
            Err(CoreError::AuthExpired) => {
                self.set_status(|s| {
                    s.state = SyncState::AuthExpired;
                    s.message = Some(CoreError::AuthExpired.to_string());
                });
            }
            Err(e) => {
                tracing::warn!(error = ?e, "pull failed");
                self.set_status(|s| {
                    s.state = SyncState::Error;
                    s.message = Some(e.to_string());
                });
            }
        }
        result
    }
}
