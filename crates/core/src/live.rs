//! The live event stream: holds `GET /v1/events` open while logged in and wakes the sync
//! service on each event, so a dispatch reaches the desk in about a second. When the stream is
//! down the sync service polls (with jitter) as before; reconnection backs off up to 30 s.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::desk::Desk;
use crate::error::CoreError;

/// Dropping the handle cancels the service.
pub type LiveHandle = crate::task::ServiceHandle;

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
                            chunk = res.chunk() => match chunk {
                                Ok(Some(bytes)) => {
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
