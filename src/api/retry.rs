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
    /// are willing to wait. No header: the ordinary backoff.
    pub fn retry_after(&self, header: Option<&str>, retry: u32) -> Option<Duration> {
        match header.and_then(|h| h.trim().parse::<f64>().ok()) {
            Some(secs) if secs.is_finite() && secs >= 0.0 => {
                let d = Duration::from_secs_f64(secs);
                (d <= self.max_retry_after).then_some(d)
            }
            // An HTTP date or garbage: fall back to backoff.
            _ => Some(self.backoff(retry)),
        }
    }

    /// A jittered wait for retry number `retry`.
    pub fn delay(&self, retry: u32) -> Duration {
        self.jittered(retry, rand::random::<f64>())
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
        assert_eq!(
            p.retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT"), 1),
            Some(Duration::from_millis(400))
        );
        assert_eq!(p.retry_after(None, 0), Some(Duration::from_millis(200)));
    }
}
