//! Center processes as an operator runs them: the real binary, several on one PostgreSQL
//! database (a change through one reaches the event streams of another; a desk's pushes spread
//! over two, one killed mid-push, each applied once), stopping with SIGTERM while a push is in
//! flight, the health check, and `migrate`. The two-process tests run in the suite's
//! PostgreSQL half; the rest on either backend.

use std::ffi::OsStr;
use std::time::{Duration, Instant};

use chengban_testkit::database::TestDb;
use serde_json::{json, Value};

mod common;

use common::process::{self, chore};

fn postgres_db() -> Option<(tempfile::TempDir, TestDb)> {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).unwrap();
    if !db.is_postgres() {
        eprintln!("no PostgreSQL server named: this test runs in the suite's PostgreSQL half");
        return None;
    }
    Some((dir, db))
}

async fn get(http: &reqwest::Client, url: &str, token: &str) -> (u16, Value) {
    let res = http.get(url).bearer_auth(token).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

async fn first_dispatched(http: &reqwest::Client, url: &str, token: &str) -> i64 {
    let (_, page) = get(http, &format!("{url}/v1/changes?limit=1000"), token).await;
    page["slips"].as_array().unwrap().iter().find(|s| s["status"] == "dispatched").unwrap()["id"].as_i64().unwrap()
}

async fn last_mutation(http: &reqwest::Client, url: &str, token: &str, device: &str) -> i64 {
    let (_, page) = get(http, &format!("{url}/v1/changes?device_id={device}&limit=1"), token).await;
    page["last_mutation_id"].as_i64().unwrap()
}

/// Reads the event stream into `seen` until it holds `want`.
async fn read_until(events: &mut reqwest::Response, seen: &mut String, want: &str) {
    while !seen.contains(want) {
        let chunk = tokio::time::timeout(Duration::from_secs(5), events.chunk()).await.expect(want).unwrap().unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}

fn interim(from: i64, to: i64, slip: i64) -> Vec<(i64, i64, Value)> {
    (from..=to).map(|i| (i, slip, json!({"type": "interim_reply", "text": format!("进展{i}")}))).collect()
}

#[tokio::test]
async fn a_change_through_one_process_reaches_the_event_streams_of_another() {
    let Some((_dir, db)) = postgres_db() else { return };
    let (a, b) = (process::start(&db), process::start(&db));
    let http = reqwest::Client::new();
    let handler = chengban_testkit::login(&http, &b.url, "tiexi.handler").await.unwrap();
    let mut events = http.get(format!("{}/v1/events", b.url)).bearer_auth(&handler).send().await.unwrap();
    let mut seen = String::new();
    read_until(&mut events, &mut seen, "event: ready").await;
    let operator = chengban_testkit::Operator::login(&a.url).await.unwrap();
    let slip = operator.dispatch(&chengban_testkit::Dispatch { title: "经甲进程派发", ..Default::default() }).await.unwrap();
    read_until(&mut events, &mut seen, "event: change").await;
    assert!(seen.contains(&format!("{{\"seq\":{}}}", slip["seq"])), "the change through A, heard on B: {seen}");
}

#[tokio::test]
async fn pushes_alternated_between_two_processes_one_killed_mid_push_apply_each_mutation_once() {
    let Some((_dir, db)) = postgres_db() else { return };
    let (mut a, b) = (process::start(&db), process::start(&db));
    let http = reqwest::Client::new();
    let token = chengban_testkit::login(&http, &a.url, "tiexi.handler").await.unwrap();
    let slip = first_dispatched(&http, &b.url, &token).await;
    let push = |url: &str, items: Vec<(i64, i64, Value)>| {
        http.post(format!("{url}/v1/push")).bearer_auth(&token).json(&common::push_body("desk-two", &items)).send()
    };

    // One mutation at a time, to A and B in turn.
    let first = vec![(1, slip, json!({"type": "acknowledge"}))];
    assert_eq!(push(&a.url, first).await.unwrap().status(), 200);
    for i in 2..=5 {
        let to = if i % 2 == 0 { &b.url } else { &a.url };
        let res = push(to, interim(i, i, slip)).await.unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["results"][0]["outcome"], "applied", "{body}");
    }

    // A batch to A, killed (SIGKILL) once part of it is applied; the desk retries on B.
    let batch = interim(6, 205, slip);
    let in_flight = tokio::spawn(push(&a.url, batch.clone()));
    let deadline = Instant::now() + Duration::from_secs(20);
    while last_mutation(&http, &b.url, &token, "desk-two").await < 15 {
        assert!(Instant::now() < deadline, "A applies the batch");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    assert!(in_flight.await.unwrap().is_err(), "A died before answering");
    let reached = last_mutation(&http, &b.url, &token, "desk-two").await;
    assert!(reached < 205, "killed mid-push: {reached} of 205 applied");

    let res = push(&b.url, batch).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["last_mutation_id"], 205);
    assert!(body["results"].as_array().unwrap().iter().all(|r| r["outcome"] == "applied"), "{body}");

    let (_, slip) = get(&http, &format!("{}/v1/slips/{slip}", b.url), &token).await;
    let texts: Vec<String> = slip["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["body"]["data"]["type"] == "interim_reply")
        .map(|e| e["body"]["data"]["text"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (2..=205).map(|i| format!("进展{i}")).collect();
    assert_eq!(texts, expected, "each mutation applied once, in order, whichever process took it");
}

#[tokio::test]
async fn the_same_batch_sent_to_two_processes_at_once_is_applied_once() {
    let Some((_dir, db)) = postgres_db() else { return };
    let (a, b) = (process::start(&db), process::start(&db));
    let http = reqwest::Client::new();
    let token = chengban_testkit::login(&http, &a.url, "tiexi.handler").await.unwrap();
    let slip = first_dispatched(&http, &a.url, &token).await;
    let mut items = vec![(1, slip, json!({"type": "acknowledge"}))];
    items.extend(interim(2, 100, slip));
    let body = common::push_body("desk-twice", &items);
    let send = |url: &str| http.post(format!("{url}/v1/push")).bearer_auth(&token).json(&body).send();
    let (to_a, to_b) = tokio::join!(send(&a.url), send(&b.url));
    for res in [to_a.unwrap(), to_b.unwrap()] {
        assert_eq!(res.status(), 200);
        let answer: Value = res.json().await.unwrap();
        assert!(answer["results"].as_array().unwrap().iter().all(|r| r["outcome"] == "applied"), "{answer}");
    }
    let (_, slip) = get(&http, &format!("{}/v1/slips/{slip}", b.url), &token).await;
    let replies = slip["history"].as_array().unwrap().iter().filter(|e| e["body"]["data"]["type"] == "interim_reply").count();
    assert_eq!(replies, 99, "each once, though both processes were sent all of them");
}

#[tokio::test]
async fn a_stopping_center_finishes_the_push_in_flight_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).unwrap();
    let mut center = process::start(&db);
    let http = reqwest::Client::new();
    let token = chengban_testkit::login(&http, &center.url, "tiexi.handler").await.unwrap();
    let slip = first_dispatched(&http, &center.url, &token).await;
    let mut items = vec![(1, slip, json!({"type": "acknowledge"}))];
    items.extend(interim(2, 200, slip));
    let push = http.post(format!("{}/v1/push", center.url)).bearer_auth(&token).json(&common::push_body("desk-stop", &items)).send();
    let in_flight = tokio::spawn(push);
    tokio::time::sleep(Duration::from_millis(30)).await;
    assert!(!in_flight.is_finished(), "the push is still in flight when the center is told to stop");
    center.signal("-TERM").unwrap();
    let res = in_flight.await.unwrap().expect("the push in flight is answered");
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["last_mutation_id"], 200, "all of it applied and answered");
    let status = center.child.wait().unwrap();
    assert!(status.success(), "exits cleanly: {status}");
}

#[tokio::test]
async fn the_health_check_answers_without_a_token_and_it_and_the_api_answer_503_when_the_database_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).unwrap();
    let center = process::start(&db);
    let http = reqwest::Client::new();
    let token = chengban_testkit::login(&http, &center.url, "tiexi.handler").await.unwrap();
    let res = reqwest::get(format!("{}/v1/health", center.url)).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], if db.is_postgres() { "postgresql" } else { "sqlite" });
    if db.is_postgres() {
        drop(db); // drops the database, ending the center's connections
        let res = reqwest::get(format!("{}/v1/health", center.url)).await.unwrap();
        assert_eq!(res.status(), 503);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "unavailable");
        assert_eq!(body["message"], "数据库暂时无法访问，请稍后重试");
        let (status, body) = get(&http, &format!("{}/v1/changes", center.url), &token).await;
        assert_eq!((status, body["code"].as_str()), (503, Some("unavailable")), "a desk's pull is told the same: {body}");
    }
}

#[test]
fn migrate_builds_the_schema_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).unwrap();
    for _ in 0..2 {
        let said = chore(&[OsStr::new("migrate"), OsStr::new("--db"), db.location.as_os_str()]);
        assert!(said.starts_with("数据库结构已是最新"), "{said}");
        assert!(!said.contains(":chengban@"), "no password in what it says: {said}");
    }
    // The schema is there, read without the center's own code.
    let version: i64 = if db.is_postgres() {
        let mut client = postgres::Client::connect(db.location.to_str().unwrap(), postgres::NoTls).unwrap();
        client.query_one("SELECT version FROM schema_version", &[]).unwrap().get(0)
    } else {
        rusqlite::Connection::open(&db.location).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
    };
    let known =
        if db.is_postgres() { 1 + chengban_center::db::postgres::MIGRATIONS.len() } else { chengban_center::db::sqlite::MIGRATIONS.len() };
    assert_eq!(version, known as i64);
}
