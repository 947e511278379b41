//! The live event stream: holds `GET /v1/events` open while logged in and wakes the sync
//! service on each event, so a dispatch reaches the desk in about a second. When the stream is
//! down the sync service polls (with jitter) as before; reconnection backs off up to 30 s.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::desk::Desk;
use crate::error::CoreError;

/// Dropping the handle cancels the service.
pub type LiveHandle = crate::handle::ServiceHandle;

/// Longest silence on an open stream before it is taken for dead (three keep-alives missed).
const SILENCE: Duration = Duration::from_secs(45);

pub fn start(desk: Arc<Desk>) -> LiveHandle {
    LiveHandle::spawn(move |token| run(desk, token))
}

/// Splits complete SSE blocks off `buf`: one entry per named event (`ready` or `change`), the
/// change sequence it reached when its data says (`{"seq": N}`).
fn take_events(buf: &mut String) -> Vec<Option<i64>> {
    let mut events = Vec::new();
    while let Some(end) = buf.find("\n\n") {
        let block: String = buf.drain(..end + 2).collect();
        let Some(name) = block.lines().find_map(|l| l.strip_prefix("event:")) else { continue };
        let seq = (name.trim() == "change")
            .then(|| block.lines().find_map(|l| l.strip_prefix("data:")))
            .flatten()
            .and_then(|d| serde_json::from_str::<serde_json::Value>(d.trim()).ok())
            .and_then(|v| v["seq"].as_i64());
        events.push(seq);
    }
    events
}

async fn run(desk: Arc<Desk>, cancel: CancellationToken) {
    let mut backoff = Duration::from_secs(1);
    loop {
        if let Some(client) = desk.session_client() {
            match client.open_events().await {
                Ok(mut res) => {
                    desk.set_live(true);
                    backoff = Duration::from_secs(1);
                    let mut buf = String::new();
                    loop {
                        tokio::select! {
                            _ = cancel.cancelled() => {
                                desk.set_live(false);
                                return;
                            }
                            // The center sends a keep-alive every 15 s: silence this long means the
                            // connection is gone even if no error says so (a cut cable, a sleeping PC).
                            chunk = tokio::time::timeout(SILENCE, res.chunk()) => match chunk {
                                Ok(Ok(Some(bytes))) => {
                                    buf.push_str(&String::from_utf8_lossy(&bytes).replace("\r\n", "\n"));
                                    for seq in take_events(&mut buf) {
                                        desk.change_announced(seq);
                                    }
                                }
                                _ => break,
                            }
                        }
                    }
                    desk.set_live(false);
                    // The stream broke: find out now whether the center is still there, so the
                    // header says 离线 within seconds instead of at the next poll.
                    desk.request_sync();
                }
                // The sync service tells the user; try again much later.
                Err(CoreError::AuthExpired) => backoff = Duration::from_secs(60),
                Err(_) => {}
            }
        }
        let wait = if desk.session_client().is_some() { backoff } else { Duration::from_secs(1) };
        backoff = (backoff * 2).min(Duration::from_secs(30));
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn complete_event_blocks_are_taken_and_partial_ones_kept() {
        let mut buf = String::from("event: ready\ndata: {}\n\n: keep-alive\n\nevent: change\ndata: {\"seq\":42}\n\nevent: cha");
        assert_eq!(super::take_events(&mut buf), [None, Some(42)], "ready asks for a round; a change names its sequence");
        assert_eq!(buf, "event: cha");
        let mut only_comment = String::from(": keep-alive\n\n");
        assert!(super::take_events(&mut only_comment).is_empty());
    }
}
