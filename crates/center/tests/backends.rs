//! The two backends keep the same tables: PostgreSQL's schema (written for it) has exactly the
//! columns SQLite's migrations leave. Runs in the PostgreSQL half of the suite.

use chengban_center::db::{ConnExt, Db, Location};
use chengban_testkit::database::TestDb;

fn columns(db: &Db, sql: &'static str) -> Vec<(String, String)> {
    let mut cols = db.with_writer(|c| c.query_map(sql, &[], |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?))).unwrap()).unwrap();
    cols.sort();
    cols
}

#[test]
fn postgres_has_the_tables_and_columns_sqlite_migrations_leave() {
    let dir = tempfile::tempdir().unwrap();
    let pg = TestDb::new(dir.path()).unwrap();
    if !pg.is_postgres() {
        eprintln!("no PostgreSQL server named: this test runs in the suite's PostgreSQL half");
        return;
    }
    let sqlite = Db::open(&dir.path().join("center.sqlite")).unwrap();
    let postgres = Db::connect(&Location::parse(&pg.location)).unwrap();
    let on_sqlite = columns(
        &sqlite,
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
    );
    let on_postgres = columns(
        &postgres,
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> 'schema_version'",
    );
    assert!(on_sqlite.len() > 80, "{on_sqlite:?}");
    assert_eq!(on_postgres, on_sqlite);
}
