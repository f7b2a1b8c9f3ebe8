//! The form's effects as jobs for the task runner: create (falling back to the outbox when
//! the server cannot be reached), update, and the outbox worker whose reports come back as
//! actions. The runner spawns them (blocking SQLite calls run inside them on tokio's
//! blocking pool).

use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;
use tokio::sync::{Notify, mpsc::UnboundedSender};

use super::{CreateOutcome, FormAction, FormEffect, OutboxCommand, OutboxSetup};
use crate::api::{ApiClient, ApiError, ErrorKind};
use crate::local::{LocalStore, OutboxWorker};
use crate::tui::action::Action;

/// What the runner keeps between the form's effects: the outbox, once started.
#[derive(Default)]
pub struct FormRuntime {
    outbox: Option<(LocalStore, Arc<Notify>)>,
}

/// Errors after which the create may land later: the server or the network was away.
pub fn is_transient(e: &ApiError) -> bool {
    matches!(
        e.kind,
        ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::RateLimited
    )
}

fn send(tx: &UnboundedSender<Action>, action: FormAction) {
    let _ = tx.send(Action::Form(action));
}

/// Reads the outbox off the async threads and reports it.
async fn report_outbox(
    store: LocalStore,
    tx: &UnboundedSender<Action>,
    report: Option<crate::local::OutboxReport>,
) {
    match tokio::task::spawn_blocking(move || store.outbox()).await {
        Ok(Ok(items)) => send(tx, FormAction::OutboxChanged { items, report }),
        Ok(Err(e)) => tracing::warn!("could not read the outbox: {e}"),
        Err(e) => tracing::warn!("outbox read task failed: {e}"),
    }
}

/// The jobs that carry out `effect` (none when there is nothing to do).
pub fn jobs(
    effect: FormEffect,
    client: &ApiClient,
    tx: &UnboundedSender<Action>,
    rt: &mut FormRuntime,
) -> Vec<BoxFuture<'static, ()>> {
    let client = client.clone();
    let tx = tx.clone();
    match effect {
        FormEffect::Create { request, body } => {
            let outbox = rt.outbox.clone();
            let job = async move {
                let mut body = *body;
                // The id is fixed before the first attempt, so the outbox resends the very
                // same request and the server can never get it twice.
                if body
                    .external_id
                    .as_deref()
                    .is_none_or(|x| x.trim().is_empty())
                {
                    body.external_id = Some(uuid::Uuid::new_v4().to_string());
                }
                let result = match client.create_service_request(body.clone()).await {
                    Ok(c) => Ok(CreateOutcome::Created {
                        request: Box::new(c.request),
                        recovered: c.recovered,
                    }),
                    Err(error) if is_transient(&error) && outbox.is_some() => {
                        let (store, wake) = outbox.expect("checked");
                        let message = error.message.clone();
                        let queue = store.clone();
                        let queued = tokio::task::spawn_blocking(move || {
                            let ext = queue.enqueue(body)?;
                            // One attempt failed: the worker looks it up before resending.
                            queue.mark_failed(&ext, &message)?;
                            Ok::<_, crate::local::LocalError>(ext)
                        })
                        .await;
                        match queued {
                            Ok(Ok(external_id)) => {
                                tracing::info!(%external_id, "create queued in the outbox");
                                wake.notify_one();
                                report_outbox(store, &tx, None).await;
                                Ok(CreateOutcome::Queued { external_id, error })
                            }
                            Ok(Err(e)) => {
                                tracing::error!("could not queue the create: {e}");
                                Err(error)
                            }
                            Err(_) => Err(error),
                        }
                    }
                    Err(e) => Err(e),
                };
                send(&tx, FormAction::Created { request, result });
            };
            vec![job.boxed()]
        }
        FormEffect::Update { request, id, body } => {
            let job = async move {
                let result = client.update_service_request(id, &body).await.map(Box::new);
                send(&tx, FormAction::Updated { request, result });
            };
            vec![job.boxed()]
        }
        FormEffect::StartOutbox(OutboxSetup {
            store,
            interval,
            backoff,
        }) => {
            if rt.outbox.is_some() {
                return Vec::new();
            }
            let (reports_tx, mut reports) = tokio::sync::mpsc::channel(32);
            let worker = OutboxWorker::new(store.clone(), client, reports_tx)
                .with_interval(interval)
                .with_backoff(backoff);
            rt.outbox = Some((store.clone(), worker.waker()));
            let reporter = async move {
                report_outbox(store.clone(), &tx, None).await;
                while let Some(report) = reports.recv().await {
                    if tx.is_closed() {
                        return;
                    }
                    report_outbox(store.clone(), &tx, Some(report)).await;
                }
            };
            vec![worker.run().boxed(), reporter.boxed()]
        }
        FormEffect::Outbox(command) => {
            let Some((store, wake)) = rt.outbox.clone() else {
                return Vec::new();
            };
            let job = async move {
                let s = store.clone();
                let done = tokio::task::spawn_blocking(move || match &command {
                    OutboxCommand::Discard(ext) => s.discard(ext),
                    OutboxCommand::Requeue(ext) => s.requeue(ext),
                })
                .await;
                if let Ok(Err(e)) = done {
                    tracing::warn!("outbox command failed: {e}");
                }
                wake.notify_one();
                report_outbox(store, &tx, None).await;
            };
            vec![job.boxed()]
        }
    }
}
