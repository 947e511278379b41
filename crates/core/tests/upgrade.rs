//! Upgrades keep everything: a cache written by each schema the desk has shipped (committed in
//! `tests/fixtures/cache-v<N>.sqlite`; from schema 13 with its work file, as
//! `cache-v<N>w<W>.sqlite` and `cache-v<N>w<W>-work.sqlite`) opens with today's code, migrated,
//! with its slips, its pending and refused actions, its said alerts and its settings. A schema
//! change of either file without a fixture of its own fails here; write it with
//! `UPDATE_FIXTURES=1 cargo test -p chengban-core --test upgrade`.

mod common;

use chengban_core::view::InboxScope;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chengban_core::alerts::rules::AlertSettings;
use chengban_core::events::NullSink;
use chengban_core::store::account::Account;
use chengban_core::store::{self, outbox, work, Store, SCHEMA_VERSION};
use chengban_protocol::{Action, Role, SlipStatus};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Today's fixture: the cache's and the work file's schema in its name.
fn fixture() -> PathBuf {
    fixtures().join(format!("cache-v{SCHEMA_VERSION}w{}.sqlite", work::SCHEMA_VERSION))
}

/// Today's cache of tiexi's handler: three slips, one action waiting, one refused, an alert said,
/// a reveal not yet delivered and the alert settings changed.
fn write_fixture(path: &Path) {
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(store::work_path(path));
    let store = Store::open(path).expect("open");
    store
        .write_blocking(|c| {
            store::account::put(
                c,
                &Account {
                    server_url: "http://127.0.0.1:8787".into(),
                    username: "tiexi.handler".into(),
                    display_name: "王经办".into(),
                    role: Role::Handler,
                    department_id: Some(1),
                    department_name: Some("铁西区住建局".into()),
                    logged_in: true,
                },
            )?;
            for id in 1..=3 {
                let status = if id == 1 { SlipStatus::Dispatched } else { SlipStatus::InProgress };
                store::slips::upsert(c, &chengban_protocol::Slip { status, ..chengban_testkit::slip(id) })?;
            }
            let at = chengban_testkit::slip(1).dispatched_at;
            outbox::append(c, 1, &Action::Acknowledge {}, at, "王经办")?;
            let refused = outbox::append(c, 2, &Action::InterimReply { text: "已安排人员".into() }, at, "王经办")?;
            outbox::mark(c, refused, outbox::State::Rejected, Some(("wrong_state", "工单当前为“已办结”，不能阶段性答复")))?;
            // What the inbox shows, as an action on the desk leaves it.
            chengban_core::overlay::refresh(c, 1, Role::Handler)?;
            chengban_core::overlay::refresh(c, 2, Role::Handler)?;
            store::alerts::record(c, 3, "unack", at, true)?;
            store::reveals::record(c, "r-0001", 2, at, "tiexi.handler")?;
            let mut settings = AlertSettings::default();
            settings.tiers[0].minutes_before = vec![45, 0];
            settings.save(c)?;
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; VACUUM work;")?;
            Ok(())
        })
        .expect("write the fixture");
}

#[test]
fn the_current_schema_has_its_fixture() {
    let path = fixture();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(fixtures()).expect("dir");
        write_fixture(&path);
    }
    assert!(
        path.exists() && store::work_path(&path).exists(),
        "no fixture for this schema: run UPDATE_FIXTURES=1 cargo test -p chengban-core --test upgrade"
    );
}

#[tokio::test]
async fn every_shipped_cache_opens_migrated_with_nothing_lost() {
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        return; // today's fixture is being written by the test beside
    }
    let mut found = 0;
    for entry in std::fs::read_dir(fixtures()).expect("fixtures").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".sqlite") || name.ends_with("-work.sqlite") {
            continue;
        }
        found += 1;
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache.sqlite");
        std::fs::copy(entry.path(), &cache).expect("copy");
        let work_file = store::work_path(&entry.path());
        if work_file.exists() {
            std::fs::copy(&work_file, store::work_path(&cache)).expect("copy the work file");
        }
        let desk = common::desk(&cache, Arc::new(NullSink));
        let version: i64 = desk.store().read_blocking(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?)).expect("version");
        assert_eq!(version, SCHEMA_VERSION, "{name}: migrated");
        let work_version: i64 =
            desk.store().read_blocking(|c| Ok(c.pragma_query_value(Some("work"), "user_version", |r| r.get(0))?)).expect("version");
        assert_eq!(work_version, work::SCHEMA_VERSION, "{name}: the work file made or migrated");
        let left: i64 = desk
            .store()
            .read_blocking(|c| {
                Ok(c.query_row("SELECT count(*) FROM main.sqlite_schema WHERE name IN ('outbox', 'account')", [], |r| r.get(0))?)
            })
            .expect("schema");
        assert_eq!(left, 0, "{name}: the work is out of the cache file");
        let counts = desk.counts(InboxScope::Department).await.expect("counts");
        assert_eq!((counts.pending_ack, counts.in_progress), (0, 3), "{name}: three slips, the first signed for on this desk");
        assert_eq!(desk.pending_count().await.expect("pending"), 1, "{name}: the waiting action");
        let slip = desk.slip(2).await.expect("slip 2");
        assert!(
            slip.timeline.iter().any(|t| t.error.as_deref().is_some_and(|e| e.contains("已办结"))),
            "{name}: the refusal and its reason"
        );
        // The rates read the slips' facts, which an old cache gains when first needed.
        desk.store().write_blocking(|c| Ok(store::rate_facts::backfill(c, 100)?)).expect("backfill");
        let ever = chengban_protocol::rates::Period {
            start: chrono::DateTime::UNIX_EPOCH,
            end: chengban_protocol::rates::Period::month(2100, 1).expect("month").end,
        };
        let facts = desk.store().read_blocking(|c| Ok(store::rate_facts::overlapping(c, ever)?)).expect("facts");
        assert_eq!(facts.len(), 3, "{name}: every slip's rate facts");
        // Slips cached before the similar-case keys gain them in the background.
        desk.store().write_blocking(|c| Ok(store::similar::backfill(c, 100)?)).expect("keys");
        let unkeyed: i64 = desk
            .store()
            .read_blocking(|c| Ok(c.query_row("SELECT count(*) FROM similar_pending", [], |r| r.get(0))?))
            .expect("pending keys");
        assert_eq!(unkeyed, 0, "{name}: every slip keyed for similar cases");
        let keyed: i64 = desk
            .store()
            .read_blocking(|c| Ok(c.query_row("SELECT count(*) FROM slips WHERE phone_key IS NOT NULL", [], |r| r.get(0))?))
            .expect("keys");
        assert!(keyed > 0, "{name}: the keys written");
        let said = desk.store().read_blocking(|c| Ok(store::alerts::exists(c, 3, "unack")?)).expect("alerts");
        assert!(said, "{name}: an alert said stays said");
        assert_eq!(desk.alert_settings().await.expect("settings").tiers[0].minutes_before, [45, 0], "{name}: the settings");
        assert_eq!(desk.login_defaults().await.expect("defaults").username.as_deref(), Some("tiexi.handler"), "{name}: the account");
        let shipped: i64 = name
            .trim_start_matches("cache-v")
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .expect("cache-v<N>…sqlite");
        if shipped >= 12 {
            let waiting = desk.store().read_blocking(|c| Ok(store::reveals::pending(c, "tiexi.handler")?)).expect("reveals");
            assert_eq!(waiting.len(), 1, "{name}: a reveal not yet delivered");
        }
    }
    assert!(found > 0, "no fixtures");
}
