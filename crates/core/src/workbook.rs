//! The month's 考核 report as an Excel workbook (`.xlsx`): Chinese headers, one sheet per table —
//! the rates, by tier, by handler, and the month's slips — for the leader's own report. No
//! citizen's name, phone or address goes in. Pure: bytes from what the 统计 page counted.

use chengban_protocol::rates::{china_time, RateFacts, Ratio, RATE_NAMES};
use chengban_protocol::{Slip, SlipStatus};
use chrono::{DateTime, Utc};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::view::StatsPage;

/// A slip as the detail sheet lists it.
pub struct SlipLine<'a> {
    pub slip: &'a Slip,
    pub facts: &'a RateFacts,
}

fn local(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.with_timezone(&china_time()).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    head: &'a Format,
    pct: &'a Format,
}

impl Sheet<'_> {
    fn header(&mut self, names: &[&str]) -> Result<(), XlsxError> {
        for (c, n) in names.iter().enumerate() {
            self.ws.write_string_with_format(0, c as u16, *n, self.head)?;
            self.ws.set_column_width(c as u16, (n.chars().count() * 2 + 4).max(10) as f64)?;
        }
        self.ws.set_freeze_panes(1, 0)?;
        Ok(())
    }

    /// A rate as a percentage cell, empty when nothing was counted.
    fn rate(&mut self, row: u32, col: u16, r: Ratio) -> Result<(), XlsxError> {
        if r.den > 0 {
            self.ws.write_number_with_format(row, col, f64::from(r.num) / f64::from(r.den), self.pct)?;
        }
        Ok(())
    }
}

/// The workbook's bytes.
pub fn month(page: &StatsPage, slips: &[SlipLine<'_>]) -> Result<Vec<u8>, XlsxError> {
    let report = &page.report;
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("F2F2F2");
    let pct = Format::new().set_num_format("0.0%");

    let ws = book.add_worksheet().set_name("考核指标")?;
    let mut s = Sheet { ws, head: &head, pct: &pct };
    s.header(&["指标", "本月", "分子", "分母", "上月", "本地渠道", "上级渠道"])?;
    for (i, (field, name)) in RATE_NAMES.iter().enumerate() {
        let row = i as u32 + 1;
        let now = report.total.field(field).unwrap_or_default();
        s.ws.write_string(row, 0, *name)?;
        s.rate(row, 1, now)?;
        s.ws.write_number(row, 2, now.num)?;
        s.ws.write_number(row, 3, now.den)?;
        s.rate(row, 4, page.previous.field(field).unwrap_or_default())?;
        s.rate(row, 5, report.local.field(field).unwrap_or_default())?;
        s.rate(row, 6, report.higher.field(field).unwrap_or_default())?;
    }
    let foot = RATE_NAMES.len() as u32 + 2;
    s.ws.write_string(foot, 0, format!("{} {}，统计至 {}", report.department.name, report.month, local(Some(report.as_of))))?;

    let ws = book.add_worksheet().set_name("按时限")?;
    let mut s = Sheet { ws, head: &head, pct: &pct };
    let mut names = vec!["时限类型"];
    names.extend(RATE_NAMES.iter().map(|(_, n)| *n));
    s.header(&names)?;
    for (i, t) in report.by_tier.iter().enumerate() {
        let row = i as u32 + 1;
        s.ws.write_string(row, 0, t.tier.label())?;
        for (c, (field, _)) in RATE_NAMES.iter().enumerate() {
            s.rate(row, c as u16 + 1, t.rates.field(field).unwrap_or_default())?;
        }
    }

    if !report.by_handler.is_empty() {
        let ws = book.add_worksheet().set_name("按经办人")?;
        let mut s = Sheet { ws, head: &head, pct: &pct };
        let mut names = vec!["经办人", "在办", "超期", "平均签收用时（分钟）"];
        names.extend(RATE_NAMES.iter().map(|(_, n)| *n));
        s.header(&names)?;
        for (i, h) in report.by_handler.iter().enumerate() {
            let row = i as u32 + 1;
            s.ws.write_string(row, 0, &h.handler)?;
            s.ws.write_number(row, 1, h.open)?;
            s.ws.write_number(row, 2, h.overdue)?;
            if let Some(m) = h.average_ack_minutes {
                s.ws.write_number(row, 3, m)?;
            }
            for (c, (field, _)) in RATE_NAMES.iter().enumerate() {
                s.rate(row, c as u16 + 4, h.rates.field(field).unwrap_or_default())?;
            }
        }
    }

    let ws = book.add_worksheet().set_name("工单明细")?;
    let mut s = Sheet { ws, head: &head, pct: &pct };
    s.header(&[
        "工单编号",
        "标题",
        "类型",
        "来源渠道",
        "诉求类型",
        "时限",
        "派发时间",
        "签收时间",
        "截止时间",
        "答复办结时间",
        "状态",
        "经办人",
        "按时办结",
    ])?;
    for (i, line) in slips.iter().enumerate() {
        let (row, slip, f) = (i as u32 + 1, line.slip, line.facts);
        let on_time = match f.closed_reply_at {
            Some(at) if at <= f.due_at => "是",
            Some(_) => "否",
            None if slip.status == SlipStatus::Returned => "已退回",
            None => "未办结",
        };
        let cells = [
            slip.number.clone(),
            slip.title.clone(),
            slip.kind.label().to_string(),
            slip.channel.label().to_string(),
            slip.request_type.label().to_string(),
            slip.tier.label().to_string(),
            local(Some(slip.dispatched_at)),
            local(f.acknowledged_at),
            local(Some(slip.due_at)),
            local(f.closed_reply_at),
            slip.status.label().to_string(),
            f.handler.clone().unwrap_or_default(),
            on_time.to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            s.ws.write_string(row, c as u16, v)?;
        }
    }
    book.save_to_buffer()
}
