//! A half-written dialog is work: Esc asks before throwing it away and never takes the clerk
//! off the slip; with nothing typed Esc just closes it; on the slip itself Esc goes back to
//! the tab the clerk came from.

use chengban_e2e::{App, CenterProc};
use fantoccini::key::Key;

const SLIP: &str = "高层住宅六楼以上经常停水";
const TYPED: &str = "已电话联系诉求人，说明加压泵检修安排";

async fn esc(app: &App, css: &str) {
    app.find(css).await.send_keys(&char::from(Key::Escape).to_string()).await.expect("Esc");
}

async fn confirm_shown(app: &App) {
    app.until(5, "the discard question", || async { app.text(".ant-modal-confirm-title").await.contains("放弃已填写的内容？") }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_in_a_half_written_dialog_asks_first_and_never_leaves_the_slip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "demo slips", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    app.open_slip(SLIP).await;
    app.click("#action-acknowledge").await;
    app.until(10, "办理中", || async { app.text("[data-testid=slip-status]").await == "办理中" }).await;
    // Back to the list, over to 办理中, and the slip from there.
    esc(&app, "body").await;
    app.click("[data-testid=tab-in_progress]").await;
    app.open_slip(SLIP).await;

    // Typed, then Esc: asked; "继续填写" keeps the text and the dialog, on the same slip.
    app.click("#action-callback").await;
    app.type_into("#callback_summary", TYPED).await;
    esc(&app, "#callback_summary").await;
    confirm_shown(&app).await;
    app.click("#callback-keep").await;
    let kept = app.find("#callback_summary").await.prop("value").await.expect("value").unwrap_or_default();
    assert_eq!(kept, TYPED, "the typed text is still there");
    assert!(app.text("[data-testid=slip-title]").await.contains(SLIP), "still on the slip");

    // Esc again, "放弃": the dialog goes, the slip stays.
    esc(&app, "#callback_summary").await;
    confirm_shown(&app).await;
    app.click("#callback-discard").await;
    app.until(5, "the dialog closed", || async { app.text_of_all("#callback_summary").await.is_empty() }).await;
    assert!(app.text("[data-testid=slip-title]").await.contains(SLIP), "still on the slip after discarding");

    // Nothing typed: Esc just closes the dialog, and a second Esc goes back to the list.
    app.click("#action-callback").await;
    app.find("#callback_summary").await;
    esc(&app, "#callback_summary").await;
    app.until(5, "the empty dialog closed", || async { app.text_of_all("#callback_summary").await.is_empty() }).await;
    assert!(app.text_of_all(".ant-modal-confirm-title").await.is_empty(), "nothing to ask about");
    assert!(app.text("[data-testid=slip-title]").await.contains(SLIP));
    esc(&app, "body").await;
    app.until(5, "back on the list", || async { !app.text_of_all("tr.slip-row").await.is_empty() }).await;
    let active = app.find("[role=tab][aria-selected=true]").await.attr("data-tab").await.expect("attr");
    assert_eq!(active.as_deref(), Some("in_progress"), "back on the tab the slip was opened from");
    app.close().await;
}
