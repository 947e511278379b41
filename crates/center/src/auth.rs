//! Passwords (argon2), bearer tokens (random, stored as SHA-256, ending when idle, at an
//! absolute limit, on logout, or when the account is disabled or its password changes), the
//! extractor that turns a request's token into the calling user, and the caller's address.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use chengban_protocol::Role;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::users;
use crate::error::ApiErr;
use crate::AppState;

pub fn hash_password(password: &str) -> Result<String, ApiErr> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiErr::Internal(format!("hash password: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Checks a password for an account that may not exist: an unknown user costs one argon2
/// verification like a known one, so the time of the answer does not tell who exists.
pub fn verify_login(password: &str, hash: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    match hash {
        Some(h) => verify_password(password, h),
        None => {
            let dummy = DUMMY.get_or_init(|| hash_password("chengban-no-such-user").unwrap_or_default());
            let _ = verify_password(password, dummy);
            false
        }
    }
}

/// How long tokens live and how logins are throttled; `chengban-center --help` sets them.
#[derive(Debug, Clone)]
pub struct Security {
    /// A token unused this long ends (the desk syncs every minute while it runs).
    pub token_idle: Duration,
    /// A token ends this long after login whatever its use.
    pub token_max: Duration,
    pub throttle: crate::throttle::ThrottlePolicy,
    /// The center runs behind a reverse proxy on this machine: a request from loopback is
    /// attributed to the address the proxy appended to `X-Forwarded-For`.
    pub behind_proxy: bool,
}

impl Default for Security {
    fn default() -> Self {
        Self {
            token_idle: Duration::from_secs(14 * 24 * 3600),
            token_max: Duration::from_secs(30 * 24 * 3600),
            throttle: Default::default(),
            behind_proxy: false,
        }
    }
}

/// A token's last use is written at most this often (not on every request), and at least
/// four times within the idle limit.
fn touch_every(idle: Duration) -> Duration {
    Duration::from_secs(60).min(idle / 4)
}

/// A new token and the hash under which it is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: users::UserRow,
    /// SHA-256 of the bearer token the request carried.
    pub token_hash: String,
}

impl Caller {
    /// The caller's department, or 403 for the hotline center's operators.
    pub fn department_id(&self) -> Result<i64, ApiErr> {
        self.user.department_id.ok_or(ApiErr::Forbidden)
    }

    pub fn require_operator(&self) -> Result<(), ApiErr> {
        if self.user.role == Role::Operator {
            Ok(())
        } else {
            Err(ApiErr::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
        let token = header.strip_prefix("Bearer ").map(str::trim).filter(|t| !t.is_empty()).ok_or(ApiErr::Unauthorized)?;
        let hash = hash_token(token);
        let now = state.now();
        let idle = chrono::Duration::from_std(state.security.token_idle).unwrap_or(chrono::Duration::MAX);
        let cutoff = now.checked_sub_signed(idle).unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
        let lookup = hash.clone();
        let (user, last_used) = state.db.read(move |c| Ok(users::by_token(c, &lookup, now, cutoff)?)).await?.ok_or(ApiErr::Unauthorized)?;
        if (now - last_used).to_std().unwrap_or_default() >= touch_every(state.security.token_idle) {
            let touched = hash.clone();
            state.db.write(move |c| Ok(users::touch_token(c, &touched, now)?)).await?;
        }
        Ok(Caller { user, token_hash: hash })
    }
}

/// The client's address, for throttling and the audit log: the peer, or behind a proxy on
/// this machine the address the proxy saw (the last entry of `X-Forwarded-For`).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if state.security.behind_proxy && peer.is_loopback() {
            // Only the entry our proxy appended counts; earlier ones are whatever the client sent.
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|a| a.trim().parse::<IpAddr>().ok());
            if let Some(addr) = forwarded {
                return Ok(ClientAddr(addr));
            }
        }
        Ok(ClientAddr(peer))
    }
}
