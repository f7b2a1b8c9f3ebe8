//! The Admin pane's tasks: admin API calls, the CSV preview and import, following a new
//! point transaction until it settles. The task runner spawns them.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::{AdminAction, AdminEffect, ImportPreview};
use crate::api::ApiClient;
use crate::backoff::Backoff;
use crate::import::ImportPlan;
use crate::tui::action::Action;

/// First wait between two polls of a new point transaction; doubled up to [`POLL_MAX`].
pub const POLL_FIRST: Duration = Duration::from_millis(200);
pub const POLL_MAX: Duration = Duration::from_secs(2);
/// Polls before giving up following (the list still shows the last status).
const POLL_LIMIT: u32 = 90;

/// The job that carries out one admin effect, for the task runner to spawn; its answers
/// come back on `tx` as the pane's actions.
pub async fn job(client: ApiClient, tx: UnboundedSender<Action>, effect: AdminEffect) {
    {
        let send = |a: AdminAction| {
            let _ = tx.send(a.into());
        };
        let needs_admin = !matches!(effect, AdminEffect::PreviewImport(_));
        if needs_admin && !client.has_admin() {
            send(AdminAction::NotConfigured);
            return;
        }
        match effect {
            AdminEffect::LoadContracts => {
                send(AdminAction::ContractsLoaded(client.admin_contracts().await))
            }
            AdminEffect::UpsertContract(input) => send(AdminAction::ContractSaved(
                client.admin_upsert_contract(&input).await,
            )),
            AdminEffect::PreviewImport(path) => {
                let preview = tokio::task::spawn_blocking(move || ImportPreview::read(&path))
                    .await
                    .unwrap_or_else(|e| Err(format!("the preview stopped: {e}")));
                send(AdminAction::PreviewLoaded(preview));
            }
            AdminEffect::RunImport {
                path,
                batch_size,
                cancel,
            } => {
                let read = tokio::task::spawn_blocking(move || ImportPlan::read(&path))
                    .await
                    .unwrap_or_else(|e| Err(format!("the import stopped: {e}")));
                let plan = match read {
                    Ok(plan) => plan,
                    Err(e) => {
                        send(AdminAction::ImportFinished(Err(e)));
                        return;
                    }
                };
                let outcome = plan
                    .run_controlled(&client, batch_size, |p| {
                        send(AdminAction::ImportProgress(p.clone()));
                        if cancel.is_cancelled() {
                            std::ops::ControlFlow::Break(())
                        } else {
                            std::ops::ControlFlow::Continue(())
                        }
                    })
                    .await;
                send(AdminAction::ImportFinished(outcome));
            }
            AdminEffect::LoadTransactions => send(AdminAction::TransactionsLoaded(
                client.point_transactions().await,
            )),
            AdminEffect::CreateTransaction(input) => send(AdminAction::TransactionCreated(
                client.create_point_transaction(&input).await,
            )),
            AdminEffect::FollowTransaction(id) => {
                let backoff = Backoff::new(POLL_FIRST, POLL_MAX);
                for retry in 0..POLL_LIMIT {
                    tokio::time::sleep(backoff.delay(retry)).await;
                    let answer = client.get_point_transaction(id).await;
                    let settled = matches!(&answer, Ok(t) if !t.is_pending());
                    send(AdminAction::TransactionPolled(answer));
                    if settled {
                        break;
                    }
                }
            }
            AdminEffect::LoadRules => send(AdminAction::RulesLoaded(
                client.recurrent_point_transactions().await,
            )),
            AdminEffect::SaveRule { id, rule } => {
                let saved = match id {
                    Some(id) => client.update_recurrent_point_transaction(id, &rule).await,
                    None => client.create_recurrent_point_transaction(&rule).await,
                };
                send(AdminAction::RuleSaved(saved));
            }
        }
    }
}
