//! When and how long to wait before trying again.

use std::time::Duration;

/// Retry settings. The defaults suit an agent waiting at a screen: a few quick tries, never
/// more than a few seconds of waiting per call.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled each time.
    pub base_delay: Duration,
    /// Longest backoff wait.
    pub max_delay: Duration,
    /// Longest wait a `Retry-After` may ask for; beyond it the 429 is reported instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff for retry number `retry` (0 = first retry), before jitter:
    /// `base * 2^retry`, capped at `max_delay`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(20));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// The backoff with "equal jitter": a uniform pick in `[d/2, d]`, so clients that failed
    /// together do not retry together. `unit` is a random number in `[0, 1)`.
    pub fn jittered(&self, retry: u32, unit: f64) -> Duration {
        let d = self.backoff(retry);
        d / 2 + d.mul_f64(unit.clamp(0.0, 1.0) / 2.0)
    }

    /// The wait a 429 asks for, bounded; `None` when the server asks for longer than we
    /// are willing to wait. `Retry-After` is seconds (RFC 9110 says an integer; a decimal is
    /// accepted) or an HTTP date; anything else, or no header: the ordinary backoff. Never
    /// panics, whatever the server sends (`1e20`, `-1`, `NaN`, a date in year 9999).
    pub fn retry_after(&self, header: Option<&str>, retry: u32) -> Option<Duration> {
        let Some(h) = header else {
            return Some(self.backoff(retry));
        };
        let asked = match parse_retry_after(h) {
            RetryAfter::Wait(d) => Some(d),
            RetryAfter::TooLong => None,
            RetryAfter::Unreadable => return Some(self.backoff(retry)),
        };
        // Too long to represent is longer than we wait.
        asked.filter(|d| *d <= self.max_retry_after)
    }

    /// A jittered wait for retry number `retry`.
    pub fn delay(&self, retry: u32) -> Duration {
        self.jittered(retry, rand::random::<f64>())
    }
}

/// What a `Retry-After` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    Wait(Duration),
    /// Longer than a `Duration` holds (`1e20`, a date in year 9999 is not: it is a wait).
    TooLong,
    /// Negative, NaN, or neither seconds nor an HTTP date.
    Unreadable,
}

/// Reads `Retry-After`: seconds (RFC 9110 says an integer; a decimal is accepted) or an
/// HTTP date (one in the past means now). Never panics, whatever the server sends.
pub fn parse_retry_after(header: &str) -> RetryAfter {
    let h = header.trim();
    match h.parse::<f64>() {
        // Checked: `Duration::from_secs_f64` panics on values past u64 seconds.
        Ok(secs) if secs >= 0.0 => match Duration::try_from_secs_f64(secs) {
            Ok(d) => RetryAfter::Wait(d),
            Err(_) => RetryAfter::TooLong,
        },
        Ok(_) => RetryAfter::Unreadable,
        Err(_) => match chrono::DateTime::parse_from_rfc2822(h) {
            // `to_std` fails on negatives (a past date) and overflow.
            Ok(at) => RetryAfter::Wait(
                (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
                    .to_std()
                    .unwrap_or(Duration::ZERO),
            ),
            Err(_) => RetryAfter::Unreadable,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(0), Duration::from_millis(200));
        assert_eq!(p.backoff(1), Duration::from_millis(400));
        assert_eq!(p.backoff(3), Duration::from_millis(1600));
        assert_eq!(p.backoff(10), Duration::from_secs(5));
        assert_eq!(p.backoff(u32::MAX), Duration::from_secs(5));
    }

    #[test]
    fn jitter_stays_within_half_and_full() {
        let p = RetryPolicy::default();
        assert_eq!(p.jittered(1, 0.0), Duration::from_millis(200));
        assert_eq!(p.jittered(1, 1.0), Duration::from_millis(400));
        for _ in 0..100 {
            let d = p.delay(2);
            assert!(d >= Duration::from_millis(400) && d <= Duration::from_millis(800));
        }
    }

    #[test]
    fn retry_after_is_honoured_and_bounded() {
        let p = RetryPolicy::default();
        assert_eq!(p.retry_after(Some("2"), 0), Some(Duration::from_secs(2)));
        assert_eq!(p.retry_after(Some(" 0 "), 0), Some(Duration::ZERO));
        assert_eq!(p.retry_after(Some("3600"), 0), None);
        // A date already past: retry now.
        assert_eq!(
            p.retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT"), 1),
            Some(Duration::ZERO)
        );
        assert_eq!(
            p.retry_after(Some("Fri, 31 Dec 9999 23:59:59 GMT"), 1),
            None
        );
        assert_eq!(
            p.retry_after(Some("soon"), 1),
            Some(Duration::from_millis(400))
        );
        // Absurd numbers are refused (reported as the 429), never a panic.
        assert_eq!(p.retry_after(Some("1e20"), 0), None);
        assert_eq!(p.retry_after(Some("1e400"), 0), None);
        assert_eq!(
            p.retry_after(Some("-5"), 0),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            p.retry_after(Some("NaN"), 0),
            Some(Duration::from_millis(200))
        );
        assert_eq!(p.retry_after(Some("18446744073709551616"), 0), None);
        assert_eq!(p.retry_after(None, 0), Some(Duration::from_millis(200)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Any header text at all: an answer within the bound, never a panic.
        #[test]
        fn any_retry_after_header_is_bounded(header in ".{0,40}", retry in 0u32..64) {
            let p = RetryPolicy::default();
            if let Some(d) = p.retry_after(Some(&header), retry) {
                proptest::prop_assert!(d <= p.max_retry_after.max(p.max_delay));
            }
        }

        /// Numbers of every size and sign, written as a server might.
        #[test]
        fn any_numeric_retry_after_is_bounded(secs in proptest::num::f64::ANY, retry in 0u32..64) {
            let p = RetryPolicy::default();
            for text in [secs.to_string(), format!("{secs:e}"), format!("{}", secs as i128)] {
                if let Some(d) = p.retry_after(Some(&text), retry) {
                    proptest::prop_assert!(d <= p.max_retry_after.max(p.max_delay));
                }
            }
        }
    }
}
