//! The ranking's tasks, as jobs for the task runner to spawn: the ranking call, the recent
//! zones kept in the local database, a service's open requests, the assignment. An
//! assignment sets the provider, and moves the status to `assigned` only from `pending`:
//! a request already assigned, in progress or finished keeps its status.

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use tokio::sync::mpsc::UnboundedSender;

use super::{RankingAction, RankingEffect};
use crate::api::{ApiClient, ApiError, ApiResult, ServiceRequestQuery};
use crate::local::{LocalStore, RecentList};
use crate::model::{ServiceRequest, ServiceRequestUpdate, Status};
use crate::tui::action::Action;

/// The job that carries out `effect` (none without a local database for the recent zones).
pub fn job(
    effect: RankingEffect,
    client: &ApiClient,
    tx: &UnboundedSender<Action>,
    local: Option<&LocalStore>,
) -> Option<BoxFuture<'static, ()>> {
    let (client, tx) = (client.clone(), tx.clone());
    let send = move |a: RankingAction| {
        let _ = tx.send(Action::Ranking(a));
    };
    let job = match effect {
        RankingEffect::Rank {
            request,
            zone,
            service_external_id,
        } => async move {
            let result = client.rank_providers(&zone, &service_external_id).await;
            send(RankingAction::Ranked { request, result });
        }
        .boxed(),
        RankingEffect::LoadRecentZones => {
            let store = local?.clone();
            async move {
                // SQLite off the async threads.
                match tokio::task::spawn_blocking(move || store.recent(RecentList::Zones)).await {
                    Ok(Ok(zones)) => send(RankingAction::RecentZones(zones)),
                    Ok(Err(e)) => tracing::warn!("recent zones unreadable: {e}"),
                    Err(e) => tracing::warn!("recent zones task failed: {e}"),
                }
            }
            .boxed()
        }
        RankingEffect::SaveRecentZone(zone) => {
            let store = local?.clone();
            async move {
                let saved = tokio::task::spawn_blocking(move || {
                    store.push_recent(RecentList::Zones, &zone)
                })
                .await;
                if let Ok(Err(e)) = saved {
                    tracing::warn!("recent zone not saved: {e}");
                }
            }
            .boxed()
        }
        RankingEffect::LoadOpenRequests {
            service_external_id,
        } => async move {
            let query = ServiceRequestQuery {
                service_external_id: Some(service_external_id.clone()),
                ..Default::default()
            };
            let result = collect_pages(client.all_service_requests(query)).await;
            send(RankingAction::OpenRequestsLoaded {
                service_external_id,
                result,
            });
        }
        .boxed(),
        RankingEffect::Assign { id, provider_name } => async move {
            // Read again at the last moment: the status is never moved back.
            let result = assign(&client, id, &provider_name).await.map(Box::new);
            send(RankingAction::Assigned {
                id,
                provider_name,
                result,
            });
        }
        .boxed(),
    };
    Some(job)
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

/// The update that assigns `provider_name` to a request now in `current` status.
pub fn assign_body(provider_name: &str, current: Option<&Status>) -> ServiceRequestUpdate {
    let from_pending = matches!(current, None | Some(Status::Pending));
    ServiceRequestUpdate {
        provider_name: Some(provider_name.to_owned()),
        current_status: from_pending.then(|| Status::Assigned.as_str().to_owned()),
        ..Default::default()
    }
}

/// Reads the request's status as the server has it now, then assigns.
pub async fn assign(
    client: &ApiClient,
    id: i64,
    provider_name: &str,
) -> Result<ServiceRequest, ApiError> {
    let now = client.get_service_request(id).await?;
    let body = assign_body(provider_name, now.current_status.as_ref());
    client.update_service_request(id, &body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_pending_request_moves_to_assigned() {
        let body = assign_body("Grúas Norte", Some(&Status::Pending));
        assert_eq!(body.current_status.as_deref(), Some("assigned"));
        assert_eq!(body.provider_name.as_deref(), Some("Grúas Norte"));
        for kept in [Status::Assigned, Status::InProgress, Status::Finished] {
            let body = assign_body("Grúas Norte", Some(&kept));
            assert_eq!(body.current_status, None, "{kept:?} moved");
            assert_eq!(body.provider_name.as_deref(), Some("Grúas Norte"));
        }
    }
}
