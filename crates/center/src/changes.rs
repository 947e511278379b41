//! Who hears of a change: one broadcast channel per department with live event streams, so a
//! change wakes only that department's streams — at a province's 20,000 desks a single channel
//! for all would wake every stream for every change.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::broadcast;

/// Something changed in a department's slips; desks listening on `/v1/events` pull.
#[derive(Debug, Clone, Copy)]
pub struct Change {
    pub department_id: i64,
    /// The change sequence number it reached: a desk that has pulled this far can skip it.
    pub seq: i64,
}

/// Changes a department's streams have not read yet before the oldest is dropped (the stream
/// then says "changed" without a sequence, and the desk pulls).
const BACKLOG: usize = 64;

#[derive(Default)]
pub struct Changes {
    departments: Mutex<HashMap<i64, broadcast::Sender<Change>>>,
}

impl Changes {
    /// A receiver of the department's changes from now on.
    pub fn subscribe(&self, department_id: i64) -> broadcast::Receiver<Change> {
        let mut departments = self.departments.lock().unwrap_or_else(|p| p.into_inner());
        departments.entry(department_id).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe()
    }

    /// Tells the department's streams, if it has any (a department whose streams have all
    /// closed is forgotten).
    pub fn send(&self, change: Change) {
        let mut departments = self.departments.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = departments.get(&change.department_id) {
            if sender.send(change).is_err() {
                departments.remove(&change.department_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reaches_only_its_department_and_a_quiet_department_is_forgotten() {
        let changes = Changes::default();
        let mut own = changes.subscribe(1);
        let mut other = changes.subscribe(2);
        changes.send(Change { department_id: 1, seq: 7 });
        assert_eq!(own.try_recv().map(|c| c.seq).ok(), Some(7));
        assert!(other.try_recv().is_err());
        drop(other);
        changes.send(Change { department_id: 2, seq: 8 });
        assert!(!changes.departments.lock().unwrap().contains_key(&2));
    }
}
