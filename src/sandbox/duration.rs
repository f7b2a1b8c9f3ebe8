//! ISO 8601 durations (`P1D`, `P1M`, `P1Y`, `P2W`, `PT12H`, `P1DT6H30M`) for recurrent
//! point rules: parsed strictly (garbage and zero durations are refused) and added to
//! times with calendar months.

use chrono::{DateTime, Duration, Months, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IsoDuration {
    pub months: u32,
    pub days: i64,
    pub seconds: i64,
}

impl IsoDuration {
    pub fn parse(s: &str) -> Option<IsoDuration> {
        let rest = s.trim().strip_prefix('P')?;
        if rest.is_empty() {
            return None;
        }
        let (date, time) = match rest.split_once('T') {
            Some((d, t)) if !t.is_empty() => (d, Some(t)),
            Some(_) => return None,
            None => (rest, None),
        };
        let mut d = IsoDuration::default();
        let mut parts = 0;
        for (n, unit) in units(date, "YMWD")? {
            parts += 1;
            match unit {
                'Y' => {
                    d.months = d
                        .months
                        .checked_add(u32::try_from(n.checked_mul(12)?).ok()?)?
                }
                'M' => d.months = d.months.checked_add(u32::try_from(n).ok()?)?,
                'W' => d.days = d.days.checked_add(n.checked_mul(7)?)?,
                'D' => d.days = d.days.checked_add(n)?,
                _ => return None,
            }
        }
        if let Some(time) = time {
            for (n, unit) in units(time, "HMS")? {
                parts += 1;
                match unit {
                    'H' => d.seconds = d.seconds.checked_add(n.checked_mul(3600)?)?,
                    'M' => d.seconds = d.seconds.checked_add(n.checked_mul(60)?)?,
                    'S' => d.seconds = d.seconds.checked_add(n)?,
                    _ => return None,
                }
            }
        }
        let bounded = d.months <= 12 * 100 && d.days <= 36_500 && d.seconds <= 3_153_600_000;
        (parts > 0 && bounded && !d.is_zero()).then_some(d)
    }

    pub fn is_zero(&self) -> bool {
        self.months == 0 && self.days == 0 && self.seconds == 0
    }

    pub fn add_to(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        t.checked_add_months(Months::new(self.months))?
            .checked_add_signed(Duration::days(self.days))?
            .checked_add_signed(Duration::seconds(self.seconds))
    }
}

/// `1Y2M` → [(1,'Y'), (2,'M')]: each unit of `allowed` at most once, in that order.
fn units(s: &str, allowed: &str) -> Option<Vec<(i64, char)>> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let mut last: Option<usize> = None;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        let idx = allowed.find(c)?;
        if last.is_some_and(|l| idx <= l) {
            return None;
        }
        last = Some(idx);
        out.push((digits.parse().ok()?, c));
        digits.clear();
    }
    digits.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(IsoDuration::parse("P1D").unwrap().days, 1);
        assert_eq!(IsoDuration::parse("P1M").unwrap().months, 1);
        assert_eq!(IsoDuration::parse("P1Y").unwrap().months, 12);
        assert_eq!(IsoDuration::parse("PT12H").unwrap().seconds, 43_200);
        assert_eq!(IsoDuration::parse("P2W").unwrap().days, 14);
        assert!(IsoDuration::parse("P1DT6H30M").is_some());
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
            assert!(IsoDuration::parse(bad).is_none(), "{bad}");
        }
    }
}
