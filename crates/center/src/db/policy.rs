//! Table `policy`: each tier's time limit, seeded with the Siping table and replaceable by the
//! operator's configuration.

use super::sql::{self, params, Conn, ConnExt};
use chengban_protocol::Tier;

use crate::policy::{siping_default, Limit, Unit};

pub const MIGRATION: &str = "
CREATE TABLE policy (
    tier   TEXT PRIMARY KEY,
    amount INTEGER NOT NULL CHECK (amount > 0),
    unit   TEXT NOT NULL CHECK (unit IN ('hours', 'calendar_days', 'working_days'))
);";

pub fn set(conn: &mut dyn Conn, tier: Tier, limit: Limit) -> sql::Result<()> {
    conn.execute(
        "INSERT INTO policy (tier, amount, unit) VALUES (?1, ?2, ?3)
         ON CONFLICT (tier) DO UPDATE SET amount = excluded.amount, unit = excluded.unit",
        params![tier.as_str(), limit.amount, limit.unit.as_str()],
    )?;
    Ok(())
}

/// The tier's configured limit, or the Siping default when none is configured.
pub fn get(conn: &mut dyn Conn, tier: Tier) -> sql::Result<Limit> {
    let found = conn.query_opt("SELECT amount, unit FROM policy WHERE tier = ?1", params![tier.as_str()], |r| {
        Ok((r.get::<u32>(0)?, r.get::<String>(1)?))
    })?;
    Ok(match found.and_then(|(amount, unit)| Unit::parse(&unit).map(|unit| Limit { amount, unit })) {
        Some(limit) => limit,
        None => siping_default(tier),
    })
}
