//! Keeping the cache in step with the center: one round of push and pull ([`round`]), the
//! background service that runs rounds ([`service`]), and the live event stream that wakes it
//! ([`live`]).

pub mod live;
mod round;
pub mod service;

pub use round::*;
