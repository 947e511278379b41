//! Where a test's center keeps its data: a SQLite file in the test's folder, or — when
//! `CHENGBAN_TEST_POSTGRES` names a PostgreSQL server (a URL of a role that may create
//! databases) — a new database of its own on that server, dropped when the test ends.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{e, Result};

/// The variable naming the PostgreSQL server the center's tests also run against.
pub const POSTGRES_ENV: &str = "CHENGBAN_TEST_POSTGRES";

/// A test's database; dropping it removes a PostgreSQL one.
pub struct TestDb {
    /// What `--db` / `open_state` takes: a file path or a `postgres://` URL.
    pub location: PathBuf,
    postgres: Option<(String, String)>,
}

/// The server's URL with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[host_start..].find('/') {
        Some(slash) => &base[..host_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// Runs `sql` on the server (on a thread of its own: the client blocks on its own runtime).
fn admin(url: &str, sql: String) -> Result<()> {
    let url = url.to_owned();
    std::thread::spawn(move || -> Result<()> {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).map_err(e)?;
        client.batch_execute(&sql).map_err(e)
    })
    .join()
    .map_err(|_| "PostgreSQL setup panicked".to_string())?
}

impl TestDb {
    /// A new, empty database for one test: on PostgreSQL when [`POSTGRES_ENV`] is set.
    pub fn new(dir: &Path) -> Result<Self> {
        match postgres_server() {
            Some(server) => Self::postgres(&server),
            None => Ok(Self::sqlite(dir)),
        }
    }

    /// A SQLite file in `dir`.
    pub fn sqlite(dir: &Path) -> Self {
        Self { location: dir.join("center.sqlite"), postgres: None }
    }

    /// A new database on the PostgreSQL server at `server`.
    pub fn postgres(server: &str) -> Result<Self> {
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_err(e)?.subsec_nanos();
        let name = format!("chengban_test_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        admin(server, format!("CREATE DATABASE {name}"))?;
        Ok(Self { location: with_database(server, &name).into(), postgres: Some((server.to_owned(), name)) })
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

/// The PostgreSQL server [`POSTGRES_ENV`] names, if it names one.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty())
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            let _ = admin(server, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn another_database_on_the_same_server_keeps_credentials_and_options() {
        assert_eq!(with_database("postgres://u:p@127.0.0.1:5432/postgres", "t1"), "postgres://u:p@127.0.0.1:5432/t1");
        assert_eq!(with_database("postgres://u:p@h/postgres?sslmode=disable", "t1"), "postgres://u:p@h/t1?sslmode=disable");
        assert_eq!(with_database("postgres://u@h", "t1"), "postgres://u@h/t1");
    }
}
