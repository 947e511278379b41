//! Wire types of the department API (v1), shared by `chengban-center` and the desktop.
//!
//! The OpenAPI document at `crates/protocol/openapi.json` is generated from these types
//! ([`openapi::document`]); a test fails when the committed file is stale.

pub mod actions;
pub mod enums;
pub mod openapi;
pub mod rules;
pub mod types;

pub use actions::*;
pub use enums::*;
pub use types::*;

/// Header carrying the server's clock on every response (RFC 3339, milliseconds), so a desktop
/// with a wrong clock still shows true deadlines.
pub const SERVER_TIME_HEADER: &str = "x-server-time";

/// Default and maximum page sizes of `GET /v1/changes`.
pub const DEFAULT_PAGE_LIMIT: u32 = 500;
pub const MAX_PAGE_LIMIT: u32 = 1000;

/// The committed OpenAPI document, served by the center at `GET /openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");
