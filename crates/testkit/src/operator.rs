//! Logging in to a center, and the hotline center's operator dispatching slips over its API, as
//! the real hotline would.

use chengban_center::demo;
use serde_json::{json, Value};

use crate::{e, Result};

/// Logs `username` in with the demo password; the bearer token.
pub async fn login(http: &reqwest::Client, url: &str, username: &str) -> Result<String> {
    let res = http
        .post(format!("{url}/v1/login"))
        .json(&json!({"username": username, "password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .map_err(e)?;
    if !res.status().is_success() {
        return Err(format!("login {username}: {}", res.status()));
    }
    let body: Value = res.json().await.map_err(e)?;
    body["token"].as_str().map(str::to_string).ok_or_else(|| format!("login {username}: no token"))
}

/// A slip to dispatch; [`Default`] is a general-tier assignment with a named citizen.
#[derive(Debug, Clone)]
pub struct Dispatch<'a> {
    pub department: &'a str,
    pub kind: &'a str,
    pub request_type: &'a str,
    pub tier: &'a str,
    pub title: &'a str,
    pub content: &'a str,
    pub citizen_name: &'a str,
    pub citizen_phone: &'a str,
    pub address: Option<&'a str>,
}

impl Default for Dispatch<'_> {
    fn default() -> Self {
        Dispatch {
            department: "tiexi",
            kind: "assignment",
            request_type: "help",
            tier: "general",
            title: "单元门前下水道堵塞",
            content: "来电人反映：单元门前下水道堵塞，污水外溢。",
            citizen_name: "周先生",
            citizen_phone: "13900001111",
            address: None,
        }
    }
}

/// The hotline center's operator, logged in.
pub struct Operator {
    pub http: reqwest::Client,
    pub url: String,
    pub token: String,
}

impl Operator {
    pub async fn login(url: &str) -> Result<Self> {
        let http = reqwest::Client::new();
        let token = login(&http, url, demo::OPERATOR_USERNAME).await?;
        Ok(Operator { http, url: url.to_string(), token })
    }

    /// The id of the department `code`, from the operator's list.
    pub async fn department_id(&self, code: &str) -> Result<i64> {
        let list: Value = self
            .http
            .get(format!("{}/v1/operator/departments", self.url))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(e)?
            .json()
            .await
            .map_err(e)?;
        let found = list["departments"].as_array().and_then(|l| l.iter().find(|d| d["code"] == code));
        found.and_then(|d| d["id"].as_i64()).ok_or_else(|| format!("no department {code}"))
    }

    /// Dispatches `d`; the slip as the center answered it.
    pub async fn dispatch(&self, d: &Dispatch<'_>) -> Result<Value> {
        let department_id = self.department_id(d.department).await?;
        self.dispatch_to(department_id, d).await
    }

    /// Dispatches `d` to the department `department_id` (its `department` code unread): one
    /// request, for timing it.
    pub async fn dispatch_to(&self, department_id: i64, d: &Dispatch<'_>) -> Result<Value> {
        let res = self
            .http
            .post(format!("{}/v1/operator/slips", self.url))
            .bearer_auth(&self.token)
            .json(&json!({"department_id": department_id, "kind": d.kind, "channel": "hotline", "request_type": d.request_type,
                "tier": d.tier, "title": d.title, "content": d.content,
                "citizen": {"name": d.citizen_name, "phone": d.citizen_phone}, "address": d.address}))
            .send()
            .await
            .map_err(e)?;
        if res.status().as_u16() != 201 {
            return Err(format!("dispatch {}: {}", d.title, res.status()));
        }
        res.json().await.map_err(e)
    }
}
