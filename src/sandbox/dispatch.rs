//! The simulated dispatch: at the configured pace it moves one open request a step
//! (`pending → assigned → in_progress → finished`, sometimes `cancelled`), giving it a
//! provider and a technician on assignment, and now and then creates a new request, so a
//! board watching the sandbox is alive. It only touches generated contracts: DEMO-0001 and
//! contracts loaded by an admin stay as they are, so docs and tests can rely on them.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use rand::seq::IndexedRandom;

use super::demo;
use super::handlers::requests::set_status;
use super::router::Shared;
use crate::model::{EVENT_CREATED, EVENT_UPDATED, ServiceRequest, Status};

pub async fn run(shared: Arc<Shared>, pace: Duration) {
    let mut tick = tokio::time::interval(pace);
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Some((event, request)) = step(&shared) {
            shared.notify(event, &request);
        }
    }
}

/// One change; the event to send, if any.
pub fn step(shared: &Shared) -> Option<(&'static str, ServiceRequest)> {
    let mut guard = shared.store.lock();
    let store = &mut *guard;
    let simulated = store.simulated_contract_ids();
    let open: Vec<i64> = store
        .requests
        .values()
        .filter(|r| {
            r.current_status.as_ref().is_some_and(Status::is_open)
                && r.contract_id.is_some_and(|c| simulated.contains(&c))
        })
        .filter_map(|r| r.id)
        .collect();
    let mut rng = std::mem::replace(&mut store.rng, rand::SeedableRng::seed_from_u64(0));
    let create = open.is_empty() || rng.random_bool(0.2);
    let out = if create {
        let today = Utc::now().date_naive();
        let usable: Vec<i64> = store
            .contracts
            .iter()
            .filter(|c| c.simulated && c.contract.is_usable(today))
            .map(|c| c.id())
            .collect();
        usable.choose(&mut rng).copied().and_then(|cid| {
            let now = Utc::now();
            let mut r = demo::random_request(store, &shared.people, &mut rng, cid, now, now)?;
            // A new request starts pending, whatever its generated age said.
            r.current_status = Some(Status::Pending);
            r.provider_name = None;
            r.provider_phone = None;
            r.technician_name = None;
            r.status_history = None;
            set_status(&mut r, Status::Pending);
            store.requests.insert(r.id.unwrap_or_default(), r.clone());
            Some((EVENT_CREATED, r))
        })
    } else {
        let id = *open.choose(&mut rng)?;
        let contract = store
            .requests
            .get(&id)
            .and_then(|r| r.contract_id)
            .and_then(|c| store.contract(c))
            .cloned();
        let mut r = store.requests.get(&id)?.clone();
        let cancel = rng.random_bool(0.08);
        let next = match r.current_status.clone()? {
            Status::Pending if cancel => Status::Cancelled,
            Status::Pending => {
                if let Some(c) = &contract {
                    demo::assign(store, &shared.people, &mut rng, &mut r, c);
                }
                Status::Assigned
            }
            Status::Assigned if cancel => Status::Cancelled,
            Status::Assigned => Status::InProgress,
            Status::InProgress => Status::Finished,
            _ => return None,
        };
        set_status(&mut r, next);
        store.requests.insert(id, r.clone());
        Some((EVENT_UPDATED, r))
    };
    store.rng = rng;
    if let Some((event, r)) = &out {
        tracing::info!(event, id = r.id, status = ?r.current_status, "dispatch");
    }
    out
}
