//! Time as the desktop sees it: the PC's clock behind a trait (so tests can move it), and the
//! offset to the center's clock learnt from its responses, so deadlines are shown true even on
//! a PC whose clock is wrong.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The center's clock minus ours, in milliseconds; updated from every response.
#[derive(Debug, Default)]
pub struct ServerOffset(AtomicI64);

impl ServerOffset {
    pub fn observe(&self, server_time: DateTime<Utc>, local_now: DateTime<Utc>) {
        self.0.store((server_time - local_now).num_milliseconds(), Ordering::Relaxed);
    }

    pub fn millis(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }

    pub fn set_millis(&self, ms: i64) {
        self.0.store(ms, Ordering::Relaxed);
    }

    pub fn server_now(&self, local_now: DateTime<Utc>) -> DateTime<Utc> {
        local_now + Duration::milliseconds(self.millis())
    }
}
