//! The header tells the truth about the connection: 离线 within seconds of the center going
//! away (without the clerk doing anything), when the center was last reached on hover, and F5
//! while offline says what came of it.

use std::time::{Duration, Instant};

use chengban_e2e::{App, CenterProc};
use fantoccini::key::Key;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_follows_the_center_within_seconds_and_f5_offline_says_what_happened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut center = CenterProc::start(dir.path()).await;
    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "demo slips", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    app.until(10, "已同步", || async { app.text("[data-testid=sync-state]").await == "已同步" }).await;
    let hover = app.find("[data-testid=sync-state]").await.attr("title").await.expect("title").unwrap_or_default();
    assert!(hover.starts_with("最近一次与受理中心同步："), "{hover}");
    // Let the live stream connect, so what follows is the stream noticing, not a poll.
    tokio::time::sleep(Duration::from_secs(2)).await;

    center.stop().await;
    let stopped = Instant::now();
    app.until(10, "离线 with nothing clicked", || async { app.text("[data-testid=sync-state]").await == "离线" }).await;
    eprintln!("center stopped → header says 离线: {:?}", stopped.elapsed());

    app.find("body").await.send_keys(&char::from(Key::F5).to_string()).await.expect("F5");
    app.until(20, "F5's outcome", || async {
        app.text_of_all("[data-testid=sync-feedback]").await.iter().any(|t| t.contains("仍无法连接受理中心"))
    })
    .await;
    assert_eq!(app.text_of_all("tr.slip-row").await.len(), 4, "the window stayed on the list, nothing reloaded");

    center.restart().await;
    app.find("body").await.send_keys(&char::from(Key::F5).to_string()).await.expect("F5");
    app.until(30, "F5 reaches the center again", || async {
        app.text_of_all("[data-testid=sync-feedback]").await.iter().any(|t| t.starts_with("已同步"))
    })
    .await;
    app.close().await;
    center.stop().await;
}
