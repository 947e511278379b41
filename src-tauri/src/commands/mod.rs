//! Tauri commands, grouped by feature. Each is a few lines that call [`chengban_core::Desk`].

pub mod inbox;
pub mod session;
pub mod settings;
pub mod sync;
pub mod work;
