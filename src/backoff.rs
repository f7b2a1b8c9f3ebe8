//! The one exponential backoff, for every retry loop: API calls (`api::retry`, with jitter
//! and `Retry-After` on top), the outbox worker, the board's poll, the sandbox's webhook
//! deliveries and the admin pane's following of a new point transaction.

use std::time::Duration;

/// Waits that start at `base` and double per retry, never longer than `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    /// A patient pace for background work that may wait for minutes (the outbox's):
    /// 2 s, doubling up to 5 min.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(2),
            max: Duration::from_secs(300),
        }
    }
}

impl Backoff {
    pub const fn new(base: Duration, max: Duration) -> Self {
        Backoff { base, max }
    }

    /// The wait before retry number `retry` (0 = the first retry): `base × 2^retry`, at
    /// most `max`.
    pub fn delay(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(20));
        self.base.saturating_mul(factor).min(self.max)
    }

    /// The wait after `failures` failures in a row: none after none, else
    /// [`delay`](Self::delay) of the retry they call for.
    pub fn after_failures(&self, failures: u32) -> Duration {
        match failures {
            0 => Duration::ZERO,
            n => self.delay(n - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_the_base_up_to_the_cap() {
        let b = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
        assert_eq!(b.delay(0), Duration::from_millis(200));
        assert_eq!(b.delay(1), Duration::from_millis(400));
        assert_eq!(b.delay(3), Duration::from_millis(1600));
        assert_eq!(b.delay(10), Duration::from_secs(5));
        assert_eq!(b.delay(u32::MAX), Duration::from_secs(5));
    }

    #[test]
    fn no_wait_after_no_failure() {
        let b = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
        assert_eq!(b.after_failures(0), Duration::ZERO);
        assert_eq!(b.after_failures(1), Duration::from_secs(2));
        assert_eq!(b.after_failures(2), Duration::from_secs(4));
        assert_eq!(b.after_failures(5), Duration::from_secs(32));
        assert_eq!(b.after_failures(6), Duration::from_secs(60));
        assert_eq!(b.after_failures(u32::MAX), Duration::from_secs(60));
    }
}
