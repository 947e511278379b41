//! 导出 Excel: the 统计 page's month as a workbook ([`crate::workbook`]) written where the user
//! chose.

use std::path::PathBuf;

use chengban_protocol::rates::{Period, RateFacts};

use super::Desk;
use crate::error::{CoreError, Result};
use crate::store;
use crate::workbook::{self, SlipLine};

impl Desk {
    /// The file name offered for `month`'s workbook (`YYYY-MM`, or this month).
    pub fn month_workbook_name(&self, month: Option<&str>) -> String {
        let label = month.map(str::to_string).unwrap_or_else(|| chengban_protocol::stats::month_label(Period::month_of(self.server_now())));
        format!("承办台考核统计-{label}.xlsx")
    }

    /// Writes `month`'s workbook to `path`: the rates, by tier and handler, and the month's
    /// slips (due in it, overdue into it, or dispatched in it).
    pub async fn export_month(&self, month: Option<String>, path: PathBuf) -> Result<PathBuf> {
        let ask = self.ask(month.as_deref())?;
        let (period, now) = (ask.period, ask.now);
        let bytes = self
            .store
            .read(move |c| {
                // One read of the cache serves the page's counts and the sheet of slips.
                let slips = store::slips::all(c)?;
                let facts: Vec<RateFacts> = slips.iter().map(RateFacts::of).collect();
                let page = super::stats::page(c, ask, &facts)?;
                let counted = period.until(now);
                let lines: Vec<SlipLine<'_>> = slips
                    .iter()
                    .zip(&facts)
                    .filter(|(s, f)| f.owed_in(counted) || period.contains(s.dispatched_at))
                    .map(|(slip, facts)| SlipLine { slip, facts })
                    .collect();
                workbook::month(&page, &lines).map_err(|e| CoreError::Internal(format!("workbook: {e}")))
            })
            .await?;
        let path = write_export(path, bytes).await?;
        tracing::info!("month workbook exported");
        Ok(path)
    }
}

/// Writes an export where the user chose, off the async threads; what to tell them if it fails.
pub(super) async fn write_export(path: PathBuf, bytes: Vec<u8>) -> Result<PathBuf> {
    let written = path.clone();
    tokio::task::spawn_blocking(move || std::fs::write(&written, bytes))
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))?
        .map_err(|e| CoreError::InvalidInput(format!("无法保存到 {}：{e}", path.display())))?;
    Ok(path)
}
