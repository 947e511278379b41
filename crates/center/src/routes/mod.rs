//! The HTTP routes of the department API, grouped by who calls them.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod department;
pub mod events;
pub mod health;
pub mod library;
pub mod operator;
pub mod push;
pub mod slips;
pub mod stats;
