//! Where the desk's secrets live — the bearer token and the key of the encrypted cache: the OS
//! keyring (Secret Service, Windows Credential Manager, macOS Keychain), never a plain file or
//! the SQLite cache. Where no keyring service runs, each is kept in memory for this run only and
//! the user is told so.

use std::collections::HashMap;
use std::sync::Mutex;

const SERVICE: &str = "chengban";

/// Whether a stored token survives a restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Persistence {
    Keyring,
    /// No keyring could be used; the reason is for the user.
    ThisRunOnly(String),
}

/// Blocking: call from a blocking thread.
pub trait TokenVault: Send + Sync + 'static {
    fn store(&self, account: &str, token: &str) -> Persistence;
    fn load(&self, account: &str) -> Option<String>;
    fn delete(&self, account: &str);
}

/// Memory only, for tests and as the keyring's fallback.
#[derive(Default)]
pub struct MemoryVault(Mutex<HashMap<String, String>>);

impl TokenVault for MemoryVault {
    fn store(&self, account: &str, token: &str) -> Persistence {
        if let Ok(mut m) = self.0.lock() {
            m.insert(account.into(), token.into());
        }
        Persistence::ThisRunOnly("未使用系统密钥环".into())
    }
    fn load(&self, account: &str) -> Option<String> {
        self.0.lock().ok().and_then(|m| m.get(account).cloned())
    }
    fn delete(&self, account: &str) {
        if let Ok(mut m) = self.0.lock() {
            m.remove(account);
        }
    }
}

/// The OS keyring, falling back to memory when it cannot be used.
#[derive(Default)]
pub struct KeyringVault {
    fallback: MemoryVault,
}

pub const NO_KEYRING: &str = "系统密钥环不可用：登录凭据和本机缓存的密钥仅在本次运行中保留，重启后需重新登录并重新同步。退出前请确认操作均已同步（右上角显示“已同步”），否则未送达的操作将无法找回。";

impl TokenVault for KeyringVault {
    fn store(&self, account: &str, token: &str) -> Persistence {
        let stored = keyring::Entry::new(SERVICE, account).and_then(|e| e.set_password(token));
        match stored {
            Ok(()) => Persistence::Keyring,
            Err(e) => {
                tracing::warn!(error = %e, "keyring unavailable; token kept in memory for this run");
                self.fallback.store(account, token);
                Persistence::ThisRunOnly(NO_KEYRING.into())
            }
        }
    }

    fn load(&self, account: &str) -> Option<String> {
        if let Some(t) = self.fallback.load(account) {
            return Some(t);
        }
        keyring::Entry::new(SERVICE, account).and_then(|e| e.get_password()).ok()
    }

    fn delete(&self, account: &str) {
        self.fallback.delete(account);
        if let Ok(e) = keyring::Entry::new(SERVICE, account) {
            let _ = e.delete_credential();
        }
    }
}

/// The vault entry of the key of the cache at `cache` (one per data folder).
fn cache_key_entry(cache: &std::path::Path) -> String {
    format!("cache-key|{}", cache.display())
}

/// The key (64 hex digits) of the cache at `cache`: the one kept in the vault, or a new random
/// one kept there now (where it cannot be kept, the token's warning at login says so: the same
/// keyring). Blocking: call from a blocking thread or outside the async runtime.
pub fn cache_key(vault: &dyn TokenVault, cache: &std::path::Path, generate: impl FnOnce() -> String) -> String {
    let entry = cache_key_entry(cache);
    if let Some(key) = vault.load(&entry) {
        return key;
    }
    let key = generate();
    vault.store(&entry, &key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This machine's test environment has no Secret Service: the vault must say so and keep
    /// the token for this run, from a blocking thread inside a tokio runtime as the desk calls it.
    #[tokio::test(flavor = "multi_thread")]
    async fn without_a_keyring_service_the_token_is_kept_for_this_run_and_the_user_is_told() {
        let vault = std::sync::Arc::new(KeyringVault::default());
        let v = vault.clone();
        let persistence = tokio::task::spawn_blocking(move || v.store("test|user", "t0ken")).await.unwrap();
        match persistence {
            Persistence::ThisRunOnly(m) => assert_eq!(m, NO_KEYRING),
            // A developer machine with a running keyring stores it for real; clean up.
            Persistence::Keyring => {}
        }
        let v = vault.clone();
        assert_eq!(tokio::task::spawn_blocking(move || v.load("test|user")).await.unwrap().as_deref(), Some("t0ken"));
        let v = vault.clone();
        tokio::task::spawn_blocking(move || v.delete("test|user")).await.unwrap();
        let v = vault.clone();
        assert_eq!(tokio::task::spawn_blocking(move || v.load("test|user")).await.unwrap(), None);
    }
}
