//! The HTTP client of the department API. Every failure is classified once here into
//! [`CoreError`]: unreachable → `Offline`, 5xx/429 → `ServerBusy`, 401 → `AuthExpired`, other
//! 4xx → `Rejected` with the center's message, unusable body → `InvalidResponse`.

use std::path::Path;
use std::time::Duration;

use chengban_protocol::library::{PolicyEntry, PolicyInput, ReplyTemplate, TemplateInput};
use chengban_protocol::{
    ApiError, ChangesPage, LoginRequest, LoginResponse, Mutation, PushRequest, PushResponse, UserInfo, SERVER_TIME_HEADER,
};
use chrono::{DateTime, Utc};
use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{CoreError, Result};

/// A checked server address: https anywhere, plain http only on loopback (demo and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl(Url);

impl ServerUrl {
    pub fn parse(input: &str) -> Result<Self> {
        let trimmed = input.trim().trim_end_matches('/');
        let url =
            Url::parse(trimmed).map_err(|_| CoreError::InvalidInput("服务器地址格式不正确，例如 https://12345.example.gov.cn".into()))?;
        match url.scheme() {
            "https" => {}
            "http" => {
                let loopback = match url.host() {
                    Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                    Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                    Some(url::Host::Domain(d)) => d == "localhost",
                    None => false,
                };
                if !loopback {
                    return Err(CoreError::InvalidInput("为保护数据，仅本机地址可使用 http，其他服务器请使用 https".into()));
                }
            }
            _ => return Err(CoreError::InvalidInput("服务器地址须以 https:// 开头".into())),
        }
        if url.host().is_none() {
            return Err(CoreError::InvalidInput("服务器地址缺少主机名".into()));
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    fn join(&self, path: &str) -> String {
        format!("{}{}", self.as_str(), path)
    }
}

/// TLS roots: the system's, plus an optional extra CA (government intranets run their own).
#[derive(Debug, Clone, Default)]
pub struct TlsConfig {
    pub extra_ca_pem: Option<Vec<u8>>,
}

impl TlsConfig {
    pub fn with_ca_file(path: &Path) -> Result<Self> {
        let pem = std::fs::read(path).map_err(|e| CoreError::InvalidInput(format!("无法读取 CA 证书 {}：{e}", path.display())))?;
        Ok(Self { extra_ca_pem: Some(pem) })
    }
}

#[derive(Clone)]
pub struct CenterClient {
    http: reqwest::Client,
    /// For the long-lived event stream: no overall timeout, TCP keep-alive instead.
    stream_http: reqwest::Client,
    base: ServerUrl,
    token: Option<String>,
}

/// A decoded body and the center's clock at the time it answered.
pub struct Answer<T> {
    pub body: T,
    pub server_time: Option<DateTime<Utc>>,
}

impl CenterClient {
    pub fn new(base: ServerUrl, tls: &TlsConfig) -> Result<Self> {
        let certs = match &tls.extra_ca_pem {
            Some(pem) => {
                let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| CoreError::InvalidInput(format!("CA 证书无效：{e}")))?;
                if certs.is_empty() {
                    return Err(CoreError::InvalidInput("CA 证书文件中没有 PEM 格式的证书".into()));
                }
                certs
            }
            None => Vec::new(),
        };
        let build = |timeout: Option<Duration>| {
            let mut b = reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(5))
                .tcp_keepalive(Duration::from_secs(30))
                .user_agent(concat!("chengban-desk/", env!("CARGO_PKG_VERSION")));
            if let Some(t) = timeout {
                b = b.timeout(t);
            }
            for cert in &certs {
                b = b.add_root_certificate(cert.clone());
            }
            b.build().map_err(|e| CoreError::Internal(format!("http client: {e}")))
        };
        Ok(Self { http: build(Some(Duration::from_secs(30)))?, stream_http: build(None)?, base, token: None })
    }

    pub fn with_token(mut self, token: String) -> Self {
        self.token = Some(token);
        self
    }

    pub fn base(&self) -> &ServerUrl {
        &self.base
    }

    pub async fn login(&self, username: &str, password: &str) -> Result<Answer<LoginResponse>> {
        let req = self.http.post(self.base.join("/v1/login")).json(&LoginRequest { username: username.into(), password: password.into() });
        match send(req).await {
            Err(CoreError::AuthExpired) => Err(CoreError::BadCredentials),
            other => other,
        }
    }

    pub async fn me(&self) -> Result<Answer<UserInfo>> {
        send(self.authed(self.http.get(self.base.join("/v1/me")))?).await
    }

    /// The department's accounts (`GET /v1/department/users`).
    pub async fn department_users(&self) -> Result<Answer<chengban_protocol::DepartmentUsers>> {
        send(self.authed(self.http.get(self.base.join("/v1/department/users")))?).await
    }

    /// The department's reply library (`GET /v1/department/library`).
    pub async fn library(&self) -> Result<Answer<chengban_protocol::library::Library>> {
        send(self.authed(self.http.get(self.base.join("/v1/department/library")))?).await
    }

    /// Writes a department template (`POST`, or `PUT …/{id}`); the leader's.
    pub async fn put_template(&self, id: Option<i64>, t: &TemplateInput) -> Result<Answer<ReplyTemplate>> {
        let req = match id {
            None => self.http.post(self.base.join("/v1/department/templates")),
            Some(id) => self.http.put(self.base.join(&format!("/v1/department/templates/{id}"))),
        };
        send(self.authed(req.json(t))?).await
    }

    /// Writes a department policy entry (`POST`, or `PUT …/{id}`); the leader's.
    pub async fn put_policy(&self, id: Option<i64>, p: &PolicyInput) -> Result<Answer<PolicyEntry>> {
        let req = match id {
            None => self.http.post(self.base.join("/v1/department/policies")),
            Some(id) => self.http.put(self.base.join(&format!("/v1/department/policies/{id}"))),
        };
        send(self.authed(req.json(p))?).await
    }

    /// Removes a department template or policy entry (`what`: `templates` or `policies`).
    pub async fn delete_library_entry(&self, what: &str, id: i64) -> Result<()> {
        let res = self.authed(self.http.delete(self.base.join(&format!("/v1/department/{what}/{id}"))))?.send().await;
        let res = res.map_err(classify_transport)?;
        if res.status().is_success() {
            return Ok(());
        }
        decode::<serde_json::Value>(res).await.map(|_| ())
    }

    pub async fn changes(&self, cursor: Option<&str>, limit: u32) -> Result<Answer<ChangesPage>> {
        self.changes_for(cursor, limit, None).await
    }

    /// With `device_id`, the page also says the device's last processed mutation.
    pub async fn changes_for(&self, cursor: Option<&str>, limit: u32, device_id: Option<&str>) -> Result<Answer<ChangesPage>> {
        let mut query: Vec<(&str, String)> = vec![("limit", limit.to_string())];
        if let Some(c) = cursor {
            query.push(("cursor", c.to_string()));
        }
        if let Some(d) = device_id {
            query.push(("device_id", d.to_string()));
        }
        send(self.authed(self.http.get(self.base.join("/v1/changes")).query(&query))?).await
    }

    /// Opens the department's live event stream (`text/event-stream`).
    pub async fn open_events(&self) -> Result<Response> {
        let req = self.authed(self.stream_http.get(self.base.join("/v1/events")))?;
        let res = req.send().await.map_err(classify_transport)?;
        if res.status().is_success() {
            return Ok(res);
        }
        decode::<serde_json::Value>(res).await.and_then(|_| Err(CoreError::InvalidResponse("event stream refused".into())))
    }

    pub async fn push(&self, device_id: &str, mutations: Vec<Mutation>) -> Result<Answer<PushResponse>> {
        let body = PushRequest { device_id: device_id.into(), mutations };
        send(self.authed(self.http.post(self.base.join("/v1/push")).json(&body))?).await
    }

    /// Ends this token on the center (logout).
    pub async fn logout(&self) -> Result<()> {
        let res = self.authed(self.http.post(self.base.join("/v1/logout")))?.send().await.map_err(classify_transport)?;
        if res.status().is_success() {
            return Ok(());
        }
        decode::<serde_json::Value>(res).await.map(|_| ())
    }

    /// Tells the center (for its audit log) that the user revealed a citizen's contact; a repeat
    /// of the same report is recorded once.
    pub async fn report_reveal(&self, slip_id: i64, report: &chengban_protocol::RevealReport) -> Result<()> {
        let url = self.base.join(&format!("/v1/slips/{slip_id}/reveals"));
        let res = self.authed(self.http.post(url))?.json(report).send().await;
        let res = res.map_err(classify_transport)?;
        if res.status().is_success() {
            return Ok(());
        }
        decode::<serde_json::Value>(res).await.map(|_| ())
    }

    /// Stores a file on the center under its hash, with the type it was added with; a repeat
    /// is harmless.
    pub async fn put_attachment(&self, sha256: &str, content_type: &str, data: Vec<u8>) -> Result<()> {
        let req = self.http.put(self.base.join(&format!("/v1/attachments/{sha256}"))).header(reqwest::header::CONTENT_TYPE, content_type);
        let req = self.authed(req.body(data))?;
        let res = req.send().await.map_err(classify_transport)?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        decode::<serde_json::Value>(res).await.map(|_| ())
    }

    fn authed(&self, req: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
        let token = self.token.as_deref().ok_or(CoreError::NotLoggedIn)?;
        Ok(req.bearer_auth(token))
    }
}

async fn send<T: DeserializeOwned>(req: reqwest::RequestBuilder) -> Result<Answer<T>> {
    let res = req.send().await.map_err(classify_transport)?;
    decode(res).await
}

fn classify_transport(e: reqwest::Error) -> CoreError {
    // Connection refused, DNS, TLS handshake, timeouts, a connection cut mid-body: all mean the
    // center cannot be used right now. Details go to the log, not to the user.
    tracing::debug!(error = %e, "center unreachable");
    CoreError::Offline(e.to_string())
}

async fn decode<T: DeserializeOwned>(res: Response) -> Result<Answer<T>> {
    let status = res.status();
    let server_time = res
        .headers()
        .get(SERVER_TIME_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
        .map(|t| t.with_timezone(&Utc));
    let bytes = res.bytes().await.map_err(classify_transport)?;
    if status.is_success() {
        let body = serde_json::from_slice(&bytes).map_err(|e| CoreError::InvalidResponse(e.to_string()))?;
        return Ok(Answer { body, server_time });
    }
    if status == StatusCode::UNAUTHORIZED {
        return Err(CoreError::AuthExpired);
    }
    let error = serde_json::from_slice::<ApiError>(&bytes);
    // Too many failed logins: the user must wait, and the center's sentence says how long.
    if let Ok(e) = &error {
        if status == StatusCode::TOO_MANY_REQUESTS && e.code == "too_many_attempts" {
            return Err(CoreError::CenterRefused { status: status.as_u16(), code: e.code.clone(), message: e.message.clone() });
        }
    }
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return Err(CoreError::ServerBusy { status: status.as_u16() });
    }
    match error {
        Ok(e) => Err(CoreError::CenterRefused { status: status.as_u16(), code: e.code, message: e.message }),
        Err(_) => Err(CoreError::CenterRefused {
            status: status.as_u16(),
            code: "http".into(),
            message: format!("服务器拒绝了请求（{}）", status.as_u16()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_accepted_anywhere_and_http_only_on_loopback() {
        assert!(ServerUrl::parse("https://12345.sp.gov.cn/").is_ok());
        assert!(ServerUrl::parse("http://127.0.0.1:8787").is_ok());
        assert!(ServerUrl::parse("http://localhost:8787").is_ok());
        assert!(ServerUrl::parse("http://[::1]:8787").is_ok());
        assert!(matches!(ServerUrl::parse("http://10.1.2.3"), Err(CoreError::InvalidInput(_))));
        assert!(matches!(ServerUrl::parse("ftp://x"), Err(CoreError::InvalidInput(_))));
        assert!(matches!(ServerUrl::parse("不是地址"), Err(CoreError::InvalidInput(_))));
    }

    #[test]
    fn the_address_is_kept_without_a_trailing_slash() {
        assert_eq!(ServerUrl::parse(" https://a.example/ ").unwrap().as_str(), "https://a.example");
    }

    #[test]
    fn an_invalid_ca_certificate_is_a_clear_error() {
        let tls = TlsConfig { extra_ca_pem: Some(b"not a cert".to_vec()) };
        let r = CenterClient::new(ServerUrl::parse("https://a.example").unwrap(), &tls);
        assert!(r.is_err());
    }
}
