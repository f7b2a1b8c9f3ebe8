//! The team relay (issue 17): one process follows MOK for a whole contact center and
//! publishes the board to a NATS JetStream key-value bucket; consoles watch the bucket
//! instead of polling MOK each on its own.
//!
//! - [`source`]: where request updates come from (MOK polls, webhook pushes): the one
//!   boundary the relay reads.
//! - [`publish`]: the relay loop: updates in, changed requests out to the bucket.
//! - [`watch`]: the console side: the bucket's snapshot, then each change, as board diffs.
//! - [`nats`]: connecting (auth from `[relay]`) and opening the bucket.
//!
//! In the bucket, key `123` holds request 123 in the board's form ([`Stored`]: the API's
//! JSON of the fields a board shows, and whether it is urgent); key [`HEARTBEAT_KEY`] holds
//! the relay's heartbeat, so a console can tell a live relay from a stopped one.

pub mod nats;
pub mod publish;
pub mod source;
pub mod watch;

use std::hash::{Hash, Hasher};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::board::{Entry, Interner};
use crate::model::ServiceRequest;

pub use nats::NatsSettings;

/// The heartbeat key (not a request id: every other key is one).
pub const HEARTBEAT_KEY: &str = "_relay";
/// How often the relay writes its heartbeat by default.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(5);
/// The longest wait between two NATS connection attempts.
pub const MAX_RETRY: Duration = Duration::from_secs(30);

/// What the relay says about itself in the bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heartbeat {
    pub at: DateTime<Utc>,
    /// The relay writes again within this; a console calls it unreachable after three misses.
    pub every_ms: u64,
    /// Written on a clean stop: consoles need not wait for missed beats.
    #[serde(default)]
    pub stopped: bool,
    /// The last MOK failure, while MOK fails.
    #[serde(default)]
    pub mok_error: Option<String>,
}

impl Heartbeat {
    /// Since when the relay is silent at `now`, or `None` while it is live.
    pub fn silent_since(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let grace = chrono::Duration::milliseconds(self.every_ms.saturating_mul(3) as i64);
        (self.stopped || now - self.at > grace).then_some(self.at)
    }
}

/// A request as the relay stores it: the board's form of it ([`Entry::to_request`], which
/// carries no answers) and whether its answers make it urgent, which a watching console
/// cannot work out without them. A value written without `urgent` reads as not urgent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    #[serde(flatten)]
    pub request: ServiceRequest,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub urgent: bool,
}

impl Stored {
    /// What the relay stores for `entry`.
    pub fn of(entry: &Entry) -> Stored {
        Stored {
            request: entry.to_request(),
            urgent: entry.urgent,
        }
    }

    /// The board's entry of what was stored; `None` without an id.
    pub fn entry(&self, names: &mut Interner) -> Option<Entry> {
        let mut entry = Entry::from_request(&self.request, names)?;
        if self.urgent {
            entry = entry.with_urgent(true);
        }
        Some(entry)
    }
}

impl std::ops::Deref for Stored {
    type Target = ServiceRequest;
    fn deref(&self) -> &ServiceRequest {
        &self.request
    }
}

/// The key of a request.
pub fn key(id: i64) -> String {
    id.to_string()
}

/// The request id of a key; `None` for the heartbeat and anything else.
pub fn id_of(key: &str) -> Option<i64> {
    key.parse().ok()
}

/// A cheap, stable fingerprint of a stored value (same bytes → same value), so neither
/// side keeps a second copy of every request to tell what changed.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The wait before attempt `failures + 1`: 0.5 s doubled per failure, at most [`MAX_RETRY`].
pub fn retry_delay(failures: u32) -> Duration {
    Duration::from_millis(500)
        .saturating_mul(1 << failures.saturating_sub(1).min(8))
        .min(MAX_RETRY)
}

/// `[relay] url`: one or more `nats://host:port`, comma-separated.
pub fn check_url(url: &str) -> Result<(), String> {
    for part in url.split(',') {
        let part = part.trim();
        let parsed = reqwest::Url::parse(part).map_err(|e| format!("not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "nats" | "tls" | "ws" | "wss") {
            return Err("expected nats://host:port".into());
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err("no host".into());
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("put credentials in relay.user/password or token, not in the URL".into());
        }
    }
    Ok(())
}

/// JetStream bucket names: letters, digits, `-` and `_`.
pub fn check_bucket(bucket: &str) -> Result<(), String> {
    if !bucket.is_empty()
        && bucket
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(())
    } else {
        Err("use letters, digits, - and _ only".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_request_keeps_its_urgency_and_an_older_value_reads_calm() {
        let request: ServiceRequest = serde_json::from_str(
            r#"{"id": 95, "current_status": "assigned", "service_external_id": "roadside_tow",
                "requested_at": "2024-12-17T16:24:48.000+01:00", "user_phone": "+34 600-11 22 33",
                "answers": [{"question_key": "urgent", "value": true}]}"#,
        )
        .unwrap();
        let mut names = Interner::default();
        let entry = Entry::from_request(&request, &mut names).unwrap();
        assert!(entry.urgent);
        let bytes = serde_json::to_vec(&Stored::of(&entry)).unwrap();
        let back: Stored = serde_json::from_slice(&bytes).unwrap();
        assert!(back.request.answers.is_none(), "answers stay behind");
        let again = back.entry(&mut names).unwrap();
        assert_eq!(again, entry, "the same row on every console");

        let older: Stored =
            serde_json::from_str(r#"{"id": 95, "current_status": "assigned"}"#).unwrap();
        assert!(!older.urgent && !older.entry(&mut names).unwrap().urgent);
    }

    #[test]
    fn keys_round_trip_and_the_heartbeat_is_no_request() {
        assert_eq!(id_of(&key(42)), Some(42));
        assert_eq!(id_of(HEARTBEAT_KEY), None);
    }

    #[test]
    fn retry_delay_doubles_up_to_the_cap() {
        assert_eq!(retry_delay(1), Duration::from_millis(500));
        assert_eq!(retry_delay(2), Duration::from_secs(1));
        assert_eq!(retry_delay(4), Duration::from_secs(4));
        assert_eq!(retry_delay(40), MAX_RETRY);
    }

    #[test]
    fn urls_are_checked() {
        assert!(check_url("nats://127.0.0.1:4222").is_ok());
        assert!(check_url("nats://a:4222, nats://b:4222").is_ok());
        assert!(check_url("http://127.0.0.1:4222").is_err());
        assert!(check_url("nats://u:p@127.0.0.1:4222").is_err());
        assert!(check_url("127.0.0.1").is_err());
        assert!(check_bucket("mok_board").is_ok());
        assert!(check_bucket("mok.board").is_err());
    }

    #[test]
    fn a_heartbeat_goes_silent_after_three_misses_or_a_stop() {
        let at = Utc::now();
        let beat = Heartbeat {
            at,
            every_ms: 1000,
            stopped: false,
            mok_error: None,
        };
        assert_eq!(beat.silent_since(at + chrono::Duration::seconds(2)), None);
        assert_eq!(
            beat.silent_since(at + chrono::Duration::seconds(4)),
            Some(at)
        );
        let stopped = Heartbeat {
            stopped: true,
            ..beat
        };
        assert_eq!(stopped.silent_since(at), Some(at));
    }
}
