//! The month's rates, defined once in `protocol::rates`, come out the same from the center's
//! `GET /v1/stats` and from the desk's cache with the center gone: over slips closed on time, sent
//! back for rework, extended into the next month, returned, still waiting, overdue from the month
//! before, and one dispatched before 国庆 whose limits run over the holiday.

mod common;

use chengban_center::calendar::Calendar;
use chengban_center::db::sql::params;
use chengban_center::db::ConnExt;
use chengban_center::policy;
use chengban_center::Running;
use chengban_protocol::*;
use chengban_testkit::{Dispatch, Operator};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

async fn decide(op: &Operator, id: i64, decision: Value) {
    let res =
        op.http.post(format!("{}/v1/operator/slips/{id}/decisions", op.url)).bearer_auth(&op.token).json(&decision).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{decision}: {}", res.text().await.unwrap_or_default());
}

/// Moves a slip's dispatch (and the deadlines the center derives from it, and its history by the
/// same stretch) to `dispatched`, as if it had come then, and marks it changed so desks pull it
/// again.
fn backdate(center: &Running, id: i64, dispatched: DateTime<Utc>) {
    let calendar = Calendar::builtin();
    let due = policy::due_at(dispatched, policy::siping_default(Tier::General), &calendar);
    let ack = policy::due_at(dispatched, policy::ACKNOWLEDGE_WINDOW, &calendar);
    center
        .state
        .db
        .with_writer(move |c| {
            let was: String = c.query_row("SELECT dispatched_at FROM slips WHERE id = ?1", params![id], |r| r.get(0)).unwrap();
            let shift = dispatched - chengban_center::db::parse_ts(&was).unwrap();
            let events: Vec<(i64, String)> =
                c.query_map("SELECT id, at FROM slip_events WHERE slip_id = ?1", params![id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            for (event, when) in events {
                let moved = chengban_center::db::parse_ts(&when).unwrap() + shift;
                c.execute("UPDATE slip_events SET at = ?1 WHERE id = ?2", params![chengban_center::db::ts(moved), event]).unwrap();
            }
            let acknowledged: Option<String> =
                c.query_row("SELECT acknowledged_at FROM slips WHERE id = ?1", params![id], |r| r.get(0)).unwrap();
            let acknowledged = acknowledged.map(|a| chengban_center::db::ts(chengban_center::db::parse_ts(&a).unwrap() + shift));
            c.execute("UPDATE slips SET acknowledged_at = ?1 WHERE id = ?2", params![acknowledged, id]).unwrap();
            let seq = chengban_center::db::slips::next_seq(c).unwrap();
            c.execute(
                "UPDATE slips SET dispatched_at = ?1, due_at = ?2, acknowledge_until = ?3, seq = ?4 WHERE id = ?5",
                params![chengban_center::db::ts(dispatched), chengban_center::db::ts(due), chengban_center::db::ts(ack), seq, id],
            )
            .unwrap();
        })
        .unwrap();
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The report without what may differ between the two sides: the moment counted to (the desk
/// asks a moment later) and the department's code (the desk knows its id and name).
fn counts(mut report: Value) -> Value {
    if let Some(o) = report.as_object_mut() {
        o.remove("as_of");
        o.remove("department");
    }
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_counts_the_same_rates_as_the_center_from_its_cache_offline() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::handler_synced(dir.path(), &dir.path().join("cache.sqlite")).await;
    let (center, desk) = (&s.center, &s.desk);
    let op = Operator::login(&center.url()).await.unwrap();
    let mut ids = Vec::new();
    for title in ["按时办结", "退回重办", "延期到下月", "申请退回", "等待签收", "上月超期", "国庆前派发"] {
        let slip =
            op.dispatch(&Dispatch { department: "tiexi", kind: "assignment", tier: "general", title, ..Default::default() }).await.unwrap();
        ids.push(slip["id"].as_i64().unwrap());
    }
    let [on_time, reworked, extended, returned, _waiting, last_month, holiday] = ids[..] else { panic!("seven slips") };
    backdate(center, last_month, at("2026-10-20T15:00:00+08:00"));
    // Tuesday before 国庆: 1 working day to acknowledge is 09-30; the holiday runs 10-01 to 10-08.
    backdate(center, holiday, at("2026-09-29T09:30:00+08:00"));
    desk.sync_once().await.unwrap();

    for id in [on_time, reworked, extended, last_month, holiday] {
        desk.act(id, Action::Acknowledge {}).await.unwrap();
    }
    desk.act(returned, Action::RequestReturn { reason: ReturnReason::WrongDepartment, text: "非本单位职责".into(), evidence: vec![] })
        .await
        .unwrap();
    for id in [on_time, reworked] {
        desk.act(id, common::callback()).await.unwrap();
        desk.act(id, common::reply(vec![])).await.unwrap();
    }
    let due = desk.slip(extended).await.unwrap().due_at;
    desk.act(extended, Action::RequestExtension { reason: "需协调供水公司".into(), requested_due_at: due + Duration::days(40) })
        .await
        .unwrap();
    desk.sync_once().await.unwrap();

    decide(&op, on_time, json!({"type": "review", "accept": true, "reason": null})).await;
    decide(&op, reworked, json!({"type": "review", "accept": false, "reason": "回访记录不全"})).await;
    decide(&op, returned, json!({"type": "decide_return", "accept": true, "comment": null})).await;
    decide(
        &op,
        extended,
        json!({"type": "decide_extension", "approve": true, "new_due_at": (due + Duration::days(40)).to_rfc3339(), "comment": null}),
    )
    .await;
    desk.sync_once().await.unwrap();
    desk.act(reworked, common::callback()).await.unwrap();
    desk.act(reworked, common::reply(vec![])).await.unwrap();
    desk.sync_once().await.unwrap();
    decide(&op, reworked, json!({"type": "review", "accept": true, "reason": null})).await;
    // The two closed slips came early last month, and everything on them followed within minutes.
    let this_month = rates::Period::month_of(Utc::now());
    let last = this_month.previous();
    backdate(center, on_time, last.start + Duration::hours(33));
    backdate(center, reworked, last.start + Duration::days(5));
    desk.sync_once().await.unwrap();

    let mut months: Vec<String> = vec!["2026-09".into(), "2026-10".into(), stats::month_label(last), stats::month_label(this_month)];
    months.push(stats::month_label(rates::Period::month_of(due + Duration::days(40))));
    months.dedup();
    let handler = chengban_testkit::login(&reqwest::Client::new(), &center.url(), "tiexi.handler").await.unwrap();
    let mut served = Vec::new();
    for m in &months {
        let res = reqwest::Client::new().get(format!("{}/v1/stats?month={m}", center.url())).bearer_auth(&handler).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        served.push(res.json::<Value>().await.unwrap());
    }
    s.center.stop().await;

    for (m, center_report) in months.iter().zip(served) {
        let desk_report = serde_json::to_value(desk.stats(Some(m.clone())).await.unwrap()).unwrap();
        assert_eq!(counts(desk_report), counts(center_report.clone()), "{m}: the desk and the center count alike");
        let total: rates::Rates = serde_json::from_value(center_report["total"].clone()).unwrap();
        if *m == stats::month_label(last) {
            assert!(total.closed_on_time.num >= 2, "both closed slips were closed on time last month: {total:?}");
            assert_eq!(total.reworked, rates::Ratio { num: 1, den: 3 }, "three reviews, one sent back: {total:?}");
            assert!(total.called_back.den >= 3 && total.called_back.num == total.called_back.den, "{total:?}");
        }
        if *m == stats::month_label(this_month) {
            assert!(total.return_requested.num >= 1, "{total:?}");
            assert!(total.satisfied.den >= 3, "the callbacks were made now: {total:?}");
        }
        if m == "2026-10" {
            let ack = total.acknowledged_in_time;
            assert_eq!(ack.den - ack.num, 1, "the slip of 10-20 was acknowledged only now: {ack:?}");
            assert!(total.closed.den >= 2, "owed in October: the slip due then, and the one overdue since the holiday");
        }
    }

    // The 统计 page counts the same, in one pass: the report, the month before, the trend.
    let page = desk.stats_page(None).await.unwrap();
    let report = desk.stats(None).await.unwrap();
    assert_eq!(counts(serde_json::to_value(&page.report).unwrap()), counts(serde_json::to_value(&report).unwrap()));
    assert_eq!(page.trend.len(), 12);
    assert_eq!(page.trend[11].month, report.month);
    assert_eq!(page.trend[11].rates, report.total);
    assert_eq!(page.trend[10].rates, page.previous);
    assert!(page.risks.iter().all(|r| r.if_missed.den == r.now.den + 1));

    // 导出 Excel of last month, read back by an independent reader (calamine).
    let file = dir.path().join("last-month.xlsx");
    desk.export_month(Some(stats::month_label(last)), file.clone()).await.unwrap();
    let last_report = desk.stats(Some(stats::month_label(last))).await.unwrap();
    let mut book = calamine::open_workbook_auto(&file).unwrap();
    use calamine::{Data, Reader};
    assert_eq!(book.sheet_names(), ["考核指标", "按时限", "工单明细"], "a handler's export has no per-handler sheet");
    let rates_sheet = book.worksheet_range("考核指标").unwrap();
    let cell = |r: &calamine::Range<Data>, row: u32, col: u32| r.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(&rates_sheet, 0, 0), Data::String("指标".into()));
    assert_eq!(cell(&rates_sheet, 1, 0), Data::String("按时办结率".into()));
    let on_time = last_report.total.closed_on_time;
    assert_eq!(cell(&rates_sheet, 1, 2), Data::Float(f64::from(on_time.num)));
    assert_eq!(cell(&rates_sheet, 1, 3), Data::Float(f64::from(on_time.den)));
    assert_eq!(cell(&rates_sheet, 1, 1), Data::Float(f64::from(on_time.num) / f64::from(on_time.den)));
    let detail = book.worksheet_range("工单明细").unwrap();
    let rows: Vec<Vec<String>> = detail.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][0], "工单编号");
    let closed_on_time: Vec<&Vec<String>> = rows.iter().filter(|r| r.last().is_some_and(|c| c == "是")).collect();
    assert!(closed_on_time.len() >= 2, "the two slips closed on time last month: {rows:?}");
    let everything = rows.concat().join(" ");
    assert!(!everything.contains("周先生") && !everything.contains("1390000"), "no citizen's name or phone");
}
