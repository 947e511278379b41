//! When the sync service runs a round: when asked (login, an action, the user's F5, a broken
//! event stream), or when the center announces a change newer than the cache holds. A change
//! the desk's own push caused is pulled in the same round, so its echo on the event stream
//! starts no second round.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use tokio::sync::Notify;

#[derive(Default)]
pub(crate) struct Trigger {
    notify: Notify,
    asked: AtomicBool,
    /// The highest change sequence the center announced.
    announced: AtomicI64,
    /// The highest change sequence pulled into the cache.
    pulled: AtomicI64,
}

impl Trigger {
    pub fn ask(&self) {
        self.asked.store(true, Ordering::SeqCst);
        self.notify.notify_one();
    }

    /// The center announced a change reaching `seq` (unknown: `None`, and a round is asked).
    pub fn announced(&self, seq: Option<i64>) {
        match seq {
            None => self.ask(),
            Some(n) => {
                self.announced.fetch_max(n, Ordering::SeqCst);
                if n > self.pulled.load(Ordering::SeqCst) {
                    self.notify.notify_one();
                }
            }
        }
    }

    pub fn pulled_to(&self, seq: i64) {
        self.pulled.fetch_max(seq, Ordering::SeqCst);
    }

    /// After a wake-up: whether it calls for a round (and the ask is then taken).
    pub fn take_need(&self) -> bool {
        let asked = self.asked.swap(false, Ordering::SeqCst);
        asked || self.announced.load(Ordering::SeqCst) > self.pulled.load(Ordering::SeqCst)
    }

    pub async fn woken(&self) {
        self.notify.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_announced_change_already_pulled_needs_no_round() {
        let t = Trigger::default();
        t.pulled_to(7);
        t.announced(Some(7));
        assert!(!t.take_need(), "the desk's own push, pulled in the same round");
        t.announced(Some(8));
        assert!(t.take_need(), "someone else's change");
        t.pulled_to(8);
        assert!(!t.take_need());
    }

    #[test]
    fn an_echo_arriving_before_the_pull_finishes_is_satisfied_by_that_pull() {
        let t = Trigger::default();
        t.announced(Some(3)); // the push's echo, while the round still pulls
        t.pulled_to(3); // the same round's pull brings it
        assert!(!t.take_need());
    }

    #[test]
    fn asking_or_an_unknown_change_always_needs_a_round_once() {
        let t = Trigger::default();
        t.ask();
        assert!(t.take_need());
        assert!(!t.take_need(), "taken");
        t.announced(None);
        assert!(t.take_need());
    }
}
