//! The month's 考核 rates from the cache, offline: the same count as the center's
//! `GET /v1/stats` ([`chengban_protocol::rates`]), over the slips as the center last sent them
//! (an action still in the outbox counts once it is delivered, as at the center).

use chengban_protocol::rates::Period;
use chengban_protocol::stats::parse_month;
use chengban_protocol::{Department, Role, StatsReport};

use super::Desk;
use crate::error::{CoreError, Result};
use crate::store;

impl Desk {
    /// `month` as `YYYY-MM` (China time), or this month; leaders also get each handler's part.
    pub async fn stats(&self, month: Option<String>) -> Result<StatsReport> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        let now = self.server_now();
        let period = match month.as_deref() {
            None => Period::month_of(now),
            Some(m) => parse_month(m).ok_or_else(|| CoreError::InvalidInput("月份格式应为 YYYY-MM，如 2026-11".into()))?,
        };
        let account = session.account;
        // The desk knows its department's id and name; the code is the center's.
        let department = Department {
            id: account.department_id.unwrap_or_default(),
            code: String::new(),
            name: account.department_name.unwrap_or_default(),
        };
        let with_handlers = account.role != Role::Handler;
        self.store
            .read(move |c| {
                let facts = store::slips::rate_facts(c)?;
                Ok(StatsReport::build(department, period, &facts, now, with_handlers))
            })
            .await
    }
}
