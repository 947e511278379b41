//! Logging in and out, and restoring the last session at start.

use chengban_protocol::Role;

use super::Desk;
use crate::client::{CenterClient, ServerUrl};
use crate::error::{CoreError, Result};
use crate::session::{vault_key, Session};
use crate::store::{self, account::Account};
use crate::vault::{self, Persistence};
use crate::view::{LoginDefaults, SessionInfo};

impl Desk {
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
        self.store.refuse_if_read_only()?;
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
                    // The previous user's own templates are theirs.
                    store::library::clear_personal(&tx)?;
                }
                if !same_place {
                    store::slips::clear(&tx)?;
                    store::colleagues::clear(&tx)?;
                    store::library::clear_department(&tx)?;
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
            .unwrap_or_else(|_| Persistence::ThisRunOnly(vault::NO_KEYRING.into()));
        let session = Session { account, client: client.with_token(token), persistence };
        let info = session.info();
        self.set_session(Some(session));
        tracing::info!(role = user.role.as_str(), "logged in");
        self.request_sync();
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
        self.request_sync();
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
}
