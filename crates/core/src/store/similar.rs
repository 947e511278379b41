//! Finding a slip's similar past cases (`chengban_protocol::similar`): each cached slip carries
//! a keyed hash of the citizen's phone (HMAC-SHA256 under a secret this desk made and keeps in
//! its work file — the phone is not stored a second time, and the hash cannot be compared across
//! desks) and its address as compared, both indexed. The search index finds like titles.

use chengban_protocol::similar::{address_key, phone_digits};
use chengban_protocol::Slip;
use hmac::{Hmac, Mac};
use rusqlite::{params, Connection};
use sha2::Sha256;

/// The cache's columns and their indexes; every slip already cached is keyed in the background.
pub const MIGRATION: &str = "
ALTER TABLE slips ADD COLUMN phone_key TEXT;
ALTER TABLE slips ADD COLUMN address_key TEXT;
CREATE INDEX slips_phone_key ON slips (phone_key) WHERE phone_key IS NOT NULL;
CREATE INDEX slips_address_key ON slips (address_key) WHERE address_key IS NOT NULL;
CREATE TABLE similar_pending (id INTEGER PRIMARY KEY);
INSERT INTO similar_pending SELECT id FROM slips;";

const SECRET: &str = "similar_key";

/// This desk's secret for the phone's hash, made on first use.
pub fn secret(conn: &Connection) -> rusqlite::Result<String> {
    let found: String = super::settings::get(conn, SECRET)?;
    if !found.is_empty() {
        return Ok(found);
    }
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    let made: String = b.iter().map(|x| format!("{x:02x}")).collect();
    super::settings::put(conn, SECRET, &made)?;
    // Keys made under a secret now lost (a work file made anew) match nothing: key every slip
    // again under this one.
    conn.execute("INSERT OR IGNORE INTO similar_pending SELECT id FROM slips", [])?;
    Ok(made)
}

/// The secret if this desk has made it (a read cannot make it; then nothing is keyed yet).
fn secret_if_made(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let found: String = super::settings::get(conn, SECRET)?;
    Ok((!found.is_empty()).then_some(found))
}

/// The keyed hash of `phone` as compared; None for no usable number.
pub fn phone_key(secret: &str, phone: Option<&str>) -> Option<String> {
    let digits = phone_digits(phone?)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(digits.as_bytes());
    Some(mac.finalize().into_bytes().iter().take(16).map(|x| format!("{x:02x}")).collect())
}

/// Writes slip `s`'s keys (an anonymous caller's phone is not keyed: it is not to be matched).
pub fn put(conn: &Connection, secret: &str, s: &Slip) -> rusqlite::Result<()> {
    let phone = if s.citizen.anonymous { None } else { phone_key(secret, s.citizen.phone.as_deref()) };
    let address = s.address.as_deref().and_then(address_key);
    conn.prepare_cached("UPDATE slips SET phone_key = ?2, address_key = ?3 WHERE id = ?1")?.execute(params![s.id, phone, address])?;
    conn.prepare_cached("DELETE FROM similar_pending WHERE id = ?1")?.execute([s.id])?;
    Ok(())
}

/// Keys up to `batch` slips cached before the keys existed; how many.
pub fn backfill(conn: &Connection, batch: u32) -> rusqlite::Result<usize> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM similar_pending LIMIT ?1")?
        .query_map([batch], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Ok(0);
    }
    let secret = secret(conn)?;
    for id in &ids {
        match super::slips::load(conn, *id)? {
            Some(s) => put(conn, &secret, &s)?,
            None => {
                conn.prepare_cached("DELETE FROM similar_pending WHERE id = ?1")?.execute([id])?;
            }
        }
    }
    Ok(ids.len())
}

/// Why a past slip is offered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reasons {
    pub same_citizen: bool,
    pub same_place: bool,
    pub like_title: bool,
}

/// The cached slips dispatched before `s` by the same citizen, at the same place, or with a title
/// sharing words with it (at most `limit` of each), with why; most recent first.
pub fn candidates(conn: &Connection, s: &Slip, limit: u32) -> rusqlite::Result<Vec<(i64, Reasons)>> {
    let secret = secret_if_made(conn)?;
    let mut found: Vec<(i64, Reasons)> = Vec::new();
    // The reasons of slip `id`, added on first sight.
    fn of(found: &mut Vec<(i64, Reasons)>, id: i64) -> &mut Reasons {
        let at = match found.iter().position(|(x, _)| *x == id) {
            Some(at) => at,
            None => {
                found.push((id, Reasons::default()));
                found.len() - 1
            }
        };
        &mut found[at].1
    }
    let before = super::ts(s.dispatched_at);
    let key = secret.filter(|_| !s.citizen.anonymous).and_then(|secret| phone_key(&secret, s.citizen.phone.as_deref()));
    if let Some(key) = key {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM slips WHERE phone_key = ?1 AND id != ?2 AND dispatched_at <= ?3 ORDER BY dispatched_at DESC LIMIT ?4",
        )?;
        for id in stmt.query_map(params![key, s.id, before, limit], |r| r.get::<_, i64>(0))? {
            of(&mut found, id?).same_citizen = true;
        }
    }
    if let Some(key) = s.address.as_deref().and_then(address_key) {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM slips WHERE address_key = ?1 AND id != ?2 AND dispatched_at <= ?3 ORDER BY dispatched_at DESC LIMIT ?4",
        )?;
        for id in stmt.query_map(params![key, s.id, before, limit], |r| r.get::<_, i64>(0))? {
            of(&mut found, id?).same_place = true;
        }
    }
    if let Some(query) = title_query(&s.title) {
        let mut stmt = conn.prepare_cached(
            "SELECT f.rowid FROM slips_fts f JOIN slips s ON s.id = f.rowid
             WHERE slips_fts MATCH ?1 AND f.rowid != ?2 AND s.dispatched_at <= ?3 ORDER BY rank LIMIT ?4",
        )?;
        for id in stmt.query_map(params![query, s.id, before, limit], |r| r.get::<_, i64>(0))? {
            of(&mut found, id?).like_title = true;
        }
    }
    Ok(found)
}

/// An FTS query for titles sharing any three-character run with `title` (the trigram index).
fn title_query(title: &str) -> Option<String> {
    let chars: Vec<char> = title.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut grams: Vec<String> = chars.windows(3).map(|w| w.iter().collect()).collect();
    grams.sort();
    grams.dedup();
    if grams.is_empty() {
        return None;
    }
    let terms: Vec<String> = grams.iter().map(|g| format!("\"{}\"", g.replace('"', ""))).collect();
    Some(format!("title : ({})", terms.join(" OR ")))
}
