//! What the center enforces and answers beyond the shapes utoipa derives, written into the
//! OpenAPI document: each operation's error statuses, the constraints on fields and
//! parameters, and closed objects for every action and decision variant.

use serde_json::{json, Value};

use crate::text::{NOT_BLANK, NO_OUTER_BLANKS};
use crate::{
    FIRST_MUTATION_ID, MAX_CONTENT, MAX_DEVICE_ID, MAX_DISPATCH_ATTACHMENTS, MAX_PAGE_LIMIT, MAX_PASSWORD, MAX_PUSH_BATCH, MAX_TITLE,
    MAX_USERNAME, MIN_PASSWORD_CHARS,
};

/// The error statuses each operation answers (all as `ApiError`).
pub const ERRORS: &[(&str, &str, &[u16])] = &[
    ("/v1/login", "post", &[400, 401, 403, 413, 415, 422, 429]),
    ("/v1/logout", "post", &[401]),
    ("/v1/me", "get", &[401]),
    ("/v1/changes", "get", &[400, 401, 403, 410]),
    ("/v1/slips/{id}", "get", &[400, 401, 404]),
    ("/v1/slips/{id}/reveals", "post", &[400, 401, 403, 404, 413, 415, 422]),
    ("/v1/operator/departments", "get", &[401, 403]),
    ("/v1/operator/slips", "post", &[400, 401, 403, 413, 415, 422]),
    ("/v1/push", "post", &[400, 401, 403, 409, 413, 415, 422]),
    ("/v1/operator/slips/{id}/decisions", "post", &[400, 401, 403, 404, 409, 413, 415, 422]),
    ("/v1/operator/audit", "get", &[400, 401, 403]),
    ("/v1/operator/users/{username}", "patch", &[400, 401, 403, 404, 409, 413, 415, 422]),
    ("/v1/attachments/{sha256}", "put", &[400, 401, 413, 422]),
    ("/v1/attachments/{sha256}", "head", &[400, 401, 404]),
    ("/v1/attachments/{sha256}", "get", &[400, 401, 404]),
    ("/v1/events", "get", &[401, 403]),
    ("/v1/stats", "get", &[400, 401, 404]),
    ("/v1/department/users", "get", &[401, 403]),
    ("/v1/operator/ranking", "get", &[400, 401, 403]),
    ("/v1/health", "get", &[503]),
    ("/v1/department/library", "get", &[400, 401, 403, 404, 422]),
    ("/v1/department/templates", "post", &[400, 401, 403, 404, 413, 415, 422]),
    ("/v1/department/templates/{id}", "put", &[400, 401, 403, 404, 413, 415, 422]),
    ("/v1/department/templates/{id}", "delete", &[400, 401, 403, 404, 422]),
    ("/v1/department/policies", "post", &[400, 401, 403, 404, 413, 415, 422]),
    ("/v1/department/policies/{id}", "put", &[400, 401, 403, 404, 413, 415, 422]),
    ("/v1/department/policies/{id}", "delete", &[400, 401, 403, 404, 422]),
];

fn describe(status: u16) -> &'static str {
    match status {
        400 => "malformed request: not JSON, a bad query parameter or path segment",
        401 => "no valid token (or, at login, wrong username or password)",
        403 => "not allowed for this role or account",
        404 => "not found, or another department's",
        409 => "conflicts with the current state",
        410 => "the cursor is of a replaced database",
        413 => "body too large (JSON 1 MB, attachments 20 MB); the connection is closed",
        415 => "the body must be application/json",
        422 => "valid JSON that breaks the operation's schema or rules",
        429 => "too many failed logins; wait as Retry-After says",
        503 => "the database does not answer",
        _ => "error",
    }
}

/// Sets `value` at `pointer` (JSON Pointer), creating nothing: a wrong pointer is a bug the
/// tests catch through the committed document.
fn set(doc: &mut Value, pointer: &str, key: &str, value: Value) {
    if let Some(Value::Object(o)) = doc.pointer_mut(pointer) {
        o.insert(key.into(), value);
    }
}

fn schema_prop(doc: &mut Value, schema: &str, prop: &str, constraints: Value) {
    let pointer = format!("/components/schemas/{schema}/properties/{prop}");
    if let (Some(Value::Object(o)), Value::Object(c)) = (doc.pointer_mut(&pointer), constraints) {
        o.extend(c);
    }
}

fn param(doc: &mut Value, path: &str, method: &str, name: &str, constraints: Value) {
    let escaped = path.replace('~', "~0").replace('/', "~1");
    let Some(Value::Array(params)) = doc.pointer_mut(&format!("/paths/{escaped}/{method}/parameters")) else { return };
    for p in params.iter_mut().filter(|p| p["name"] == name) {
        if let (Some(Value::Object(s)), Value::Object(c)) = (p.get_mut("schema"), constraints.clone()) {
            s.extend(c);
        }
    }
}

/// A tagged variant written as `allOf: [$ref, {type}]` becomes one closed object.
fn close_variants(doc: &mut Value, schema: &str) {
    let components = doc["components"]["schemas"].clone();
    let Some(Value::Array(variants)) = doc.pointer_mut(&format!("/components/schemas/{schema}/oneOf")) else { return };
    for v in variants.iter_mut() {
        if let Some(Value::Array(parts)) = v.get("allOf") {
            let mut merged = json!({"type": "object", "properties": {}, "required": []});
            for part in parts {
                let part = match part["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
                    Some(name) => components[name].clone(),
                    None => part.clone(),
                };
                if let (Some(into), Some(from)) = (merged["properties"].as_object_mut(), part["properties"].as_object()) {
                    into.extend(from.clone());
                }
                if let (Some(into), Some(from)) = (merged["required"].as_array_mut(), part["required"].as_array()) {
                    into.extend(from.iter().cloned());
                }
                if let Some(d) = part.get("description") {
                    merged["description"] = d.clone();
                }
            }
            *v = merged;
        }
        if let Some(o) = v.as_object_mut() {
            o.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
}

pub fn refine(doc: &mut Value) {
    for (path, method, statuses) in ERRORS {
        let escaped = path.replace('/', "~1");
        for s in *statuses {
            let response = json!({"description": describe(*s), "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}});
            set(doc, &format!("/paths/{escaped}/{method}/responses"), &s.to_string(), response);
        }
    }
    set(
        doc,
        "/paths/~1v1~1login/post/responses/429",
        "headers",
        json!({"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer", "minimum": 1}}}),
    );

    let id = json!({"minimum": 1});
    for (path, method) in [("/v1/slips/{id}", "get"), ("/v1/slips/{id}/reveals", "post"), ("/v1/operator/slips/{id}/decisions", "post")] {
        param(doc, path, method, "id", id.clone());
    }
    for method in ["put", "head", "get"] {
        param(doc, "/v1/attachments/{sha256}", method, "sha256", json!({"pattern": "^[0-9a-fA-F]{64}$"}));
    }
    param(doc, "/v1/changes", "get", "cursor", json!({"pattern": "^(v1-[0-9a-f]+-[0-9]{1,18})?$"}));
    param(doc, "/v1/changes", "get", "limit", json!({"minimum": 1, "maximum": MAX_PAGE_LIMIT}));
    param(doc, "/v1/operator/audit", "get", "limit", json!({"minimum": 1, "maximum": MAX_PAGE_LIMIT}));
    param(doc, "/v1/operator/audit", "get", "after", json!({"minimum": 0}));
    param(doc, "/v1/stats", "get", "month", json!({"pattern": "^2[0-9]{3}-(0[1-9]|1[0-2])$"}));
    param(doc, "/v1/stats", "get", "department_id", json!({"minimum": 1}));
    for (path, methods) in [
        ("/v1/department/library", &["get"][..]),
        ("/v1/department/templates", &["post"][..]),
        ("/v1/department/templates/{id}", &["put", "delete"][..]),
        ("/v1/department/policies", &["post"][..]),
        ("/v1/department/policies/{id}", &["put", "delete"][..]),
    ] {
        for method in methods {
            param(doc, path, method, "department_id", json!({"minimum": 1}));
            param(doc, path, method, "id", id.clone());
        }
    }
    param(doc, "/v1/operator/ranking", "get", "month", json!({"pattern": "^2[0-9]{3}-(0[1-9]|1[0-2])$"}));

    let not_blank = |max: usize| json!({"pattern": NOT_BLANK, "maxLength": max});
    schema_prop(doc, "LoginRequest", "username", not_blank(MAX_USERNAME));
    schema_prop(doc, "LoginRequest", "password", json!({"minLength": 1, "maxLength": MAX_PASSWORD}));
    schema_prop(doc, "DispatchRequest", "department_id", json!({"minimum": 1}));
    schema_prop(doc, "DispatchRequest", "title", not_blank(MAX_TITLE));
    schema_prop(doc, "DispatchRequest", "content", not_blank(MAX_CONTENT));
    schema_prop(doc, "DispatchRequest", "attachments", json!({"maxItems": MAX_DISPATCH_ATTACHMENTS}));
    schema_prop(doc, "AttachmentMeta", "name", json!({"pattern": NOT_BLANK}));
    // Sizes are unsigned 64-bit.
    for schema in ["AttachmentMeta", "AttachmentRef"] {
        schema_prop(doc, schema, "size", json!({"format": "uint64", "maximum": u64::MAX}));
    }
    schema_prop(doc, "Citizen", "phone", json!({"pattern": "^[0-9+\\- ]{3,20}$"}));
    schema_prop(doc, "Mutation", "id", json!({"minimum": FIRST_MUTATION_ID}));
    schema_prop(doc, "Mutation", "slip_id", json!({"minimum": 1}));
    schema_prop(doc, "PushRequest", "device_id", json!({"pattern": NO_OUTER_BLANKS, "maxLength": MAX_DEVICE_ID}));
    schema_prop(doc, "PushRequest", "mutations", json!({"maxItems": MAX_PUSH_BATCH}));
    schema_prop(doc, "RevealReport", "id", json!({"pattern": NO_OUTER_BLANKS, "minLength": 1, "maxLength": MAX_DEVICE_ID}));
    schema_prop(doc, "AttachmentRef", "sha256", json!({"pattern": "^[0-9a-f]{64}$"}));
    schema_prop(doc, "TemplateInput", "title", not_blank(crate::library::MAX_TEMPLATE_TITLE));
    schema_prop(doc, "TemplateInput", "body", not_blank(crate::library::MAX_TEMPLATE_BODY));
    schema_prop(doc, "PolicyInput", "doc_no", not_blank(200));
    schema_prop(doc, "PolicyInput", "title", not_blank(200));
    schema_prop(doc, "PolicyInput", "article", json!({"maxLength": 100}));
    schema_prop(doc, "PolicyInput", "text", not_blank(crate::library::MAX_POLICY_TEXT));
    schema_prop(doc, "UserUpdate", "password", json!({"minLength": MIN_PASSWORD_CHARS, "maxLength": MAX_PASSWORD}));
    // Only a department's roles: an operator is made as one, never by a change.
    let department_roles: Vec<Value> = crate::Role::ALL.iter().filter(|r| r.in_department()).map(|r| json!(r.as_str())).collect();
    set(
        doc,
        "/components/schemas/UserUpdate/properties",
        "role",
        json!({"type": ["string", "null"], "enum": department_roles.iter().cloned().chain([Value::Null]).collect::<Vec<_>>(),
               "description": "A department role (handler, leader, dispatcher); an operator stays an operator."}),
    );
    // At least one change, and not null.
    set(
        doc,
        "/components/schemas/UserUpdate",
        "anyOf",
        json!([{"required": ["disabled"], "properties": {"disabled": {"type": "boolean"}}},
               {"required": ["password"], "properties": {"password": {"type": "string"}}},
               {"required": ["role"], "properties": {"role": {"type": "string"}}}]),
    );
    close_variants(doc, "Action");
    close_variants(doc, "Decision");
}
