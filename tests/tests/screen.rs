//! What the screen says and how it lays out, at the default window: on a PC without a keyring
//! service the warning said once then kept as a mark in the header, a very long content with a long URL that wraps
//! instead of squeezing its column, and the server address the app was started with prefilled
//! over the one used last; 导出诊断信息 writes its zip where the window says.

use chengban_e2e::{App, CenterProc};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyring_warning_is_said_once_long_content_wraps_and_the_started_server_is_prefilled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let url = format!("https://example.gov.cn/{}", "a".repeat(400));
    let content = format!("来电人反映：详见 {url} 。{}", "小区路灯长期不亮，夜间出行不便。".repeat(1218));
    assert!((19_900..=20_000).contains(&content.chars().count()), "about the 20,000 characters the center takes");
    center.dispatch("tiexi", "小区路灯长期不亮", &content).await;

    let data = dir.path().join("data");
    // A PC without a keyring service: this app's session bus has none to reach.
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let home_env = home.to_string_lossy().to_string();
    let app = App::launch_with(
        &data,
        &center.url(),
        &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"), ("HOME", &home_env), ("XDG_DOWNLOAD_DIR", "")],
    )
    .await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "slips", || async { app.text_of_all("tr.slip-row").await.len() == 5 }).await;
    // No keyring service: the warning is said across the view, once.
    let warned = app.text_of_all(".notice").await.iter().any(|t| t.contains("密钥环不可用"));
    assert!(warned, "the keyring warning at first: {:?}", app.text_of_all(".notice").await);
    assert!(app.text_of_all("[data-testid=keyring-mark]").await.is_empty());

    app.open_slip("小区路灯长期不亮").await;
    assert!(app.text_of_all("[data-testid=keyring-mark]").await.len() == 1, "a mark in the header once the clerk moved on");
    app.screenshot("long-content.png").await;
    // A long unbreakable URL must not widen the table: the short values beside it stay on one
    // line and the table fits its card.
    let layout = app
        .client
        .execute(
            "const cell = [...document.querySelectorAll('.ant-descriptions-item-content')].find(e => e.textContent === '12345热线'); \
             const r = document.createRange(); r.selectNodeContents(cell); \
             const lines = Math.round(r.getBoundingClientRect().height / parseFloat(getComputedStyle(cell).lineHeight)); \
             const table = cell.closest('table'); const card = table.closest('.ant-card-body'); \
             return [lines, table.getBoundingClientRect().width - card.clientWidth];",
            vec![],
        )
        .await
        .expect("layout");
    assert_eq!(layout[0].as_f64(), Some(1.0), "a short value beside the long content stays on one line: {layout}");
    assert!(layout[1].as_f64().expect("overflow") <= 0.0, "the table fits its card: {layout}");
    app.find("#slip-back").await.click().await.expect("back");
    assert!(app.text_of_all(".notice").await.iter().all(|t| !t.contains("密钥环不可用")), "not said again on the list");

    // 导出诊断信息 from the settings: a zip in the user's folder, and the window says where.
    app.click("[aria-label=提醒设置]").await;
    app.click("#export-diagnostics").await;
    app.until(20, "the export said", || async {
        app.text_of_all(".ant-alert-success").await.iter().any(|t| t.contains("诊断信息已保存到"))
    })
    .await;
    let zips: Vec<_> = std::fs::read_dir(&home)
        .expect("home")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("承办台诊断信息-"))
        .collect();
    assert_eq!(zips.len(), 1, "one zip in the user's folder");
    let said = app.text_of_all(".ant-alert-success").await.join(" ");
    assert!(said.contains(&zips[0].path().display().to_string()), "the window says where: {said}");
    app.close().await;

    // Started again with another server: that address is prefilled, not the one used last.
    let other_dir = dir.path().join("other");
    std::fs::create_dir_all(&other_dir).expect("dir");
    let other = CenterProc::start(&other_dir).await;
    let app = App::launch(&data, &other.url()).await;
    let server = app.find("#login_serverUrl").await;
    app.until(10, "the started server prefilled", || async { server.prop("value").await.ok().flatten() == Some(other.url()) }).await;
    app.close().await;
}
