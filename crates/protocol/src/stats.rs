//! The month's rates of one department as `GET /v1/stats` serves them and the desk shows them:
//! [`StatsReport::build`] groups [`RateFacts`] the one way both sides use — the whole
//! department, local channels apart from higher ones, each tier, and each handler for leaders.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::enums::*;
use crate::rates::{china_time, Period, RateFacts, Rates, Ratio};
use crate::types::Department;

impl Channel {
    /// The channels above the city (国务院, 中国政府网, 人民网, the province), scored apart.
    pub fn is_higher(self) -> bool {
        matches!(
            self,
            Channel::StateCouncil | Channel::GovWebsite | Channel::PeopleBoard | Channel::GovernorHotline | Channel::GovernorMailbox
        )
    }
}

/// A month as `YYYY-MM`, China time.
pub fn month_label(period: Period) -> String {
    let local = period.start.with_timezone(&china_time());
    format!("{:04}-{:02}", local.year(), local.month())
}

/// What a month that is not `YYYY-MM` is told, by the center and the desk alike.
pub const BAD_MONTH: &str = "月份格式应为 YYYY-MM，如 2026-11";

/// The month of a `YYYY-MM` label; None when it is not one (years 2000–2999).
pub fn parse_month(label: &str) -> Option<Period> {
    let (y, m) = label.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = y.parse().ok().filter(|y| (2000..3000).contains(y))?;
    Period::month(year, m.parse().ok()?)
}

/// The month a request names (`YYYY-MM`), or the month of `now` when it names none; a label that
/// is not a month is refused with [`BAD_MONTH`].
pub fn month_asked(label: Option<&str>, now: DateTime<Utc>) -> Result<Period, &'static str> {
    match label {
        None => Ok(Period::month_of(now)),
        Some(m) => parse_month(m).ok_or(BAD_MONTH),
    }
}

/// The rates of one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierRates {
    pub tier: Tier,
    pub rates: Rates,
}

/// One handler's slips: their rates for the month, and their load now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HandlerRates {
    /// The handler by display name: the one the slip is assigned to (分派), or who signed for
    /// it while it has none ([`RateFacts::handler`]).
    pub handler: String,
    pub rates: Rates,
    /// Slips they still owe something.
    pub open: u32,
    /// Of those, past their due time.
    pub overdue: u32,
    /// Minutes from dispatch to acknowledgement, on average over the month's dispatches they
    /// acknowledged; None without any.
    pub average_ack_minutes: Option<u32>,
}

/// Sums for one handler while counting.
#[derive(Default)]
struct HandlerSums {
    rates: Rates,
    open: u32,
    overdue: u32,
    ack_minutes: i64,
    acks: i64,
}

/// `GET /v1/stats`: one department's rates for one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatsReport {
    /// `YYYY-MM`, China time.
    pub month: String,
    /// Counted up to here: the month's end, or the moment asked while it runs.
    pub as_of: DateTime<Utc>,
    pub department: Department,
    /// Each rate as `{num, den}` counts (see `crates/protocol/src/rates.rs` for what they count).
    pub total: Rates,
    /// 12345热线, 市长信箱, 语音留言.
    pub local: Rates,
    /// 国务院“互联网+督查”, 中国政府网, 人民网, 省长电话, 省长信箱: scored apart.
    pub higher: Rates,
    /// Tiers with any slip counted, in the tier order.
    pub by_tier: Vec<TierRates>,
    /// For leaders: each handler's slips, by display name; empty for handlers.
    pub by_handler: Vec<HandlerRates>,
}

impl StatsReport {
    /// Counts the department's `facts` over `month` as of `now`; `with_handlers` for leaders.
    pub fn build<'a>(
        department: Department,
        month: Period,
        facts: impl IntoIterator<Item = &'a RateFacts>,
        now: DateTime<Utc>,
        with_handlers: bool,
    ) -> Self {
        let period = month.until(now);
        let (mut total, mut local, mut higher) = (Rates::default(), Rates::default(), Rates::default());
        let mut tiers: Vec<(Tier, Rates)> = Tier::ALL.iter().map(|&t| (t, Rates::default())).collect();
        let mut handlers: std::collections::BTreeMap<String, HandlerSums> = Default::default();
        for f in facts {
            total.add(f, period, now);
            if f.channel.is_higher() { &mut higher } else { &mut local }.add(f, period, now);
            if let Some((_, r)) = tiers.iter_mut().find(|(t, _)| *t == f.tier) {
                r.add(f, period, now);
            }
            if let (true, Some(h)) = (with_handlers, &f.handler) {
                let sums = handlers.entry(h.clone()).or_default();
                sums.rates.add(f, period, now);
                sums.open += u32::from(f.open);
                sums.overdue += u32::from(f.open && f.due_at < now);
                if let (true, Some(at)) = (period.contains(f.dispatched_at), f.acknowledged_at) {
                    sums.ack_minutes += (at - f.dispatched_at).num_minutes().max(0);
                    sums.acks += 1;
                }
            }
        }
        StatsReport {
            month: month_label(month),
            as_of: period.end,
            department,
            total,
            local,
            higher,
            by_tier: tiers.into_iter().filter(|(_, r)| !r.is_empty()).map(|(tier, rates)| TierRates { tier, rates }).collect(),
            by_handler: handlers
                .into_iter()
                .map(|(handler, s)| HandlerRates {
                    handler,
                    rates: s.rates,
                    open: s.open,
                    overdue: s.overdue,
                    average_ack_minutes: (s.acks > 0).then(|| u32::try_from(s.ack_minutes / s.acks).unwrap_or(u32::MAX)),
                })
                .collect(),
        }
    }
}

impl Rates {
    /// Nothing counted in any rate.
    pub fn is_empty(&self) -> bool {
        [
            self.closed,
            self.closed_on_time,
            self.acknowledged_in_time,
            self.called_back,
            self.satisfied,
            self.reworked,
            self.return_requested,
            self.extended,
        ]
        .iter()
        .all(|r: &Ratio| r.den == 0)
    }
}
