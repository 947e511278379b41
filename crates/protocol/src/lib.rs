//! Wire types of the department API (v1), shared by `chengban-center` and the desktop.
//!
//! The OpenAPI document at `crates/protocol/openapi.json` is generated from these types
//! ([`openapi::document`]); a test fails when the committed file is stale.

pub mod actions;
pub mod admin;
pub mod attention;
pub mod enums;
mod error;
mod facts;
mod files;
pub mod library;
pub mod openapi;
pub mod ranking;
pub mod rates;
pub mod rates_codec;
mod reply;
pub mod review;
pub mod rules;
pub mod similar;
pub mod stats;
mod strict;
pub mod text;
pub mod types;

pub use actions::*;
pub use admin::*;
pub use attention::Attention;
pub use enums::*;
pub use error::ApiError;
pub use facts::SlipFacts;
pub use ranking::{DepartmentRank, Ranking};
pub use reply::{Contact, PolicyCitation};
pub use stats::{HandlerRates, StatsReport, TierRates};
pub use types::*;

/// Header carrying the server's clock on every response (RFC 3339, milliseconds), so a desktop
/// with a wrong clock still shows true deadlines.
pub const SERVER_TIME_HEADER: &str = "x-server-time";

/// Default and maximum page sizes of `GET /v1/changes`.
pub const DEFAULT_PAGE_LIMIT: u32 = 500;
pub const MAX_PAGE_LIMIT: u32 = 1000;

/// The committed OpenAPI document, served by the center at `GET /openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// Mutation ids count per device from this one; the center refuses anything lower (422).
pub const FIRST_MUTATION_ID: i64 = 1;

/// Mutations accepted in one `POST /v1/push`.
pub const MAX_PUSH_BATCH: usize = 200;

/// The largest attachment the center stores.
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// Limits the center enforces, stated once for it and for the OpenAPI document.
pub const MAX_USERNAME: usize = 64;
pub const MAX_PASSWORD: usize = 128;
/// The shortest password an operator may set for an account.
pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_DEVICE_ID: usize = 64;
pub const MAX_TITLE: usize = 200;
pub const MAX_CONTENT: usize = 20_000;
pub const MAX_DISPATCH_ATTACHMENTS: usize = 20;
