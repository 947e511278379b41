//! [`RateFacts`] as compact bytes, and their span as index keys, for the tables that keep each
//! slip's facts (the desk's cache and the center's database): a month's rates decode tens of
//! thousands of them, and JSON with RFC 3339 times cost ten times what the counting does. Times are milliseconds since 1970;
//! closed vocabularies are their index in `ALL`. The first byte is the format's version; bytes
//! of another version or cut short decode to None (the caller writes the facts again).

use chrono::{DateTime, Utc};

use crate::enums::{Channel, Satisfaction, Tier};
use crate::rates::{RateFacts, ReplyFact};

const VERSION: u8 = 1;

/// The end kept for a span with none (a slip still owed), so one index range finds it.
pub const OPEN_END: &str = "9999-12-31T00:00:00.000Z";

/// A time as the tables keep span bounds: fixed-width RFC 3339 UTC with milliseconds, so text
/// order is time order.
fn key(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The facts' [`RateFacts::span`] as the two text keys a table indexes.
pub fn span_keys(f: &RateFacts) -> (String, String) {
    let (from, until) = f.span();
    (key(from), until.map_or_else(|| OPEN_END.to_string(), key))
}

/// The bounds to ask for the slips overlapping `period`: `span_until >= .0 AND span_from < .1`
/// ([`crate::rates::Period::overlaps`]).
pub fn period_keys(period: crate::rates::Period) -> (String, String) {
    (key(period.start), key(period.end))
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn time(&mut self, t: DateTime<Utc>) {
        self.i64(t.timestamp_millis());
    }
    fn opt_time(&mut self, t: Option<DateTime<Utc>>) {
        match t {
            Some(t) => {
                self.u8(1);
                self.time(t);
            }
            None => self.u8(0),
        }
    }
    fn len(&mut self, n: usize) {
        self.0.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|[b]| b)
    }
    fn i64(&mut self) -> Option<i64> {
        self.take::<8>().map(i64::from_le_bytes)
    }
    fn time(&mut self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.i64()?)
    }
    fn opt_time(&mut self) -> Option<Option<DateTime<Utc>>> {
        match self.u8()? {
            0 => Some(None),
            _ => self.time().map(Some),
        }
    }
    fn len(&mut self) -> Option<usize> {
        let n = u32::from_le_bytes(self.take::<4>()?) as usize;
        // Never trust a length beyond what is left.
        (n <= self.0.len()).then_some(n)
    }
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
}

fn index_of<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter().position(|x| x == v).and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX)
}

/// The facts as bytes.
pub fn encode(f: &RateFacts) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(96));
    w.u8(VERSION);
    w.i64(f.slip_id);
    w.i64(f.department_id);
    w.u8(index_of(Channel::ALL, &f.channel));
    w.u8(index_of(Tier::ALL, &f.tier));
    let flags = u8::from(f.open) | u8::from(f.returned_away) << 1 | u8::from(f.return_requested) << 2 | u8::from(f.extension_approved) << 3;
    w.u8(flags);
    match &f.handler {
        Some(h) => {
            w.len(h.len());
            w.0.extend_from_slice(h.as_bytes());
        }
        None => w.len(usize::MAX),
    }
    w.time(f.dispatched_at);
    w.opt_time(f.acknowledge_until);
    w.opt_time(f.acknowledged_at);
    w.time(f.due_at);
    w.opt_time(f.closed_reply_at);
    w.len(f.replies.len());
    for r in &f.replies {
        w.time(r.at);
        w.u8(u8::from(r.called_back));
    }
    w.len(f.callbacks.len());
    for (at, s) in &f.callbacks {
        w.time(*at);
        w.u8(s.map_or(u8::MAX, |s| index_of(Satisfaction::ALL, &s)));
    }
    w.len(f.reviews.len());
    for (at, accept) in &f.reviews {
        w.time(*at);
        w.u8(u8::from(*accept));
    }
    w.0
}

/// The facts back; None for bytes not written by [`encode`] of this version.
pub fn decode(bytes: &[u8]) -> Option<RateFacts> {
    let mut r = Reader(bytes);
    if r.u8()? != VERSION {
        return None;
    }
    let slip_id = r.i64()?;
    let department_id = r.i64()?;
    let channel = *Channel::ALL.get(usize::from(r.u8()?))?;
    let tier = *Tier::ALL.get(usize::from(r.u8()?))?;
    let flags = r.u8()?;
    let handler = match u32::from_le_bytes(r.take::<4>()?) {
        u32::MAX => None,
        n => Some(String::from_utf8(r.bytes(n as usize)?.to_vec()).ok()?),
    };
    let mut f = RateFacts {
        slip_id,
        department_id,
        channel,
        tier,
        handler,
        open: flags & 1 != 0,
        returned_away: flags & 2 != 0,
        return_requested: flags & 4 != 0,
        extension_approved: flags & 8 != 0,
        dispatched_at: r.time()?,
        acknowledge_until: r.opt_time()?,
        acknowledged_at: r.opt_time()?,
        due_at: r.time()?,
        closed_reply_at: r.opt_time()?,
        replies: Vec::new(),
        callbacks: Vec::new(),
        reviews: Vec::new(),
    };
    for _ in 0..r.len()? {
        f.replies.push(ReplyFact { at: r.time()?, called_back: r.u8()? != 0 });
    }
    for _ in 0..r.len()? {
        let at = r.time()?;
        let s = match r.u8()? {
            u8::MAX => None,
            i => Some(*Satisfaction::ALL.get(usize::from(i))?),
        };
        f.callbacks.push((at, s));
    }
    for _ in 0..r.len()? {
        f.reviews.push((r.time()?, r.u8()? != 0));
    }
    r.0.is_empty().then_some(f)
}
