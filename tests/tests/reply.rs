//! The reply done right, in the real app: the leader keeps a template and a policy entry in the
//! department's library; on a 咨询 slip the handler picks the template (filled for the citizen)
//! as the 公开答复, writes the 办理情况; the 审单 pre-check warns that a consultation's answer
//! cites no policy basis; the handler goes back, adds the entry from the library, and sends; then
//! 导出 PDF writes the 处理单 (the save dialog answered by `CHENGBAN_SAVE_DIR`) and `pdftotext`
//! reads the reply back from it.

use chengban_e2e::{App, CenterProc};
use chengban_testkit::{Dispatch, Operator};

const SLIP: &str = "咨询公租房申请条件";
const TEMPLATE: &str =
    "{称呼}：您好！您咨询的公租房申请条件：本市城镇户籍、家庭人均收入低于规定标准、在本市无自有住房，可向户籍所在街道提交申请。";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consultation_reply_is_warned_without_policy_basis_sent_with_it_and_its_sheet_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let operator = Operator::login(&center.url()).await.expect("operator");
    let content = "来电人咨询：本人在铁西区工作，想了解申请公共租赁住房需要满足哪些条件、到哪里办理。";
    let slip = Dispatch { request_type: "consultation", title: SLIP, content, ..Dispatch::default() };
    let number = operator.dispatch(&slip).await.expect("dispatch")["number"].as_str().expect("number").to_string();
    let http = reqwest::Client::new();
    let leader = chengban_testkit::login(&http, &center.url(), "tiexi.leader").await.expect("leader login");
    for (path, body) in [
        ("/v1/department/templates", serde_json::json!({"title": "公租房申请条件答复", "body": TEMPLATE})),
        (
            "/v1/department/policies",
            serde_json::json!({"doc_no": "四政发〔2020〕8号", "title": "四平市公共租赁住房管理办法",
            "article": "第九条", "text": "申请公共租赁住房，应当符合下列条件：（一）具有本市城镇户籍……"}),
        ),
    ] {
        let res = http.post(format!("{}{path}", center.url())).bearer_auth(&leader).json(&body).send().await.expect("library");
        assert_eq!(res.status().as_u16(), 201, "{path}");
    }

    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).expect("exports dir");
    let exports_env = exports.to_string_lossy().to_string();
    let app = App::launch_with(&dir.path().join("data"), &center.url(), &[("CHENGBAN_SAVE_DIR", &exports_env)]).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.open_slip(SLIP).await;
    app.click("#action-acknowledge").await;
    app.until(10, "办理中", || async { app.text("[data-testid=slip-status]").await == "办理中" }).await;
    app.click("#action-callback").await;
    app.type_into("#callback_summary", "已电话告知诉求人公租房申请条件和办理地点").await;
    app.click_xpath("//div[@id='callback_satisfaction']//input[@value='satisfied']/ancestor::label").await;
    app.click_xpath("//div[@id='callback_solved']//input[@value='true']/ancestor::label").await;
    app.click("#callback-submit").await;
    app.until(10, "callback in the timeline", || async { app.text("[data-testid=timeline]").await.contains("回访") }).await;

    app.click("#action-reply").await;
    pick(&app, "reply-template", "公租房", "公租房申请条件答复").await;
    app.until(10, "the template filled in", || async {
        let text = app.find("#reply_public_text").await.prop("value").await.ok().flatten().unwrap_or_default();
        text.starts_with("周先生：您好！您咨询的公租房申请条件")
    })
    .await;
    app.type_into("#reply_process", "查阅《四平市公共租赁住房管理办法》，电话告知申请条件、所需材料和受理地点").await;
    app.click_xpath("//div[@id='reply_result']//input[@value='solved']/ancestor::label").await;
    app.click("#reply-submit").await;
    app.until(10, "the pre-check's warning", || async {
        app.text("#reply-warnings").await.contains("咨询类诉求的答复未引用政策依据")
    })
    .await;
    app.screenshot("reply-precheck.png").await;
    app.click("#reply-confirm-back").await;
    pick(&app, "reply-policy-pick", "公共租赁", "四政发〔2020〕8号《四平市公共租赁住房管理办法》第九条").await;
    app.until(10, "the entry cited", || async {
        app.find("#reply_policies_0_doc_no").await.prop("value").await.ok().flatten().as_deref() == Some("四政发〔2020〕8号")
    })
    .await;
    app.click("#reply-submit").await;
    app.until(10, "已答复", || async { app.text("[data-testid=slip-status]").await == "已答复" }).await;
    let timeline = app.text("[data-testid=timeline]").await;
    assert!(timeline.contains("公开答复：周先生：您好！您咨询的公租房申请条件"), "{timeline}");
    assert!(timeline.contains("《四平市公共租赁住房管理办法》第九条"), "{timeline}");
    app.until(60, "the reply synced", || async { !app.text("[data-testid=timeline]").await.contains("待同步") }).await;

    app.click("#sheet-export").await;
    let pdf = exports.join(format!("处理单-{number}.pdf"));
    app.until(20, "the PDF written", || async { pdf.exists() }).await;
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    for expected in [
        number.as_str(),
        "12345政务服务便民热线工单处理单",
        "【公开答复】周先生：您好！您咨询的公租房申请条件",
        "【政策依据】四政发〔2020〕8号《四平市公共租赁住房管理办法》第九条",
        "经办人（签字）",
        "第1页共",
    ] {
        assert!(text.contains(expected), "{expected} in the PDF: {text}");
    }
    assert!(!text.contains("13900001111"), "the citizen's phone is masked in the PDF");
    app.close().await;
}

/// Chooses in the searchable select `id`: types `search`, then clicks the option titled `option`.
async fn pick(app: &App, id: &str, search: &str, option: &str) {
    app.type_into(&format!("#{id}"), search).await;
    app.click_xpath(&format!("//div[contains(@class,'ant-select-item-option')][@title='{option}']")).await;
}
