//! Cursor paging of `GET /v1/changes`, over real HTTP.

mod common;

use std::collections::HashSet;

#[tokio::test]
async fn twelve_hundred_dispatched_slips_pull_in_pages_with_none_missed_or_repeated() {
    let c = common::start().await;
    let dept = c.department_id("renshe").await;
    let op = c.login("operator").await;
    let mut dispatched = HashSet::new();
    for i in 0..1200 {
        let (status, slip) = c.post(&op, "/v1/operator/slips", &common::dispatch_body(dept, &format!("第{i}件"))).await;
        assert_eq!(status, 201);
        dispatched.insert(slip["id"].as_i64().unwrap());
    }
    let token = c.login("renshe.handler").await;
    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    let mut last_seq = 0;
    loop {
        let (status, page) = c.get(&token, &format!("/v1/changes?cursor={cursor}&limit=250")).await;
        assert_eq!(status, 200);
        pages += 1;
        for s in page["slips"].as_array().unwrap() {
            let seq = s["seq"].as_i64().unwrap();
            assert!(seq > last_seq, "pages come in sequence order");
            last_seq = seq;
            seen.push(s["id"].as_i64().unwrap());
        }
        cursor = page["cursor"].as_str().unwrap().to_string();
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
    }
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no slip repeated");
    assert!(dispatched.is_subset(&unique), "no slip missed");
    assert_eq!(pages, 5, "1,201 slips (one from the demo) in pages of 250");

    // The last cursor is a resume point: nothing new, nothing repeated.
    let (_, empty) = c.get(&token, &format!("/v1/changes?cursor={cursor}")).await;
    assert_eq!(empty["slips"].as_array().unwrap().len(), 0);
    assert_eq!(empty["cursor"], cursor.as_str());
    // And a new dispatch appears after it.
    c.post(&op, "/v1/operator/slips", &common::dispatch_body(dept, "新派单")).await;
    let (_, next) = c.get(&token, &format!("/v1/changes?cursor={cursor}")).await;
    assert_eq!(next["slips"].as_array().unwrap().len(), 1);
    assert_eq!(next["slips"][0]["title"], "新派单");
}

#[tokio::test]
async fn a_forged_cursor_or_an_out_of_range_limit_is_a_clear_400() {
    let c = common::start().await;
    let token = c.login("tiexi.handler").await;
    for q in ["cursor=garbage", "cursor=v1--5", "limit=0", "limit=5000", "limit=abc", "bogus=1"] {
        let (status, body) = c.get(&token, &format!("/v1/changes?{q}")).await;
        assert_eq!(status, 400, "{q}");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_cursor_of_another_database_is_gone_not_silently_empty() {
    let a = common::start().await;
    let b = common::start().await;
    let ta = a.login("tiexi.handler").await;
    let (_, page) = a.get(&ta, "/v1/changes").await;
    let cursor = page["cursor"].as_str().unwrap().to_string();
    let tb = b.login("tiexi.handler").await;
    let (status, body) = b.get(&tb, &format!("/v1/changes?cursor={cursor}")).await;
    assert_eq!(status, 410);
    assert_eq!(body["code"], "cursor_expired");
    assert_eq!(body["message"], "服务器数据已更换，需要重新同步");
}
