//! 8. One slip's 处理单 as PDF: read from the cache, laid out, the Chinese font found, read and
//!    subset, the file written — what 导出 PDF does after the save dialog.

use std::time::Instant;

use chengban_core::sheet::{self, CjkFont};
use chengban_core::store;
use chengban_protocol::*;
use chrono::{Duration, Utc};

use crate::common::{e, median, ms, Report, Size};

/// A supervision slip with the history a long one has: acknowledged, two callbacks, a long
/// reply with its policy basis, signed off.
fn slip(_: usize) -> Slip {
    let now = Utc::now();
    let at = |h: i64| now - Duration::hours(48 - h);
    let event = |id, h, role, body| SlipEvent { id, at: at(h), actor: "铁西区住建局经办人".into(), role, body };
    let callback = |reached| {
        Action::Callback(Callback {
            at: at(20),
            method: CallbackMethod::Phone,
            reached,
            contact: Some("本人".into()),
            summary: "已电话联系诉求人说明处理情况，诉求人表示理解".into(),
            satisfaction: reached.then_some(Satisfaction::Satisfied),
            solved: reached.then_some(true),
        })
    };
    let reply = Reply {
        process: "接件后即联系市政设施管理处现场核查，确认井盖缺失，当日设置围挡警示，次日补装井盖并复查。".repeat(12),
        public_text: Some("您反映的小区门口井盖缺失问题，我局已协调市政设施管理处补装井盖，消除了安全隐患。".into()),
        result: Resolution::Solved,
        contact: Some(Contact { contacted: true, at: Some(at(20)), phone: Some("13612345678".into()), reason: None }),
        policies: vec![PolicyCitation {
            doc_no: "四政办发〔2022〕12号".into(),
            title: "四平市城市道路管理办法".into(),
            article: Some("第十八条".into()),
        }],
        ..Default::default()
    };
    Slip {
        kind: SlipKind::Supervision,
        content: "来电人反映：小区门口井盖缺失已一周，夜间无照明，有行人跌落风险，请尽快处理。".repeat(4),
        status: SlipStatus::Replied,
        history: vec![
            event(1, 0, Role::Operator, EventBody::Dispatched),
            event(2, 1, Role::Handler, EventBody::Action(Action::Acknowledge {})),
            event(3, 10, Role::Handler, EventBody::Action(callback(false))),
            event(4, 20, Role::Handler, EventBody::Action(callback(true))),
            event(5, 22, Role::Handler, EventBody::Action(Action::Reply(reply))),
            event(6, 30, Role::Leader, EventBody::Action(Action::SignOff { approve: true, comment: Some("同意".into()) })),
        ],
        ..chengban_testkit::slip(1)
    }
}

pub async fn run(size: &Size, report: &mut Report) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(e)?;
    let (cache, _) = crate::common::filled_cache(dir.path(), 1, slip)?;
    let mut runs = Vec::new();
    let mut size_bytes = 0;
    for _ in 0..size.sheet_runs {
        let t = Instant::now();
        let sheet = cache
            .read_blocking(|c| {
                let slip = store::slips::load(c, 1)?.ok_or(chengban_core::CoreError::NotFound)?;
                let names = store::colleagues::Names::load(c)?;
                Ok(sheet::build(&slip, &[], Role::Handler, &names, "铁西区住建局", Utc::now()))
            })
            .map_err(e)?;
        let font = CjkFont::find().map_err(e)?;
        let bytes = sheet::pdf::render(&sheet, &font).map_err(e)?;
        std::fs::write(dir.path().join("sheet.pdf"), &bytes).map_err(e)?;
        runs.push(t.elapsed());
        size_bytes = bytes.len();
    }
    let took = median(runs);
    report.add(
        format!("one slip's 处理单 as PDF (read, laid out, CJK font found and subset, written): {} KiB", size_bytes / 1024),
        ms(took),
        "—",
        "—",
        "≤ 300 ms",
        Some(took.as_millis() <= 300),
    );
    Ok(())
}
