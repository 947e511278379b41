//! The reply library on the desk against the real center: the leader's desk writes the
//! department's templates and policy entries; a handler's desk lists them after a round, fills a
//! template for a slip (the citizen addressed, never by phone), keeps templates of its own, and
//! still has all of it with the center stopped. A handler cannot write the department's.

mod common;

use std::sync::Arc;

use chengban_core::events::NullSink;
use chengban_core::CoreError;
use chengban_protocol::library::{PolicyInput, TemplateInput};

#[tokio::test]
async fn the_leaders_library_reaches_the_handlers_desk_and_works_offline() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::handler_synced(dir.path(), &dir.path().join("cache.sqlite")).await;
    let leader = common::desk(&dir.path().join("leader.sqlite"), Arc::new(NullSink));
    leader.login(&s.center.url(), "tiexi.leader", chengban_center::demo::DEMO_PASSWORD).await.unwrap();
    leader.sync_once().await.unwrap();
    assert!(leader.library().await.unwrap().can_edit);

    let body = "{称呼}：您好！您于{派发日期}反映的{地址}问题已处理，电话回访时间为{今天}。";
    leader.save_department_template(None, TemplateInput { title: "通用答复".into(), body: body.into() }).await.unwrap();
    let policy = PolicyInput {
        doc_no: "四政发〔2020〕8号".into(),
        title: "四平市公共租赁住房管理办法".into(),
        article: Some("第九条".into()),
        text: "申请公共租赁住房应当符合下列条件……".into(),
    };
    leader.save_department_policy(None, policy).await.unwrap();
    assert_eq!(leader.library().await.unwrap().templates.len(), 1, "the leader's own desk has it at once");

    let unknown = TemplateInput { title: "x".into(), body: "{电话}".into() };
    assert!(matches!(leader.save_department_template(None, unknown).await, Err(CoreError::InvalidInput(_))));

    let handler = &s.desk;
    let wrote = handler.save_department_template(None, TemplateInput { title: "t".into(), body: "b".into() }).await;
    assert!(matches!(wrote, Err(CoreError::CenterRefused { status: 403, .. })), "{wrote:?}");

    // The library is not in the change feed: a session's first round lists it (then a round a
    // quarter of an hour on).
    handler.sync_once().await.unwrap();
    assert!(handler.library().await.unwrap().templates.is_empty(), "listed at this session's start, before the leader wrote");
    handler.logout().await.unwrap();
    handler.login(&s.center.url(), "tiexi.handler", chengban_center::demo::DEMO_PASSWORD).await.unwrap();
    let slip = common::dispatch(&s.center, "tiexi", "general", "井盖缺失").await;
    let id = slip["id"].as_i64().unwrap();
    handler.sync_once().await.unwrap();
    let lib = handler.library().await.unwrap();
    assert!(!lib.can_edit);
    assert_eq!(lib.templates.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(), ["通用答复"]);
    assert_eq!(lib.policies[0].article.as_deref(), Some("第九条"));
    assert!(lib.placeholders.iter().any(|(p, _)| p == "{称呼}"));

    let filled = handler.fill_template(id, body.into()).await.unwrap();
    assert!(filled.starts_with("钱女士：您好！"), "{filled}");
    assert!(filled.contains("铁西区测试街问题已处理"), "{filled}");
    assert!(!filled.contains('{') && !filled.contains("13612345678"), "{filled}");

    let mine = handler.add_personal_template(TemplateInput { title: "我的常用语".into(), body: "{称呼}您好，".into() }).await.unwrap();
    let lib = handler.library().await.unwrap();
    assert!(lib.templates.iter().any(|t| t.personal && t.id == mine));

    s.center.stop().await;
    let offline = handler.library().await.unwrap();
    assert_eq!(offline.templates.len(), 2, "the department's and the handler's, with the center gone");
    assert_eq!(handler.fill_template(id, "{称呼}".into()).await.unwrap(), "钱女士");
    handler.remove_personal_template(mine).await.unwrap();
    assert_eq!(handler.library().await.unwrap().templates.len(), 1);
    assert!(matches!(handler.remove_personal_template(mine).await, Err(CoreError::NotFound)));
}

#[tokio::test]
async fn another_user_on_the_desk_does_not_get_the_previous_users_own_templates() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite");
    let s = common::handler_synced(dir.path(), &cache).await;
    let leader = common::desk(&dir.path().join("leader.sqlite"), Arc::new(NullSink));
    leader.login(&s.center.url(), "tiexi.leader", chengban_center::demo::DEMO_PASSWORD).await.unwrap();
    leader.save_department_template(None, TemplateInput { title: "通用答复".into(), body: "{称呼}您好".into() }).await.unwrap();
    s.desk.add_personal_template(TemplateInput { title: "我的".into(), body: "您好".into() }).await.unwrap();
    s.desk.logout().await.unwrap();

    s.desk.login(&s.center.url(), "tiexi.handler2", chengban_center::demo::DEMO_PASSWORD).await.unwrap();
    s.desk.sync_once().await.unwrap();
    let lib = s.desk.library().await.unwrap();
    assert!(lib.templates.iter().all(|t| !t.personal), "{:?}", lib.templates);
    assert_eq!(lib.templates.len(), 1, "the department's library is listed in the new session's first round");
}
