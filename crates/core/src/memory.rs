//! Giving back the memory that bulk work used, once it is done.
//!
//! A first fill parses and writes tens of megabytes on the runtime's threads; glibc keeps what
//! those threads freed in per-thread arenas for reuse, and SQLite keeps each connection's page
//! cache full, so a desk that filled its cache once stayed ~20 MiB larger all day (measured by
//! `cargo xtask bench`). Releasing once after such work costs a few milliseconds and nothing
//! while idle.

use crate::store::Store;

/// Changes (slips written plus slips indexed) in one service round that count as bulk work.
pub const BULK: usize = 500;

/// After a round of bulk work: the cache's pages, then the heap. Blocking.
pub fn release_after_bulk(store: &Store) {
    if let Err(e) = store.shrink_blocking() {
        tracing::warn!(error = %e, "could not shrink the cache's page cache");
    }
    release_freed();
}

/// Returns freed heap pages to the system, on every arena. Elsewhere than glibc the
/// allocator's own policy stands.
fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes the arena locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
