//! The outbox worker: a tokio task that sends queued creates until the server has them,
//! with exponential backoff, and reports each outcome over a channel.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};

use crate::api::{ApiClient, ApiError, ErrorKind, ServiceRequestQuery};

use super::{LocalStore, OutboxItem, now_ms};

/// The outbox paces its retries with the crate's one backoff (2 s doubling to 5 min by
/// default): retry `n` of an item waits `base × 2^(n-1)` after its last attempt.
pub use crate::backoff::Backoff;

// The outbox's own reading of the shared backoff.
impl Backoff {
    /// How long until `item` is due again (zero when due now).
    pub fn wait_for(&self, item: &OutboxItem, now_ms: i64) -> Duration {
        let Some(last) = item.last_attempt_at else {
            return Duration::ZERO;
        };
        let due = last.saturating_add(self.after_failures(item.attempts).as_millis() as i64);
        Duration::from_millis(due.saturating_sub(now_ms).max(0) as u64)
    }
}

/// What happened to a queued create.
#[derive(Debug, Clone, PartialEq)]
pub enum OutboxReport {
    /// The server has it. `recovered`: found by its `external_id` (an earlier attempt had
    /// landed without its answer), so it was not sent again.
    Sent {
        external_id: String,
        request_id: Option<i64>,
        recovered: bool,
    },
    /// Will be retried after the backoff.
    Failed {
        external_id: String,
        attempts: u32,
        error: String,
    },
    /// Refused by the server; no more retries.
    Rejected { external_id: String, error: String },
    /// The local database failed.
    StoreError(String),
}

/// Errors where retrying may help (the server or the network was away).
fn is_transient(e: &ApiError) -> bool {
    matches!(
        e.kind,
        ErrorKind::Network
            | ErrorKind::Timeout
            | ErrorKind::Server
            | ErrorKind::RateLimited
            | ErrorKind::Decode
            | ErrorKind::Unauthorized
    )
}

/// Drains the outbox in the background. Build, keep [`waker`](Self::waker), then
/// [`spawn`](Self::spawn); it stops when the report receiver is dropped.
pub struct OutboxWorker {
    store: LocalStore,
    client: ApiClient,
    reports: mpsc::Sender<OutboxReport>,
    wake: Arc<Notify>,
    interval: Duration,
    backoff: Backoff,
}

impl OutboxWorker {
    pub fn new(store: LocalStore, client: ApiClient, reports: mpsc::Sender<OutboxReport>) -> Self {
        OutboxWorker {
            store,
            client,
            reports,
            wake: Arc::new(Notify::new()),
            interval: Duration::from_secs(15),
            backoff: Backoff::default(),
        }
    }

    /// How often it looks at the outbox without being woken.
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// `notify_one()` after an enqueue sends it now instead of at the next interval.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.run())
    }

    pub async fn run(self) {
        loop {
            let next = self.drain_once().await;
            if self.reports.is_closed() {
                return;
            }
            let sleep = next.map_or(self.interval, |d| d.min(self.interval));
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(sleep.max(Duration::from_millis(10))) => {}
                _ = self.reports.closed() => return,
            }
        }
    }

    async fn report(&self, r: OutboxReport) {
        let _ = self.reports.send(r).await;
    }

    /// Tries every due item once; returns how long until the next one is due.
    pub async fn drain_once(&self) -> Option<Duration> {
        let items = match self.store.pending() {
            Ok(items) => items,
            Err(e) => {
                self.report(OutboxReport::StoreError(e.to_string())).await;
                return None;
            }
        };
        let mut next: Option<Duration> = None;
        for item in items {
            let wait = self.backoff.wait_for(&item, now_ms());
            if !wait.is_zero() {
                next = Some(next.map_or(wait, |n| n.min(wait)));
                continue;
            }
            if let Some(again) = self.attempt(&item).await {
                next = Some(next.map_or(again, |n| n.min(again)));
            }
        }
        next
    }

    /// One attempt; returns the wait before the next when it failed transiently.
    async fn attempt(&self, item: &OutboxItem) -> Option<Duration> {
        let ext = item.external_id.clone();
        let outcome = async {
            // An earlier attempt may have landed with its answer lost: look first. Always,
            // not only when an attempt is on record: a console killed between the server's
            // create and our write of its answer left no record of trying.
            let query = ServiceRequestQuery {
                external_id: Some(ext.clone()),
                ..Default::default()
            };
            let found = self.client.list_service_requests(&query).await?;
            if let Some(r) = found
                .into_iter()
                .find(|r| r.external_id.as_deref() == Some(&ext))
            {
                // No call was sent this time, but the create's outcome is now known: journaled
                // (the client journals the creates it sends itself).
                self.client
                    .audit(crate::api::audit::recovered_create(&ext, r.id));
                return Ok((r.id, true));
            }
            let created = self
                .client
                .create_service_request(item.body.clone())
                .await?;
            Ok::<_, ApiError>((created.request.id, created.recovered))
        }
        .await;
        let stored = match &outcome {
            Ok((id, _)) => self.store.mark_sent(&ext, *id),
            Err(e) if is_transient(e) => self.store.mark_failed(&ext, &e.message),
            Err(e) => self.store.mark_rejected(&ext, &e.message),
        };
        if let Err(e) = stored {
            self.report(OutboxReport::StoreError(e.to_string())).await;
        }
        match outcome {
            Ok((request_id, recovered)) => {
                tracing::info!(external_id = %ext, ?request_id, recovered, "outbox item sent");
                self.report(OutboxReport::Sent {
                    external_id: ext,
                    request_id,
                    recovered,
                })
                .await;
                None
            }
            Err(e) if is_transient(&e) => {
                let attempts = item.attempts + 1;
                tracing::warn!(external_id = %ext, attempts, "outbox send failed: {}", e.message);
                self.report(OutboxReport::Failed {
                    external_id: ext,
                    attempts,
                    error: e.message,
                })
                .await;
                Some(self.backoff.after_failures(attempts))
            }
            Err(e) => {
                tracing::warn!(external_id = %ext, "outbox item rejected: {}", e.message);
                self.report(OutboxReport::Rejected {
                    external_id: ext,
                    error: e.message,
                })
                .await;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_wait_their_backoff_from_the_last_attempt() {
        let b = Backoff::default();
        let mut item = OutboxItem {
            external_id: "x".into(),
            body: Default::default(),
            state: super::super::OutboxState::Pending,
            created_at: 0,
            attempts: 0,
            last_error: None,
            last_attempt_at: None,
            request_id: None,
        };
        assert_eq!(b.wait_for(&item, 1_000), Duration::ZERO);
        item.attempts = 2;
        item.last_attempt_at = Some(10_000);
        assert_eq!(b.wait_for(&item, 11_000), Duration::from_secs(3));
        assert_eq!(b.wait_for(&item, 20_000), Duration::ZERO);
    }
}
