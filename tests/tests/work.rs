//! The handler's work end to end through the real app: acknowledge, callback, reply with a
//! photo on a supervision slip; the leader signs it off; the center accepts it; the handler
//! sees 已办结. Once online, once with the center stopped during the handler's part.

use chengban_e2e::{App, CenterProc};

const SLIP: &str = "高层住宅六楼以上经常停水";

fn photo(dir: &std::path::Path) -> std::path::PathBuf {
    // The README's screenshot is a real PNG; any image does.
    let src = chengban_e2e::workspace_root().join("docs/inbox.png");
    let dst = dir.join("现场照片.png");
    std::fs::copy(&src, &dst).expect("copy photo");
    dst
}

async fn handler_part(app: &App, center: &mut CenterProc, photo: &std::path::Path, offline: bool) {
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "demo slips", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    if offline {
        center.stop().await;
    }
    app.open_slip(SLIP).await;

    app.click("#action-acknowledge").await;
    app.until(10, "办理中", || async { app.text("[data-testid=slip-status]").await == "办理中" }).await;

    app.click("#action-callback").await;
    app.type_into("#callback_summary", "已电话告知诉求人供水加压设备检修安排，诉求人表示满意").await;
    app.click_xpath("//div[@id='callback_satisfaction']//input[@value='satisfied']/ancestor::label").await;
    app.click_xpath("//div[@id='callback_solved']//input[@value='true']/ancestor::label").await;
    app.click("#callback-submit").await;
    app.until(10, "callback in the timeline", || async { app.text("[data-testid=timeline]").await.contains("回访") }).await;

    app.click("#action-reply").await;
    app.type_into("#reply_public_text", "您反映的六楼以上经常停水问题，供水公司已检修二次加压泵站，现已恢复正常供水。").await;
    app.type_into("#reply_process", "联系供水公司检修二次加压泵站，六楼以上恢复正常供水").await;
    app.click_xpath("//div[@id='reply_result']//input[@value='solved']/ancestor::label").await;
    app.click("#reply-add-policy").await;
    app.type_into("#reply_policies_0_doc_no", "四政办发〔2022〕12号").await;
    app.type_into("#reply_policies_0_title", "四平市城市供水管理办法").await;
    let file_input = app.find(".ant-modal input[type=file]").await;
    file_input.send_keys(&photo.to_string_lossy()).await.expect("choose photo");
    app.until(10, "photo listed", || async { app.text(".ant-upload-list").await.contains("现场照片.png") }).await;
    app.click("#reply-submit").await;
    app.until(10, "待签发", || async { app.text("[data-testid=slip-status]").await == "待签发" }).await;
    app.screenshot(if offline { "work-offline-pending.png" } else { "work-replied.png" }).await;

    if offline {
        assert!(app.text("[data-testid=timeline]").await.contains("待同步"), "pending marks while offline");
        center.restart().await;
    }
    app.until(60, "all actions synced", || async {
        let t = app.text("[data-testid=timeline]").await;
        !t.contains("待同步") && t.contains("答复")
    })
    .await;
    app.find("#slip-back").await.click().await.expect("back");
}

async fn leader_part(app: &App, center: &CenterProc) {
    app.login(&center.url(), "tiexi.leader", "demo1234").await;
    // The leader's desk opens on the 待签发 queue.
    app.open_slip(SLIP).await;
    assert!(app.text("[data-testid=timeline]").await.contains("四政办发〔2022〕12号"));
    app.click("#action-sign_off").await;
    app.click("#signoff-submit").await;
    app.until(10, "已答复", || async { app.text("[data-testid=slip-status]").await == "已答复" }).await;
    app.until(60, "sign-off synced", || async { !app.text("[data-testid=timeline]").await.contains("待同步") }).await;
    app.screenshot("work-signed.png").await;
}

async fn run(offline: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut center = CenterProc::start(dir.path()).await;
    let photo = photo(dir.path());
    let handler_data = dir.path().join("handler");

    let app = App::launch(&handler_data, &center.url()).await;
    handler_part(&app, &mut center, &photo, offline).await;
    app.close().await;

    let app = App::launch(&dir.path().join("leader"), &center.url()).await;
    leader_part(&app, &center).await;
    app.close().await;

    let slip = center.review_accept(SLIP).await;
    assert_eq!(slip["status"], "closed");
    let photo_stored =
        slip["history"].as_array().expect("history").iter().any(|e| e["body"]["data"]["attachments"][0]["name"] == "现场照片.png");
    assert!(photo_stored, "the reply reached the center with its photo");

    // The handler comes back — the session and the cache's key restored from the keyring, no
    // login — and finds it 已办结.
    let app = App::launch(&handler_data, &center.url()).await;
    app.find(".inbox").await;
    app.click("[data-testid=tab-closed]").await;
    app.open_slip(SLIP).await;
    app.until(10, "已办结", || async { app.text("[data-testid=slip-status]").await == "已办结" }).await;
    assert!(app.text("[data-testid=timeline]").await.contains("审单通过（办结）"));
    app.screenshot(if offline { "work-closed-offline.png" } else { "work-closed.png" }).await;
    app.close().await;
    center.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervision_slip_goes_from_acknowledgement_through_sign_off_to_closed() {
    run(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_with_the_center_stopped_during_the_handlers_part() {
    run(true).await;
}
