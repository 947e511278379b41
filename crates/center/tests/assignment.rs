//! 分派 on the center: the leader or the 内勤 gives a slip to a handler of the department
//! through `POST /v1/push` like any action; the slip carries its assignee to every desk; bad
//! assignees, handlers and stale reassignments are refused and change nothing.

mod common;

use serde_json::{json, Value};

async fn dispatch(c: &common::Center, code: &str, title: &str) -> i64 {
    let op = c.login("operator").await;
    let dept = c.department_id(code).await;
    let (status, slip) = c.post(&op, "/v1/operator/slips", &common::dispatch_body(dept, title)).await;
    assert_eq!(status, 201, "{slip}");
    slip["id"].as_i64().unwrap()
}

fn assign(to: &str, previous: Option<&str>, reason: Option<&str>) -> Value {
    json!({"type": "assign", "assignee": to, "previous": previous, "reason": reason})
}

/// Pushes one action; the result's outcome and error code.
async fn push(c: &common::Center, token: &str, device: &str, id: i64, slip: i64, action: Value) -> (String, Option<String>) {
    let (status, body) = c.post(token, "/v1/push", &common::push_body(device, &[(id, slip, action)])).await;
    assert_eq!(status, 200, "{body}");
    let r = &body["results"][0];
    (r["outcome"].as_str().unwrap_or("").into(), r["error"]["code"].as_str().map(Into::into))
}

#[tokio::test]
async fn the_dispatcher_assigns_a_slip_and_the_leader_reassigns_it_with_a_reason() {
    let c = common::start().await;
    let id = dispatch(&c, "tiexi", "楼道灯不亮").await;
    let dispatcher = c.login("tiexi.dispatcher").await;
    assert_eq!(push(&c, &dispatcher, "d1", 1, id, assign("tiexi.handler", None, None)).await, ("applied".into(), None));

    let handler = c.login("tiexi.handler").await;
    let (_, slip) = c.get(&handler, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["assignee"], json!({"username": "tiexi.handler", "display_name": "铁西区住建局经办人"}));
    let last = slip["history"].as_array().unwrap().last().cloned().unwrap_or_default();
    assert_eq!((last["actor"].as_str(), last["role"].as_str()), (Some("铁西区住建局内勤"), Some("dispatcher")));
    assert_eq!(last["body"]["data"]["type"], "assign");
    let (_, page) = c.get(&handler, "/v1/changes").await;
    let pulled = page["slips"].as_array().unwrap().iter().find(|s| s["id"] == id).cloned().unwrap_or_default();
    assert_eq!(pulled["assignee"]["username"], "tiexi.handler", "the assignment reaches the desks with the slip");

    let leader = c.login("tiexi.leader").await;
    let no_reason = push(&c, &leader, "l1", 1, id, assign("tiexi.handler2", Some("tiexi.handler"), None)).await;
    assert_eq!(no_reason, ("rejected".into(), Some("invalid_input".into())));
    let moved = push(&c, &leader, "l1", 2, id, assign("tiexi.handler2", Some("tiexi.handler"), Some("原经办人休假"))).await;
    assert_eq!(moved, ("applied".into(), None));
    let (_, slip) = c.get(&handler, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["assignee"]["display_name"], "铁西区住建局第二经办人");
}

#[tokio::test]
async fn a_reassignment_decided_on_a_stale_view_is_refused_as_a_conflict_and_changes_nothing() {
    let c = common::start().await;
    let id = dispatch(&c, "tiexi", "井盖缺失").await;
    let leader = c.login("tiexi.leader").await;
    let dispatcher = c.login("tiexi.dispatcher").await;
    assert_eq!(push(&c, &dispatcher, "d1", 1, id, assign("tiexi.handler", None, None)).await.0, "applied");
    // The leader, offline, still saw it unassigned.
    let stale = push(&c, &leader, "l1", 1, id, assign("tiexi.handler2", None, None)).await;
    assert_eq!(stale, ("rejected".into(), Some("conflict".into())));
    let (_, slip) = c.get(&leader, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["assignee"]["username"], "tiexi.handler");
}

#[tokio::test]
async fn only_an_enabled_handler_or_leader_of_the_department_takes_a_slip_and_a_handler_cannot_assign() {
    let c = common::start().await;
    let id = dispatch(&c, "tiexi", "违章搭建").await;
    let leader = c.login("tiexi.leader").await;
    for (n, who) in ["tiedong.handler", "tiexi.dispatcher", "nobody", "operator"].into_iter().enumerate() {
        let got = push(&c, &leader, "l1", n as i64 + 1, id, assign(who, None, None)).await;
        assert_eq!(got, ("rejected".into(), Some("invalid_input".into())), "{who}");
    }
    let handler = c.login("tiexi.handler").await;
    let got = push(&c, &handler, "h1", 1, id, assign("tiexi.handler", None, None)).await;
    assert_eq!(got, ("rejected".into(), Some("forbidden".into())));
    let (_, slip) = c.get(&leader, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["assignee"], Value::Null);
    assert_eq!(slip["history"].as_array().map(Vec::len), Some(1), "only the dispatch");
    assert_eq!(push(&c, &leader, "l1", 5, id, assign("tiexi.leader", None, Some("亲自督办"))).await.0, "applied");
}

#[tokio::test]
async fn the_department_users_list_names_everyone_with_a_role_and_the_operator_gives_the_dispatcher_role() {
    let c = common::start().await;
    let handler = c.login("tiexi.handler").await;
    let (status, body) = c.get(&handler, "/v1/department/users").await;
    assert_eq!(status, 200, "{body}");
    let mut got: Vec<(String, String)> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["username"].as_str().unwrap_or("").into(), u["role"].as_str().unwrap_or("").into()))
        .collect();
    got.sort();
    let want =
        [("tiexi.dispatcher", "dispatcher"), ("tiexi.handler", "handler"), ("tiexi.handler2", "handler"), ("tiexi.leader", "leader")];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let (status, _) = c.get(&c.login("operator").await, "/v1/department/users").await;
    assert_eq!(status, 403, "the operator has no department");

    let op = c.login("operator").await;
    let patch = |who: &str, body: Value| c.http.patch(c.url(&format!("/v1/operator/users/{who}"))).bearer_auth(&op).json(&body).send();
    assert_eq!(patch("tiexi.handler2", json!({"role": "dispatcher"})).await.unwrap().status().as_u16(), 204);
    let (_, me) = c.get(&c.login("tiexi.handler2").await, "/v1/me").await;
    assert_eq!(me["role"], "dispatcher");
    let res = patch("tiexi.handler2", json!({"role": "operator"})).await.unwrap();
    assert_eq!(res.status().as_u16(), 422, "a department account cannot become an operator");
    let res = patch("operator", json!({"role": "handler"})).await.unwrap();
    assert_eq!(res.status().as_u16(), 409, "nor an operator a department's");
}

#[tokio::test]
async fn the_users_table_rebuilt_for_the_dispatcher_role_keeps_every_account_and_login() {
    // A database at the version before the rebuild, with a user logged in.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("center.sqlite");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let before = chengban_center::db::MIGRATION_COUNT_BEFORE_DISPATCHER;
    chengban_center::db::migrate_to(&mut conn, before).unwrap();
    conn.execute_batch(
        "INSERT INTO departments (id, code, name) VALUES (1, 'x', '某局');
         INSERT INTO users (id, username, display_name, password_hash, role, department_id) VALUES (7, 'x.h', '经办', 'h', 'handler', 1);
         INSERT INTO tokens (token_hash, user_id, created_at, expires_at, last_used_at) VALUES ('t', 7, 'a', 'b', 'a');",
    )
    .unwrap();
    chengban_center::db::migrate(&mut conn).unwrap();
    let tokens: i64 = conn.query_row("SELECT count(*) FROM tokens WHERE user_id = 7", [], |r| r.get(0)).unwrap();
    assert_eq!(tokens, 1, "rebuilding users did not cascade into tokens");
    conn.execute("UPDATE users SET role = 'dispatcher' WHERE id = 7", []).unwrap();
    let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert!(fk, "foreign keys are enforced again after migrating");
}
