//! 导出诊断信息 and the log behind it: the desk's `tracing` goes to the rotating file in the data
//! folder as the app sets it up; a day's work with a citizen's slip (pulled, opened, contact
//! revealed, acted on, an action refused) leaves lines in it and none of the citizen's data; the
//! export is one zip with the versions, the status, the settings and the logs — and nothing of
//! the citizen either.

mod common;

use chengban_core::view::InboxScope;
use std::io::Read;
use std::sync::Arc;

use chengban_center::demo;
use chengban_core::events::NullSink;
use chengban_core::logs::{self, RotatingFile};
use chengban_core::view::InboxTab;
use chengban_protocol::Action;
use common::center_at;

/// What the citizen said and who they are, as dispatched.
const CITIZEN: &[&str] = &["钱女士", "13612345678", "铁西区测试街", "井盖缺失", "夜间有人跌落"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_and_the_support_export_hold_no_citizen_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // As the app starts: everything from debug up, into the data folder's log.
    let file = Arc::new(RotatingFile::open(&data.join(logs::DIR)).unwrap());
    tracing_subscriber::fmt().with_max_level(tracing::Level::DEBUG).with_ansi(false).with_writer(file).init();

    let center = center_at(&dir.path().join("center.sqlite"), "127.0.0.1:0".parse().unwrap(), true).await;
    common::dispatch(&center, "tiexi", "urgent", "井盖缺失请尽快处理").await;
    let desk = common::desk(&data.join("cache.sqlite"), Arc::new(NullSink));
    desk.login(&center.url(), "tiexi.handler", demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_once().await.unwrap();
    let row = desk
        .inbox(InboxTab::PendingAck, InboxScope::Department, 1, 50)
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.title.contains("井盖缺失"))
        .unwrap();
    desk.slip(row.id).await.unwrap();
    let contact = desk.reveal_contact(row.id).await.unwrap();
    assert!(format!("{contact:?}").contains("13612345678"), "the reveal shows the phone");
    desk.act(row.id, Action::Acknowledge {}).await.unwrap();
    desk.act(row.id, Action::InterimReply { text: "已联系钱女士（13612345678），明日到铁西区测试街查看井盖缺失".into() }).await.unwrap();
    assert!(desk.act(row.id, Action::Acknowledge {}).await.is_err(), "a refusal, logged or not");
    desk.sync_once().await.unwrap();
    let exports = dir.path().join("下载");
    let zip_path = desk.export_diagnostics("承办台 测试\n".into(), exports.clone()).await.unwrap();

    let log: String = logs::files(&data.join(logs::DIR)).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    assert!(log.lines().count() >= 3, "the work left lines in the log:\n{log}");
    for said in CITIZEN {
        assert!(!log.contains(said), "the log holds “{said}”:\n{log}");
    }

    assert!(zip_path.starts_with(&exports) && zip_path.file_name().unwrap().to_string_lossy().starts_with("承办台诊断信息-"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names = Vec::new();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        names.push(entry.name().to_string());
        entry.read_to_string(&mut all).unwrap();
    }
    assert!(names.contains(&"about.txt".to_string()) && names.contains(&"status.json".to_string()), "{names:?}");
    assert!(names.iter().any(|n| n == "logs/chengban.log"), "{names:?}");
    for expected in ["app_version", "sqlcipher", "cache_schema", "tiexi.handler", "alert_settings", "cache-work.sqlite", "pending_actions"]
    {
        assert!(all.contains(expected), "the export says {expected}");
    }
    for said in CITIZEN {
        assert!(!all.contains(said), "the export holds “{said}”");
    }
}
