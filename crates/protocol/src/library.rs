//! The department's reply library: 答复模板 (templates with placeholders) and 政策依据 entries
//! (document number, title, article, text), kept by the center per department — a leader or the
//! operator edits them — and synced into every desk's cache for offline use. What a template may
//! say and how its placeholders are filled is stated here once, for the center and the desk.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::text::{is_blank, trim};

/// Placeholders a template may use, with what each becomes. Never the citizen's phone.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("{称呼}", "诉求人称呼，如“周先生”；姓名不带先生、女士或匿名时为“市民”"),
    ("{地址}", "诉求地址；没有时为“您反映的地点”"),
    ("{派发日期}", "工单派发日期，如“11月25日”"),
    ("{今天}", "答复当天的日期，如“11月26日”"),
];

pub const MAX_TEMPLATE_TITLE: usize = 100;
pub const MAX_TEMPLATE_BODY: usize = 5000;
pub const MAX_POLICY_TEXT: usize = 20_000;

/// 答复模板.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReplyTemplate {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub title: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

/// One 政策依据 entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub doc_no: String,
    pub title: String,
    pub article: Option<String>,
    pub text: String,
    pub updated_at: DateTime<Utc>,
}

/// `GET /v1/department/library`: the department's templates and policy entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Library {
    pub templates: Vec<ReplyTemplate>,
    pub policies: Vec<PolicyEntry>,
}

/// A template as written (`POST`/`PUT /v1/department/templates`).
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct TemplateInput {
    pub title: String,
    pub body: String,
}

/// A policy entry as written (`POST`/`PUT /v1/department/policies`).
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct PolicyInput {
    pub doc_no: String,
    pub title: String,
    #[serde(default)]
    pub article: Option<String>,
    pub text: String,
}

crate::strict::object_only!(TemplateInput, PolicyInput);

fn within(text: &str, what: &str, max: usize) -> Result<(), String> {
    if is_blank(text) {
        return Err(format!("请填写{what}"));
    }
    if text.chars().count() > max {
        return Err(format!("{what}不能超过 {max} 字"));
    }
    Ok(())
}

/// Whether `t` may be kept: a title and a body within their limits, and only known placeholders.
pub fn check_template(t: &TemplateInput) -> Result<(), String> {
    within(&t.title, "模板名称", MAX_TEMPLATE_TITLE)?;
    within(&t.body, "模板内容", MAX_TEMPLATE_BODY)?;
    let mut rest = t.body.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..=close];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
            let known: Vec<&str> = PLACEHOLDERS.iter().map(|(p, _)| *p).collect();
            return Err(format!("模板中的“{name}”不是可用的占位符（可用：{}）", known.join("、")));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Whether `p` may be kept.
pub fn check_policy(p: &PolicyInput) -> Result<(), String> {
    within(&p.doc_no, "文号", 200)?;
    within(&p.title, "文件名称", 200)?;
    if let Some(a) = &p.article {
        if a.chars().count() > 100 {
            return Err("条款不能超过 100 字".into());
        }
    }
    within(&p.text, "条文内容", MAX_POLICY_TEXT)
}

/// What fills a template's placeholders for one slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillContext {
    pub citizen_title: String,
    pub address: Option<String>,
    pub dispatched: NaiveDate,
    pub today: NaiveDate,
}

/// How a reply addresses the citizen: the recorded name when it is already a form of address
/// (周先生, 钱女士), otherwise 市民 — a full name is not repeated, and the phone never is.
pub fn citizen_title(name: Option<&str>, anonymous: bool) -> String {
    match name.map(trim) {
        Some(n) if !anonymous && (n.ends_with("先生") || n.ends_with("女士")) => n.to_string(),
        _ => "市民".into(),
    }
}

fn day(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
}

/// `body` with its placeholders filled for one slip.
pub fn fill(body: &str, ctx: &FillContext) -> String {
    body.replace("{称呼}", &ctx.citizen_title)
        .replace("{地址}", ctx.address.as_deref().filter(|a| !is_blank(a)).unwrap_or("您反映的地点"))
        .replace("{派发日期}", &day(ctx.dispatched))
        .replace("{今天}", &day(ctx.today))
}
