//! The month's 考核 rates from the cache, offline: the same count as the center's
//! `GET /v1/stats` ([`chengban_protocol::rates`]), over the slips as the center last sent them
//! (an action still in the outbox counts once it is delivered, as at the center).

use chengban_protocol::rates::{Period, RateFacts, Rates};
use chengban_protocol::stats::{month_asked, month_label};
use chengban_protocol::{Department, Role, StatsReport};
use chrono::{DateTime, Utc};

use super::Desk;
use crate::error::{CoreError, Result};
use crate::store;
use crate::view::{MonthRates, RiskRow, StatsPage};

/// Months in the 统计 page's trend.
const TREND_MONTHS: usize = 12;

/// What both counts need: the month, the department, whether handlers are told apart, now.
pub(super) struct Ask {
    pub(super) period: Period,
    department: Department,
    with_handlers: bool,
    pub(super) now: DateTime<Utc>,
}

impl Desk {
    pub(super) fn ask(&self, month: Option<&str>) -> Result<Ask> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        let now = self.server_now();
        let period = month_asked(month, now).map_err(|m| CoreError::InvalidInput(m.into()))?;
        let account = session.account;
        // The desk knows its department's id and name; the code is the center's.
        let department = Department {
            id: account.department_id.unwrap_or_default(),
            code: String::new(),
            name: account.department_name.unwrap_or_default(),
        };
        Ok(Ask { period, department, with_handlers: account.role != Role::Handler, now })
    }

    /// `month` as `YYYY-MM` (China time), or this month; leaders also get each handler's part.
    pub async fn stats(&self, month: Option<String>) -> Result<StatsReport> {
        let ask = self.ask(month.as_deref())?;
        self.fill_rate_facts().await?;
        self.store
            .read(move |c| {
                let facts = store::rate_facts::overlapping(c, ask.period)?;
                Ok(StatsReport::build(ask.department, ask.period, &facts, ask.now, ask.with_handlers))
            })
            .await
    }

    /// The 统计 page of `month` (or this month): its report, the month before, the trend of
    /// the twelve months up to it, and the slips at risk — the cache read once.
    pub async fn stats_page(&self, month: Option<String>) -> Result<StatsPage> {
        let ask = self.ask(month.as_deref())?;
        self.fill_rate_facts().await?;
        self.store
            .read(move |c| {
                let reach = Period { start: trend(ask.period).last().map_or(ask.period.start, |p| p.start), end: ask.period.end };
                let facts = store::rate_facts::overlapping(c, reach)?;
                page(c, ask, &facts)
            })
            .await
    }

    /// Writes the rate facts still missing (a cache from before they were kept, or a first
    /// fill the background has not caught up with): found in one read, written a chunk per
    /// transaction so a sync is never held up long.
    async fn fill_rate_facts(&self) -> Result<()> {
        let ids = self.store.read(|c| Ok(store::rate_facts::missing(c, u32::MAX)?)).await?;
        for chunk in ids.chunks(2000) {
            let chunk = chunk.to_vec();
            self.store
                .write(move |c| {
                    let tx = c.transaction()?;
                    store::rate_facts::fill(&tx, &chunk)?;
                    tx.commit()?;
                    Ok(())
                })
                .await?;
        }
        Ok(())
    }
}

/// The months of the trend: `period` and the eleven before it, newest first.
fn trend(period: Period) -> Vec<Period> {
    let mut months = vec![period];
    while months.len() < TREND_MONTHS {
        let before = months[months.len() - 1].previous();
        months.push(before);
    }
    months
}

/// The 统计 page counted from `facts` (those of every slip that can count in its twelve months).
pub(super) fn page(c: &rusqlite::Connection, ask: Ask, facts: &[RateFacts]) -> Result<StatsPage> {
    let report = StatsReport::build(ask.department, ask.period, facts, ask.now, ask.with_handlers);
    let months = trend(ask.period);
    let count = |p: Period| Rates::count(facts, p.until(ask.now), ask.now);
    let previous = count(ask.period.previous());
    let trend = months.iter().rev().map(|&p| MonthRates { month: month_label(p), rates: count(p) }).collect();
    let risks = if ask.period.contains(ask.now) { risks(c, facts, &report, ask.now, ask.period.end)? } else { Vec::new() };
    Ok(StatsPage { report, previous, trend, risks })
}

/// Open slips due from now to `end`, soonest first, each with what 按时办结率 becomes if missed.
fn risks(
    c: &rusqlite::Connection,
    facts: &[RateFacts],
    report: &StatsReport,
    now: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<RiskRow>> {
    let due: Vec<&RateFacts> = {
        let mut due: Vec<&RateFacts> = facts.iter().filter(|f| f.open && !f.returned_away && now <= f.due_at && f.due_at < end).collect();
        due.sort_by_key(|f| (f.due_at, f.slip_id));
        due
    };
    let on_time = report.total.closed_on_time;
    let mut rows = Vec::with_capacity(due.len());
    for f in due {
        if let Some((number, title)) = store::slips::number_and_title(c, f.slip_id)? {
            rows.push(RiskRow { id: f.slip_id, number, title, due_at: f.due_at, now: on_time, if_missed: on_time.if_missed() });
        }
    }
    Ok(rows)
}
