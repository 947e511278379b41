//! The OpenAPI 3 document of the department API, built from the wire types.
//!
//! The operations are declared here, beside the types, so the document is one artefact of this
//! crate; the center implements them and serves the committed file.
#![allow(dead_code)]

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::actions::*;
use crate::enums::*;
use crate::types::*;

#[utoipa::path(post, path = "/v1/login", request_body = LoginRequest, tag = "auth",
    responses((status = 200, body = LoginResponse), (status = 401, body = ApiError), (status = 400, body = ApiError)))]
fn login() {}

#[utoipa::path(get, path = "/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UserInfo), (status = 401, body = ApiError)))]
fn me() {}

#[utoipa::path(get, path = "/v1/changes", tag = "slips", security(("bearer" = [])),
    params(("cursor" = Option<String>, Query, description = "Opaque cursor from the previous page; absent for the first"),
           ("limit" = Option<u32>, Query, description = "Page size, default 500, at most 1000"),
           ("device_id" = Option<String>, Query, description = "The desk's device id: the page then says its last processed mutation")),
    responses((status = 200, body = ChangesPage), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
fn changes() {}

#[utoipa::path(get, path = "/v1/slips/{id}", tag = "slips", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Slip), (status = 404, body = ApiError), (status = 401, body = ApiError)))]
fn slip() {}

#[utoipa::path(get, path = "/v1/operator/departments", tag = "operator", security(("bearer" = [])),
    responses((status = 200, body = DepartmentList), (status = 403, body = ApiError)))]
fn departments() {}

#[utoipa::path(post, path = "/v1/operator/slips", tag = "operator", security(("bearer" = [])),
    request_body = DispatchRequest,
    responses((status = 201, body = Slip), (status = 400, body = ApiError), (status = 403, body = ApiError),
              (status = 413, body = ApiError), (status = 422, body = ApiError)))]
fn dispatch() {}

#[utoipa::path(post, path = "/v1/push", tag = "slips", security(("bearer" = [])),
    request_body = PushRequest,
    description = "Applies the desk's actions exactly once, in order. A refused action is recorded as rejected with its reason and does not block the rest; a repeat is answered as before; a gap answers 409 `mutation_gap`.",
    responses((status = 200, body = PushResponse), (status = 409, body = ApiError), (status = 422, body = ApiError), (status = 403, body = ApiError)))]
fn push() {}

#[utoipa::path(post, path = "/v1/operator/slips/{id}/decisions", tag = "operator", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = Slip), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
fn decide() {}

#[utoipa::path(put, path = "/v1/attachments/{sha256}", tag = "attachments", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "hex SHA-256 of the body")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "stored"), (status = 200, description = "already stored"),
              (status = 413, body = ApiError), (status = 422, body = ApiError)))]
fn put_attachment() {}

#[utoipa::path(head, path = "/v1/attachments/{sha256}", tag = "attachments", security(("bearer" = [])),
    params(("sha256" = String, Path)),
    responses((status = 200, description = "stored"), (status = 404, description = "not stored")))]
fn head_attachment() {}

#[utoipa::path(get, path = "/v1/events", tag = "slips", security(("bearer" = [])),
    description = "Server-Sent Events: `ready` when connected, then `change` whenever the caller's department's slips change; the desk pulls on each. Keep-alive comments every 15 s.",
    responses((status = 200, description = "text/event-stream"), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
fn events() {}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Chengban department API", version = "1", description = "12345 hotline slips for departments: pull, dispatch, act."),
    paths(login, me, changes, slip, departments, dispatch, events, push, decide, put_attachment, head_attachment),
    components(schemas(ApiError, LoginRequest, LoginResponse, UserInfo, Department, Citizen, AttachmentMeta,
        Slip, ChangesPage, DispatchRequest, DepartmentList, Role, SlipKind, RequestType, Tier, Channel, SlipStatus,
        AttachmentRef, Callback, Reply, Action, Decision, EventBody, SlipEvent, PendingExtension, Mutation, PushRequest,
        Outcome, MutationResult, PushResponse, ReturnReason, CallbackMethod, Satisfaction, Resolution)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// The document as pretty JSON with a trailing newline, exactly as committed.
pub fn document() -> String {
    let mut json = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

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
    fn document_lists_every_operation() {
        let doc = document();
        for p in ["/v1/login", "/v1/me", "/v1/changes", "/v1/slips/{id}", "/v1/operator/slips", "/v1/operator/departments"] {
            assert!(doc.contains(p), "missing {p}");
        }
    }
}
