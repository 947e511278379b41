//! Similar past cases on the desk, against the real center: a slip from the same citizen about
//! the same thing within 30 days is a 重复件 and lists the earlier slip with the reply the center
//! accepted; the same citizen about something else is listed but is no repeat; another citizen's
//! slip with a like title is listed for its title. The cache keeps only a keyed hash of the phone
//! beside the slip, never the number again.

mod common;

use chengban_core::CoreError;
use chengban_protocol::*;
use chengban_testkit::{Dispatch, Operator};
use serde_json::json;

async fn dispatch(op: &Operator, title: &'static str, phone: &'static str, address: &'static str) -> i64 {
    let d = Dispatch {
        title,
        citizen_name: "钱女士",
        citizen_phone: phone,
        address: Some(address),
        content: "来电人反映：小区门口井盖缺失，夜间有人跌落风险。",
        ..Dispatch::default()
    };
    op.dispatch(&d).await.unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_repeat_lists_the_earlier_slip_with_its_accepted_reply_and_other_likenesses_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::handler_synced(dir.path(), &dir.path().join("cache.sqlite")).await;
    let op = Operator::login(&s.center.url()).await.unwrap();
    let first = dispatch(&op, "小区门口井盖缺失", "13612345678", "铁西区测试街12号").await;
    s.desk.sync_once().await.unwrap();
    s.desk.act(first, Action::Acknowledge {}).await.unwrap();
    s.desk.act(first, common::callback()).await.unwrap();
    s.desk.act(first, common::reply(vec![])).await.unwrap();
    s.desk.sync_once().await.unwrap();
    let accepted = reqwest::Client::new()
        .post(format!("{}/v1/operator/slips/{first}/decisions", s.center.url()))
        .bearer_auth(&op.token)
        .json(&json!({"type": "review", "accept": true, "reason": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status().as_u16(), 200);

    let repeat = dispatch(&op, "小区门口井盖又缺失了", "+86 136-1234-5678", "铁西区 测试街12号").await;
    let other_matter = dispatch(&op, "楼上装修噪音扰民", "13612345678", "铁西区北二纬路8号").await;
    let stranger = dispatch(&op, "小区门口井盖松动", "13900002222", "铁东区解放大路").await;
    s.desk.sync_once().await.unwrap();

    let found = s.desk.similar_cases(repeat).await.unwrap();
    assert!(found.repeat, "the same citizen about the same thing: 重复件");
    let earlier = found.cases.iter().find(|c| c.id == first).expect("the earlier slip listed");
    assert!(earlier.repeat && earlier.same_citizen && earlier.same_place);
    let reply = earlier.accepted_reply.as_ref().expect("its accepted reply, to reuse");
    assert_eq!(reply.public_text(), "您反映的问题已由我单位协调处理完毕，感谢您对我们工作的监督。");

    let found = s.desk.similar_cases(other_matter).await.unwrap();
    assert!(!found.repeat, "the same citizen about something else is no repeat");
    assert!(found.cases.iter().any(|c| c.id == first && c.same_citizen && !c.same_place));

    let found = s.desk.similar_cases(stranger).await.unwrap();
    assert!(!found.repeat);
    let like = found.cases.iter().find(|c| c.id == first).expect("a like title");
    assert!(like.like_title && !like.same_citizen);
    assert!(found.cases.iter().all(|c| c.id != other_matter), "an unlike title of another citizen is not listed");

    let keys: Vec<Option<String>> = s
        .desk
        .store()
        .read_blocking(|c| {
            let mut stmt = c.prepare("SELECT phone_key FROM slips")?;
            let rows = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .unwrap();
    assert!(keys.iter().flatten().count() >= 4, "every cached slip keyed: {keys:?}");
    assert!(keys.iter().flatten().all(|k| !k.contains("13612345678") && !k.contains("12345678")), "{keys:?}");

    assert!(matches!(s.desk.similar_cases(999_999).await, Err(CoreError::NotFound)));
}
