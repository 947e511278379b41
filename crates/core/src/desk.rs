//! [`Desk`]: the one object the app shell holds. Each Tauri command is a line that calls one of
//! its methods. It owns the cache, the session and the sync status, and tells the window
//! about changes through the [`EventSink`].

use std::path::Path;
use std::sync::{Arc, Mutex};

use chengban_protocol::rules::{check_action, Refusal, SlipFacts};
use chengban_protocol::{Action, AttachmentRef, Role};
use chrono::{DateTime, Duration, Utc};
use tokio::sync::Notify;

use crate::client::{CenterClient, ServerUrl, TlsConfig};
use crate::clock::{Clock, ServerOffset};
use crate::error::{CoreError, Result};
use crate::events::{CoreEvent, EventSink};
use crate::session::{vault_key, Session};
use crate::store::{self, account::Account, Store};
use crate::sync::{self, PullOutcome};
use crate::vault::{Persistence, TokenVault};
use crate::view::{
    ActionKind, AttachmentView, AvailableAction, CitizenContact, InboxPage, InboxTab, LoginDefaults, SessionInfo, SlipDetail, SyncState,
    SyncStatus, TabCounts, TimelineItem, TimelineSync,
};

/// Largest attachment a handler may add (the center's limit too).
/// The largest attachment the center takes (one definition, in protocol).
pub const MAX_ATTACHMENT: usize = chengban_protocol::MAX_ATTACHMENT_BYTES;

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
    /// Wakes the alert scheduler (slips changed).
    pub(crate) alerts_wake: Notify,
    /// Counts finished sync rounds, so "sync now" can wait for the one it asked for.
    rounds: tokio::sync::watch::Sender<u64>,
    /// The live event stream is connected: polling can slow down.
    live: std::sync::atomic::AtomicBool,
    /// The deadline counts last told to the window and tray: each alert pass would otherwise
    /// send the same ones again and make the window re-render for nothing.
    last_counts: Mutex<Option<crate::view::DeadlineCounts>>,
}

impl Desk {
    pub fn open(
        cache: &Path,
        vault: Arc<dyn TokenVault>,
        clock: Arc<dyn Clock>,
        sink: Arc<dyn EventSink>,
        tls: TlsConfig,
    ) -> Result<Arc<Self>> {
        Self::with_store(Store::open(cache)?, vault, clock, sink, tls)
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
        };
        Ok(Arc::new(Self {
            store,
            vault,
            clock,
            offset,
            sink,
            tls,
            session: Mutex::new(None),
            status: Mutex::new(status),
            wake: Notify::new(),
            alerts_wake: Notify::new(),
            rounds: tokio::sync::watch::Sender::new(0),
            live: Default::default(),
            last_counts: Mutex::new(None),
        }))
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
                let same_place =
                    previous.as_ref().is_some_and(|p| p.server_url == to_store.server_url && p.department_id == to_store.department_id);
                let same_user = previous.as_ref().is_some_and(|p| same_place && p.username == to_store.username);
                if !same_user {
                    let waiting = store::outbox::count(&tx, store::outbox::State::Pending)?;
                    if waiting > 0 {
                        let who = previous.as_ref().map(|p| p.username.clone()).unwrap_or_default();
                        return Err(CoreError::InvalidInput(format!(
                            "本机还有 {who} 的 {waiting} 项操作尚未同步，请先用该账号登录完成同步，以免丢失"
                        )));
                    }
                    store::outbox::reset_device(&tx)?;
                }
                if !same_place {
                    store::slips::clear(&tx)?;
                    store::sync_state::reset(&tx)?;
                    store::alerts::clear(&tx)?;
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

    /// Ends the token on the center (when it can be reached within a few seconds) and forgets
    /// it here; the cache and any pending actions stay for the next login of the same account.
    pub async fn logout(&self) -> Result<()> {
        if let Some(s) = self.current() {
            match tokio::time::timeout(std::time::Duration::from_secs(3), s.client.logout()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::info!(error = %e, "logout not confirmed by the center"),
                Err(_) => tracing::info!("logout not confirmed by the center in time"),
            }
            let vault = self.vault.clone();
            let key = vault_key(&s.account.server_url, &s.account.username);
            let _ = tokio::task::spawn_blocking(move || vault.delete(&key)).await;
        }
        self.set_session(None);
        self.store.write(|c| Ok(store::account::set_logged_in(c, false)?)).await?;
        Ok(())
    }

    pub async fn inbox(&self, tab: InboxTab, page: u32, page_size: u32) -> Result<InboxPage> {
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

    /// Slips whose number, title, content, address or citizen name contain `query`.
    pub async fn search(&self, query: String) -> Result<Vec<crate::view::SlipRow>> {
        if query.chars().count() > 100 {
            return Err(CoreError::InvalidInput("搜索内容不能超过 100 字".into()));
        }
        self.store.read(move |c| Ok(store::slips::search(c, &query, 200)?)).await
    }

    pub async fn counts(&self) -> Result<TabCounts> {
        self.store.read(|c| Ok(store::slips::counts(c)?)).await
    }

    /// The center's time now (this PC's clock corrected by the offset learnt from responses).
    pub fn server_now(&self) -> DateTime<Utc> {
        self.offset.server_now(self.clock.now())
    }

    fn role(&self) -> Role {
        self.current().map(|s| s.account.role).unwrap_or(Role::Handler)
    }

    /// A slip as the desk shows it: the server's version with this desk's actions on top.
    pub async fn slip(&self, id: i64) -> Result<SlipDetail> {
        let role = self.role();
        let now = self.server_now();
        self.store.read(move |c| detail(c, id, role, now)).await
    }

    /// Does an action: validated by the same rules as the center, written with its outbox entry
    /// in one transaction, shown at once as 待同步, and pushed when the center is reachable.
    pub async fn act(&self, slip_id: i64, action: Action) -> Result<SlipDetail> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        let role = session.account.role;
        let actor = session.account.display_name.clone();
        let now = self.server_now();
        let detail = self
            .store
            .write(move |c| {
                let tx = c.transaction()?;
                let slip = store::slips::load(&tx, slip_id)?.ok_or(CoreError::NotFound)?;
                let entries = store::outbox::for_slip(&tx, slip_id)?;
                let facts = crate::overlay::fold(&slip, &entries, role);
                check_action(&facts, role, &action, now).map_err(|r| CoreError::Refused(r.to_string()))?;
                for a in action.attachments() {
                    if !store::outbox::has_blob(&tx, &a.sha256)? {
                        return Err(CoreError::InvalidInput(format!("附件“{}”未找到，请重新添加", a.name)));
                    }
                }
                store::outbox::append(&tx, slip_id, &action, now, &actor)?;
                store::slips::refresh_local(&tx, slip_id, role)?;
                let d = detail(&tx, slip_id, role, now)?;
                tx.commit()?;
                Ok(d)
            })
            .await?;
        self.sink.emit(CoreEvent::SlipsChanged { count: 1 });
        self.wake.notify_one();
        Ok(detail)
    }

    /// Keeps a file for a reply or a return; it is uploaded before the action that uses it.
    pub async fn add_attachment(&self, name: &str, content_type: &str, data: Vec<u8>) -> Result<AttachmentRef> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::InvalidInput("附件须有文件名".into()));
        }
        if data.is_empty() {
            return Err(CoreError::InvalidInput(format!("文件“{name}”是空的")));
        }
        if data.len() > MAX_ATTACHMENT {
            return Err(CoreError::InvalidInput(format!("文件“{name}”超过 20 MB，无法作为附件")));
        }
        use sha2::{Digest, Sha256};
        let sha256: String = Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
        let size = data.len() as u64;
        let hash = sha256.clone();
        self.store.write(move |c| Ok(store::outbox::put_blob(c, &hash, &data)?)).await?;
        let content_type = if content_type.trim().is_empty() { "application/octet-stream" } else { content_type.trim() };
        Ok(AttachmentRef { sha256, name: name.to_string(), size, content_type: content_type.to_string() })
    }

    /// Removes a refused action from the slip once the handler has read why.
    pub async fn dismiss_rejected(&self, mutation_id: i64) -> Result<()> {
        let role = self.role();
        let removed = self
            .store
            .write(move |c| {
                let tx = c.transaction()?;
                let slip = store::outbox::dismiss(&tx, mutation_id)?;
                if let Some(id) = slip {
                    store::slips::refresh_local(&tx, id, role)?;
                }
                tx.commit()?;
                Ok(slip.is_some())
            })
            .await?;
        if removed {
            self.sink.emit(CoreEvent::SlipsChanged { count: 1 });
        }
        Ok(())
    }

    /// Actions not yet confirmed by the center.
    pub async fn pending_count(&self) -> Result<u32> {
        self.store.read(|c| Ok(store::outbox::count(c, store::outbox::State::Pending)?)).await
    }

    /// The citizen's full name and phone, for the callback. Logged as an access, without them.
    pub async fn reveal_contact(&self, id: i64) -> Result<CitizenContact> {
        let contact = self.store.read(move |c| store::slips::contact(c, id)?.ok_or(CoreError::NotFound)).await?;
        tracing::info!(slip_id = id, "citizen contact revealed");
        // The center keeps the audit record; the reveal itself never waits for it.
        if let Some(client) = self.session_client() {
            tokio::spawn(async move {
                if let Err(e) = client.report_reveal(id).await {
                    tracing::info!(slip_id = id, error = %e, "reveal not reported to the center");
                }
            });
        }
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

    pub fn set_live(&self, live: bool) {
        self.live.store(live, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn is_live(&self) -> bool {
        self.live.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The client of the current session, for the live event stream.
    pub fn session_client(&self) -> Option<CenterClient> {
        self.current().map(|s| s.client)
    }

    /// Overdue and due-within-24-hours counts, for the tray.
    pub async fn deadline_counts(&self) -> Result<crate::view::DeadlineCounts> {
        let now = self.server_now();
        self.store.read(move |c| Ok(store::slips::deadline_counts(c, now)?)).await
    }

    /// Tells the window and tray the deadline counts when they differ from the last told.
    pub async fn emit_deadline_counts(&self) {
        let Ok(counts) = self.deadline_counts().await else { return };
        let changed = match self.last_counts.lock() {
            Ok(mut last) => last.replace(counts) != Some(counts),
            Err(_) => true,
        };
        if changed {
            self.sink.emit(CoreEvent::DeadlineCounts(counts));
        }
    }

    pub async fn alert_settings(&self) -> Result<crate::alerts::rules::AlertSettings> {
        self.store.read(|c| Ok(store::alerts::settings(c)?)).await
    }

    pub async fn set_alert_settings(&self, s: crate::alerts::rules::AlertSettings) -> Result<crate::alerts::rules::AlertSettings> {
        let s = s.validated().map_err(CoreError::InvalidInput)?;
        let saved = s.clone();
        self.store.write(move |c| Ok(store::alerts::set_settings(c, &saved)?)).await?;
        self.alerts_wake.notify_one();
        Ok(s)
    }

    /// Asks the sync service to pull now.
    pub fn request_sync(&self) {
        self.wake.notify_one();
    }

    /// Asks the sync service to sync now and waits (at most `wait`) for the round to finish:
    /// the status after it, so the user who pressed F5 is told what happened.
    pub async fn sync_now(&self, wait: std::time::Duration) -> SyncStatus {
        if self.is_logged_in() {
            let mut finished = self.rounds.subscribe();
            finished.borrow_and_update();
            self.request_sync();
            let _ = tokio::time::timeout(wait, finished.changed()).await;
        }
        self.status()
    }

    /// One pull with status bookkeeping: what the sync service runs each round.
    pub async fn sync_once(&self) -> Result<PullOutcome> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        self.set_status(|s| {
            if s.state != SyncState::Offline {
                s.state = SyncState::Syncing;
            }
        });
        let result = async {
            let pushed = sync::push(&session.client, &self.store, &self.offset, self.clock.as_ref(), sync::PUSH_BATCH).await?;
            let device_id = self.store.write(|c| Ok(store::outbox::device_id(c)?)).await?;
            let mut pulled = sync::pull_for(&session.client, &self.store, self.clock.as_ref(), &self.offset, Some(&device_id)).await?;
            pulled.changed += pushed.applied + pushed.rejected;
            Ok::<_, CoreError>(pulled)
        }
        .await;
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
                    self.alerts_wake.notify_one();
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
                // Display, not Debug: a decoding error's detail can quote the body, and the body
                // carries citizens' data.
                tracing::warn!(error = %e, "pull failed");
                self.set_status(|s| {
                    s.state = SyncState::Error;
                    s.message = Some(e.to_string());
                });
            }
        }
        self.rounds.send_modify(|n| *n += 1);
        result
    }
}

fn probe(kind: ActionKind, facts: &SlipFacts, now: DateTime<Utc>) -> Action {
    use chengban_protocol::*;
    match kind {
        ActionKind::Acknowledge => Action::Acknowledge {},
        ActionKind::RequestReturn => Action::RequestReturn { reason: ReturnReason::Other, text: "-".into(), evidence: vec![] },
        ActionKind::RequestExtension => Action::RequestExtension { reason: "-".into(), requested_due_at: facts.due_at + Duration::days(1) },
        ActionKind::InterimReply => Action::InterimReply { text: "-".into() },
        ActionKind::Callback => Action::Callback(Callback {
            at: now,
            method: CallbackMethod::Phone,
            reached: true,
            contact: None,
            summary: "-".into(),
            satisfaction: Some(Satisfaction::Satisfied),
            solved: Some(true),
        }),
        ActionKind::Reply => Action::Reply(Reply {
            process: "-".into(),
            result: Resolution::Solved,
            policy_doc_no: None,
            policy_source: None,
            attachments: vec![],
        }),
        ActionKind::SignOff => Action::SignOff { approve: true, comment: None },
    }
}

/// What the user may do now, by asking the rules with a well-formed example of each action.
fn available(facts: &SlipFacts, role: Role, now: DateTime<Utc>) -> Vec<AvailableAction> {
    use ActionKind::*;
    [Acknowledge, RequestReturn, RequestExtension, InterimReply, Callback, Reply, SignOff]
        .into_iter()
        .filter_map(|kind| match check_action(facts, role, &probe(kind, facts, now), now) {
            Ok(_) => Some(AvailableAction { kind, blocked: None }),
            Err(Refusal::Invalid(why)) => Some(AvailableAction { kind, blocked: Some(why) }),
            Err(_) => None,
        })
        .collect()
}

fn detail(c: &rusqlite::Connection, id: i64, role: Role, now: DateTime<Utc>) -> Result<SlipDetail> {
    let slip = store::slips::load(c, id)?.ok_or(CoreError::NotFound)?;
    let entries = store::outbox::for_slip(c, id)?;
    let facts = crate::overlay::fold(&slip, &entries, role);
    let mut timeline: Vec<TimelineItem> = slip.history.iter().map(crate::describe::item).collect();
    for e in &entries {
        let (title, detail) = crate::describe::action(&e.action);
        let (sync, error) = match e.state {
            store::outbox::State::Pending => (TimelineSync::Pending, None),
            store::outbox::State::Applied => (TimelineSync::Synced, None),
            store::outbox::State::Rejected => (TimelineSync::Rejected, e.error.as_ref().map(|(_, m)| m.clone())),
        };
        timeline.push(TimelineItem {
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
    Ok(SlipDetail {
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
        actions: available(&facts, role, now),
        timeline,
        attention: slip.attention(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use crate::events::RecordingSink;
    use crate::vault::MemoryVault;

    #[tokio::test]
    async fn deadline_counts_are_told_only_when_they_change() {
        let sink = Arc::new(RecordingSink::default());
        let desk = Desk::with_store(
            Store::open_in_memory().expect("store"),
            Arc::new(MemoryVault::default()),
            Arc::new(SystemClock),
            sink.clone(),
            TlsConfig::default(),
        )
        .expect("desk");
        let told = || sink.events().into_iter().filter(|e| matches!(e, CoreEvent::DeadlineCounts(_))).count();
        desk.emit_deadline_counts().await;
        desk.emit_deadline_counts().await;
        assert_eq!(told(), 1, "the same counts twice are told once");
        // A slip due on 2026-11-25 at 03:00 UTC: overdue now.
        let slip = crate::store::slips::search_tests::slip(1, "路灯损坏", "x", "a");
        desk.store().write(move |c| Ok(store::slips::upsert(c, &slip)?)).await.expect("upsert");
        desk.emit_deadline_counts().await;
        assert_eq!(told(), 2, "a change is told");
    }
}
