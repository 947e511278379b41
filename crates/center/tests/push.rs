//! Pushing the department's actions and the center's decisions, over real HTTP.

mod common;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

async fn first_slip(c: &common::Center, token: &str, title_part: &str) -> Value {
    let (_, page) = c.get(token, "/v1/changes?limit=1000").await;
    page["slips"].as_array().unwrap().iter().find(|s| s["title"].as_str().unwrap().contains(title_part)).unwrap().clone()
}

fn callback() -> Value {
    json!({"type": "callback", "at": chrono::Utc::now().to_rfc3339(), "method": "phone", "reached": true,
        "contact": "本人", "summary": "已告知清运安排", "satisfaction": "satisfied", "solved": true})
}

fn reply() -> Value {
    json!({"type": "reply", "process": "协调执法局抢修焚烧炉，次日清运完毕", "public_text": "您反映的垃圾焚烧炉故障已抢修，垃圾已于次日清运完毕。", "result": "solved",
        "policy_doc_no": "四政办发〔2022〕12号", "policy_source": "四平市人民政府办公室", "attachments": []})
}

fn mutations(slip_id: i64, actions: &[Value], first_id: i64) -> Value {
    let items: Vec<(i64, i64, Value)> = actions.iter().enumerate().map(|(i, a)| (first_id + i as i64, slip_id, a.clone())).collect();
    common::push_body("-", &items)["mutations"].clone()
}

#[tokio::test]
async fn a_pushed_batch_applies_in_order_once_and_a_repeat_changes_nothing() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let slip = first_slip(&c, &h, "祥和家园").await;
    let id = slip["id"].as_i64().unwrap();
    let batch = json!({"device_id": "desk-1", "mutations": mutations(id, &[json!({"type": "acknowledge"}), callback(), reply()], 1)});
    let (status, first) = c.post(&h, "/v1/push", &batch).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["last_mutation_id"], 3);
    assert!(first["results"].as_array().unwrap().iter().all(|r| r["outcome"] == "applied"), "{first}");

    let (status, again) = c.post(&h, "/v1/push", &batch).await;
    assert_eq!(status, 200);
    assert_eq!(again["results"], first["results"], "a repeat is answered as before");
    let (_, now) = c.get(&h, &format!("/v1/slips/{id}")).await;
    assert_eq!(now["status"], "replied");
    let kinds: Vec<String> =
        now["history"].as_array().unwrap().iter().map(|e| format!("{}:{}", e["body"]["kind"], e["body"]["data"]["type"])).collect();
    assert_eq!(
        kinds,
        ["\"dispatched\":null", "\"action\":\"acknowledge\"", "\"action\":\"callback\"", "\"action\":\"reply\""],
        "each once, in order"
    );
    assert!(now["acknowledged_at"].is_string());

    let (_, page) = c.get(&h, "/v1/changes?device_id=desk-1&limit=1000").await;
    assert_eq!(page["last_mutation_id"], 3);
}

#[tokio::test]
async fn a_refused_action_is_recorded_with_its_reason_and_does_not_block_the_queue() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = first_slip(&c, &h, "祥和家园").await["id"].as_i64().unwrap();
    let other = c.login("tiedong.handler").await;
    let foreign = first_slip(&c, &other, "残疾人").await["id"].as_i64().unwrap();
    let list = vec![
        json!({"id": 1, "slip_id": id, "action": reply(), "created_at": chrono::Utc::now().to_rfc3339()}),
        json!({"id": 2, "slip_id": foreign, "action": {"type": "acknowledge"}, "created_at": chrono::Utc::now().to_rfc3339()}),
        json!({"id": 3, "slip_id": id, "action": {"type": "acknowledge"}, "created_at": chrono::Utc::now().to_rfc3339()}),
    ];
    let (status, res) = c.post(&h, "/v1/push", &json!({"device_id": "desk-2", "mutations": list})).await;
    assert_eq!(status, 200);
    let r = res["results"].as_array().unwrap();
    assert_eq!(r[0]["outcome"], "rejected");
    assert_eq!(r[0]["error"]["code"], "wrong_state");
    assert_eq!(r[0]["error"]["message"], "工单当前为“待签收”，不能答复");
    assert_eq!(r[1]["outcome"], "rejected");
    assert_eq!(r[1]["error"]["code"], "not_found", "another department's slip is not ours to touch");
    assert_eq!(r[2]["outcome"], "applied");
    let (_, theirs) = c.get(&other, &format!("/v1/slips/{foreign}")).await;
    assert_eq!(theirs["status"], "dispatched");
}

#[tokio::test]
async fn a_gap_in_mutation_ids_is_refused_whole_and_a_device_belongs_to_one_user() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let id = first_slip(&c, &h, "祥和家园").await["id"].as_i64().unwrap();
    let (status, body) =
        c.post(&h, "/v1/push", &json!({"device_id": "desk-3", "mutations": mutations(id, &[json!({"type": "acknowledge"})], 2)})).await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "mutation_gap");
    let (_, slip) = c.get(&h, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["status"], "dispatched");

    c.post(&h, "/v1/push", &json!({"device_id": "desk-3", "mutations": []})).await;
    let leader = c.login("tiexi.leader").await;
    let (status, _) = c.post(&leader, "/v1/push", &json!({"device_id": "desk-3", "mutations": []})).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_supervision_reply_goes_through_the_leaders_sign_off_before_the_center_reviews_it() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let leader = c.login("tiexi.leader").await;
    let op = c.login("operator").await;
    let id = first_slip(&c, &h, "六楼以上").await["id"].as_i64().unwrap();
    c.post(
        &h,
        "/v1/push",
        &json!({"device_id": "h", "mutations": mutations(id, &[json!({"type": "acknowledge"}), callback(), reply()], 1)}),
    )
    .await;
    let (_, s) = c.get(&h, &format!("/v1/slips/{id}")).await;
    assert_eq!(s["status"], "awaiting_sign_off");

    // The center cannot review before the sign-off; the handler cannot sign.
    let (status, _) =
        c.post(&op, &format!("/v1/operator/slips/{id}/decisions"), &json!({"type": "review", "accept": true, "reason": null})).await;
    assert_eq!(status, 409);
    let (_, res) = c
        .post(
            &h,
            "/v1/push",
            &json!({"device_id": "h", "mutations": mutations(id, &[json!({"type": "sign_off", "approve": true, "comment": null})], 4)}),
        )
        .await;
    assert_eq!(res["results"][0]["error"]["code"], "forbidden");

    let (_, res) = c
        .post(
            &leader,
            "/v1/push",
            &json!({"device_id": "l", "mutations": mutations(id, &[json!({"type": "sign_off", "approve": true, "comment": null})], 1)}),
        )
        .await;
    assert_eq!(res["results"][0]["outcome"], "applied");
    let (status, s) =
        c.post(&op, &format!("/v1/operator/slips/{id}/decisions"), &json!({"type": "review", "accept": true, "reason": null})).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["status"], "closed");
    let signer = s["history"].as_array().unwrap().iter().find(|e| e["body"]["data"]["type"] == "sign_off").unwrap();
    assert_eq!(signer["actor"], "铁西区住建局分管领导");
    assert_eq!(signer["role"], "leader");
}

#[tokio::test]
async fn the_center_decides_returns_and_extensions_and_urges_through_its_api() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let op = c.login("operator").await;
    let id = first_slip(&c, &h, "祥和家园").await["id"].as_i64().unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(first_slip(&c, &h, "祥和家园").await["due_at"].as_str().unwrap()).unwrap();
    let ext = json!({"type": "request_extension", "reason": "焚烧炉抢修需时", "requested_due_at": (due + chrono::Duration::days(2)).to_rfc3339()});
    c.post(&h, "/v1/push", &json!({"device_id": "d", "mutations": mutations(id, &[json!({"type": "acknowledge"}), ext.clone(), ext], 1)}))
        .await;
    let (_, s) = c.get(&h, &format!("/v1/slips/{id}")).await;
    assert!(s["pending_extension"].is_object());
    let decide = |body: Value| {
        let url = format!("/v1/operator/slips/{id}/decisions");
        let op = op.clone();
        let c = &c;
        async move { c.post(&op, &url, &body).await }
    };
    let new_due = (due + chrono::Duration::days(1)).to_rfc3339();
    let (status, s) = decide(json!({"type": "decide_extension", "approve": true, "new_due_at": new_due, "comment": "同意延期一天"})).await;
    assert_eq!(status, 200, "{s}");
    assert!(s["pending_extension"].is_null());
    assert_eq!(chrono::DateTime::parse_from_rfc3339(s["due_at"].as_str().unwrap()).unwrap(), due + chrono::Duration::days(1));
    let (status, _) = decide(json!({"type": "decide_extension", "approve": true, "new_due_at": new_due, "comment": null})).await;
    assert_eq!(status, 422, "nothing left to decide");

    let (_, s) = decide(json!({"type": "urge", "message": "请加快办理"})).await;
    assert_eq!(s["urge_count"], 1);

    c.post(&h, "/v1/push", &json!({"device_id": "d", "mutations": mutations(id, &[json!({"type": "request_return", "reason": "wrong_department", "text": "垃圾清运属市执法局职责", "evidence": []})], 4)})).await;
    let (_, s) = decide(json!({"type": "decide_return", "accept": false, "comment": "属地管理，由住建局牵头"})).await;
    assert_eq!(s["status"], "in_progress");
    let (status, body) = c.post(&h, &format!("/v1/operator/slips/{id}/decisions"), &json!({"type": "urge", "message": "x"})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "departments cannot decide");
}

#[tokio::test]
async fn attachments_upload_idempotently_by_hash_within_the_size_limit() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let photo = b"\x89PNG\r\n\x1a\n fake photo of a cleaned garbage station".to_vec();
    let hash = hex::encode(Sha256::digest(&photo));
    let put = |body: Vec<u8>, hash: String| {
        let req = c.http.put(c.url(&format!("/v1/attachments/{hash}"))).bearer_auth(&h).body(body);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(put(photo.clone(), hash.clone()).await, 201);
    assert_eq!(put(photo.clone(), hash.clone()).await, 200, "a retry stores nothing new");
    assert_eq!(put(b"other bytes".to_vec(), hash.clone()).await, 422, "content must match its hash");
    let big = vec![7u8; 20 * 1024 * 1024 + 1];
    let big_hash = hex::encode(Sha256::digest(&big));
    assert_eq!(put(big, big_hash).await, 413);
    let head = c.http.head(c.url(&format!("/v1/attachments/{hash}"))).bearer_auth(&h).send().await.unwrap();
    assert_eq!(head.status(), 200);

    let id = first_slip(&c, &h, "祥和家园").await["id"].as_i64().unwrap();
    let mut with_missing = reply();
    with_missing["attachments"] = json!([{"sha256": "a".repeat(64), "name": "现场.jpg", "size": 10, "content_type": "image/jpeg"}]);
    let mut with_photo = reply();
    with_photo["attachments"] = json!([{"sha256": hash, "name": "清运后.png", "size": photo.len(), "content_type": "image/png"}]);
    let (_, res) = c.post(&h, "/v1/push", &json!({"device_id": "a", "mutations": mutations(id, &[json!({"type": "acknowledge"}), callback(), with_missing, with_photo], 1)})).await;
    let r = res["results"].as_array().unwrap();
    assert_eq!(r[2]["error"]["code"], "attachment_missing");
    assert_eq!(r[2]["error"]["message"], "附件“现场.jpg”尚未上传到服务器");
    assert_eq!(r[3]["outcome"], "applied");
}
