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

/// Splits complete SSE blocks off `buf`; true if any named an event (`ready` or `change`).
fn take_events(buf: &mut String) -> bool {
    let mut any = false;
    while let Some(end) = buf.find("\n\n") {
        let block: String = buf.drain(..end + 2).collect();
        if block.lines().any(|l| l.starts_with("event:")) {
            any = true;
        }
    }
    any
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
                                    if take_events(&mut buf) {
                                        desk.request_sync();
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
        let mut buf = String::from("event: ready\ndata: {}\n\n: keep-alive\n\nevent: cha");
        assert!(super::take_events(&mut buf));
        assert_eq!(buf, "event: cha");
        let mut only_comment = String::from(": keep-alive\n\n");
        assert!(!super::take_events(&mut only_comment));
    }
}
