//! The OpenAPI 3 document of the department API, built from the wire types.
//!
//! The operations are declared here, beside the types, so the document is one artefact of this
//! crate; the center implements them and serves the committed file. utoipa writes the shapes;
//! [`contract`] then states what utoipa cannot see: the error statuses each operation really
//! answers and the constraints the center enforces beyond the types (ids from 1, non-blank
//! texts, lengths, patterns). A schemathesis run against a live center checks that the two
//! agree (`cargo xtask test`).
#![allow(dead_code)]

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::actions::*;
use crate::admin::*;
use crate::enums::*;
use crate::error::ApiError;
use crate::library::{Library, PolicyEntry, PolicyInput, ReplyTemplate, TemplateInput};
use crate::ranking::*;
use crate::reply::{Contact, PolicyCitation};
use crate::stats::*;
use crate::types::*;

#[utoipa::path(post, path = "/v1/login", request_body = LoginRequest, tag = "auth",
    description = "Throttled per account and per client address: past a few failures each attempt waits (429 with `Retry-After`).",
    responses((status = 200, body = LoginResponse)))]
fn login() {}

#[utoipa::path(post, path = "/v1/logout", tag = "auth", security(("bearer" = [])),
    description = "Ends the token the request carries.", responses((status = 204, description = "logged out")))]
fn logout() {}

#[utoipa::path(get, path = "/v1/me", tag = "auth", security(("bearer" = [])), responses((status = 200, body = UserInfo)))]
fn me() {}

#[utoipa::path(get, path = "/v1/changes", tag = "slips", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "Opaque cursor from the previous page; absent for the first"),
           ("limit" = Option<u32>, Query, description = "Page size, default 500, at most 1000"),
           ("device_id" = Option<String>, Query, description = "The desk's device id: the page then says its last processed mutation")),
    description = "410 `cursor_expired`: the cursor is of another (replaced) database; start again without one.",
    responses((status = 200, body = ChangesPage)))]
fn changes() {}

#[utoipa::path(get, path = "/v1/slips/{id}", tag = "slips", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Slip)))]
fn slip() {}

#[utoipa::path(post, path = "/v1/slips/{id}/reveals", tag = "slips", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = RevealReport,
    description = "The desk reports that its user revealed the citizen's contact on this slip; the center audits it once per report id, at the report's time (bounded like an action's).",
    responses((status = 204, description = "recorded (or recorded before)")))]
fn reveal() {}

#[utoipa::path(get, path = "/v1/operator/departments", tag = "operator", security(("bearer" = [])),
    responses((status = 200, body = DepartmentList)))]
fn departments() {}

#[utoipa::path(post, path = "/v1/operator/slips", tag = "operator", security(("bearer" = [])),
    request_body = DispatchRequest,
    description = "422 also when the department does not exist.",
    responses((status = 201, body = Slip)))]
fn dispatch() {}

#[utoipa::path(post, path = "/v1/push", tag = "slips", security(("bearer" = [])),
    request_body = PushRequest,
    description = "Applies the desk's actions exactly once, in order. A refused action is recorded as rejected with its reason and does not block the rest; a repeat is answered as before. 409: `mutation_gap` (an id beyond the last processed + 1), `mutation_conflict` (an id already processed with other content).",
    responses((status = 200, body = PushResponse)))]
fn push() {}

#[utoipa::path(post, path = "/v1/operator/slips/{id}/decisions", tag = "operator", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = Decision,
    description = "409 `wrong_state`: the slip's status does not allow the decision; 422: the decision breaks a rule (e.g. no pending extension).",
    responses((status = 200, body = Slip)))]
fn decide() {}

#[utoipa::path(get, path = "/v1/operator/audit", tag = "operator", security(("bearer" = [])),
    params(("after" = Option<i64>, Query, description = "Entries after this id; absent for the first"),
           ("limit" = Option<u32>, Query, description = "Page size, default 200, at most 1000")),
    responses((status = 200, body = AuditPage)))]
fn audit() {}

#[utoipa::path(patch, path = "/v1/operator/users/{username}", tag = "operator", security(("bearer" = [])),
    params(("username" = String, Path)), request_body = UserUpdate,
    description = "Disables or enables an account or sets its password; every token of the user ends.",
    responses((status = 204, description = "changed")))]
fn update_user() {}

#[utoipa::path(put, path = "/v1/attachments/{sha256}", tag = "attachments", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "hex SHA-256 of the body")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file; its `Content-Type` is stored and served back"),
    description = "The caller's department may read the file afterwards. 201 when it is new to the department, 200 when already stored for it.",
    responses((status = 201, description = "stored"), (status = 200, description = "already stored")))]
fn put_attachment() {}

#[utoipa::path(head, path = "/v1/attachments/{sha256}", tag = "attachments", security(("bearer" = [])),
    params(("sha256" = String, Path)),
    description = "200 when the caller may read the file; another department's file answers 404 like a missing one.",
    responses((status = 200, description = "stored and readable")))]
fn head_attachment() {}

#[utoipa::path(get, path = "/v1/attachments/{sha256}", tag = "attachments", security(("bearer" = [])),
    params(("sha256" = String, Path)),
    description = "The file as a download (`Content-Disposition: attachment`) of the type it was uploaded with. Readable by the uploader's department and the center's operators; another department's file answers 404 like a missing one.",
    responses((status = 200, description = "the file", content_type = "*/*", body = Vec<u8>)))]
fn get_attachment() {}

#[utoipa::path(get, path = "/v1/events", tag = "slips", security(("bearer" = [])),
    description = "Server-Sent Events: `ready` when connected, then `change` whenever the caller's department's slips change, its data `{\"seq\": N}` the change sequence reached (absent when changes were missed); the desk pulls unless it has already pulled that far. Keep-alive comments every 15 s.",
    responses((status = 200, description = "text/event-stream")))]
fn events() {}

#[utoipa::path(get, path = "/v1/stats", tag = "slips", security(("bearer" = [])),
    params(("month" = Option<String>, Query, description = "`YYYY-MM` (China time); absent for this month"),
           ("department_id" = Option<i64>, Query, description = "Operators: the department to report on (required for them); others: their own department only")),
    description = "The department's 考核 rates for the month, as counts (`{num, den}`), overall, by channel group, by tier and, for leaders and operators, by handler. Definitions: `crates/protocol/src/rates.rs`. While the month runs, counted up to now.",
    responses((status = 200, body = StatsReport)))]
fn stats() {}

#[utoipa::path(get, path = "/v1/department/users", tag = "slips", security(("bearer" = [])),
    description = "The caller's department's enabled accounts with their roles: whom a leader or the 内勤 may assign a slip to (handlers and leaders). Operators have no department (403).",
    responses((status = 200, body = DepartmentUsers)))]
fn department_users() {}

#[utoipa::path(get, path = "/v1/operator/ranking", tag = "operator", security(("bearer" = [])),
    params(("month" = Option<String>, Query, description = "`YYYY-MM` (China time); absent for this month")),
    description = "Every department's 考核 rates for the month, best first: by 按时办结率, then 满意率, then 及时签收率 (a rate with nothing counted after any counted one); equal rates share a place. Operators only.",
    responses((status = 200, body = Ranking)))]
fn ranking() {}

#[utoipa::path(get, path = "/v1/health", tag = "operations",
    description = "For load balancers and monitoring, without a token: 200 when this process answers and its database does (a query is run), 503 `unavailable` when the database does not.",
    responses((status = 200, body = Health)))]
fn health() {}

const SCOPE: &str = "A department's account works on its own department's library (another `department_id`: 403); the operator names the department with `department_id`.";

#[utoipa::path(get, path = "/v1/department/library", tag = "library", security(("bearer" = [])),
    params(("department_id" = Option<i64>, Query, description = "The operator's choice of department")),
    description = "The department's 答复模板 and 政策依据 entries, oldest first. Every account of the department reads them; desks keep them for offline use.",
    responses((status = 200, body = Library)))]
fn library() {}

#[utoipa::path(post, path = "/v1/department/templates", tag = "library", security(("bearer" = [])),
    params(("department_id" = Option<i64>, Query, description = "The operator's choice of department")),
    request_body = TemplateInput,
    description = "Adds a template: the department's leader, or the operator. 422 names an unknown placeholder; the known ones are {称呼}, {地址}, {派发日期}, {今天}.",
    responses((status = 201, body = ReplyTemplate)))]
fn create_template() {}

#[utoipa::path(put, path = "/v1/department/templates/{id}", tag = "library", security(("bearer" = [])),
    params(("id" = i64, Path), ("department_id" = Option<i64>, Query, description = "The operator's choice of department")),
    request_body = TemplateInput, description = "Rewrites a template (leader or operator).",
    responses((status = 200, body = ReplyTemplate)))]
fn update_template() {}

#[utoipa::path(delete, path = "/v1/department/templates/{id}", tag = "library", security(("bearer" = [])),
    params(("id" = i64, Path), ("department_id" = Option<i64>, Query, description = "The operator's choice of department")),
    description = "Removes a template (leader or operator).",
    responses((status = 204, description = "removed")))]
fn delete_template() {}

#[utoipa::path(post, path = "/v1/department/policies", tag = "library", security(("bearer" = [])),
    params(("department_id" = Option<i64>, Query, description = "The operator's choice of department")),
    request_body = PolicyInput, description = "Adds a 政策依据 entry (leader or operator).",
    responses((status = 201, body = PolicyEntry)))]
fn create_policy() {}

#[utoipa::path(put, path = "/v1/department/policies/{id}", tag = "library", security(("bearer" = [])),
    params(("id" = i64, Path), ("department_id" = Option<i64>, Query, description = "The operator's choice of department")),
    request_body = PolicyInput, description = "Rewrites a 政策依据 entry (leader or operator).",
    responses((status = 200, body = PolicyEntry)))]
fn update_policy() {}

#[utoipa::path(delete, path = "/v1/department/policies/{id}", tag = "library", security(("bearer" = [])),
    params(("id" = i64, Path), ("department_id" = Option<i64>, Query, description = "The operator's choice of department")),
    description = "Removes a 政策依据 entry (leader or operator).",
    responses((status = 204, description = "removed")))]
fn delete_policy() {}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Chengban department API", version = "1", description = "12345 hotline slips for departments: pull, dispatch, act. Every error is `{code, message}` JSON (`message` in Chinese for the user, an optional `detail` for developers)."),
    paths(login, logout, me, changes, slip, reveal, departments, dispatch, events, push, decide, audit, update_user,
        put_attachment, head_attachment, get_attachment, stats, department_users, ranking,
        health, library, create_template, update_template, delete_template, create_policy, update_policy, delete_policy),
    components(schemas(ApiError, RevealReport, LoginRequest, LoginResponse, UserInfo, Department, Citizen, AttachmentMeta,
        Slip, ChangesPage, DispatchRequest, DepartmentList, Role, SlipKind, RequestType, Tier, Channel, SlipStatus,
        AttachmentRef, AttachmentClass, Callback, Contact, PolicyCitation, Reply, Action, Decision, EventBody, SlipEvent, PendingExtension, Mutation, PushRequest,
        Outcome, MutationResult, PushResponse, ReturnReason, CallbackMethod, Satisfaction, Resolution,
        AuditKind, AuditEntry, AuditPage, UserUpdate, StatsReport, TierRates, HandlerRates,
        crate::rates::Rates, crate::rates::Ratio, Assignee, DepartmentUser, DepartmentUsers, Ranking, DepartmentRank,
        Library, ReplyTemplate, PolicyEntry, TemplateInput, PolicyInput, Health)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// The document as pretty JSON with a trailing newline, exactly as committed.
pub fn document() -> String {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    contract::refine(&mut doc);
    let mut json = serde_json::to_string_pretty(&doc).unwrap_or_default();
    json.push('\n');
    json
}

#[path = "openapi_contract.rs"]
pub mod contract;

#[cfg(test)]
mod tests {
    use super::*;

    /// Regenerate with `UPDATE_OPENAPI=1 cargo test -p chengban-protocol`.
    #[test]
    fn committed_openapi_document_matches_the_wire_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
        let fresh = document();
        if std::env::var_os("UPDATE_OPENAPI").is_some() {
            std::fs::write(path, &fresh).expect("write openapi.json");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(committed == fresh, "crates/protocol/openapi.json is stale; run UPDATE_OPENAPI=1 cargo test -p chengban-protocol");
    }

    #[test]
    fn document_lists_every_operation_with_its_error_statuses() {
        let doc: serde_json::Value = serde_json::from_str(&document()).unwrap();
        for (path, method, statuses) in contract::ERRORS {
            let op = &doc["paths"][path][method];
            assert!(op.is_object(), "missing {method} {path}");
            for s in *statuses {
                assert!(op["responses"][s.to_string()].is_object(), "{method} {path} lacks {s}");
            }
        }
        assert!(doc["paths"]["/v1/attachments/{sha256}"]["get"].is_object());
    }
}
