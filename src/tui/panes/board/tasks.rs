//! The board's background work, as jobs for the task runner to spawn: the feed
//! ([`crate::board::feed`], the load-aware poller) with its updates forwarded as board
//! actions, the team relay's watcher, the webhook receiver, and the board's one-shot API
//! calls. Nothing here spawns: the runner does, and keeps the long-lived ones as services.

use futures::FutureExt;
use tokio::sync::mpsc;
use tokio::sync::mpsc::UnboundedSender;

use super::{BoardAction, BoardEffect, WebhookConfig};
use crate::api::ApiClient;
use crate::board::feed::Feed;
use crate::model::ServiceRequestUpdate;
use crate::tui::action::Action;
use crate::tui::runner::{Service, Work};

/// What the runner keeps between the board's effects: the running feed's controls.
#[derive(Default)]
pub struct BoardRuntime {
    feed: Option<Feed>,
}

fn send(tx: &UnboundedSender<Action>, action: BoardAction) -> bool {
    tx.send(Action::Board(action)).is_ok()
}

/// The work that carries out `effect` (none when it is done at once or not needed).
pub fn work(
    effect: BoardEffect,
    client: &ApiClient,
    tx: &UnboundedSender<Action>,
    rt: &mut BoardRuntime,
) -> Option<Work> {
    let (client, tx) = (client.clone(), tx.clone());
    match effect {
        BoardEffect::StartPolling(options) => {
            if rt.feed.is_some() {
                return None;
            }
            let (feed, mut updates, poll) = Feed::prepare(client, options);
            rt.feed = Some(feed);
            // Every feed update becomes a board action; when the app is gone the updates'
            // receiver is dropped and the poller ends at its next update.
            let forward = async move {
                while let Some(update) = updates.recv().await {
                    if !send(&tx, BoardAction::Polled(update)) {
                        return;
                    }
                }
            };
            let job = async move {
                futures::join!(poll, forward);
            };
            Some(Work::Start(Service::BoardFeed, job.boxed()))
        }
        BoardEffect::StopPolling => {
            rt.feed = None;
            Some(Work::Stop(Service::BoardFeed))
        }
        BoardEffect::StartRelay(config) => {
            let job = crate::relay::watch::watch(config.0, move |event| {
                send(&tx, BoardAction::Relay(event))
            });
            Some(Work::Start(Service::BoardRelay, job.boxed()))
        }
        BoardEffect::PollNow => {
            if let Some(feed) = &rt.feed {
                feed.refresh();
            }
            None
        }
        BoardEffect::Pushed => {
            if let Some(feed) = &rt.feed {
                feed.pushed();
            }
            None
        }
        BoardEffect::StartWebhook(config) => Some(Work::Start(
            Service::BoardWebhook,
            webhook_forwarder(config, tx).boxed(),
        )),
        BoardEffect::FetchRequest { id } => Some(Work::Task(
            async move {
                let result = client.get_service_request(id).await.map(Box::new);
                send(&tx, BoardAction::DetailLoaded { id, result });
            }
            .boxed(),
        )),
        BoardEffect::SetStatus { id, status } => Some(Work::Task(
            async move {
                let body = ServiceRequestUpdate {
                    current_status: Some(status.clone()),
                    ..Default::default()
                };
                let result = client.update_service_request(id, &body).await.map(Box::new);
                send(&tx, BoardAction::StatusSet { id, status, result });
            }
            .boxed(),
        )),
    }
}

/// Runs the webhook receiver and turns its events into board actions.
async fn webhook_forwarder(config: WebhookConfig, tx: UnboundedSender<Action>) {
    let (events_tx, mut events) = mpsc::channel(1024);
    let handle = match crate::webhook::serve(&config.0, events_tx).await {
        Ok(handle) => handle,
        Err(e) => {
            tracing::error!("webhook receiver not started: {e}");
            send(&tx, BoardAction::WebhookFailed(e.to_string()));
            return;
        }
    };
    send(&tx, BoardAction::WebhookListening(handle.url()));
    while let Some(event) = events.recv().await {
        if !send(&tx, BoardAction::Pushed(Box::new(event))) {
            break;
        }
    }
    handle.shutdown().await;
}
