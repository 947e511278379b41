//! The alert policy: thresholds before `due_at` per tier, and how long a slip may wait for its
//! acknowledgement. Defaults from the issue: the 1-hour tier at 30 and 10 minutes left and
//! overdue; the others at 24 hours (the "yellow card") and 2 hours left and overdue (the "red
//! card"); unacknowledged after 15 minutes (emergency) or 2 hours.

use chengban_protocol::Tier;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TierAlerts {
    pub tier: Tier,
    /// Minutes before `due_at`, e.g. [1440, 120, 0]; 0 is "overdue".
    pub minutes_before: Vec<u32>,
    /// Minutes after dispatch without acknowledgement.
    pub unacknowledged_after: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AlertSettings {
    pub tiers: Vec<TierAlerts>,
    /// Minutes after dispatch a slip nobody has been given is named to the leader and the 内勤;
    /// 0 turns the reminder off.
    #[serde(default = "default_unassigned_after")]
    pub unassigned_after: u32,
}

fn default_unassigned_after() -> u32 {
    60
}

impl Default for AlertSettings {
    fn default() -> Self {
        let tiers = Tier::ALL
            .iter()
            .map(|&tier| match tier {
                Tier::Emergency => TierAlerts { tier, minutes_before: vec![30, 10, 0], unacknowledged_after: 15 },
                _ => TierAlerts { tier, minutes_before: vec![24 * 60, 120, 0], unacknowledged_after: 120 },
            })
            .collect();
        AlertSettings { tiers, unassigned_after: default_unassigned_after() }
    }
}

/// The longest threshold accepted: ten days, the longest time limit.
pub const MAX_MINUTES: u32 = 10 * 24 * 60;

impl AlertSettings {
    const KEY: &'static str = "alerts";

    /// The saved settings, or the defaults.
    pub fn load(conn: &rusqlite::Connection) -> rusqlite::Result<Self> {
        crate::store::settings::get(conn, Self::KEY)
    }

    pub fn save(&self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        crate::store::settings::put(conn, Self::KEY, self)
    }

    pub fn for_tier(&self, tier: Tier) -> TierAlerts {
        self.tiers.iter().find(|t| t.tier == tier).cloned().unwrap_or_else(|| {
            AlertSettings::default().tiers.into_iter().find(|t| t.tier == tier).unwrap_or(TierAlerts {
                tier,
                minutes_before: vec![0],
                unacknowledged_after: 120,
            })
        })
    }

    /// Checks and tidies settings from the UI: each tier once, thresholds within range,
    /// largest first, no duplicates. The message says what is wrong, in Chinese.
    pub fn validated(mut self) -> Result<Self, String> {
        for t in &mut self.tiers {
            if t.minutes_before.iter().any(|m| *m > MAX_MINUTES) {
                return Err(format!("“{}”的提醒时间不能早于截止前 10 天", t.tier.label()));
            }
            if t.unacknowledged_after == 0 || t.unacknowledged_after > MAX_MINUTES {
                return Err(format!("“{}”的未签收提醒须在 1 分钟到 10 天之间", t.tier.label()));
            }
            t.minutes_before.sort_unstable_by(|a, b| b.cmp(a));
            t.minutes_before.dedup();
        }
        if self.unassigned_after > MAX_MINUTES {
            return Err("未分派提醒须在 10 天以内（0 为不提醒）".into());
        }
        let mut seen = std::collections::HashSet::new();
        if !self.tiers.iter().all(|t| seen.insert(t.tier)) {
            return Err("每个时限类别只能设置一次".into());
        }
        Ok(self)
    }
}
