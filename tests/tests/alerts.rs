//! Native notifications end to end: the real app under Xvfb with a private D-Bus session, a
//! real notification server (dunst), and dbus-monitor recording every Notify call.

use std::time::{Duration, Instant};

use chengban_e2e::{App, CenterProc, NotificationWatch};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dispatches_and_deadlines_notify_once_in_real_time_and_a_restart_repeats_none() {
    let watch = NotificationWatch::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let data = dir.path().join("data");
    let app = App::launch(&data, &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "demo slips", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    // The first start may say once what is already near (the demo has such slips); let it settle.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let settled = watch.calls().len();
    assert!(settled <= 1, "at most one start-up summary: {:?}", watch.calls());

    // An emergency dispatch: a Notify with the slip's number and title within 2 seconds.
    let started = Instant::now();
    let slip = center.dispatch_tier("tiexi", "emergency", "地直街燃气泄漏气味浓烈", "来电人反映：楼道内燃气味很浓，请立即到场处置。").await;
    let number = slip["number"].as_str().expect("number").to_string();
    let mut latency = None;
    while started.elapsed() < Duration::from_secs(5) {
        if let Some(n) = watch.calls().iter().skip(settled).find(|n| n.text().contains(&number)) {
            assert!(n.text().contains("地直街燃气泄漏气味浓烈"), "{}", n.text());
            assert!(n.text().contains("紧急新工单"), "{}", n.text());
            latency = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let latency = latency.expect("a Notify for the emergency dispatch");
    eprintln!("dispatch → Notify on the bus: {latency:?}");
    assert!(latency < Duration::from_secs(2), "within 2 s: {latency:?}");

    // Clicking it (dunst's default action on the top notification: the critical one sorts
    // first) opens that slip in the app.
    let clicked = std::process::Command::new("dunstctl").args(["action", "0"]).status().expect("dunstctl (package dunst)");
    assert!(clicked.success(), "dunstctl action");
    app.until(10, "the slip opened from its notification", || async {
        app.text("[data-testid=slip-title]").await.contains("地直街燃气泄漏气味浓烈")
    })
    .await;

    // A deadline made near: one threshold notification, once.
    let before = watch.calls().len();
    center.set_due("高层住宅六楼以上经常停水", chrono::Utc::now() + chrono::Duration::minutes(90)).await;
    app.until(10, "threshold notification", || async {
        watch.calls().iter().skip(before).any(|n| n.text().contains("剩余不到 2 小时"))
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let near: Vec<_> = watch.calls().into_iter().skip(before).collect();
    assert_eq!(near.len(), 1, "exactly one notification for the crossed thresholds: {near:?}");
    app.screenshot("alerts.png").await;
    app.close().await;

    // Restart: nothing is said again.
    let before_restart = watch.calls().len();
    let app = App::launch(&data, &center.url()).await;
    // The session and the cache's key come back from the keyring: no login, the said alerts kept.
    app.find(".inbox").await;
    app.until(20, "slips after restart", || async { app.text_of_all("tr.slip-row").await.len() == 5 }).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let after: Vec<_> = watch.calls().into_iter().skip(before_restart).collect();
    assert!(after.is_empty(), "a restart raises none of them again: {after:?}");
    app.close().await;
}

/// A citizen's text that looks like markup reaches the notification server escaped (servers
/// read the body as markup: unescaped, dunst showed "[image]小区门口路灯不亮alert(2)") and the
/// inbox lists it exactly as written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn citizen_markup_is_notified_and_listed_as_the_text_it_is() {
    let watch = NotificationWatch::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "demo slips", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let settled = watch.calls().len();

    let hostile = "<img src=x onerror=alert(1)>小区门口路灯不亮<script>alert(2)</script>";
    let slip = center.dispatch_tier("tiexi", "emergency", hostile, "来电人反映：<b>路灯</b> & 电线裸露。").await;
    let number = slip["number"].as_str().expect("number").to_string();
    app.until(10, "a Notify for the slip", || async { watch.calls().iter().skip(settled).any(|n| n.text().contains(&number)) }).await;
    let note = watch.calls().into_iter().skip(settled).find(|n| n.text().contains(&number)).expect("notify");
    assert!(
        note.text().contains("&lt;img src=x onerror=alert(1)&gt;小区门口路灯不亮&lt;script&gt;alert(2)&lt;/script&gt;"),
        "the body is escaped markup: {}",
        note.text()
    );
    assert!(!note.text().contains("<script>") && !note.text().contains("<img"), "{}", note.text());
    app.until(10, "the row as written", || async {
        app.text_of_all("tr.slip-row")
            .await
            .iter()
            .any(|t| t.contains("<img src=x onerror=alert(1)>小区门口路灯不亮<script>alert(2)</script>"))
    })
    .await;
    app.close().await;
}
