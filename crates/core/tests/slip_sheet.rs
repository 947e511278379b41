//! The 处理单 PDF of a supervision slip handled end to end against the real center: its text
//! (read back with poppler's `pdftotext`) carries the header, the masked citizen, the request,
//! the reply's parts, the callback, the history and the signatures with names and times, and
//! every page its department, slip number and 第 N 页 共 M 页; `pdffonts` shows the Chinese
//! font embedded as a subset.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chengban_core::events::NullSink;
use chengban_protocol::*;

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed by this test (Debian: apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn pdffonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts").arg(pdf).output().expect("pdffonts (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The text without the spaces and line breaks layout puts in.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn the_sheet_of_a_signed_off_supervision_slip_reads_back_with_every_field_and_the_font_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::handler_synced(dir.path(), &dir.path().join("cache.sqlite")).await;
    let slip = common::dispatch(&s.center, "tiexi", "general", "小区门口井盖缺失").await;
    let id = slip["id"].as_i64().unwrap();
    let number = slip["number"].as_str().unwrap().to_string();
    s.desk.sync_once().await.unwrap();
    s.desk.act(id, Action::Acknowledge {}).await.unwrap();
    s.desk.act(id, common::callback()).await.unwrap();
    // A full handling record, so the sheet runs over more than one page.
    let record = [
        "11月25日接件后，经办人当即电话联系诉求人钱女士，了解井盖缺失的具体位置为铁西区测试街12号小区南门东侧约20米处人行道。",
        "当日下午，我局会同市政设施管理处、测试街道办事处工作人员到现场核查，确认该处雨水检查井井盖缺失，井口直径约70厘米，周边无警示标志，夜间照明不足，存在行人跌落风险。",
        "现场立即设置硬质围挡和夜间警示灯，并安排街道网格员每日巡查两次，确保围挡完好。",
        "经查，该井盖系11月中旬被盗，井座完好。市政设施管理处于11月26日上午调配防盗型复合材料井盖一套完成补装，并对井座进行了加固处理，经荷载试验符合标准。",
        "补装完成后，我局再次到现场复查，井盖安装平稳，与路面高差符合规范，已撤除围挡，人行道恢复正常通行。",
        "同时，我局已将该片区纳入井盖专项排查范围，对测试街沿线的82处检查井逐一排查，发现松动井盖3处，均已于11月27日前完成更换。",
        "下一步，我局将会同公安部门加强对盗窃井盖行为的打击，并在辖区推广使用防盗型井盖，从源头上减少此类安全隐患。",
    ];
    // Twice, as a reworked slip's record runs on.
    let process = [record, record].concat().join("\n");
    let reply = Reply {
        process: process.clone(),
        public_text: Some("您反映的小区门口井盖缺失问题，我局已协调市政设施管理处于当日补装井盖，消除安全隐患。".into()),
        result: Resolution::Solved,
        contact: Some(Contact { contacted: true, at: Some(chrono::Utc::now()), phone: Some("13612345678".into()), reason: None }),
        policies: vec![PolicyCitation {
            doc_no: "四政办发〔2022〕12号".into(),
            title: "四平市城市道路管理办法".into(),
            article: Some("第十八条".into()),
        }],
        ..Default::default()
    };
    s.desk.act(id, Action::Reply(reply)).await.unwrap();
    s.desk.sync_once().await.unwrap();

    let leader = common::desk(&dir.path().join("leader.sqlite"), Arc::new(NullSink));
    leader.login(&s.center.url(), "tiexi.leader", chengban_center::demo::DEMO_PASSWORD).await.unwrap();
    leader.sync_once().await.unwrap();
    leader.act(id, Action::SignOff { approve: true, comment: Some("同意".into()) }).await.unwrap();
    leader.sync_once().await.unwrap();
    s.desk.sync_once().await.unwrap();

    let (name, bytes) = s.desk.slip_pdf(id).await.unwrap();
    assert_eq!(name, format!("处理单-{number}.pdf"));
    let pdf = dir.path().join(&name);
    std::fs::write(&pdf, &bytes).unwrap();
    let text = squeezed(&poppler("pdftotext", &["-layout"], &pdf));
    for expected in [
        "12345政务服务便民热线工单处理单",
        "承办单位：铁西区住建局",
        &format!("工单编号{number}"),
        "渠道12345热线",
        "督办单·投诉",
        "时限等级",
        "办结时限",
        "派发时间",
        "签收时间",
        "答复时间",
        "钱女士",
        "136****5678",
        "小区门口井盖缺失",
        "夜间有人跌落风险",
        "【公开答复】您反映的小区门口井盖缺失问题",
        "【办理情况】11月25日接件后，经办人当即电话联系诉求人",
        "【办理结果】已解决",
        "四政办发〔2022〕12号《四平市城市道路管理办法》第十八条",
        "【回访情况】",
        "【办理过程】",
        "审核签发",
    ] {
        assert!(text.contains(&squeezed(expected)), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("13612345678"), "the citizen's phone is masked");
    let signatures = &text[text.rfind("经办人（签字）").expect("the signature row")..];
    for expected in ["科室负责人（签字）", "分管领导（签字）", "铁西区住建局经办人", "铁西区住建局分管领导"]
    {
        assert!(signatures.contains(expected), "{expected} in the signature row: {signatures}");
    }
    assert_eq!(
        signatures.matches("日期：20").count(),
        2,
        "the handler's and the leader's times, the section chief's left to write: {signatures}"
    );

    let first = squeezed(&poppler("pdftotext", &["-f", "1", "-l", "1"], &pdf));
    let total: usize = first
        .split_once("第1页共")
        .and_then(|(_, rest)| rest.split_once('页'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("page 1 says how many pages: {first}"));
    assert!(total >= 2, "the long reply runs over pages ({total})");
    for p in 1..=total {
        let page = squeezed(&poppler("pdftotext", &["-f", &p.to_string(), "-l", &p.to_string()], &pdf));
        assert!(page.contains(&format!("铁西区住建局工单编号：{number}")), "page {p} names the department and slip: {page}");
        assert!(page.contains(&format!("第{p}页共{total}页")), "page {p} is numbered: {page}");
    }

    if std::env::var_os("UPDATE_SAMPLE").is_some() {
        // The sample in docs/ and its first page for the README.
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
        std::fs::copy(&pdf, docs.join("sheet-sample.pdf")).unwrap();
        let png = docs.join("sheet-sample");
        let ok = Command::new("pdftoppm").args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]).arg(&pdf).arg(&png).status();
        assert!(ok.is_ok_and(|s| s.success()), "pdftoppm");
    }

    let fonts = pdffonts(&pdf);
    let cjk =
        fonts.lines().find(|l| l.contains("CJK") || l.contains("WenQuanYi") || l.contains("wqy")).unwrap_or_else(|| panic!("{fonts}"));
    let cols: Vec<&str> = cjk.split_whitespace().collect();
    assert!(cols[0].contains('+'), "a subset's name carries its tag: {cjk}");
    let yes = cols.iter().filter(|c| **c == "yes").count();
    assert!(yes >= 2, "embedded and subset: {cjk}");
    assert!(bytes.len() < 400_000, "a subset, not the whole font: {} bytes", bytes.len());
}
