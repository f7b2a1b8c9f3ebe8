//! How long open requests have waited, against the configured SLA thresholds.

use chrono::{DateTime, Duration, Utc};

use crate::config::BoardSection;

use super::Row;

/// When an open request turns amber (`warn`) and red (`breach`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaThresholds {
    pub warn: Duration,
    pub breach: Duration,
}

impl SlaThresholds {
    /// From `[board] sla_warn_minutes` / `sla_breach_minutes`. A breach set below the warning
    /// is raised to it, so the levels always go ok → warn → breach.
    pub fn from_config(board: &BoardSection) -> SlaThresholds {
        let minutes = |m: u64| Duration::minutes(i64::try_from(m).unwrap_or(i64::MAX / 60_000));
        let warn = minutes(board.sla_warn_minutes);
        let breach = minutes(board.sla_breach_minutes).max(warn);
        SlaThresholds { warn, breach }
    }

    pub fn level(&self, age: Duration) -> SlaLevel {
        if age >= self.breach {
            SlaLevel::Breach
        } else if age >= self.warn {
            SlaLevel::Warn
        } else {
            SlaLevel::Ok
        }
    }
}

impl Default for SlaThresholds {
    fn default() -> Self {
        Self::from_config(&BoardSection::default())
    }
}

/// The colour band of an open request's age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlaLevel {
    /// Finished, cancelled, or no `requested_at`: no clock runs.
    NotApplicable,
    Ok,
    Warn,
    Breach,
}

impl Row {
    /// Time since `requested_at` of an open request (never negative: clocks differ).
    pub fn open_age(&self, now: DateTime<Utc>) -> Option<Duration> {
        if !self.status_ref().is_open() {
            return None;
        }
        Some((now - self.entry.requested?).max(Duration::zero()))
    }

    pub fn sla_level(&self, now: DateTime<Utc>, sla: &SlaThresholds) -> SlaLevel {
        self.open_age(now)
            .map_or(SlaLevel::NotApplicable, |age| sla.level(age))
    }
}

/// A short age: `45m`, `2h 05m`, `3d 04h`.
pub fn format_age(age: Duration) -> String {
    let mins = age.num_minutes().max(0);
    let (d, h, m) = (mins / 1440, (mins / 60) % 24, mins % 60);
    if d > 0 {
        format!("{d}d {h:02}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else {
        format!("{m}m")
    }
}
