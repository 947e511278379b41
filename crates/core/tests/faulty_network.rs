//! Between the desk and the center, a proxy that drops connections, cuts responses short and
//! delays them: every action still arrives exactly once, in order, and the outbox ends empty.

mod common;

use chengban_core::view::InboxScope;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chengban_center::calendar::Calendar;
use chengban_center::db::ConnExt;
use chengban_center::demo;
use chengban_core::events::NullSink;
use chengban_core::view::InboxTab;
use chengban_protocol::Action;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug)]
enum Fault {
    Pass,
    Drop,
    /// Forward the request, then only this many bytes of the response.
    CutResponse(usize),
    Delay(u64),
}

/// A proxy on 127.0.0.1 with faults drawn per connection from a seeded generator, so a failing
/// run can be replayed.
async fn faulty_proxy(upstream: SocketAddr, seed: u64) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        loop {
            let Ok((client, _)) = listener.accept().await else { return };
            let fault = match rng.gen_range(0..100) {
                0..=14 => Fault::Drop,
                15..=39 => Fault::CutResponse(rng.gen_range(0..400)),
                40..=54 => Fault::Delay(rng.gen_range(10..120)),
                _ => Fault::Pass,
            };
            tokio::spawn(relay(client, upstream, fault));
        }
    });
    addr
}

async fn relay(client: TcpStream, upstream: SocketAddr, fault: Fault) {
    if let Fault::Drop = fault {
        drop(client);
        return;
    }
    if let Fault::Delay(ms) = fault {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let Ok(server) = TcpStream::connect(upstream).await else { return };
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let up = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut cr, &mut sw).await;
        let _ = sw.shutdown().await;
    });
    let mut budget = match fault {
        Fault::CutResponse(n) => Some(n),
        _ => None,
    };
    // Forward exactly one response, then hang up: each connection carries one exchange, so
    // the client's pooled connections keep meeting fresh faults.
    let mut seen: Vec<u8> = Vec::new();
    let mut expected: Option<usize> = None;
    let mut sent = 0usize;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match sr.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        seen.extend_from_slice(&buf[..n]);
        if expected.is_none() {
            if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
                let len =
                    head.lines().find_map(|l| l.strip_prefix("content-length:").and_then(|v| v.trim().parse::<usize>().ok())).unwrap_or(0);
                expected = Some(end + 4 + len);
            }
        }
        let mut chunk = &buf[..n];
        if let Some(total) = expected {
            chunk = &chunk[..chunk.len().min(total.saturating_sub(sent))];
        }
        if let Some(left) = budget {
            if left < chunk.len() {
                let _ = cw.write_all(&chunk[..left]).await;
                break;
            }
            budget = Some(left - chunk.len());
        }
        if cw.write_all(chunk).await.is_err() {
            break;
        }
        sent += chunk.len();
        if expected.is_some_and(|t| sent >= t) {
            break;
        }
    }
    let _ = cw.shutdown().await;
    up.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_through_a_proxy_that_drops_cuts_and_delays_arrive_exactly_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let center = common::center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    let dept: i64 = center
        .state
        .db
        .with_writer(|c| c.query_row("SELECT id FROM departments WHERE code = 'renshe'", &[], |r| r.get(0)).unwrap())
        .unwrap();
    center.state.db.with_writer(|c| demo::generate(c, &Calendar::builtin(), dept, 49, chrono::Utc::now()).unwrap()).unwrap();

    let proxy = faulty_proxy(center.addr, 12345).await;
    let desk = common::desk(&dir.path().join("cache.sqlite"), Arc::new(NullSink));
    let url = format!("http://{proxy}");
    let mut logged_in = false;
    for _ in 0..50 {
        if desk.login(&url, "renshe.handler", demo::DEMO_PASSWORD).await.is_ok() {
            logged_in = true;
            break;
        }
    }
    assert!(logged_in, "login got through the faulty proxy");
    let mut pulled = false;
    for _ in 0..50 {
        if desk.sync_once().await.is_ok() {
            pulled = true;
            break;
        }
    }
    assert!(pulled);
    let ids: Vec<i64> = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, 200).await.unwrap().rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 50);
    // The handler works while the desk keeps syncing through the bad line.
    let mut failures = 0;
    for (i, id) in ids.iter().enumerate() {
        desk.act(*id, Action::Acknowledge {}).await.unwrap();
        if desk.sync_once().await.is_err() {
            failures += 1;
        }
        desk.act(*id, Action::InterimReply { text: format!("进展{i}") }).await.unwrap();
        if desk.sync_once().await.is_err() {
            failures += 1;
        }
    }

    let mut done = false;
    for _ in 0..400 {
        match desk.sync_once().await {
            Ok(_) if desk.pending_count().await.unwrap() == 0 => {
                done = true;
                break;
            }
            Ok(_) => {}
            Err(_) => failures += 1,
        }
    }
    assert!(done, "everything got through eventually");
    assert!(failures > 0, "the proxy really injected faults");

    let events: Vec<(i64, String)> = center
        .state
        .db
        .with_writer(|c| c.query_map("SELECT slip_id, body FROM slip_events ORDER BY id", &[], |r| Ok((r.get(0)?, r.get(1)?))).unwrap())
        .unwrap();
    for (i, id) in ids.iter().enumerate() {
        let mine: Vec<&String> = events.iter().filter(|(s, _)| s == id).map(|(_, b)| b).collect();
        assert_eq!(mine.len(), 3, "dispatch, acknowledge, interim — each exactly once for slip {id}: {mine:?}");
        assert!(mine[1].contains("acknowledge") && mine[2].contains(&format!("进展{i}")), "in order");
    }
    let left: u32 = desk.store().read_blocking(|c| Ok(c.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)).unwrap();
    assert_eq!(left, 0, "the outbox ends empty");
}
