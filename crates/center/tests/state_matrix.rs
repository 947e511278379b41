//! The center enforces the shared state machine for every action in every state, over HTTP:
//! what the rules allow is applied, what they refuse comes back rejected with their reason.

mod common;

use chengban_center::db::sql::params;
use chengban_protocol::rules::check_action;
use chengban_protocol::*;
use serde_json::json;

fn actions(due: chrono::DateTime<chrono::Utc>) -> Vec<Action> {
    vec![
        Action::Acknowledge {},
        Action::RequestReturn { reason: ReturnReason::WrongDepartment, text: "职能不符".into(), evidence: vec![] },
        Action::RequestExtension { reason: "需协调".into(), requested_due_at: due + chrono::Duration::days(3) },
        Action::InterimReply { text: "正在处理".into() },
        Action::Callback(Callback {
            at: chrono::Utc::now() - chrono::Duration::minutes(1),
            method: CallbackMethod::OnSite,
            reached: true,
            contact: None,
            summary: "上门说明".into(),
            satisfaction: Some(Satisfaction::VerySatisfied),
            solved: Some(true),
        }),
        Action::Reply(Reply {
            process: "已处理".into(),
            public_text: Some("您反映的问题已部分解决，其余部分须待明年春季施工后处理。".into()),
            result: Resolution::PartlySolved,
            unsolved_reason: Some("冬季无法施工".into()),
            ..Default::default()
        }),
        Action::SignOff { approve: true, comment: None },
    ]
}

#[tokio::test]
async fn every_action_in_every_state_is_applied_or_refused_by_the_center_as_the_rules_say() {
    let c = common::start().await;
    let leader = c.login("tiexi.leader").await;
    let (_, page) = c.get(&leader, "/v1/changes").await;
    let slip: Slip = serde_json::from_value(page["slips"][0].clone()).unwrap();
    let mut mutation = 0;
    for &status in SlipStatus::ALL {
        for action in actions(slip.due_at) {
            // Put the slip in the state under test, with one callback on record so a reply is
            // judged on its state alone.
            let id = slip.id;
            c.running
                .state
                .db
                .with_writer(move |conn| {
                    conn.execute("UPDATE slips SET status = ?1, ext_reason = NULL, ext_requested_due_at = NULL, ext_requested_at = NULL WHERE id = ?2", params![status.as_str(), id]).unwrap();
                    conn.execute("DELETE FROM slip_events WHERE slip_id = ?1", params![id]).unwrap();
                })
                .unwrap();
            let (_, current) = c.get(&leader, &format!("/v1/slips/{id}")).await;
            let current: Slip = serde_json::from_value(current).unwrap();
            let mut facts = current.facts();
            facts.callbacks_reached = 1;
            let expected = check_action(&facts, Role::Leader, &action, chrono::Utc::now());
            c.running
                .state
                .db
                .with_writer(move |conn| {
                    let body = serde_json::to_string(&EventBody::Action(Action::Callback(Callback {
                        at: chrono::Utc::now(),
                        method: CallbackMethod::Phone,
                        reached: true,
                        contact: None,
                        summary: "已回访".into(),
                        satisfaction: Some(Satisfaction::Satisfied),
                        solved: Some(true),
                    })))
                    .unwrap();
                    conn.execute("INSERT INTO slip_events (slip_id, at, actor, role, body) VALUES (?1, '2026-11-25T00:00:00.000Z', 'x', 'handler', ?2)", params![id, body]).unwrap();
                })
                .unwrap();

            mutation += 1;
            let body = json!({"device_id": "matrix", "mutations": [{"id": mutation, "slip_id": id, "action": action, "created_at": chrono::Utc::now()}]});
            let (status_code, res) = c.post(&leader, "/v1/push", &body).await;
            assert_eq!(status_code, 200);
            let result = &res["results"][0];
            match expected {
                Ok(effect) => {
                    assert_eq!(result["outcome"], "applied", "{action:?} in {status:?}: {result}");
                    let (_, after) = c.get(&leader, &format!("/v1/slips/{id}")).await;
                    assert_eq!(after["status"], effect.status.as_str(), "{action:?} in {status:?}");
                }
                Err(refusal) => {
                    assert_eq!(result["outcome"], "rejected", "{action:?} in {status:?}");
                    assert_eq!(result["error"]["message"], refusal.to_string());
                    let (_, after) = c.get(&leader, &format!("/v1/slips/{id}")).await;
                    assert_eq!(after["status"], status.as_str(), "a refused action changes nothing");
                }
            }
        }
    }
}
