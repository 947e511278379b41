//! The department's reply library over real HTTP: the leader (or the operator, naming the
//! department) writes templates and policy entries; every account of the department reads them;
//! a handler cannot write, another department neither sees nor changes them, and a template with
//! an unknown placeholder is refused with what is known.

mod common;

use serde_json::{json, Value};

async fn send(c: &common::Center, method: reqwest::Method, token: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = c.http.request(method, c.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_leader_keeps_the_library_the_department_reads_it_and_nobody_else_touches_it() {
    let c = common::start().await;
    let leader = c.login("tiexi.leader").await;
    let handler = c.login("tiexi.handler").await;
    let other = c.login("tiedong.leader").await;
    let template = json!({"title": "路灯维修答复", "body": "{称呼}：您好！您反映的{地址}路灯问题，我局已于{今天}修复。"});
    let (status, made) = c.post(&leader, "/v1/department/templates", &template).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_i64().unwrap();
    let policy = json!({"doc_no": "四政发〔2023〕3号", "title": "四平市城市照明管理办法", "article": "第八条", "text": "城市照明设施由市政部门负责维护。"});
    let (status, entry) = c.post(&leader, "/v1/department/policies", &policy).await;
    assert_eq!(status, 201, "{entry}");

    let (status, lib) = c.get(&handler, "/v1/department/library").await;
    assert_eq!(status, 200);
    assert_eq!(lib["templates"][0]["title"], "路灯维修答复");
    assert_eq!(lib["policies"][0]["doc_no"], "四政发〔2023〕3号");

    let (status, _) = c.post(&handler, "/v1/department/templates", &template).await;
    assert_eq!(status, 403, "a handler reads, does not write");
    let (_, theirs) = c.get(&other, "/v1/department/library").await;
    assert_eq!(theirs["templates"], json!([]), "another department does not see it");
    let path = format!("/v1/department/templates/{id}");
    let (status, _) = send(&c, reqwest::Method::PUT, &other, &path, Some(template.clone())).await;
    assert_eq!(status, 404, "nor change it");
    let (status, _) = send(&c, reqwest::Method::DELETE, &other, &path, None).await;
    assert_eq!(status, 404);
    let (status, _) = c.get(&other, &format!("/v1/department/library?department_id={}", c.department_id("tiexi").await)).await;
    assert_eq!(status, 403, "nor read it by naming it");

    let renamed = json!({"title": "路灯维修答复（新）", "body": "{称呼}：您好！路灯已修复。"});
    let (status, changed) = send(&c, reqwest::Method::PUT, &leader, &path, Some(renamed)).await;
    assert_eq!((status, changed["title"].as_str()), (200, Some("路灯维修答复（新）")));
    let (status, _) = send(&c, reqwest::Method::DELETE, &leader, &path, None).await;
    assert_eq!(status, 204);
    let (_, lib) = c.get(&handler, "/v1/department/library").await;
    assert_eq!(lib["templates"], json!([]));
    assert_eq!(lib["policies"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_template_with_an_unknown_placeholder_or_a_blank_field_is_refused_and_nothing_kept() {
    let c = common::start().await;
    let leader = c.login("tiexi.leader").await;
    let (status, e) = c.post(&leader, "/v1/department/templates", &json!({"title": "答复", "body": "{姓名}您好，电话{电话}"})).await;
    assert_eq!(status, 422);
    assert!(e["message"].as_str().unwrap().contains("“{姓名}”不是可用的占位符"), "{e}");
    let (status, _) = c.post(&leader, "/v1/department/templates", &json!({"title": " ", "body": "您好"})).await;
    assert_eq!(status, 422);
    let (status, _) = c.post(&leader, "/v1/department/policies", &json!({"doc_no": "x", "title": "y", "text": ""})).await;
    assert_eq!(status, 422);
    let (_, lib) = c.get(&leader, "/v1/department/library").await;
    assert_eq!((lib["templates"].as_array().unwrap().len(), lib["policies"].as_array().unwrap().len()), (0, 0));
}

#[tokio::test]
async fn the_operator_writes_a_departments_library_by_naming_it() {
    let c = common::start().await;
    let op = c.login("operator").await;
    let template = json!({"title": "通用答复", "body": "{称呼}：您好！您的诉求已于{派发日期}受理。"});
    let (status, e) = c.post(&op, "/v1/department/templates", &template).await;
    assert_eq!(status, 422, "which department? {e}");
    let (status, _) = c.post(&op, "/v1/department/templates?department_id=999999", &template).await;
    assert_eq!(status, 404);
    let dept = c.department_id("tiexi").await;
    let (status, _) = c.post(&op, &format!("/v1/department/templates?department_id={dept}"), &template).await;
    assert_eq!(status, 201);
    let handler = c.login("tiexi.handler").await;
    let (_, lib) = c.get(&handler, "/v1/department/library").await;
    assert_eq!(lib["templates"][0]["title"], "通用答复");
}
