//! Searching the cached slips: the full-text indexes (trigram for three characters and more,
//! character pairs for one and two) and their upkeep as slips are written.

use chengban_protocol::Slip;
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::SlipRow;
use super::slips::{load, slip_row, ROW_COLUMNS};

/// Slips whose search index entry is still to be written: the first fill of a cache leaves
/// indexing to a background step, so the inbox shows as soon as the rows are in.
pub const MIGRATION_SEARCH_PENDING: &str = "
CREATE TABLE fts_pending (id INTEGER PRIMARY KEY);";

/// Full-text search over number, title, content, address and citizen name. The trigram
/// tokenizer matches any substring of 3+ characters, Chinese included; shorter queries (many
/// Chinese words are two characters) fall back to a LIKE scan.
pub const MIGRATION_SEARCH: &str = "
CREATE VIRTUAL TABLE slips_fts USING fts5(number, title, content, address, citizen_name, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO slips_fts (rowid, number, title, content, address, citizen_name)
    SELECT id, number, title, content, COALESCE(address, ''), COALESCE(citizen_name, '') FROM slips;";

/// Search for one- and two-character queries (many Chinese words are two characters, and a
/// surname is one), which the trigram index cannot answer. Each field is stored as the list of
/// its character pairs (the last character of a run alone), so a two-character query is one
/// term lookup and a one-character query a prefix lookup, never a scan. Only whether a slip
/// holds a pair matters, hence `detail=none`: no positions, a fraction of the size.
pub const MIGRATION_SEARCH_SHORT: &str = "
CREATE VIRTUAL TABLE slips_short USING fts5(terms, content='', contentless_delete=1, detail=none, tokenize='ascii');
INSERT OR IGNORE INTO fts_pending (id) SELECT id FROM slips;";

/// Writes up to `batch` pending search index entries; returns how many.
pub fn index_pending(conn: &Connection, batch: u32) -> rusqlite::Result<usize> {
    let ids: Vec<i64> =
        conn.prepare_cached("SELECT id FROM fts_pending LIMIT ?1")?.query_map([batch], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let secret = if ids.is_empty() { String::new() } else { super::similar::secret(conn)? };
    for id in &ids {
        if let Some(s) = load(conn, *id)? {
            index_for_search(conn, &s)?;
            super::rate_facts::put(conn, &s)?;
            super::similar::put(conn, &secret, &s)?;
        }
        conn.prepare_cached("DELETE FROM fts_pending WHERE id = ?1")?.execute([id])?;
    }
    Ok(ids.len())
}

fn search_index_complete(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM fts_pending LIMIT 1", [], |_| Ok(())).optional()?.is_none())
}

pub(super) fn index_for_search(conn: &Connection, s: &Slip) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM slips_fts WHERE rowid = ?1")?.execute([s.id])?;
    conn.prepare_cached("DELETE FROM slips_short WHERE rowid = ?1")?.execute([s.id])?;
    let fields = [s.number.as_str(), &s.title, &s.content, s.address.as_deref().unwrap_or(""), s.citizen.name.as_deref().unwrap_or("")];
    conn.prepare_cached("INSERT INTO slips_short (rowid, terms) VALUES (?1, ?2)")?.execute(params![s.id, short_terms(&fields)])?;
    conn.prepare_cached("INSERT INTO slips_fts (rowid, number, title, content, address, citizen_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![
            s.id,
            s.number,
            s.title,
            s.content,
            s.address.as_deref().unwrap_or(""),
            s.citizen.name.as_deref().unwrap_or("")
        ])?;
    Ok(())
}

/// The newest `limit` slips matching `query`, shown soonest deadline first.
pub fn search(conn: &Connection, query: &str, limit: u32) -> rusqlite::Result<Vec<SlipRow>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let select = format!("SELECT {ROW_COLUMNS} FROM slips");
    let map = slip_row;
    // Until the background indexing after a first fill is done, scan instead: slower, never
    // missing a slip.
    let indexed = search_index_complete(conn)?;
    let short = short_query(q);
    if short.is_some() && indexed {
        let mut stmt = conn.prepare_cached(&format!(
            "{select} WHERE id IN (SELECT rowid FROM slips_short WHERE slips_short MATCH ?1 ORDER BY rowid DESC LIMIT ?2) ORDER BY due_at, id"
        ))?;
        let rows = stmt.query_map(params![short, limit], map)?;
        rows.collect()
    } else if q.chars().count() >= 3 && indexed {
        // A phrase: quotes inside the query are doubled, so input cannot change the syntax.
        let phrase = format!("\"{}\"", q.replace('"', "\"\""));
        // The newest matches (FTS5 walks its doclists in rowid order and stops at the limit),
        // then shown soonest deadline first: a common word no longer means sorting them all.
        let mut stmt = conn.prepare_cached(&format!(
            "{select} WHERE id IN (SELECT rowid FROM slips_fts WHERE slips_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) ORDER BY due_at, id"
        ))?;
        let rows = stmt.query_map(params![phrase, limit], map)?;
        rows.collect()
    } else {
        let like = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        // Newest first with a limit, so a common two-character word stops the scan early.
        let mut stmt = conn.prepare_cached(&format!(
            "{select} WHERE id IN (SELECT id FROM slips WHERE number LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\'
                OR address LIKE ?1 ESCAPE '\\' OR citizen_name LIKE ?1 ESCAPE '\\' OR content LIKE ?1 ESCAPE '\\'
                ORDER BY id DESC LIMIT ?2) ORDER BY due_at, id"
        ))?;
        let rows = stmt.query_map(params![like, limit], map)?;
        rows.collect()
    }
}

/// Where the `ascii` tokenizer splits: the pairs are built only from characters it keeps.
fn separates(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_alphanumeric()
}

/// The terms of the short-query index: every pair of neighbouring characters within a run,
/// and the run's last character alone, so each character starts at least one term.
fn short_terms(fields: &[&str]) -> String {
    let mut out = String::new();
    for field in fields {
        let chars: Vec<char> = field.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if separates(c) {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            if let Some(&next) = chars.get(i + 1).filter(|n| !separates(**n)) {
                out.push(next);
            }
        }
    }
    out
}

/// The FTS5 query for a one- or two-character search: the pair as a term, a single character
/// as the prefix of terms. `None` when the index cannot answer it (longer, or holding a
/// character the tokenizer splits on).
fn short_query(q: &str) -> Option<String> {
    let chars: Vec<char> = q.chars().collect();
    if chars.is_empty() || chars.len() > 2 || chars.iter().any(|c| separates(*c)) {
        return None;
    }
    // Only token characters remain, so quoting cannot be broken out of.
    Some(if chars.len() == 1 { format!("\"{q}\"*") } else { format!("\"{q}\"") })
}

#[cfg(test)]
pub(crate) mod search_tests {
    use super::*;
    use crate::store::slips::{upsert, upsert_with};
    use crate::store::Store;
    use chengban_protocol::Citizen;

    pub(crate) fn slip(id: i64, title: &str, content: &str, name: &str) -> Slip {
        let base = chengban_testkit::slip(id);
        Slip {
            title: title.into(),
            content: content.into(),
            citizen: Citizen { name: Some(name.into()), phone: None, anonymous: false },
            address: Some("铁西区祥和家园".into()),
            due_at: base.dispatched_at + chrono::Duration::hours(id),
            ..base
        }
    }

    #[test]
    fn search_finds_chinese_substrings_of_any_length_in_every_field() {
        let store = Store::open_in_memory().unwrap();
        store
            .write_blocking(|c| {
                upsert(c, &slip(1, "小区垃圾台堆满", "臭气熏天", "关先生"))?;
                upsert(c, &slip(2, "六楼以上经常停水", "影响生活", "李女士"))?;
                Ok(())
            })
            .unwrap();
        let ids = |q: &str| store.read_blocking(|c| Ok(search(c, q, 50)?)).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids("垃圾台"), vec![1], "title, 3+ characters through FTS");
        assert_eq!(ids("停水"), vec![2], "two characters through the pair index");
        assert_eq!(ids("堆满"), vec![1], "a pair at the end of a field");
        assert_eq!(ids("满"), vec![1], "one character at the end of a field");
        assert_eq!(ids("李"), vec![2], "one character at the start");
        assert_eq!(ids("满臭"), Vec::<i64>::new(), "no pair across two fields");
        assert_eq!(ids("sp"), vec![1, 2], "ASCII letters ignore case");
        assert_eq!(ids("5-"), vec![1, 2], "a separator falls back to the scan");
        assert_eq!(ids("臭气熏天"), vec![1], "content");
        assert_eq!(ids("李女士"), vec![2], "citizen name");
        assert_eq!(ids("000002"), vec![2], "slip number");
        assert_eq!(ids("祥和家园"), vec![1, 2], "address, soonest deadline first");
        assert!(ids("\"; DROP").is_empty(), "quotes cannot break out of the phrase");
        assert!(ids("%").is_empty(), "LIKE wildcards are literal");
    }

    #[test]
    fn slips_not_yet_indexed_are_still_found_and_indexing_catches_up() {
        let store = Store::open_in_memory().unwrap();
        store.write_blocking(|c| Ok(upsert_with(c, &slip(1, "小区垃圾台堆满", "臭气熏天", "关先生"), false)?)).unwrap();
        let ids = |q: &str| store.read_blocking(|c| Ok(search(c, q, 50)?)).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids("垃圾台"), vec![1], "found by the scan before indexing");
        assert_eq!(ids("垃圾"), vec![1], "two characters too");
        assert_eq!(store.write_blocking(|c| Ok(index_pending(c, 100)?)).unwrap(), 1);
        assert_eq!(store.write_blocking(|c| Ok(index_pending(c, 100)?)).unwrap(), 0);
        assert_eq!(ids("垃圾台"), vec![1], "and by the index after");
        assert_eq!(ids("垃圾"), vec![1], "the short index after");
    }

    #[test]
    fn an_updated_slip_is_found_by_its_new_text_only() {
        let store = Store::open_in_memory().unwrap();
        store.write_blocking(|c| Ok(upsert(c, &slip(1, "路灯损坏", "x", "a"))?)).unwrap();
        store.write_blocking(|c| Ok(upsert(c, &slip(1, "井盖缺失", "x", "a"))?)).unwrap();
        let n = |q: &str| store.read_blocking(|c| Ok(search(c, q, 50)?.len())).unwrap();
        assert_eq!((n("路灯损坏"), n("井盖缺失")), (0, 1));
        assert_eq!((n("路灯"), n("井盖"), n("损"), n("缺")), (0, 1, 0, 1), "the short index forgets the old text too");
    }
}
