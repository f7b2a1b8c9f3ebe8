//! Where the relay's request updates come from: the one boundary between following MOK and
//! publishing. Anything that sends [`SourceUpdate`]s on a channel can feed the relay.
//!
//! Today's source polls every page at the board's interval (backing off while MOK fails)
//! and, with `[webhook]`, forwards each pushed request as it arrives.

use std::time::Duration;

use futures::StreamExt;
use tokio::sync::mpsc;

use crate::api::{ApiClient, ServiceRequestQuery};
use crate::config::WebhookSection;
use crate::model::{EVENT_CREATED, EVENT_UPDATED, ServiceRequest};

/// What a source learned about MOK.
#[derive(Debug, Clone)]
pub enum SourceUpdate {
    /// Every request MOK has: one not in the list is gone.
    Full(Vec<ServiceRequest>),
    /// These requests' latest state (a push, a partial poll); others are unchanged.
    Changed(Vec<ServiceRequest>),
    /// MOK failed; the source tries again by itself after `retry_in`.
    Failed { error: String, retry_in: Duration },
    /// The webhook receiver is listening on this URL.
    WebhookListening(String),
}

/// Polls every page of service requests at `interval`, sending each full list. Ends when
/// the receiver is dropped.
pub async fn poll_mok(client: ApiClient, interval: Duration, tx: mpsc::Sender<SourceUpdate>) {
    let mut failures: u32 = 0;
    loop {
        let mut pages = client.all_service_requests(ServiceRequestQuery::default());
        let mut all = Vec::new();
        let mut failed = None;
        while let Some(page) = pages.next().await {
            match page {
                Ok(items) => all.extend(items),
                Err(e) => {
                    failed = Some(e.message);
                    break;
                }
            }
        }
        let (update, wait) = match failed {
            None => {
                failures = 0;
                (SourceUpdate::Full(all), interval)
            }
            Some(error) => {
                failures = failures.saturating_add(1);
                let retry_in = crate::tui::board_tasks::backoff(interval, failures);
                (SourceUpdate::Failed { error, retry_in }, retry_in)
            }
        };
        if tx.send(update).await.is_err() {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// Runs the webhook receiver and forwards each pushed request. Ends when the receiver
/// cannot start (reported as a failure) or the channel closes.
pub async fn receive_webhooks(config: WebhookSection, tx: mpsc::Sender<SourceUpdate>) {
    let (events_tx, mut events) = mpsc::channel(1024);
    let handle = match crate::webhook::serve(&config, events_tx).await {
        Ok(handle) => handle,
        Err(e) => {
            let _ = tx
                .send(SourceUpdate::Failed {
                    error: format!("webhook receiver not started: {e}"),
                    retry_in: Duration::MAX,
                })
                .await;
            return;
        }
    };
    let _ = tx.send(SourceUpdate::WebhookListening(handle.url())).await;
    loop {
        // The relay gone: stop listening at once, so its address is free for the next one.
        let event = tokio::select! {
            event = events.recv() => event,
            _ = tx.closed() => None,
        };
        let Some(event) = event else { break };
        let known = matches!(event.event.as_deref(), Some(EVENT_CREATED | EVENT_UPDATED));
        if let Some(request) = event.payload.filter(|r| known && r.id.is_some())
            && tx.send(SourceUpdate::Changed(vec![request])).await.is_err()
        {
            break;
        }
    }
    handle.shutdown().await;
}

/// The relay's sources as one channel: MOK polls, plus webhooks when configured. The
/// tasks stop when the receiver is dropped.
pub fn follow_mok(
    client: ApiClient,
    interval: Duration,
    webhook: Option<WebhookSection>,
) -> mpsc::Receiver<SourceUpdate> {
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(poll_mok(client, interval, tx.clone()));
    if let Some(webhook) = webhook {
        tokio::spawn(receive_webhooks(webhook, tx));
    }
    rx
}
