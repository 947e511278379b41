//! The app as a package installs it: `cargo xtask test` installs the `.deb` it built with
//! apt and runs this test on `/usr/bin/chengban-desk` (`CHENGBAN_APP`); in the ordinary run it
//! checks the debug build the same way. A first start shows the login screen in Chinese, and
//! logging in lists the department's slips.

use chengban_e2e::{App, CenterProc};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_start_shows_the_login_screen_and_logging_in_lists_the_slips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.find("#login-submit").await;
    let page = app.text("body").await;
    assert!(page.contains("登录"), "the login screen, in Chinese: {page}");
    let installed = chengban_e2e::app_path().starts_with("/usr");
    app.screenshot(if installed { "login-installed.png" } else { "login-built.png" }).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "slips", || async { !app.text_of_all("tr.slip-row").await.is_empty() }).await;
    app.close().await;
}
