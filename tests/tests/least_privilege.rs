//! The window gets only what it needs: it may call the desk's own commands and listen to its
//! events, nothing more of Tauri; its content security policy refuses inline scripts while the
//! styles antd writes at run time apply; and citizen text that looks like HTML or script shows as text
//! wherever it appears (list, search, slip page, timeline) and runs nothing.

use chengban_e2e::{App, CenterProc};
use serde_json::Value;

/// Calls `name` through Tauri's IPC from inside the page: `ok:<answer>` or `err:<why>`.
async fn invoke(app: &App, name: &str, args: &str) -> String {
    let script = format!(
        "const done = arguments[arguments.length - 1]; \
         window.__TAURI_INTERNALS__.invoke('{name}', {args}) \
           .then(v => done('ok:' + JSON.stringify(v)), e => done('err:' + (typeof e === 'string' ? e : JSON.stringify(e))));"
    );
    match app.client.execute_async(&script, vec![]).await.expect("script runs") {
        Value::String(s) => s,
        other => format!("unexpected: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_may_call_the_desks_commands_and_nothing_else_of_tauri() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    center.dispatch("tiexi", "井盖缺失待处理", "来电人反映：小区门口井盖缺失。").await;
    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "slips", || async { !app.text_of_all("tr.slip-row").await.is_empty() }).await;

    let counts = invoke(&app, "tab_counts", "{}").await;
    assert!(counts.starts_with("ok:") && counts.contains("pending_ack"), "a desk command: {counts}");
    let unknown = invoke(&app, "drop_cache", "{}").await;
    assert!(unknown.starts_with("err:"), "a command outside the desk's list: {unknown}");
    // Granted by `core:default` before; the window needs none of them.
    for (name, args) in [
        ("plugin:app|version", "{}"),
        ("plugin:window|set_title", "{\"label\": \"main\", \"value\": \"x\"}"),
        ("plugin:autostart|enable", "{}"),
        ("plugin:webview|print", "{\"label\": \"main\"}"),
    ] {
        let answer = invoke(&app, name, args).await;
        assert!(answer.starts_with("err:"), "{name} must be refused: {answer}");
    }

    // The content security policy, on the slip page (drawn with antd): an inline script is
    // refused, while the styles antd writes at run time apply (so nothing leans on
    // 'unsafe-inline' being honoured by accident).
    app.open_slip("井盖缺失待处理").await;
    let csp = app
        .client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.head.append(s); \
             const el = document.querySelector('[class^=\"ant-\"], [class*=\" ant-\"]'); \
             const styled = [...document.styleSheets].filter(sheet => sheet.ownerNode && sheet.ownerNode.tagName === 'STYLE').some(sheet => { try { return [...sheet.cssRules].some(r => r.selectorText && el.matches(r.selectorText)); } catch (e) { return false; } }); \
             return [window.__inline === undefined, el !== null, styled];",
            vec![],
        )
        .await
        .expect("csp probe");
    assert_eq!(csp, serde_json::json!([true, true, true]), "[inline script refused, an antd element, its run-time styles applied]");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn citizen_markup_shows_as_text_everywhere_and_runs_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let title = "<img src=x onerror=\"window.__xss=1\">路灯不亮<script>window.__xss=2</script>";
    let content = "来电人反映：<b>加粗</b><iframe src=\"javascript:window.__xss=3\"></iframe><svg onload=\"window.__xss=4\"></svg>";
    center.dispatch("tiexi", title, content).await;

    let app = App::launch(&dir.path().join("data"), &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "slips", || async { app.text_of_all("tr.slip-row").await.iter().any(|t| t.contains("路灯不亮")) }).await;
    let nothing_ran = || async {
        let probe = "return [window.__xss === undefined, \
             document.querySelectorAll('img[src=\"x\"], iframe, svg[onload], b').length, \
             [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__xss')).length];";
        app.client.execute(probe, vec![]).await.expect("probe")
    };
    let clean = serde_json::json!([true, 0, 0]);

    let row = app.text_of_all("tr.slip-row").await.into_iter().find(|t| t.contains("路灯不亮")).unwrap_or_default();
    assert!(row.contains("<img src=x onerror=\"window.__xss=1\">"), "the list shows the markup as text: {row}");
    assert_eq!(nothing_ran().await, clean, "the list");

    app.open_slip("路灯不亮").await;
    assert_eq!(app.text("[data-testid=slip-title]").await, title, "the slip page's title, as written");
    let page = app.text("body").await;
    assert!(page.contains("<b>加粗</b><iframe src=\"javascript:window.__xss=3\"></iframe>"), "the content as written");
    assert_eq!(nothing_ran().await, clean, "the slip page and its timeline");
    app.click("#slip-back").await;

    app.type_into("#slip-search", "路灯不亮").await;
    app.until(20, "search results", || async {
        app.text_of_all("tr.slip-row").await.iter().any(|t| t.contains("<script>window.__xss=2</script>"))
    })
    .await;
    assert_eq!(nothing_ran().await, clean, "the search results");
    app.close().await;
}
