//! The department's reads: `GET /v1/changes` (cursor-paged pull) and `GET /v1/slips/{id}`.
//! Both are scoped to the caller's department on the server.

use axum::extract::State;
use axum::Json;
use chengban_protocol::{ChangesPage, Role, Slip, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
use serde::Deserialize;

use crate::auth::Caller;
use crate::db::ConnExt;
use crate::db::{devices, slips};
use crate::error::ApiErr;
use crate::extract::{path_id, ApiPath, ApiQuery};
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    cursor: Option<String>,
    limit: Option<u32>,
    device_id: Option<String>,
}

const CURSOR_PREFIX: &str = "v1-";

/// `v1-<instance>-<seq>`: opaque to the desk.
pub fn encode_cursor(instance: &str, seq: i64) -> String {
    format!("{CURSOR_PREFIX}{instance}-{seq}")
}

fn decode_cursor(cursor: Option<&str>, instance: &str) -> Result<i64, ApiErr> {
    let Some(c) = cursor.filter(|c| !c.is_empty()) else { return Ok(0) };
    // Exactly the form `openapi.json` states: v1-<lower-case hex>-<1 to 18 digits>.
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let digits = |s: &str| (1..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let (from, seq) = c
        .strip_prefix(CURSOR_PREFIX)
        .and_then(|rest| rest.split_once('-'))
        .filter(|(i, n)| hex(i) && digits(n))
        .and_then(|(i, n)| n.parse::<i64>().ok().map(|n| (i, n)))
        .ok_or_else(|| ApiErr::BadRequest("同步游标无效".into()))?;
    if from != instance {
        return Err(ApiErr::Gone { code: "cursor_expired", message: "服务器数据已更换，需要重新同步".into() });
    }
    Ok(seq)
}

pub async fn changes(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ChangesQuery>,
) -> Result<Json<ChangesPage>, ApiErr> {
    let department_id = caller.department_id()?;
    let after = decode_cursor(q.cursor.as_deref(), &state.instance)?;
    let limit = q.limit.unwrap_or(DEFAULT_PAGE_LIMIT);
    if limit == 0 || limit > MAX_PAGE_LIMIT {
        return Err(ApiErr::BadRequest(format!("limit 须在 1 到 {MAX_PAGE_LIMIT} 之间")));
    }
    let user_id = caller.user.id;
    let (slips, has_more, last_mutation_id) = state
        .db
        .read(move |c| {
            // Read in one transaction so the mutation watermark matches the page.
            let mut tx = c.transaction()?;
            let (slips, has_more) = slips::changes(&mut tx, department_id, after, limit)?;
            let last_mutation_id = match q.device_id.as_deref() {
                Some(d) => Some(devices::last_mutation_id(&mut tx, d, user_id)?.unwrap_or(0)),
                None => None,
            };
            Ok((slips, has_more, last_mutation_id))
        })
        .await?;
    let last = slips.last().map(|s| s.seq).unwrap_or(after);
    Ok(Json(ChangesPage { slips, cursor: encode_cursor(&state.instance, last), has_more, server_time: state.now(), last_mutation_id }))
}

pub async fn get_slip(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath) -> Result<Json<Slip>, ApiErr> {
    // A malformed id is simply a slip that does not exist.
    let id = path_id(&id, ApiErr::NotFound)?;
    let slip = state.db.read(move |c| Ok(slips::get(c, id)?)).await?.ok_or(ApiErr::NotFound)?;
    // Another department's slip answers exactly like a missing one: its existence is not revealed.
    let visible = caller.user.role == Role::Operator || caller.user.department_id == Some(slip.department_id);
    if !visible {
        return Err(ApiErr::NotFound);
    }
    Ok(Json(slip))
}
