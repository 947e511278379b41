//! The desk killed with SIGKILL at a random point while it pushes 100 actions, restarted; 20
//! rounds: the center holds each action exactly once and the desk's outbox ends empty.

use std::process::Command;
use std::time::Duration;

use chengban_center::calendar::Calendar;
use chengban_center::db::ConnExt;
use chengban_center::{demo, Config};
use chengban_core::store::cipher::CacheKey;
use chengban_core::store::{self, Store};
use rand::{Rng, SeedableRng};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_killed_mid_push_twenty_times_delivers_each_action_exactly_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = chengban_center::start(Config {
        db_path: dir.path().join("center.sqlite"),
        addr: "127.0.0.1:0".parse().expect("addr"),
        calendar: Calendar::builtin(),
    })
    .await
    .expect("center");
    center.state.db.with_writer(|c| demo::seed(c, &Calendar::builtin(), chrono::Utc::now()).expect("seed")).expect("db");
    let dept: i64 = center
        .state
        .db
        .with_writer(|c| c.query_row("SELECT id FROM departments WHERE code = 'renshe'", &[], |r| r.get(0)).expect("dept"))
        .expect("db");
    center.state.db.with_writer(|c| demo::generate(c, &Calendar::builtin(), dept, 999, chrono::Utc::now()).expect("generate")).expect("db");

    let worker = env!("CARGO_BIN_EXE_desk-worker");
    let cache = dir.path().join("cache.sqlite");
    let cache = cache.to_string_lossy().to_string();
    let url = center.url();
    let run = |mode: &str, n: &str| {
        Command::new(worker).args([cache.as_str(), url.as_str(), "renshe.handler", mode, n]).spawn().expect("spawn worker")
    };

    let mut rng = rand::rngs::StdRng::seed_from_u64(20261125);
    let mut killed_mid_way = 0;
    for _ in 0..20 {
        // 100 new actions (acknowledge and an interim reply on 50 slips), then a push killed at
        // a random point, then a restart that finishes it.
        let status = run("prepare", "50").wait().expect("prepare");
        assert!(status.success(), "prepare queued 100 actions");
        let mut child = Command::new(worker)
            .args([cache.as_str(), url.as_str(), "renshe.handler", "sync", "1"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn worker");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = std::io::BufReader::new(stdout);
        std::io::BufRead::read_line(&mut reader, &mut line).expect("worker says it pushes");
        assert_eq!(line.trim(), "pushing");
        tokio::time::sleep(Duration::from_millis(rng.gen_range(0..60))).await;
        if child.try_wait().expect("poll").is_none() {
            killed_mid_way += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let status = run("sync", "7").wait().expect("restarted sync");
        assert!(status.success());
    }
    assert!(killed_mid_way >= 10, "most kills landed while the desk was working: {killed_mid_way}/20");

    let events: Vec<(i64, String)> = center
        .state
        .db
        .with_writer(|c| {
            c.query_map("SELECT slip_id, body FROM slip_events WHERE body NOT LIKE '%dispatched%' ORDER BY id", &[], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("query")
        })
        .expect("db");
    assert_eq!(events.len(), 2000, "20 × 100 actions, each exactly once");
    let mut per_slip = std::collections::HashMap::<i64, Vec<String>>::new();
    for (slip, body) in events {
        per_slip.entry(slip).or_default().push(body);
    }
    assert_eq!(per_slip.len(), 1000);
    for bodies in per_slip.values() {
        assert_eq!(bodies.len(), 2);
        assert!(bodies[0].contains("acknowledge") && bodies[1].contains("interim_reply"), "in order: {bodies:?}");
    }
    // The worker's files are encrypted under its fixed key; the outbox is in the work file.
    let key = CacheKey::from_hex(&"5a".repeat(32)).expect("key");
    let store = Store::open_encrypted(cache.as_ref(), key).expect("open the worker's files");
    let left = store.read_blocking(|c| Ok(store::outbox::count(c, store::outbox::State::Pending)?)).expect("count");
    assert_eq!(left, 0, "the desk's outbox ends empty");
    assert!(store.notices().is_empty(), "nothing was set aside: {:?}", store.notices());
    eprintln!("kills during a push: {killed_mid_way}/20");
}
