//! Backup and restore as README「备份与恢复」 tells the operator: SQLite copied while the center
//! serves (`chengban-center backup`), PostgreSQL with `pg_dump` / `pg_restore`; after either,
//! `after-restore`. The restored center has what the backup had, its logins still work, and a
//! desk holding a cursor from before is told to start over (410) instead of skipping slips.

mod common;

use std::ffi::OsStr;
use std::process::Command;

use chengban_testkit::database::TestDb;
use common::process::{self, chore, Process};
use serde_json::Value;

struct Seen {
    token: String,
    cursor: String,
    count: usize,
}

async fn pull(http: &reqwest::Client, url: &str, token: &str, cursor: Option<&str>) -> (u16, Value) {
    let q = cursor.map(|c| format!("&cursor={c}")).unwrap_or_default();
    let res = http.get(format!("{url}/v1/changes?limit=1000{q}")).bearer_auth(token).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn dispatch(url: &str, title: &str) {
    let operator = chengban_testkit::Operator::login(url).await.unwrap();
    operator.dispatch(&chengban_testkit::Dispatch { department: "tiexi", title, ..Default::default() }).await.unwrap();
}

/// A handler's view after one more dispatch: what the backup must hold.
async fn before_backup(center: &Process) -> Seen {
    let http = reqwest::Client::new();
    dispatch(&center.url, "备份前派发").await;
    let token = chengban_testkit::login(&http, &center.url, "tiexi.handler").await.unwrap();
    let (_, page) = pull(&http, &center.url, &token, None).await;
    Seen { token, cursor: page["cursor"].as_str().unwrap().to_string(), count: page["slips"].as_array().unwrap().len() }
}

async fn check_restored(center: &Process, seen: &Seen) {
    let http = reqwest::Client::new();
    let (status, body) = pull(&http, &center.url, &seen.token, Some(&seen.cursor)).await;
    assert_eq!(status, 410, "a cursor from before the restore starts over: {body}");
    assert_eq!(body["code"], "cursor_expired");
    let (status, page) = pull(&http, &center.url, &seen.token, None).await;
    assert_eq!(status, 200, "the login from before still works: {page}");
    let titles: Vec<&str> = page["slips"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), seen.count, "what the backup held");
    assert!(titles.contains(&"备份前派发") && !titles.contains(&"备份后派发"), "{titles:?}");
}

#[tokio::test]
async fn a_sqlite_backup_taken_while_serving_restores_with_a_new_instance() {
    let dir = tempfile::tempdir().unwrap();
    let (db, copy) = (dir.path().join("center.sqlite"), dir.path().join("备份.sqlite"));
    let center = process::start_on(&db);
    let seen = before_backup(&center).await;
    let said = chore(&[OsStr::new("backup"), OsStr::new("--db"), db.as_os_str(), OsStr::new("--to"), copy.as_os_str()]);
    assert!(said.starts_with("已备份"), "{said}");
    dispatch(&center.url, "备份后派发").await;
    drop(center);

    for leftover in ["center.sqlite", "center.sqlite-wal", "center.sqlite-shm"] {
        let _ = std::fs::remove_file(dir.path().join(leftover));
    }
    std::fs::copy(&copy, &db).unwrap();
    let said = chore(&[OsStr::new("after-restore"), OsStr::new("--db"), db.as_os_str()]);
    assert!(said.starts_with("已更换实例标识"), "{said}");
    check_restored(&process::start_on(&db), &seen).await;
}

#[tokio::test]
async fn a_postgres_dump_restores_into_a_new_database_with_a_new_instance() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).unwrap();
    if !db.is_postgres() {
        eprintln!("no PostgreSQL server named: this test runs in the suite's PostgreSQL half");
        return;
    }
    let center = process::start(&db);
    let seen = before_backup(&center).await;
    let dump = dir.path().join("center.dump");
    let dumped = Command::new("pg_dump").args(["--format=custom", "--file"]).arg(&dump).arg(&db.location).status().unwrap();
    assert!(dumped.success());
    dispatch(&center.url, "备份后派发").await;
    drop(center);

    let restored = TestDb::new(dir.path()).unwrap();
    let status = Command::new("pg_restore").args(["--no-owner", "--dbname"]).arg(&restored.location).arg(&dump).status().unwrap();
    assert!(status.success());
    let said = chore(&[OsStr::new("after-restore"), OsStr::new("--db"), restored.location.as_os_str()]);
    assert!(said.starts_with("已更换实例标识"), "{said}");
    check_restored(&process::start(&restored), &seen).await;
}
