//! `chengban-core`: everything the desktop does that needs no window.
//!
//! The SQLite cache ([`store`]), the client of the department API ([`client`]), pulling changes
//! into the cache ([`sync`]) and the background service that keeps doing it ([`service`]), the
//! login session and its token vault ([`session`], [`vault`]), and the views the UI shows
//! ([`view`]). It reaches the outside only through small traits ([`clock::Clock`],
//! [`events::EventSink`], [`vault::TokenVault`]) and never through Tauri types.

pub mod alerts;
pub mod bindings;
pub mod client;
pub mod clock;
pub mod commands;
pub mod desk;
pub mod desktop;
pub mod detail;
pub mod error;
pub mod events;
pub mod handle;
pub mod logs;
pub mod mask;
pub mod memory;
pub mod overlay;
pub mod session;
pub mod sheet;
pub mod similar;
pub mod store;
pub mod sync;
pub mod timeline;
pub mod vault;
pub mod view;
pub mod workbook;

pub use desk::Desk;
pub use error::CoreError;
