//! The board's and the ranking's background work: the board's feed ([`crate::board::feed`],
//! the load-aware poller) forwarded as actions, the webhook receiver forwarding events as
//! actions, and their one-shot API calls.

use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::action::{Action, RequestId};
use super::panes::board::{BoardAction, BoardEffect, WebhookConfig};
use super::panes::ranking::{RankingAction, RankingEffect};
use crate::api::{ApiClient, ApiResult, ServiceRequestQuery};
use crate::board::feed::Feed;
use crate::local::{LocalStore, RecentList};
use crate::model::{ServiceRequest, ServiceRequestUpdate};

/// Long-lived board tasks, stopped when the runner is dropped.
#[derive(Default)]
pub struct BoardTasks {
    feed: Option<Feed>,
    long_lived: Vec<AbortHandle>,
    local: Option<LocalStore>,
}

impl Drop for BoardTasks {
    fn drop(&mut self) {
        for task in &self.long_lived {
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
            BoardEffect::StartPolling(options) => {
                if self.feed.is_some() {
                    return;
                }
                let (feed, mut updates) = Feed::start(client, options);
                self.feed = Some(feed);
                // The adapter: every feed update becomes a board action.
                let task = tokio::spawn(async move {
                    while let Some(update) = updates.recv().await {
                        if tx.send(Action::Board(BoardAction::Polled(update))).is_err() {
                            return;
                        }
                    }
                });
                self.long_lived.push(task.abort_handle());
            }
            BoardEffect::PollNow => {
                if let Some(feed) = &self.feed {
                    feed.refresh();
                }
            }
            BoardEffect::Pushed => {
                if let Some(feed) = &self.feed {
                    feed.pushed();
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
