//! The one command list every shell serves: each name decodes with the arguments the window
//! sends, answers as the window expects, and anything else is a clear `{code, message}`.

mod common;

use std::sync::Arc;

use chengban_center::demo;
use chengban_core::commands::{self, Command, ErrorCode, Shell};
use chengban_core::events::RecordingSink;
use chengban_core::Desk;
use common::center_at;
use serde_json::{json, Value};

struct NoShell;

impl Shell for NoShell {
    fn autostart(&self) -> bool {
        false
    }
    fn set_autostart(&self, enabled: bool) -> chengban_core::error::Result<bool> {
        Ok(enabled)
    }
    fn export_dir(&self) -> std::path::PathBuf {
        std::env::temp_dir()
    }
    fn about(&self) -> String {
        "tests".into()
    }
}

fn desk(dir: &std::path::Path) -> Arc<Desk> {
    common::desk(&dir.join("cache.sqlite"), Arc::new(RecordingSink::default()))
}

/// Arguments as the window sends them, for every command.
fn sample_args(name: &str) -> Value {
    match name {
        "login" => json!({"serverUrl": "http://127.0.0.1:1", "username": "u", "password": "p"}),
        "inbox_page" => json!({"tab": "pending_ack", "page": 1, "pageSize": 50}),
        "slip_detail" | "reveal_contact" | "slip_sheet" | "export_slip_pdf" | "similar_cases" => json!({"id": 1}),
        "search_slips" => json!({"query": "路灯"}),
        "act" => json!({"id": 1, "action": {"type": "acknowledge"}}),
        "check_reply" => json!({"id": 1, "reply": {"process": "已处理", "public_text": "您反映的问题已处理。", "result": "solved",
            "unsolved_reason": null, "beyond_duty": null, "contact": null, "policies": [], "policy_doc_no": null,
            "policy_source": null, "attachments": []}}),
        "add_attachment" => json!({"name": "a.txt", "contentType": "text/plain", "dataBase64": "YQ==", "class": "id_document"}),
        "dismiss_rejected" => json!({"mutationId": 1}),
        "fill_template" => json!({"id": 1, "body": "{称呼}您好"}),
        "add_personal_template" => json!({"template": {"title": "t", "body": "b"}}),
        "remove_personal_template" => json!({"id": 1}),
        "save_department_template" => json!({"id": null, "template": {"title": "t", "body": "b"}}),
        "save_department_policy" => json!({"id": 3, "policy": {"doc_no": "d", "title": "t", "article": null, "text": "x"}}),
        "delete_department_entry" => json!({"policy": true, "id": 1}),
        "set_alert_settings" => json!({"settings": {"tiers": []}}),
        "set_autostart" => json!({"enabled": true}),
        _ => json!({}),
    }
}

#[test]
fn every_command_decodes_from_what_the_window_sends() {
    for name in Command::NAMES {
        let decoded: Result<Command, _> = serde_json::from_value(json!({"command": name, "args": sample_args(name)}));
        assert!(decoded.is_ok(), "{name}: {decoded:?}");
    }
}

#[test]
fn the_typescript_map_names_every_command() {
    let ts = commands::typescript();
    for name in Command::NAMES {
        assert!(ts.contains(&format!("  {name}: {{ args: ")), "{name} missing from Commands");
    }
}

#[tokio::test]
async fn an_unknown_command_or_argument_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    let unknown = commands::call(&d, &NoShell, "drop_cache", json!({})).await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::BadArguments);
    let extra = commands::call(&d, &NoShell, "tab_counts", json!({"evil": true})).await.unwrap_err();
    assert_eq!(extra.code, ErrorCode::BadArguments);
    let wrong_type = commands::call(&d, &NoShell, "slip_detail", json!({"id": "1"})).await.unwrap_err();
    assert_eq!(wrong_type.code, ErrorCode::BadArguments);
    assert!(wrong_type.message.contains("slip_detail") && !wrong_type.message.contains("invalid type"), "{}", wrong_type.message);
}

#[tokio::test]
async fn commands_answer_with_the_desks_views_and_errors_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let d = desk(dir.path());
    let none = commands::call(&d, &NoShell, "current_session", Value::Null).await.unwrap();
    assert_eq!(none, Value::Null, "nobody logged in yet");
    let not_logged_in = commands::call(&d, &NoShell, "act", sample_args("act")).await.unwrap_err();
    assert_eq!(not_logged_in.code, ErrorCode::AuthExpired);
    let bad = json!({"serverUrl": center.url(), "username": "tiexi.handler", "password": "wrong-password"});
    assert_eq!(commands::call(&d, &NoShell, "login", bad).await.unwrap_err().code, ErrorCode::BadCredentials);
    let good = json!({"serverUrl": center.url(), "username": "tiexi.handler", "password": demo::DEMO_PASSWORD});
    let session = commands::call(&d, &NoShell, "login", good).await.unwrap();
    assert_eq!(session["role"], "handler");
    d.sync_once().await.unwrap();
    let page = commands::call(&d, &NoShell, "inbox_page", sample_args("inbox_page")).await.unwrap();
    let id = page["rows"][0]["id"].as_i64().expect("a slip to sign for");
    let detail = commands::call(&d, &NoShell, "act", json!({"id": id, "action": {"type": "acknowledge"}})).await.unwrap();
    assert_eq!(detail["status"], "in_progress");
    let again = commands::call(&d, &NoShell, "act", json!({"id": id, "action": {"type": "acknowledge"}})).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::Refused);
    assert_eq!(commands::call(&d, &NoShell, "pending_count", Value::Null).await.unwrap(), json!(1));
    assert_eq!(commands::call(&d, &NoShell, "set_autostart", json!({"enabled": true})).await.unwrap(), json!(true));
}
