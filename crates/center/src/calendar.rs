//! The holiday calendar: which local dates are working days. Weekends are off unless listed as
//! make-up working days (调休); listed official holidays are off even on weekdays.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("cannot read calendar file: {0}")]
    Io(#[from] std::io::Error),
    #[error("calendar file is not valid: {0}")]
    Parse(#[from] serde_json::Error),
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: HashSet<NaiveDate>,
    workdays: HashSet<NaiveDate>,
}

#[derive(Deserialize)]
struct CalendarFile {
    #[serde(default)]
    holidays: Vec<NaiveDate>,
    #[serde(default)]
    workdays: Vec<NaiveDate>,
}

/// China's 2026 calendar, shipped with the server; replace with `--calendar` each year.
const BUILTIN: &str = include_str!("../calendar/cn-2026.json");

impl Calendar {
    pub fn builtin() -> Self {
        Self::from_json(BUILTIN).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile = serde_json::from_str(text)?;
        Ok(Self { holidays: file.holidays.into_iter().collect(), workdays: file.workdays.into_iter().collect() })
    }

    pub fn load(path: &std::path::Path) -> Result<Self, CalendarError> {
        Self::from_json(&std::fs::read_to_string(path)?)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.workdays.contains(&date) {
            return true;
        }
        if self.holidays.contains(&date) {
            return false;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weekends_are_off_and_weekdays_on() {
        let c = Calendar::default();
        assert!(c.is_working_day(d("2026-11-25")));
        assert!(!c.is_working_day(d("2026-11-28")));
        assert!(!c.is_working_day(d("2026-11-29")));
    }

    #[test]
    fn builtin_calendar_knows_national_day_and_its_make_up_saturday() {
        let c = Calendar::builtin();
        assert!(!c.is_working_day(d("2026-10-01")), "国庆 is a holiday");
        assert!(!c.is_working_day(d("2026-10-05")), "a Monday inside 国庆 is off");
        assert!(c.is_working_day(d("2026-10-10")), "Saturday 10-10 is a make-up working day");
        assert!(c.is_working_day(d("2026-09-20")), "Sunday 09-20 is a make-up working day");
    }
}
