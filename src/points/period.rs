//! ISO 8601 durations as recurrence periods: `P1D`, `P1M`, `P1Y`, `PT12H`, `P2W`,
//! `P1Y2M3DT4H5M6S`.
//!
//! A small strict parser rather than the `iso8601` crate: that crate's errors are parser
//! internals (no use to an admin typing in a field), it accepts fractions and forms the API
//! does not (`P0.5D`, alternative `PYYYY-MM-DD` forms), and we need every intermediate state
//! while typing (`P`, `P1`, `PT`) to say what is missing next.

use chrono::{Duration, Months, NaiveDate, NaiveDateTime};

/// A calendar period. Months and years are calendar units (Jan 31 + P1M = Feb 28/29).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub years: u32,
    pub months: u32,
    pub weeks: u32,
    pub days: u32,
    pub hours: u32,
    pub minutes: u32,
    pub seconds: u32,
}

/// Why a period text is refused; its message says what to type next (`Display` in
/// English, `I18n::period_error` in es/en).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    Empty,
    /// It must start with `P`.
    MissingP,
    /// `P` alone, or `P…T` with nothing after `T`.
    Incomplete {
        after_t: bool,
    },
    /// Digits at the end without a unit.
    MissingUnit,
    /// A letter that is no unit here.
    UnknownUnit(char),
    /// A unit without a number before it.
    MissingNumber(char),
    /// Units out of order or repeated (`P1D1M`).
    OutOfOrder(char),
    /// `0.5`, `1,5`: whole numbers only.
    Fraction,
    /// `P2W1D`: weeks stand alone.
    WeeksCombined,
    /// A number too large to mean anything.
    TooLarge,
    /// `P0D`: a period must be longer than zero.
    Zero,
}

impl PeriodError {
    /// What to type next, in English (`Display`; the TUI's catalogue renders it in es/en).
    fn english(&self) -> String {
        match self {
            Self::Empty => "type an ISO 8601 period, e.g. P1M (monthly)".into(),
            Self::MissingP => "must start with P, e.g. P1D, P1M, P1Y, PT12H".into(),
            Self::Incomplete { after_t: true } => {
                "after T add hours, minutes or seconds, e.g. PT12H".into()
            }
            Self::Incomplete { .. } => "add a number and a unit, e.g. P1M".into(),
            Self::MissingUnit => {
                "the number needs a unit: Y (years), M (months), W (weeks), D (days); after T: H, M, S".into()
            }
            Self::UnknownUnit(c) => format!("unknown unit {c:?}"),
            Self::MissingNumber(c) => format!("a number must come before {c:?}"),
            Self::OutOfOrder(c) => {
                format!("{c:?} is out of order or repeated: the order is Y M W D, then T H M S")
            }
            Self::Fraction => "whole numbers only".into(),
            Self::WeeksCombined => "weeks (W) cannot be combined with other units".into(),
            Self::TooLarge => "number too large".into(),
            Self::Zero => "the period must be longer than zero".into(),
        }
    }
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for PeriodError {}

/// Order of units: date part Y M W D (0..4), time part H M S (4..7).
const DATE_UNITS: [char; 4] = ['Y', 'M', 'W', 'D'];
const TIME_UNITS: [char; 3] = ['H', 'M', 'S'];

impl Period {
    /// Parses strictly (lowercase letters are accepted and mean the same).
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let t = text.trim().to_ascii_uppercase();
        if t.is_empty() {
            return Err(PeriodError::Empty);
        }
        let rest = t.strip_prefix('P').ok_or(PeriodError::MissingP)?;
        let mut p = Period::default();
        let mut in_time = false;
        let mut next_slot = 0usize; // the first unit index still allowed
        let mut number = String::new();
        let mut any = false;
        let mut any_in_time = false;
        for c in rest.chars() {
            match c {
                '0'..='9' => number.push(c),
                '.' | ',' => return Err(PeriodError::Fraction),
                'T' if !in_time => {
                    if !number.is_empty() {
                        return Err(PeriodError::MissingUnit);
                    }
                    in_time = true;
                    next_slot = 0;
                }
                _ => {
                    let units: &[char] = if in_time { &TIME_UNITS } else { &DATE_UNITS };
                    let Some(slot) = units.iter().position(|u| *u == c) else {
                        return Err(PeriodError::UnknownUnit(c));
                    };
                    if number.is_empty() {
                        return Err(PeriodError::MissingNumber(c));
                    }
                    if slot < next_slot {
                        return Err(PeriodError::OutOfOrder(c));
                    }
                    let n: u32 = number.parse().map_err(|_| PeriodError::TooLarge)?;
                    if n > 100_000 {
                        return Err(PeriodError::TooLarge);
                    }
                    number.clear();
                    next_slot = slot + 1;
                    any = true;
                    let field = match (in_time, slot) {
                        (true, 0) => &mut p.hours,
                        (true, 1) => &mut p.minutes,
                        (true, _) => &mut p.seconds,
                        (false, 0) => &mut p.years,
                        (false, 1) => &mut p.months,
                        (false, 2) => &mut p.weeks,
                        (false, _) => &mut p.days,
                    };
                    any_in_time |= in_time;
                    *field = n;
                }
            }
        }
        if !number.is_empty() {
            return Err(PeriodError::MissingUnit);
        }
        if in_time && !any_in_time {
            return Err(PeriodError::Incomplete { after_t: true });
        }
        if !any {
            return Err(PeriodError::Incomplete { after_t: false });
        }
        let others = p.years + p.months + p.days + p.hours + p.minutes + p.seconds;
        if p.weeks > 0 && others > 0 {
            return Err(PeriodError::WeeksCombined);
        }
        if p.weeks == 0 && others == 0 {
            return Err(PeriodError::Zero);
        }
        Ok(p)
    }

    fn total_months(&self) -> u64 {
        u64::from(self.years) * 12 + u64::from(self.months)
    }

    fn fixed_part(&self) -> Duration {
        Duration::days(i64::from(self.weeks) * 7 + i64::from(self.days))
            + Duration::hours(i64::from(self.hours))
            + Duration::minutes(i64::from(self.minutes))
            + Duration::seconds(i64::from(self.seconds))
    }

    /// `start + k × self`, computed from `start` (not step by step) so month ends do not
    /// drift: Jan 31 + 2 × P1M = Mar 31. `None` past chrono's range.
    pub fn nth_after(&self, start: NaiveDateTime, k: u64) -> Option<NaiveDateTime> {
        let months = u32::try_from(self.total_months().checked_mul(k)?).ok()?;
        let fixed = self.fixed_part().checked_mul(i32::try_from(k).ok()?)?;
        start
            .checked_add_months(Months::new(months))?
            .checked_add_signed(fixed)
    }

    /// The longest this period can last, to skip ahead without undershooting.
    pub fn max_len(&self) -> Duration {
        Duration::days(self.total_months() as i64 * 31) + self.fixed_part()
    }
}

impl std::fmt::Display for Period {
    /// The canonical text: `P1Y2M3DT4H5M6S`, `P2W`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("P")?;
        for (n, u) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n > 0 {
                write!(f, "{n}{u}")?;
            }
        }
        if self.hours + self.minutes + self.seconds > 0 {
            f.write_str("T")?;
            for (n, u) in [(self.hours, 'H'), (self.minutes, 'M'), (self.seconds, 'S')] {
                if n > 0 {
                    write!(f, "{n}{u}")?;
                }
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, PeriodError> {
        Period::parse(s)
    }
}

/// Most dates a preview computes, whatever `n` asks.
pub const MAX_PREVIEW: usize = 1000;

/// The next `n` (at most [`MAX_PREVIEW`]) issue times of a rule starting at `start`
/// (midnight) every `period`, strictly after `after`, and on or before `end` (inclusive, the
/// whole day) when there is one.
pub fn next_issue_dates(
    start: NaiveDate,
    period: &Period,
    end: Option<NaiveDate>,
    after: NaiveDateTime,
    n: usize,
) -> Vec<NaiveDateTime> {
    issue_times(start, *period, end, after)
        .take(n.min(MAX_PREVIEW))
        .collect()
}

/// Every issue time of a rule starting at `start` (midnight) every `period`, strictly after
/// `after`, and on or before `end` (inclusive, the whole day) when there is one; in order,
/// without bound. The console's preview and the sandbox's issuing both walk this.
pub fn issue_times(
    start: NaiveDate,
    period: Period,
    end: Option<NaiveDate>,
    after: NaiveDateTime,
) -> impl Iterator<Item = NaiveDateTime> {
    let origin = start.and_time(chrono::NaiveTime::MIN);
    // Skip whole periods that surely end before `after`, then walk.
    let mut k: u64 = if after > origin {
        let step = period.max_len().num_seconds().max(1);
        ((after - origin).num_seconds() / step).max(0) as u64
    } else {
        0
    };
    std::iter::from_fn(move || {
        loop {
            let t = period.nth_after(origin, k)?;
            if end.is_some_and(|e| t.date() > e) {
                return None;
            }
            k += 1;
            if t > after {
                return Some(t);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn parses_the_forms_the_api_uses() {
        let p = |s: &str| Period::parse(s).unwrap();
        assert_eq!(p("P1D").days, 1);
        assert_eq!(p("P1M").months, 1);
        assert_eq!(p("P1Y").years, 1);
        assert_eq!(p("PT12H").hours, 12);
        assert_eq!(p("P2W").weeks, 2);
        assert_eq!(
            p("P1Y2M3DT4H5M6S"),
            Period {
                years: 1,
                months: 2,
                weeks: 0,
                days: 3,
                hours: 4,
                minutes: 5,
                seconds: 6
            }
        );
        assert_eq!(p(" p1m ").to_string(), "P1M");
        assert_eq!(p("PT30M").minutes, 30);
        assert_eq!(p("P1Y2M3DT4H5M6S").to_string(), "P1Y2M3DT4H5M6S");
    }

    #[test]
    fn every_partial_input_says_what_is_missing() {
        let e = |s: &str| Period::parse(s).unwrap_err();
        assert_eq!(e(""), PeriodError::Empty);
        assert_eq!(e("1D"), PeriodError::MissingP);
        assert_eq!(e("P"), PeriodError::Incomplete { after_t: false });
        assert_eq!(e("P1"), PeriodError::MissingUnit);
        assert_eq!(e("PT"), PeriodError::Incomplete { after_t: true });
        assert_eq!(e("P1DT"), PeriodError::Incomplete { after_t: true });
        assert_eq!(e("PT1"), PeriodError::MissingUnit);
        assert_eq!(e("P1X"), PeriodError::UnknownUnit('X'));
        assert_eq!(e("PT1D"), PeriodError::UnknownUnit('D'));
        assert_eq!(e("PD"), PeriodError::MissingNumber('D'));
        assert_eq!(e("P1D1M"), PeriodError::OutOfOrder('M'));
        assert_eq!(e("P1M1M"), PeriodError::OutOfOrder('M'));
        assert_eq!(e("P1.5D"), PeriodError::Fraction);
        assert_eq!(e("P2W1D"), PeriodError::WeeksCombined);
        assert_eq!(e("P0D"), PeriodError::Zero);
        assert_eq!(e("P99999999999D"), PeriodError::TooLarge);
        assert_eq!(e("P1DT1H1H"), PeriodError::OutOfOrder('H'));
        assert!(e("P1").to_string().contains("unit"));
    }

    #[test]
    fn refuses_garbage_and_accepts_combined_units() {
        // Cases the sandbox's own parser used to cover, before it used this one.
        assert!(Period::parse("P1DT6H30M").is_ok());
        for bad in [
            "",
            "P",
            "PT",
            "1D",
            "P1",
            "PXD",
            "P1H",
            "PT1D",
            "P0D",
            "every day",
            "P1D1D",
            "P-1D",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn issue_times_is_unbounded_but_stops_at_the_end() {
        let daily = Period::parse("P1D").unwrap();
        let all: Vec<NaiveDateTime> =
            issue_times(d("2020-01-01"), daily, None, dt("2020-01-01 00:00"))
                .take(MAX_PREVIEW + 5)
                .collect();
        assert_eq!(all.len(), MAX_PREVIEW + 5);
        assert_eq!(all[0].date(), d("2020-01-02"));
        let ended = issue_times(
            d("2020-01-01"),
            daily,
            Some(d("2020-01-03")),
            dt("2019-12-31 23:59"),
        );
        assert_eq!(ended.count(), 3);
    }

    #[test]
    fn monthly_from_the_31st_stays_on_month_ends() {
        let p = Period::parse("P1M").unwrap();
        let got = next_issue_dates(d("2024-01-31"), &p, None, dt("2024-01-01 00:00"), 4);
        let days: Vec<String> = got.iter().map(|t| t.date().to_string()).collect();
        assert_eq!(
            days,
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
        );
    }

    #[test]
    fn yearly_from_leap_day() {
        let p = Period::parse("P1Y").unwrap();
        let got = next_issue_dates(d("2024-02-29"), &p, None, dt("2024-03-01 00:00"), 4);
        let days: Vec<String> = got.iter().map(|t| t.date().to_string()).collect();
        assert_eq!(
            days,
            ["2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]
        );
    }

    #[test]
    fn only_dates_after_now_and_up_to_the_end() {
        let p = Period::parse("P2W").unwrap();
        let got = next_issue_dates(
            d("2025-01-01"),
            &p,
            Some(d("2025-03-01")),
            dt("2025-01-29 10:00"),
            10,
        );
        let days: Vec<String> = got.iter().map(|t| t.date().to_string()).collect();
        assert_eq!(days, ["2025-02-12", "2025-02-26"]);
        // End date inclusive.
        let daily = Period::parse("P1D").unwrap();
        let got = next_issue_dates(
            d("2025-01-01"),
            &daily,
            Some(d("2025-01-03")),
            dt("2024-12-01 00:00"),
            10,
        );
        assert_eq!(got.len(), 3);
        // End before start: nothing.
        assert!(
            next_issue_dates(
                d("2025-01-05"),
                &daily,
                Some(d("2025-01-03")),
                dt("2024-12-01 00:00"),
                10
            )
            .is_empty()
        );
    }

    #[test]
    fn sub_daily_periods_and_long_skips() {
        let p = Period::parse("PT12H").unwrap();
        let got = next_issue_dates(d("2000-01-01"), &p, None, dt("2025-06-15 13:00"), 3);
        let txt: Vec<String> = got.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            next_issue_dates(
                d("2025-01-01"),
                &p,
                None,
                dt("2025-01-01 00:00"),
                usize::MAX
            )
            .len(),
            MAX_PREVIEW
        );
        assert_eq!(
            txt,
            [
                "2025-06-16 00:00:00",
                "2025-06-16 12:00:00",
                "2025-06-17 00:00:00"
            ]
        );
        let mixed = Period::parse("P1M1D").unwrap();
        let got = next_issue_dates(d("2025-01-31"), &mixed, None, dt("2025-01-01 00:00"), 3);
        let days: Vec<String> = got.iter().map(|t| t.date().to_string()).collect();
        assert_eq!(days, ["2025-01-31", "2025-03-01", "2025-04-02"]);
    }
}
