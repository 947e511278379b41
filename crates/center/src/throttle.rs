//! Login throttling: failed logins are counted per account and per client address; past a
//! few, each further attempt must wait, twice as long each time up to a cap (a temporary
//! lockout). A success clears the account's and the address's count.
//!
//! Kept in memory: a restart forgets the counts, which costs an attacker nothing they could
//! not get by waiting, and keeps the login path free of database writes.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures allowed before the first wait, per account.
    pub account_free: u32,
    /// Failures allowed before the first wait, per client address (covers one address trying
    /// many accounts).
    pub address_free: u32,
    pub first_wait: Duration,
    pub max_wait: Duration,
    /// A count older than this is forgotten.
    pub forget_after: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            account_free: 5,
            address_free: 20,
            first_wait: Duration::from_secs(30),
            max_wait: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Count {
    failures: u32,
    last: Instant,
    blocked_until: Option<Instant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

pub struct Throttle {
    policy: ThrottlePolicy,
    counts: Mutex<HashMap<Key, Count>>,
}

/// Entries kept at most; past this the oldest are dropped (a flood of addresses cannot grow
/// memory without bound).
const MAX_ENTRIES: usize = 100_000;

impl Throttle {
    pub fn new(policy: ThrottlePolicy) -> Self {
        Self { policy, counts: Mutex::new(HashMap::new()) }
    }

    fn keys(username: &str, addr: IpAddr) -> [Key; 2] {
        [Key::Account(chengban_protocol::text::trim(username).to_lowercase()), Key::Address(addr)]
    }

    /// How long this attempt must wait, if at all.
    pub fn check(&self, username: &str, addr: IpAddr, now: Instant) -> Option<Duration> {
        let counts = self.counts.lock().ok()?;
        Self::wait(&counts, username, addr, now)
    }

    fn wait(counts: &HashMap<Key, Count>, username: &str, addr: IpAddr, now: Instant) -> Option<Duration> {
        Self::keys(username, addr)
            .iter()
            .filter_map(|k| counts.get(k).and_then(|c| c.blocked_until))
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max()
    }

    /// Starts a login attempt: how long it must wait, or `None` and the attempt is counted as
    /// failed until [`Throttle::succeeded`] says otherwise. Checking and counting under one lock
    /// means a burst of parallel guesses is stopped like a sequence of them.
    pub fn attempt(&self, username: &str, addr: IpAddr, now: Instant) -> Option<Duration> {
        let Ok(mut counts) = self.counts.lock() else { return None };
        if let Some(wait) = Self::wait(&counts, username, addr, now) {
            return Some(wait);
        }
        self.count_failure(&mut counts, username, addr, now);
        None
    }

    pub fn failed(&self, username: &str, addr: IpAddr, now: Instant) {
        if let Ok(mut counts) = self.counts.lock() {
            self.count_failure(&mut counts, username, addr, now);
        }
    }

    fn count_failure(&self, counts: &mut HashMap<Key, Count>, username: &str, addr: IpAddr, now: Instant) {
        if counts.len() >= MAX_ENTRIES {
            let forget = self.policy.forget_after;
            counts.retain(|_, c| now.duration_since(c.last) < forget);
            if counts.len() >= MAX_ENTRIES {
                counts.clear();
            }
        }
        for key in Self::keys(username, addr) {
            let free = match key {
                Key::Account(_) => self.policy.account_free,
                Key::Address(_) => self.policy.address_free,
            };
            let c = counts.entry(key).or_insert(Count { failures: 0, last: now, blocked_until: None });
            if now.duration_since(c.last) >= self.policy.forget_after {
                *c = Count { failures: 0, last: now, blocked_until: None };
            }
            c.failures += 1;
            c.last = now;
            if c.failures >= free {
                let doublings = (c.failures - free).min(16);
                let wait = self.policy.first_wait.saturating_mul(1 << doublings).min(self.policy.max_wait);
                c.blocked_until = Some(now + wait);
            }
        }
    }

    pub fn succeeded(&self, username: &str, addr: IpAddr) {
        if let Ok(mut counts) = self.counts.lock() {
            for key in Self::keys(username, addr) {
                counts.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy { account_free: 3, address_free: 5, ..Default::default() }
    }

    #[test]
    fn the_account_waits_after_its_free_failures_and_the_wait_doubles_up_to_the_cap() {
        let t = Throttle::new(policy());
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let now = Instant::now();
        t.failed("a", ip, now);
        t.failed("a", ip, now);
        assert_eq!(t.check("a", ip, now), None);
        t.failed("a", ip, now);
        assert_eq!(t.check("a", ip, now), Some(Duration::from_secs(30)));
        t.failed("a", ip, now);
        assert_eq!(t.check("A ", ip, now), Some(Duration::from_secs(60)), "the account is named case- and space-insensitively");
        for _ in 0..20 {
            t.failed("a", ip, now);
        }
        assert_eq!(t.check("a", ip, now), Some(Duration::from_secs(15 * 60)));
        assert_eq!(t.check("a", ip, now + Duration::from_secs(15 * 60)), None, "the lockout is temporary");
    }

    #[test]
    fn one_address_trying_many_accounts_is_slowed_and_a_success_clears_the_account() {
        let t = Throttle::new(policy());
        let ip: IpAddr = "10.0.0.2".parse().unwrap();
        let other: IpAddr = "10.0.0.3".parse().unwrap();
        let now = Instant::now();
        for i in 0..5 {
            t.failed(&format!("user{i}"), ip, now);
        }
        assert!(t.check("user9", ip, now).is_some());
        assert_eq!(t.check("user9", other, now), None);
        t.succeeded("user9", ip);
        assert_eq!(t.check("user9", ip, now), None);
    }
}
