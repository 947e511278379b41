//! Passwords (argon2), bearer tokens (random, stored as SHA-256) and the extractor that turns a
//! request's token into the calling user.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
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
        let user = state.db.read(move |c| Ok(users::by_token(c, &hash, now)?)).await?.ok_or(ApiErr::Unauthorized)?;
        Ok(Caller { user })
    }
}
