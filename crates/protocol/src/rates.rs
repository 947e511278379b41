//! The 考核 rates a department is scored on each month, defined once for the center (which
//! serves them) and the desk (which computes them from its cache, offline).
//!
//! A slip's part in the rates is read off the slip once ([`RateFacts::of`]); both sides keep
//! these facts per slip and count them with [`Rates::count`]. What each rate counts, in words:
//!
//! - **The period** is a calendar month in China Standard Time ([`Period::month`]). For the
//!   month still running, the rates count up to the moment asked ([`Period::until`]): what was
//!   due by now, not what is due later this month.
//! - **应办结** (what had to be done in the period, the denominator of 办结率, 按时办结率 and
//!   延期率): slips due in the period, and slips due before it and still open at its start
//!   (overdue work carried over counts again, every month until it is done). A slip the center
//!   took back (退回 accepted) is not the department's and counts nowhere.
//! - **办结率** = of 应办结, those closed (the center accepted the reply, 审单通过) with the
//!   reply sent before the period's end ÷ 应办结.
//! - **按时办结率** = of 应办结, those closed with the reply sent by their `due_at` ÷ 应办结.
//!   The reply's time is when it left the department: the handler's 答复 for a 交办单, the
//!   leader's 审核签发 for a 督办单 — not when the center reviewed it. `due_at` is the slip's
//!   current one, an approved extension included.
//! - **及时签收率** = slips dispatched in the period acknowledged (签收, or a return asked straight
//!   away) by their `acknowledge_until` ÷ slips dispatched in the period — leaving out those not
//!   yet acknowledged whose limit has not passed.
//! - **回访率** = replies (答复) sent in the period after a callback (经办人回访, reached or an
//!   unreachable attempt) made since the last rework ÷ replies sent in the period.
//! - **满意率** = callbacks in the period that reached the citizen and heard 满意 or 非常满意 ÷
//!   those that recorded a satisfaction.
//! - **重办率** = reviews (审单) in the period that sent the reply back (退回重办) ÷ reviews.
//! - **退回率** = slips dispatched in the period that the department asked to return ÷ slips
//!   dispatched in the period.
//! - **延期率** = of 应办结, those with an approved extension ÷ 应办结.
//!
//! The facts are the slips' as they are now: a month already past still changes when a late
//! reply is accepted or an extension approved, as the center's own reports do.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actions::{Action, Decision, EventBody};
use crate::enums::*;
use crate::types::Slip;

/// China Standard Time, in which months begin and end.
pub fn china_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
}

/// The stretch of time the rates count: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Period {
    /// The calendar month `year-month` in China Standard Time; None for a month that is not one.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(year, month + 1, 1)? };
        let at = |d: NaiveDate| china_time().from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single().map(|t| t.with_timezone(&Utc));
        Some(Self { start: at(first)?, end: at(next)? })
    }

    /// The month (China Standard Time) that `at` falls in.
    pub fn month_of(at: DateTime<Utc>) -> Self {
        let local = at.with_timezone(&china_time());
        Self::month(local.year(), local.month()).unwrap_or(Self { start: at, end: at })
    }

    /// The month before this one.
    pub fn previous(self) -> Self {
        Self::month_of(self.start - Duration::seconds(1))
    }

    /// The period cut at `now` when it is still running.
    pub fn until(self, now: DateTime<Utc>) -> Self {
        Self { start: self.start, end: self.end.min(now).max(self.start) }
    }

    pub fn contains(self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }

    /// Whether a slip whose [`RateFacts::span`] is `span` can count in this period.
    pub fn overlaps(self, span: (DateTime<Utc>, Option<DateTime<Utc>>)) -> bool {
        span.0 < self.end && span.1.is_none_or(|until| until >= self.start)
    }
}

/// A reply (答复) the department sent, and whether a callback came before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyFact {
    pub at: DateTime<Utc>,
    pub called_back: bool,
}

/// What the rates need of one slip; see the module's words for what each field means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateFacts {
    pub slip_id: i64,
    pub department_id: i64,
    pub channel: Channel,
    pub tier: Tier,
    /// Whose slip it is in the per-handler table: the one it is assigned to (分派), else who
    /// signed for it, as the timeline names them.
    pub handler: Option<String>,
    /// The department still owes it something (its deadline runs).
    pub open: bool,
    pub dispatched_at: DateTime<Utc>,
    pub acknowledge_until: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    /// When the reply the center accepted left the department; None until one is accepted.
    pub closed_reply_at: Option<DateTime<Utc>>,
    /// The center accepted the department's return: the slip is no longer the department's.
    pub returned_away: bool,
    pub return_requested: bool,
    pub extension_approved: bool,
    pub replies: Vec<ReplyFact>,
    /// Callbacks that reached the citizen: when, and what they said of the handling.
    pub callbacks: Vec<(DateTime<Utc>, Option<Satisfaction>)>,
    /// The center's reviews: when, and whether it accepted.
    pub reviews: Vec<(DateTime<Utc>, bool)>,
}

impl RateFacts {
    /// Reads the facts off a slip and its history.
    pub fn of(slip: &Slip) -> Self {
        let mut facts = RateFacts {
            slip_id: slip.id,
            department_id: slip.department_id,
            channel: slip.channel,
            tier: slip.tier,
            handler: None,
            open: slip.status.is_open(),
            dispatched_at: slip.dispatched_at,
            acknowledge_until: slip.acknowledge_until,
            acknowledged_at: slip.acknowledged_at,
            due_at: slip.due_at,
            closed_reply_at: None,
            returned_away: false,
            return_requested: false,
            extension_approved: false,
            replies: Vec::new(),
            callbacks: Vec::new(),
            reviews: Vec::new(),
        };
        let assigned = slip.assignee.as_ref().map(|a| a.display_name.clone());
        let mut called_back = false;
        // The last time a reply left the department: 答复 of a 交办单, 审核签发 of a 督办单.
        let mut sent: Option<DateTime<Utc>> = None;
        for e in &slip.history {
            match &e.body {
                EventBody::Action(Action::Acknowledge {} | Action::RequestReturn { .. }) if facts.handler.is_none() => {
                    facts.handler = Some(e.actor.clone());
                    facts.return_requested |= matches!(e.body, EventBody::Action(Action::RequestReturn { .. }));
                }
                EventBody::Action(Action::RequestReturn { .. }) => facts.return_requested = true,
                EventBody::Action(Action::Callback(c)) => {
                    called_back = true;
                    if c.reached {
                        facts.callbacks.push((c.at, c.satisfaction));
                    }
                }
                EventBody::Action(Action::Reply(_)) => {
                    facts.replies.push(ReplyFact { at: e.at, called_back });
                    if slip.kind == SlipKind::Assignment {
                        sent = Some(e.at);
                    }
                }
                EventBody::Action(Action::SignOff { approve: true, .. }) => sent = Some(e.at),
                EventBody::Decision(Decision::Review { accept, .. }) => {
                    facts.reviews.push((e.at, *accept));
                    if *accept {
                        facts.closed_reply_at = sent.or(Some(e.at));
                    } else {
                        called_back = false;
                    }
                }
                EventBody::Decision(Decision::DecideReturn { accept: true, .. }) => facts.returned_away = true,
                EventBody::Decision(Decision::DecideExtension { approve: true, .. }) => facts.extension_approved = true,
                _ => {}
            }
        }
        if slip.status != SlipStatus::Closed {
            facts.closed_reply_at = None;
        }
        if assigned.is_some() {
            facts.handler = assigned;
        }
        facts
    }

    /// When this slip can count in a rate: from the earliest of its times to the latest, or
    /// with no end (None) while it is still owed (no accepted reply, not taken back), since an
    /// overdue slip is carried into every month until it is closed. A period that does not
    /// overlap the span gets nothing from the slip, so a cache or a database can keep the span
    /// beside the facts and read only the slips a month needs ([`Period::overlaps`]).
    pub fn span(&self) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
        let times = [self.dispatched_at, self.due_at]
            .into_iter()
            .chain(self.acknowledged_at)
            .chain(self.closed_reply_at)
            .chain(self.replies.iter().map(|r| r.at))
            .chain(self.callbacks.iter().map(|(at, _)| *at))
            .chain(self.reviews.iter().map(|(at, _)| *at));
        let (mut from, mut until) = (self.dispatched_at, self.dispatched_at);
        for t in times {
            from = from.min(t);
            until = until.max(t);
        }
        let owed = !self.returned_away && self.closed_reply_at.is_none();
        (from, (!owed).then_some(until))
    }

    /// Due in the period, or due before it and still open at its start (see the module).
    pub fn owed_in(&self, period: Period) -> bool {
        if self.returned_away {
            return false;
        }
        period.contains(self.due_at) || (self.due_at < period.start && self.closed_reply_at.is_none_or(|at| at >= period.start))
    }
}

/// `numerator ÷ denominator`, kept as counts so sums and forecasts stay exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ratio {
    pub num: u32,
    pub den: u32,
}

impl Ratio {
    fn add(&mut self, hit: bool) {
        self.den += 1;
        self.num += u32::from(hit);
    }

    /// The rate in percent; None when nothing was counted.
    pub fn percent(self) -> Option<f64> {
        (self.den > 0).then(|| f64::from(self.num) * 100.0 / f64::from(self.den))
    }

    /// The rate if one more slip counts against it (a slip due this month that is missed).
    pub fn if_missed(self) -> Self {
        Self { num: self.num, den: self.den + 1 }
    }
}

/// Each rate's field in [`Rates`] and its name as a department reads it, in the order shown.
pub const RATE_NAMES: &[(&str, &str)] = &[
    ("closed_on_time", "按时办结率"),
    ("closed", "办结率"),
    ("acknowledged_in_time", "及时签收率"),
    ("called_back", "回访率"),
    ("satisfied", "满意率"),
    ("reworked", "重办率"),
    ("return_requested", "退回率"),
    ("extended", "延期率"),
];

/// The rates of one group of slips over one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rates {
    /// 办结率
    pub closed: Ratio,
    /// 按时办结率
    pub closed_on_time: Ratio,
    /// 及时签收率
    pub acknowledged_in_time: Ratio,
    /// 回访率
    pub called_back: Ratio,
    /// 满意率
    pub satisfied: Ratio,
    /// 重办率
    pub reworked: Ratio,
    /// 退回率
    pub return_requested: Ratio,
    /// 延期率
    pub extended: Ratio,
}

impl Rates {
    /// The rate whose field is `name` (see [`RATE_NAMES`]).
    pub fn field(&self, name: &str) -> Option<Ratio> {
        Some(match name {
            "closed" => self.closed,
            "closed_on_time" => self.closed_on_time,
            "acknowledged_in_time" => self.acknowledged_in_time,
            "called_back" => self.called_back,
            "satisfied" => self.satisfied,
            "reworked" => self.reworked,
            "return_requested" => self.return_requested,
            "extended" => self.extended,
            _ => return None,
        })
    }

    /// Counts `facts` over `period`; `now` leaves out acknowledgements whose limit is still running.
    pub fn count<'a>(facts: impl IntoIterator<Item = &'a RateFacts>, period: Period, now: DateTime<Utc>) -> Self {
        let mut r = Rates::default();
        for f in facts {
            r.add(f, period, now);
        }
        r
    }

    /// Adds one slip's part.
    pub fn add(&mut self, f: &RateFacts, period: Period, now: DateTime<Utc>) {
        if f.owed_in(period) {
            self.closed.add(f.closed_reply_at.is_some_and(|at| at < period.end));
            self.closed_on_time.add(f.closed_reply_at.is_some_and(|at| at <= f.due_at));
            self.extended.add(f.extension_approved);
        }
        if period.contains(f.dispatched_at) {
            let limit = f.acknowledge_until.unwrap_or(f.dispatched_at + Duration::days(1));
            match f.acknowledged_at {
                Some(at) => self.acknowledged_in_time.add(at <= limit),
                None if limit <= now => self.acknowledged_in_time.add(false),
                None => {}
            }
            self.return_requested.add(f.return_requested);
        }
        for reply in f.replies.iter().filter(|r| period.contains(r.at)) {
            self.called_back.add(reply.called_back);
        }
        for (_, said) in f.callbacks.iter().filter(|(at, _)| period.contains(*at)) {
            if let Some(s) = said {
                self.satisfied.add(matches!(s, Satisfaction::Satisfied | Satisfaction::VerySatisfied));
            }
        }
        for (_, accept) in f.reviews.iter().filter(|(at, _)| period.contains(*at)) {
            self.reworked.add(!accept);
        }
    }
}
