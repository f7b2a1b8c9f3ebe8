//! The points worker: processes pending transactions after a short delay (adding to or
//! spending from the customer's balance; spending more than the balance fails) and issues
//! the transactions of recurrent rules on their cadence, catching up a bounded number of
//! past-due issues.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;

use super::handlers::points::{PROCESSING_DELAY, issues_after};
use super::router::Shared;
use super::store::{PointRec, Store, iso};
use crate::model::PointTransaction;
use crate::points::Period;

const TICK: Duration = Duration::from_millis(250);
/// At most this many past-due issues of one rule are made; older ones are skipped.
pub const MAX_CATCH_UP: usize = 12;

pub async fn worker(shared: Arc<Shared>) {
    let mut tick = tokio::time::interval(TICK);
    loop {
        tick.tick().await;
        let mut store = shared.store.lock();
        issue_recurrent(&mut store);
        process_pending(&mut store);
    }
}

fn process_pending(store: &mut Store) {
    let now = Instant::now();
    let due: Vec<i64> = store
        .points
        .iter()
        .filter(|(_, p)| p.tx.status.as_deref() == Some("pending") && p.process_after <= now)
        .map(|(id, _)| *id)
        .collect();
    for id in due {
        let Some(p) = store.points.get(&id) else {
            continue;
        };
        let ai = p.tx.access_identifier.clone().unwrap_or_default();
        let points = p.tx.points.unwrap_or_default();
        let spend = p.tx.transaction_type.as_deref() == Some("spend");
        let balance = store.balances.entry(ai).or_insert(0.0);
        let status = if !spend {
            *balance += points;
            "processed"
        } else if *balance + 1e-9 >= points {
            *balance -= points;
            "processed"
        } else {
            "failed"
        };
        if let Some(p) = store.points.get_mut(&id) {
            p.tx.status = Some(status.into());
            p.tx.updated_at = Some(iso(Utc::now()));
        }
        tracing::info!(id, status, "point transaction processed");
    }
}

fn issue_recurrent(store: &mut Store) {
    let now = Utc::now();
    let ids: Vec<i64> = store.recurrent.keys().copied().collect();
    for id in ids {
        let Some(rec) = store.recurrent.get(&id) else {
            continue;
        };
        if rec.next_due.is_none_or(|t| t > now) {
            continue;
        }
        let rule = rec.rule.clone();
        let Some(period) = rule
            .recurrence_period
            .as_deref()
            .and_then(|p| Period::parse(p).ok())
        else {
            continue;
        };
        // Issues older than the last MAX_CATCH_UP are skipped: start walking no earlier than
        // MAX_CATCH_UP of the longest periods ago.
        let window = period
            .max_len()
            .checked_mul(MAX_CATCH_UP as i32)
            .and_then(|w| now.checked_sub_signed(w));
        let last = rule
            .last_recurrence_date
            .as_deref()
            .and_then(crate::model::parse_time);
        let after = match (last, window) {
            (Some(l), Some(w)) => Some(l.max(w)),
            (l, w) => l.or(w),
        };
        let Some(mut issues) = issues_after(&rule, after) else {
            continue;
        };
        // Every issue due by now, of which only the last MAX_CATCH_UP are made.
        let mut due = VecDeque::new();
        let next = loop {
            match issues.next() {
                Some(t) if t <= now => {
                    due.push_back(t);
                    if due.len() > MAX_CATCH_UP {
                        due.pop_front();
                    }
                }
                later => break later,
            }
        };
        if due.is_empty() {
            if let Some(rec) = store.recurrent.get_mut(&id) {
                rec.next_due = next;
            }
            continue;
        }
        let expiration = rule
            .point_expiration_period
            .as_deref()
            .and_then(|p| Period::parse(p).ok());
        for t in &due {
            let tx_id = store.next_point_id;
            store.next_point_id += 1;
            let stamp = iso(now);
            store.points.insert(
                tx_id,
                PointRec {
                    tx: PointTransaction {
                        id: Some(tx_id),
                        access_identifier: rule.raw_access_identifier.clone(),
                        transaction_type: rule.transaction_type.clone(),
                        status: Some("pending".into()),
                        points: rule.points,
                        comment: rule.comment.clone(),
                        expiration_date: expiration
                            .and_then(|e| e.nth_after(t.naive_utc(), 1))
                            .map(|e| iso(e.and_utc())),
                        created_at: Some(stamp.clone()),
                        updated_at: Some(stamp),
                        recurrent_point_transaction_id: Some(id),
                    },
                    process_after: Instant::now() + PROCESSING_DELAY,
                },
            );
        }
        if let Some(rec) = store.recurrent.get_mut(&id) {
            rec.rule.last_recurrence_date = due.back().map(|t| iso(*t));
            rec.next_due = next;
        }
        tracing::info!(id, issued = due.len(), "recurrent point rule issued");
    }
}
