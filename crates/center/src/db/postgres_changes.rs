//! Changes heard across processes on PostgreSQL: a center process that commits a change to a
//! department's slips says so with `NOTIFY` on [`CHANNEL`] (`"<department>:<seq>"`), and every
//! process — the one that wrote it too — hears it on a connection of its own that `LISTEN`s,
//! and tells its live event streams. So a desk on any process hears a change made through any
//! other. A listener that loses its connection connects again (a desk also pulls on its timer,
//! so a change said while it was away is late, never lost).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};

use super::sql::{params, Conn, Result};

/// The notification channel of slip changes.
pub const CHANNEL: &str = "chengban_changes";

/// Says that `department_id`'s slips reached `seq`, to every process listening.
pub fn notify(c: &mut dyn Conn, department_id: i64, seq: i64) -> Result<()> {
    c.execute("SELECT pg_notify(?1, ?2)", params![CHANNEL, format!("{department_id}:{seq}")])?;
    Ok(())
}

fn parse(payload: &str) -> Option<(i64, i64)> {
    let (d, s) = payload.split_once(':')?;
    Some((d.parse().ok()?, s.parse().ok()?))
}

/// The listening thread; dropping the handle ends it (within a second).
pub struct Listener {
    stop: Arc<AtomicBool>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Listens on `url` and calls `heard(department_id, seq)` for each change said; returns once it
/// listens (so no change committed after it returns goes unheard), or the first connection's
/// error.
pub fn listen(url: &str, heard: impl Fn(i64, i64) + Send + 'static) -> std::io::Result<Listener> {
    let stop = Arc::new(AtomicBool::new(false));
    let (url, stopped) = (url.to_owned(), stop.clone());
    let (ready, listening) = std::sync::mpsc::channel::<std::result::Result<(), String>>();
    std::thread::Builder::new().name("pg-listen".into()).spawn(move || {
        while !stopped.load(Ordering::Relaxed) {
            let connected = Client::connect(&url, NoTls).and_then(|mut c| c.batch_execute(&format!("LISTEN {CHANNEL}")).map(|_| c));
            let _ = ready.send(connected.as_ref().map(|_| ()).map_err(|e| e.to_string()));
            let mut client = match connected {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for changes; trying again");
                    std::thread::sleep(Duration::from_secs(1));
                    continue;
                }
            };
            while !stopped.load(Ordering::Relaxed) {
                let next = client.notifications().timeout_iter(Duration::from_secs(1)).next();
                match next {
                    Ok(Some(note)) => match parse(note.payload()) {
                        Some((department_id, seq)) => heard(department_id, seq),
                        None => tracing::warn!("a change notification of another form"),
                    },
                    Ok(None) if !client.is_closed() => {}
                    Ok(None) | Err(_) => {
                        tracing::warn!("the change listener lost its connection; connecting again");
                        break;
                    }
                }
            }
            // Closed on this thread: the client blocks on its own runtime to close.
            drop(client);
        }
    })?;
    let first = listening.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| Err("no answer".into()));
    let listener = Listener { stop };
    first.map_err(std::io::Error::other)?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_change_is_said_as_department_and_sequence() {
        assert_eq!(super::parse("12:3456"), Some((12, 3456)));
        assert_eq!(super::parse("12"), None);
        assert_eq!(super::parse("x:1"), None);
    }
}
