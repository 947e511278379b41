//! What the tests and benchmarks of every crate set up alike, written once: a real center with
//! the demo ([`center`]), the hotline center's operator dispatching over its API
//! ([`Operator`]), a slip built in code for tests that need no center ([`slip`]), and the
//! database a test's center runs on, SQLite or PostgreSQL ([`database`]), and the center as a
//! process of its own ([`process`]).

pub mod center;
pub mod database;
mod operator;
pub mod process;
mod slip;

pub use operator::{login, Dispatch, Operator};
pub use slip::slip;

/// Any error of the setup, as text: tests unwrap it, benchmarks report it.
pub type Result<T> = std::result::Result<T, String>;

pub(crate) fn e<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}
