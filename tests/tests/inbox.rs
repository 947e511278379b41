//! A handler logs in to the real app against the real center, sees the department's slips,
//! reads one, sees a new dispatch arrive, and keeps working from the cache with the center down.

use chengban_e2e::{App, CenterProc};
use fantoccini::{key::Key, Locator};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_logs_in_reads_slips_sees_a_new_dispatch_and_works_offline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut center = CenterProc::start(dir.path()).await;
    let app = App::launch(&dir.path().join("data"), &center.url()).await;

    // Login screen, server address prefilled for this desk.
    let server = app.find("#login_serverUrl").await;
    let url = center.url();
    app.until(10, "server address prefilled", || async { server.prop("value").await.ok().flatten().as_deref() == Some(url.as_str()) })
        .await;
    app.find("#login_username").await.send_keys("tiexi.handler").await.expect("type username");
    let password = app.find("#login_password").await;
    password.send_keys("demo1234").await.expect("type password");
    password.send_keys(&char::from(Key::Enter).to_string()).await.expect("enter");

    // The inbox: the demo's four slips of 铁西区住建局 in 待签收, soonest deadline first.
    app.find("[data-testid=tab-pending_ack]").await;
    app.until(20, "demo slips in the inbox", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    let shot = app.screenshot("inbox.png").await;
    eprintln!("inbox screenshot: {}", shot.display());
    let rows = app.text_of_all("tr.slip-row").await;
    assert!(rows.iter().any(|r| r.contains("祥和家园小区垃圾台堆满无法倾倒")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("督办")), "kind tag shown: {rows:?}");
    assert!(rows[0].contains("四平东站"), "the 1-hour emergency slip comes first: {rows:?}");
    assert!(rows.iter().all(|r| r.contains("剩余") || r.contains("已超期")), "countdowns: {rows:?}");

    // Open a slip and read its content; the phone is masked until revealed.
    let row = app.client.find(Locator::XPath("//tr[contains(@class,'slip-row')][contains(., '祥和家园')]/td[4]")).await.expect("row");
    row.click().await.expect("open slip");
    let content = app.find("[data-testid=slip-content]").await.text().await.expect("content");
    assert!(content.contains("垃圾台已经堆满"), "{content}");
    assert_eq!(app.find("[data-testid=citizen-phone]").await.text().await.expect("phone"), "138****2345");
    app.find("#reveal-contact").await.click().await.expect("reveal");
    app.until(5, "phone revealed", || async { app.text_of_all("[data-testid=citizen-phone]").await == ["13843412345"] }).await;
    app.screenshot("slip.png").await;
    app.find("#slip-back").await.click().await.expect("back");

    // The hotline center dispatches a new slip: it appears in the inbox by itself.
    center.dispatch("tiexi", "地直街井盖缺失夜间有跌落风险", "来电人反映：地直街一处井盖缺失，夜间无照明，请尽快处置。").await;
    app.until(40, "the new dispatch in the inbox", || async {
        app.text_of_all("tr.slip-row").await.iter().any(|r| r.contains("地直街井盖缺失"))
    })
    .await;

    // The center goes down: the cache still answers and a banner says since when.
    center.stop().await;
    app.find("button[aria-label=立即同步]").await.click().await.expect("sync now");
    app.until(20, "offline banner", || async { !app.text_of_all("[data-testid=offline-banner]").await.is_empty() }).await;
    let banner = app.text_of_all("[data-testid=offline-banner]").await.join("");
    assert!(banner.contains("正在使用本地缓存"), "{banner}");
    assert_eq!(app.text_of_all("tr.slip-row").await.len(), 5, "the cache still answers");
    let row = app.client.find(Locator::XPath("//tr[contains(@class,'slip-row')][contains(., '地直街')]/td[4]")).await.expect("row");
    row.click().await.expect("open slip offline");
    assert!(app.find("[data-testid=slip-content]").await.text().await.expect("content").contains("井盖缺失"));
    app.screenshot("offline.png").await;
    app.find("#slip-back").await.click().await.expect("back");

    // The center is back: the desk re-syncs by itself and the banner goes.
    center.restart().await;
    app.until(45, "back online", || async { app.text_of_all("[data-testid=offline-banner]").await.is_empty() }).await;

    app.close().await;
    center.stop().await;
}
