//! Similar past cases and the 重复件 mark, decided once. A past slip is similar to a new one
//! when the same citizen raised it (their phone, compared through a keyed hash on the desk), it
//! was at the same place (the address as written, without blanks and punctuation), or its
//! title shares words with the new one (the search index finds those).
//!
//! **The same matter** (重复件): the same citizen, a slip dispatched in the
//! [`REPEAT_WINDOW_DAYS`] before, and either the same place or titles that share at least half
//! their pairs of characters ([`title_likeness`] ≥ [`SAME_TITLE`]). A citizen calling twice about
//! the same lamp post is a repeat; the same citizen about a lamp post and then about noise is not.

use chrono::{DateTime, Duration, Utc};

use crate::text::half_width;

/// How far back a repeat is looked for.
pub const REPEAT_WINDOW_DAYS: i64 = 30;

/// Titles at least this alike ([`title_likeness`]) are of the same matter.
pub const SAME_TITLE: f32 = 0.5;

fn significant(c: char) -> bool {
    c.is_alphanumeric()
}

/// A phone number as compared: its digits, without a leading +86/86 or the trunk 0 of a mobile.
/// None when too short to name anyone.
pub fn phone_digits(phone: &str) -> Option<String> {
    let digits: String = phone.chars().map(half_width).filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.strip_prefix("86").filter(|d| d.len() == 11).map(str::to_string).unwrap_or(digits);
    (digits.len() >= 7).then_some(digits)
}

/// An address as compared: letters and digits only, half-width, lower case. None when too short
/// to name a place.
pub fn address_key(address: &str) -> Option<String> {
    let key: String = address.chars().map(half_width).filter(|c| significant(*c)).flat_map(char::to_lowercase).collect();
    (key.chars().count() >= 4).then_some(key)
}

fn pairs(title: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = title.chars().map(half_width).filter(|c| significant(*c)).collect();
    let mut p: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    p.sort_unstable();
    p.dedup();
    p
}

/// How alike two titles are: the share of their pairs of characters in common (Dice), 0 to 1.
pub fn title_likeness(a: &str, b: &str) -> f32 {
    let (a, b) = (pairs(a), pairs(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|p| b.binary_search(p).is_ok()).count();
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

/// What the 重复件 rule looks at on each slip.
pub struct Matter<'a> {
    pub title: &'a str,
    pub address: Option<&'a str>,
    pub dispatched_at: DateTime<Utc>,
}

/// Whether `earlier`, raised by the same citizen, makes `slip` a repeat (重复件).
pub fn same_matter(slip: &Matter, earlier: &Matter) -> bool {
    let within =
        earlier.dispatched_at <= slip.dispatched_at && slip.dispatched_at - earlier.dispatched_at <= Duration::days(REPEAT_WINDOW_DAYS);
    let same_place = match (slip.address.and_then(address_key), earlier.address.and_then(address_key)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    within && (same_place || title_likeness(slip.title, earlier.title) >= SAME_TITLE)
}
