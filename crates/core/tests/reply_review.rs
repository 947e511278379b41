//! 审单 before sending, on the desk: the same rules as the center find what a reply breaks
//! before it is queued. A blocking rule refuses it with nothing queued; a warning is reported
//! for the handler to confirm and does not stop it; the reply then reaches the center once.

mod common;

use chengban_core::CoreError;
use chengban_protocol::review::{ReviewRule, Severity};
use chengban_protocol::*;
use chengban_testkit::{Dispatch, Operator};

fn good() -> Reply {
    Reply {
        process: "查阅档案，电话告知办理流程".into(),
        public_text: Some("您咨询的公租房申请条件：本市户籍、家庭人均收入低于规定标准，可向街道提交申请。".into()),
        result: Resolution::Solved,
        contact: Some(Contact { contacted: true, at: Some(chrono::Utc::now()), phone: Some("13612345678".into()), reason: None }),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_desk_refuses_a_blocking_reply_unqueued_reports_warnings_and_sends_a_good_one_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::handler_synced(dir.path(), &dir.path().join("cache.sqlite")).await;
    let operator = Operator::login(&s.center.url()).await.unwrap();
    let title = "咨询公租房申请条件";
    let slip = operator.dispatch(&Dispatch { request_type: "consultation", title, ..Dispatch::default() }).await.unwrap();
    let id = slip["id"].as_i64().unwrap();
    s.desk.sync_once().await.unwrap();
    s.desk.act(id, Action::Acknowledge {}).await.unwrap();
    s.desk.act(id, common::callback()).await.unwrap();
    let queued = s.desk.pending_count().await.unwrap();

    let found = s.desk.check_reply(id, good()).await.unwrap();
    let found: Vec<_> = found.into_iter().map(|f| (f.rule, f.severity)).collect();
    assert_eq!(found, vec![(ReviewRule::PolicyBasis, Severity::Warn)], "a consultation without policy basis");

    let broken = [
        (Reply { result: Resolution::Unsolved, ..good() }, ReviewRule::UnsolvedReason),
        (Reply { beyond_duty: Some("".into()), ..good() }, ReviewRule::BeyondDutyReason),
        (Reply { contact: Some(Contact { contacted: false, at: None, phone: None, reason: None }), ..good() }, ReviewRule::ContactComplete),
        (Reply { public_text: Some("符合条件可申请。".into()), ..good() }, ReviewRule::PublicTextLength),
        (
            Reply {
                public_text: Some("您咨询的公租房申请事宜，请携带身份证220302198001011234到街道办理。".into()), ..good()
            },
            ReviewRule::NoPersonalNumbers,
        ),
    ];
    for (reply, rule) in broken {
        let found = s.desk.check_reply(id, reply.clone()).await.unwrap();
        let first = found.first().expect("a finding");
        assert_eq!((first.rule, first.severity), (rule, Severity::Block), "{found:?}");
        match s.desk.act(id, Action::Reply(reply)).await {
            Err(CoreError::Refused(why)) => assert_eq!(why, first.message),
            other => panic!("{rule:?}: {other:?}"),
        }
        assert_eq!(s.desk.pending_count().await.unwrap(), queued, "{rule:?}: nothing queued");
    }

    let cited = Reply {
        policies: vec![PolicyCitation {
            doc_no: "四政发〔2020〕8号".into(),
            title: "四平市公共租赁住房管理办法".into(),
            article: Some("第九条".into()),
        }],
        ..good()
    };
    assert_eq!(s.desk.check_reply(id, cited.clone()).await.unwrap(), vec![]);
    s.desk.act(id, Action::Reply(cited)).await.unwrap();
    s.desk.sync_once().await.unwrap();
    assert_eq!(s.desk.pending_count().await.unwrap(), 0, "delivered");
    let detail = s.desk.slip(id).await.unwrap();
    let replies: Vec<_> = detail.timeline.iter().filter(|t| t.action == Some(ActionKind::Reply)).collect();
    assert_eq!(replies.len(), 1, "once");
    let shown = replies[0].detail.as_deref().unwrap();
    assert!(shown.contains("公开答复：您咨询的公租房") && shown.contains("《四平市公共租赁住房管理办法》第九条"), "{shown}");
    assert!(shown.contains("136****5678") && !shown.contains("13612345678"), "the number dialled is masked: {shown}");
}
