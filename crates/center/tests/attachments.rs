//! Attachments over real HTTP: each department reads only its own files, an action may name
//! only a file its department may read, and files are served as downloads of their type.

mod common;

use serde_json::json;

async fn first_slip_id(c: &common::Center, token: &str) -> i64 {
    let (_, page) = c.get(token, "/v1/changes?limit=1000").await;
    page["slips"][0]["id"].as_i64().unwrap()
}

async fn status(c: &common::Center, method: reqwest::Method, token: &str, hash: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let res = c.http.request(method, c.url(&format!("/v1/attachments/{hash}"))).bearer_auth(token).send().await.unwrap();
    let (s, h) = (res.status().as_u16(), res.headers().clone());
    (s, h, res.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn another_departments_file_cannot_be_read_or_named_in_an_action() {
    let c = common::start().await;
    let tiedong = c.login("tiedong.handler").await;
    let photo = b"\x89PNG\r\n\x1a\n citizen's ID card, tiedong".to_vec();
    let hash = common::sha256(&photo);
    assert_eq!(c.put_file(&tiedong, &photo, "image/png").await, 201);

    for who in ["tiexi.handler", "tiexi.leader"] {
        let t = c.login(who).await;
        let (s, _, _) = status(&c, reqwest::Method::HEAD, &t, &hash).await;
        assert_eq!(s, 404, "{who}: HEAD of another department's file");
        let (s, _, body) = status(&c, reqwest::Method::GET, &t, &hash).await;
        assert_eq!(s, 404, "{who}: GET of another department's file");
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["message"], "附件不存在或无权查看");
        assert!(!String::from_utf8_lossy(&serde_json::to_vec(&body).unwrap()).contains("citizen"));
    }

    // Naming it as evidence in tiexi's own reply is refused, and the slip does not change.
    let tiexi = c.login("tiexi.handler").await;
    let id = first_slip_id(&c, &tiexi).await;
    let evidence = json!([{"sha256": hash, "name": "身份证.png", "size": photo.len(), "content_type": "image/png"}]);
    let action = json!({"type": "request_return", "reason": "wrong_department", "text": "非本单位职责", "evidence": evidence});
    let batch = json!({"device_id": "tiexi-desk", "mutations": [
        {"id": 1, "slip_id": id, "action": action, "created_at": chrono::Utc::now().to_rfc3339()}]});
    let (s, res) = c.post(&tiexi, "/v1/push", &batch).await;
    assert_eq!(s, 200, "{res}");
    assert_eq!(res["results"][0]["outcome"], "rejected");
    assert_eq!(res["results"][0]["error"]["code"], "attachment_missing");
    let (_, slip) = c.get(&tiexi, &format!("/v1/slips/{id}")).await;
    assert_eq!(slip["status"], "dispatched", "nothing applied");

    // The uploader's department (its leader too) and the center read it.
    for who in ["tiedong.leader", "operator"] {
        let t = c.login(who).await;
        let (s, headers, body) = status(&c, reqwest::Method::GET, &t, &hash).await;
        assert_eq!(s, 200, "{who}");
        assert_eq!(body, photo);
        assert_eq!(headers["content-type"], "image/png", "served with its stored type");
        assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
    }
}

#[tokio::test]
async fn a_department_that_uploads_the_same_bytes_may_read_them_and_nobody_learns_it_existed() {
    let c = common::start().await;
    let tiedong = c.login("tiedong.handler").await;
    let tiexi = c.login("tiexi.handler").await;
    let file = b"%PDF-1.4 policy document both departments hold".to_vec();
    assert_eq!(c.put_file(&tiedong, &file, "application/pdf").await, 201);
    // New to tiexi: answered 201 as for a file never seen, so the upload tells nothing.
    assert_eq!(c.put_file(&tiexi, &file, "application/pdf").await, 201);
    assert_eq!(c.put_file(&tiexi, &file, "application/pdf").await, 200, "a retry stores nothing new");
    let (s, _, body) = status(&c, reqwest::Method::GET, &tiexi, &common::sha256(&file)).await;
    assert_eq!((s, body), (200, file));
}

#[tokio::test]
async fn an_oversized_attachment_is_refused_as_json_and_the_connection_closed() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let big = vec![7u8; chengban_protocol::MAX_ATTACHMENT_BYTES + 1];
    let res = c.http.put(c.url(&format!("/v1/attachments/{}", common::sha256(&big)))).bearer_auth(&h).body(big).send().await.unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["connection"], "close");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "payload_too_large");
    assert!(body["message"].as_str().unwrap().contains("20 MB"));
}

#[tokio::test]
async fn an_undeclared_or_malformed_type_is_stored_as_octet_stream() {
    let c = common::start().await;
    let h = c.login("tiexi.handler").await;
    let file = b"<html><script>alert(1)</script></html>".to_vec();
    assert_eq!(c.put_file(&h, &file, "text html <script>").await, 201);
    let (s, headers, _) = status(&c, reqwest::Method::GET, &h, &common::sha256(&file)).await;
    assert_eq!(s, 200);
    assert_eq!(headers["content-type"], "application/octet-stream");
    assert_eq!(headers["content-disposition"].to_str().unwrap(), format!("attachment; filename=\"{}\"", common::sha256(&file)));
    assert_eq!(headers["x-content-type-options"], "nosniff");
}
