//! The logged-in session: the account as the center described it and a client carrying its
//! token. Cloned out of the desk's lock before any request, so no lock spans an await.

use crate::client::CenterClient;
use crate::store::account::Account;
use crate::vault::Persistence;
use crate::view::SessionInfo;

#[derive(Clone)]
pub struct Session {
    pub account: Account,
    pub client: CenterClient,
    pub persistence: Persistence,
}

impl Session {
    pub fn info(&self) -> SessionInfo {
        let (token_persisted, keyring_message) = match &self.persistence {
            Persistence::Keyring => (true, None),
            Persistence::ThisRunOnly(m) => (false, Some(m.clone())),
        };
        SessionInfo {
            server_url: self.account.server_url.clone(),
            username: self.account.username.clone(),
            display_name: self.account.display_name.clone(),
            role: self.account.role,
            department_name: self.account.department_name.clone(),
            token_persisted,
            keyring_message,
        }
    }
}

/// The key under which an account's token is kept in the vault.
pub fn vault_key(server_url: &str, username: &str) -> String {
    format!("{server_url}|{username}")
}
