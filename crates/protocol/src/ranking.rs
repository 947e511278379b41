//! The operator's ranking of departments for a month (`GET /v1/operator/ranking`): each
//! department's rates counted by the one definition ([`crate::rates`]) and ordered the one way
//! written here.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::rates::{Period, Rates, Ratio};
use crate::stats::month_label;
use crate::types::Department;

/// One department's place in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DepartmentRank {
    /// 1 for the best; departments with equal rates share a place.
    pub rank: u32,
    pub department: Department,
    pub rates: Rates,
}

/// `GET /v1/operator/ranking?month=`: every department, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Ranking {
    /// `YYYY-MM`, China time.
    pub month: String,
    /// Counted up to here: the month's end, or the moment asked while it runs.
    pub as_of: DateTime<Utc>,
    pub departments: Vec<DepartmentRank>,
}

/// Higher is better; a rate with nothing counted comes after every counted one.
fn better(a: Ratio, b: Ratio) -> Ordering {
    match (a.den, b.den) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        // a.num/a.den > b.num/b.den, exactly.
        _ => (u64::from(b.num) * u64::from(a.den)).cmp(&(u64::from(a.num) * u64::from(b.den))),
    }
}

/// The order of the ranking: 按时办结率, then 满意率, then 及时签收率, each higher first.
pub fn order(a: &Rates, b: &Rates) -> Ordering {
    better(a.closed_on_time, b.closed_on_time)
        .then_with(|| better(a.satisfied, b.satisfied))
        .then_with(|| better(a.acknowledged_in_time, b.acknowledged_in_time))
}

impl Ranking {
    /// Ranks `departments` (each with its rates for `month` as of `now`); ties keep the
    /// department code order and share a place.
    pub fn build(month: Period, now: DateTime<Utc>, mut departments: Vec<(Department, Rates)>) -> Self {
        departments.sort_by(|(da, a), (db, b)| order(a, b).then_with(|| da.code.cmp(&db.code)));
        let mut ranked: Vec<DepartmentRank> = Vec::with_capacity(departments.len());
        for (i, (department, rates)) in departments.into_iter().enumerate() {
            let rank = match ranked.last() {
                Some(prev) if order(&prev.rates, &rates) == Ordering::Equal => prev.rank,
                _ => i as u32 + 1,
            };
            ranked.push(DepartmentRank { rank, department, rates });
        }
        Ranking { month: month_label(month), as_of: month.until(now).end, departments: ranked }
    }
}
