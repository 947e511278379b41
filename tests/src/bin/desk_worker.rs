//! A desk without a window, for the crash test: `prepare` logs in, pulls and queues actions;
//! `sync` pushes the outbox in small batches and pulls — and is killed with SIGKILL at random
//! points by the test. Args: CACHE SERVER USER MODE [N].

use chengban_core::view::InboxScope;
use std::process::ExitCode;
use std::sync::Arc;

use chengban_core::client::{CenterClient, ServerUrl, TlsConfig};
use chengban_core::clock::{ServerOffset, SystemClock};
use chengban_core::events::NullSink;
use chengban_core::store::cipher::CacheKey;
use chengban_core::store::{self, Store};
use chengban_core::vault::MemoryVault;
use chengban_core::view::InboxTab;
use chengban_core::{sync, Desk};
use chengban_protocol::Action;

const PASSWORD: &str = "demo1234";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cache, server, user, mode, rest @ ..] = args.as_slice() else {
        eprintln!("usage: desk-worker CACHE SERVER USER prepare N | sync BATCH");
        return ExitCode::from(2);
    };
    let n: u32 = rest.first().and_then(|s| s.parse().ok()).unwrap_or(10);
    let result = match mode.as_str() {
        "prepare" => prepare(cache, server, user, n).await,
        "sync" => sync_all(cache, server, user, n).await,
        _ => Err("unknown mode".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("desk-worker: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The worker's files, encrypted like the app's; the key is fixed (the worker keeps no keyring)
/// so each process opens what the last one wrote.
fn open(cache: &str) -> Result<Store, String> {
    let key = CacheKey::from_hex(&"5a".repeat(32)).ok_or("key")?;
    Store::open_encrypted(cache.as_ref(), key).map_err(|e| e.to_string())
}

async fn prepare(cache: &str, server: &str, user: &str, slips: u32) -> Result<(), String> {
    let desk =
        Desk::with_store(open(cache)?, Arc::new(MemoryVault::default()), Arc::new(SystemClock), Arc::new(NullSink), TlsConfig::default())
            .map_err(|e| e.to_string())?;
    desk.login(server, user, PASSWORD).await.map_err(|e| e.to_string())?;
    desk.sync_once().await.map_err(|e| e.to_string())?;
    let rows = desk.inbox(InboxTab::PendingAck, InboxScope::Department, 1, slips.min(200)).await.map_err(|e| e.to_string())?.rows;
    for (i, r) in rows.iter().enumerate() {
        desk.act(r.id, Action::Acknowledge {}).await.map_err(|e| e.to_string())?;
        desk.act(r.id, Action::InterimReply { text: format!("进展{i}") }).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn sync_all(cache: &str, server: &str, user: &str, batch: u32) -> Result<(), String> {
    let store = open(cache)?;
    let client =
        CenterClient::new(ServerUrl::parse(server).map_err(|e| e.to_string())?, &TlsConfig::default()).map_err(|e| e.to_string())?;
    let token = client.login(user, PASSWORD).await.map_err(|e| e.to_string())?.body.token;
    let client = client.with_token(token);
    let offset = ServerOffset::default();
    // Tells the crash test that the push starts now.
    println!("pushing");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    sync::push(&client, &store, &offset, &SystemClock, batch).await.map_err(|e| e.to_string())?;
    let device = store.write(|c| Ok(store::outbox::device_id(c)?)).await.map_err(|e| e.to_string())?;
    sync::pull_for(&client, &store, &SystemClock, &offset, Some(&device)).await.map_err(|e| e.to_string())?;
    Ok(())
}
