//! The time-limit policy: each tier's limit and how `due_at` follows from the dispatch time.
//! The center owns deadlines; the desktop only shows them.

use chengban_protocol::Tier;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;

/// How a limit is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Hours,
    CalendarDays,
    WorkingDays,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::CalendarDays => "calendar_days",
            Unit::WorkingDays => "working_days",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "hours" => Some(Unit::Hours),
            "calendar_days" => Some(Unit::CalendarDays),
            "working_days" => Some(Unit::WorkingDays),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub amount: u32,
    pub unit: Unit,
}

/// The Siping table (domain README): 1 hour on site, then 1/3/5/7/9/10 days.
pub fn siping_default(tier: Tier) -> Limit {
    let (amount, unit) = match tier {
        Tier::Emergency => (1, Unit::Hours),
        Tier::Urgent => (1, Unit::CalendarDays),
        Tier::General => (3, Unit::CalendarDays),
        Tier::Investigation => (5, Unit::CalendarDays),
        Tier::ComplaintVerification => (7, Unit::CalendarDays),
        Tier::ReportInvestigation => (9, Unit::CalendarDays),
        Tier::Suggestion => (10, Unit::CalendarDays),
    };
    Limit { amount, unit }
}

/// How long a department may return a slip after dispatch (退回时限).
pub const RETURN_WINDOW: Limit = Limit { amount: 2, unit: Unit::WorkingDays };

/// How long a department has to acknowledge a slip after dispatch (签收时限), for 及时签收率.
pub const ACKNOWLEDGE_WINDOW: Limit = Limit { amount: 1, unit: Unit::WorkingDays };

/// Local time of the hotline (China Standard Time); working days are local dates.
pub fn local_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
}

/// The deadline of a slip dispatched at `from` with `limit`.
///
/// Working days: the clock time of dispatch on the Nth working day after the dispatch date, so a
/// slip dispatched on Friday afternoon with 2 working days is due Tuesday afternoon, and one
/// dispatched during a holiday starts counting on the first working day after it.
pub fn due_at(from: DateTime<Utc>, limit: Limit, calendar: &Calendar) -> DateTime<Utc> {
    match limit.unit {
        Unit::Hours => from + Duration::hours(limit.amount.into()),
        Unit::CalendarDays => from + Duration::days(limit.amount.into()),
        Unit::WorkingDays => {
            let tz = local_offset();
            let local = from.with_timezone(&tz);
            let mut date: NaiveDate = local.date_naive();
            let mut left = limit.amount;
            // Bounded: a calendar with no working day at all would otherwise loop forever.
            let mut guard = 0;
            while left > 0 && guard < 3660 {
                date = date.succ_opt().unwrap_or(date);
                if calendar.is_working_day(date) {
                    left -= 1;
                }
                guard += 1;
            }
            let naive = date.and_time(local.time());
            tz.from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc)).unwrap_or(from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cst(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn emergency_is_due_one_hour_after_dispatch() {
        let from = cst("2026-11-25T10:00:00+08:00");
        assert_eq!(due_at(from, siping_default(Tier::Emergency), &Calendar::default()), cst("2026-11-25T11:00:00+08:00"));
    }

    #[test]
    fn general_tier_counts_three_calendar_days() {
        let from = cst("2026-11-27T16:00:00+08:00");
        assert_eq!(due_at(from, siping_default(Tier::General), &Calendar::default()), cst("2026-11-30T16:00:00+08:00"));
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let from = cst("2026-11-27T16:00:00+08:00"); // Friday
        let limit = Limit { amount: 2, unit: Unit::WorkingDays };
        assert_eq!(due_at(from, limit, &Calendar::default()), cst("2026-12-01T16:00:00+08:00"));
    }

    #[test]
    fn working_days_skip_holidays_and_count_make_up_days() {
        // Dispatched Tuesday 2026-09-29: 09-30 is a working day, 10-01..07 are off, 10-08 Thu,
        // 10-09 Fri, 10-10 Sat is a make-up working day.
        let from = cst("2026-09-29T09:30:00+08:00");
        let limit = Limit { amount: 4, unit: Unit::WorkingDays };
        assert_eq!(due_at(from, limit, &Calendar::builtin()), cst("2026-10-10T09:30:00+08:00"));
    }

    #[test]
    fn working_days_use_china_local_dates_not_utc_dates() {
        // 2026-11-27 23:30 in Beijing is still Friday 15:30 UTC; both views agree here, but
        // 2026-11-28 01:00 CST (Saturday) is Friday 17:00 UTC: counting must start from Saturday.
        let from = cst("2026-11-28T01:00:00+08:00");
        let limit = Limit { amount: 1, unit: Unit::WorkingDays };
        assert_eq!(due_at(from, limit, &Calendar::default()), cst("2026-11-30T01:00:00+08:00"));
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PolicyFileError {
    #[error("cannot read policy file: {0}")]
    Io(#[from] std::io::Error),
    #[error("policy file is not valid: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("unknown tier in policy file: {0}")]
    UnknownTier(String),
    #[error("a time limit must be at least 1")]
    Zero,
}

/// A policy file: `{"general": {"amount": 3, "unit": "working_days"}, ...}`; tiers not listed
/// keep their limit.
pub fn parse_policy_file(text: &str) -> Result<Vec<(Tier, Limit)>, PolicyFileError> {
    let map: std::collections::BTreeMap<String, Limit> = serde_json::from_str(text)?;
    map.into_iter()
        .map(|(k, v)| {
            let tier = Tier::parse(&k).ok_or(PolicyFileError::UnknownTier(k))?;
            if v.amount == 0 {
                return Err(PolicyFileError::Zero);
            }
            Ok((tier, v))
        })
        .collect()
}

#[cfg(test)]
mod file_tests {
    use super::*;

    #[test]
    fn a_policy_file_sets_the_listed_tiers_in_working_days() {
        let parsed = parse_policy_file(r#"{"general": {"amount": 2, "unit": "working_days"}}"#).unwrap();
        assert_eq!(parsed, vec![(Tier::General, Limit { amount: 2, unit: Unit::WorkingDays })]);
    }

    #[test]
    fn a_policy_file_with_an_unknown_tier_or_a_zero_limit_is_refused() {
        assert!(matches!(parse_policy_file(r#"{"someday": {"amount": 2, "unit": "hours"}}"#), Err(PolicyFileError::UnknownTier(_))));
        assert!(matches!(parse_policy_file(r#"{"urgent": {"amount": 0, "unit": "hours"}}"#), Err(PolicyFileError::Zero)));
        assert!(parse_policy_file("not json").is_err());
    }
}
