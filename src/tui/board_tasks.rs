//! The board's and the ranking's background work: the poll loop (every page, diffed in
//! the task so the UI applies only what changed, backing off while the server fails),
//! the webhook receiver forwarding events as actions, and their one-shot API calls.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::{Notify, mpsc};
use tokio::task::AbortHandle;

use super::action::{Action, RequestId};
use super::panes::board::{BoardAction, BoardEffect, PollOutcome, WebhookConfig};
use super::panes::ranking::{RankingAction, RankingEffect};
use crate::api::{ApiClient, ApiResult, ServiceRequestQuery};
use crate::board::DiffTracker;
use crate::local::{LocalStore, RecentList};
use crate::model::{ServiceRequest, ServiceRequestUpdate};

/// The longest wait between polls while the server fails.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// The wait before the next poll after `failures` failures in a row: the interval,
/// doubled per failure, at most [`MAX_BACKOFF`] (never below the interval).
pub fn backoff(interval: Duration, failures: u32) -> Duration {
    if failures == 0 {
        return interval;
    }
    let doubled = interval.saturating_mul(1 << failures.min(8));
    doubled.min(MAX_BACKOFF.max(interval))
}

/// Long-lived board tasks, stopped when the runner is dropped.
#[derive(Default)]
pub struct BoardTasks {
    poll_wake: Option<Arc<Notify>>,
    poll_task: Option<AbortHandle>,
    long_lived: Vec<AbortHandle>,
    local: Option<LocalStore>,
}

impl Drop for BoardTasks {
    fn drop(&mut self) {
        for task in self.long_lived.iter().chain(&self.poll_task) {
            task.abort();
        }
    }
}

impl BoardTasks {
    pub fn set_local(&mut self, store: LocalStore) {
        self.local = Some(store);
    }

    pub fn run_board(
        &mut self,
        effect: BoardEffect,
        client: &ApiClient,
        tx: &UnboundedSender<Action>,
    ) {
        let (client, tx) = (client.clone(), tx.clone());
        match effect {
            BoardEffect::StartPolling { interval } => {
                if self.poll_wake.is_some() {
                    return;
                }
                let wake = Arc::new(Notify::new());
                self.poll_wake = Some(wake.clone());
                let task = tokio::spawn(poll_loop(client, tx, interval, wake));
                self.poll_task = Some(task.abort_handle());
            }
            BoardEffect::StopPolling => {
                self.poll_wake = None;
                if let Some(task) = self.poll_task.take() {
                    task.abort();
                }
            }
            BoardEffect::StartRelay(config) => {
                let task = tokio::spawn(crate::relay::watch::watch(config.0, move |event| {
                    tx.send(Action::Board(BoardAction::Relay(event))).is_ok()
                }));
                self.long_lived.push(task.abort_handle());
            }
            BoardEffect::PollNow => {
                if let Some(wake) = &self.poll_wake {
                    wake.notify_one();
                }
            }
            BoardEffect::StartWebhook(config) => {
                let task = tokio::spawn(webhook_forwarder(config, tx));
                self.long_lived.push(task.abort_handle());
            }
            BoardEffect::FetchRequest { id } => {
                tokio::spawn(async move {
                    let result = client.get_service_request(id).await.map(Box::new);
                    let _ = tx.send(Action::Board(BoardAction::DetailLoaded { id, result }));
                });
            }
            BoardEffect::SetStatus { id, status } => {
                tokio::spawn(async move {
                    let body = ServiceRequestUpdate {
                        current_status: Some(status.clone()),
                        ..Default::default()
                    };
                    let result = client.update_service_request(id, &body).await.map(Box::new);
                    let _ = tx.send(Action::Board(BoardAction::StatusSet { id, status, result }));
                });
            }
        }
    }

    /// Runs a ranking effect; a ranking's task is returned so it can be aborted.
    pub fn run_ranking(
        &mut self,
        effect: RankingEffect,
        client: &ApiClient,
        tx: &UnboundedSender<Action>,
    ) -> Option<(RequestId, AbortHandle)> {
        let (client, tx) = (client.clone(), tx.clone());
        let send = move |a: RankingAction| {
            let _ = tx.send(Action::Ranking(a));
        };
        match effect {
            RankingEffect::Rank {
                request,
                zone,
                service_external_id,
            } => {
                let task = tokio::spawn(async move {
                    let result = client.rank_providers(&zone, &service_external_id).await;
                    send(RankingAction::Ranked { request, result });
                });
                return Some((request, task.abort_handle()));
            }
            RankingEffect::LoadRecentZones => {
                if let Some(store) = self.local.clone() {
                    tokio::task::spawn_blocking(move || match store.recent(RecentList::Zones) {
                        Ok(zones) => send(RankingAction::RecentZones(zones)),
                        Err(e) => tracing::warn!("recent zones unreadable: {e}"),
                    });
                }
            }
            RankingEffect::SaveRecentZone(zone) => {
                if let Some(store) = self.local.clone() {
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = store.push_recent(RecentList::Zones, &zone) {
                            tracing::warn!("recent zone not saved: {e}");
                        }
                    });
                }
            }
            RankingEffect::LoadOpenRequests {
                service_external_id,
            } => {
                tokio::spawn(async move {
                    let query = ServiceRequestQuery {
                        service_external_id: Some(service_external_id.clone()),
                        ..Default::default()
                    };
                    let result = collect_pages(client.all_service_requests(query)).await;
                    send(RankingAction::OpenRequestsLoaded {
                        service_external_id,
                        result,
                    });
                });
            }
            RankingEffect::Assign { id, provider_name } => {
                tokio::spawn(async move {
                    let body = ServiceRequestUpdate {
                        provider_name: Some(provider_name.clone()),
                        current_status: Some("assigned".into()),
                        ..Default::default()
                    };
                    let result = client.update_service_request(id, &body).await.map(Box::new);
                    send(RankingAction::Assigned {
                        id,
                        provider_name,
                        result,
                    });
                });
            }
        }
        None
    }
}

async fn collect_pages(
    mut pages: futures::stream::BoxStream<'static, ApiResult<Vec<ServiceRequest>>>,
) -> ApiResult<Vec<ServiceRequest>> {
    let mut all = Vec::new();
    while let Some(page) = pages.next().await {
        all.extend(page?);
    }
    Ok(all)
}

/// Polls every page at `interval` (at once when woken), diffs against the last poll here,
/// off the UI thread, and sends the difference. Stops when the app is gone.
async fn poll_loop(
    client: ApiClient,
    tx: UnboundedSender<Action>,
    interval: Duration,
    wake: Arc<Notify>,
) {
    let mut tracker = DiffTracker::new();
    let mut failures: u32 = 0;
    loop {
        let fetched =
            collect_pages(client.all_service_requests(ServiceRequestQuery::default())).await;
        let (outcome, wait) = match fetched {
            Ok(list) => {
                failures = 0;
                let diff = tracker.diff(list);
                let at = chrono::Utc::now();
                (PollOutcome::Done { diff, at }, interval)
            }
            Err(error) => {
                failures = failures.saturating_add(1);
                let retry_in = backoff(interval, failures);
                tracing::warn!(failures, retry_in = ?retry_in, "board poll failed: {}", error.message);
                (
                    PollOutcome::Failed {
                        error,
                        failures,
                        retry_in,
                    },
                    retry_in,
                )
            }
        };
        if tx
            .send(Action::Board(BoardAction::Polled(outcome)))
            .is_err()
        {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
        }
    }
}

/// Runs the webhook receiver and turns its events into board actions.
async fn webhook_forwarder(config: WebhookConfig, tx: UnboundedSender<Action>) {
    let (events_tx, mut events) = mpsc::channel(1024);
    let handle = match crate::webhook::serve(&config.0, events_tx).await {
        Ok(handle) => handle,
        Err(e) => {
            tracing::error!("webhook receiver not started: {e}");
            let _ = tx.send(Action::Board(BoardAction::WebhookFailed(e.to_string())));
            return;
        }
    };
    let _ = tx.send(Action::Board(BoardAction::WebhookListening(handle.url())));
    while let Some(event) = events.recv().await {
        if tx
            .send(Action::Board(BoardAction::Pushed(Box::new(event))))
            .is_err()
        {
            break;
        }
    }
    handle.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let i = Duration::from_secs(5);
        assert_eq!(backoff(i, 0), i);
        assert_eq!(backoff(i, 1), Duration::from_secs(10));
        assert_eq!(backoff(i, 3), Duration::from_secs(40));
        assert_eq!(backoff(i, 30), MAX_BACKOFF);
        let slow = Duration::from_secs(600);
        assert_eq!(backoff(slow, 4), slow);
    }
}
