//! Runs the app's effects as tokio tasks against the API; each task reports back with an
//! [`Action`] on the channel. Tasks are kept by request id so a cancelled one is aborted.

use std::collections::HashMap;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::action::{Action, Effect, RequestId};
use super::board_tasks::BoardTasks;
use crate::api::ApiClient;

pub struct TaskRunner {
    client: ApiClient,
    tx: UnboundedSender<Action>,
    running: HashMap<RequestId, AbortHandle>,
    form: super::panes::request_form::tasks::FormRuntime,
    board: BoardTasks,
}

impl TaskRunner {
    pub fn new(client: ApiClient, tx: UnboundedSender<Action>) -> Self {
        Self {
            client,
            tx,
            running: HashMap::new(),
            form: Default::default(),
            board: BoardTasks::default(),
        }
    }

    /// Keeps recent zones (and other local lists) in this database.
    pub fn with_local(mut self, store: crate::local::LocalStore) -> Self {
        self.board.set_local(store);
        self
    }

    /// Starts `effect` (never blocks: the call happens in a spawned task).
    pub fn run(&mut self, effect: Effect) {
        self.running.retain(|_, task| !task.is_finished());
        let client = self.client.clone();
        let tx = self.tx.clone();
        match effect {
            Effect::FetchMe => {
                tokio::spawn(async move {
                    let _ = tx.send(Action::MeLoaded(client.me().await));
                });
            }
            Effect::SearchContracts {
                request,
                kind,
                value,
            } => {
                let task = tokio::spawn(async move {
                    let result = client.search_contracts(kind, &value).await;
                    let _ = tx.send(Action::ContractsLoaded { request, result });
                });
                self.running.insert(request, task.abort_handle());
            }
            Effect::SendWhatsApp { request, number } => {
                let task = tokio::spawn(async move {
                    let result = client.send_whatsapp(&number).await;
                    let _ = tx.send(Action::WhatsAppSent {
                        request,
                        number,
                        result,
                    });
                });
                self.running.insert(request, task.abort_handle());
            }
            Effect::Admin(effect) => super::panes::admin::spawn_effect(client, tx, *effect),
            Effect::Form(effect) => {
                let started =
                    super::panes::request_form::tasks::run(effect, &client, &tx, &mut self.form);
                if let Some((request, task)) = started {
                    self.running.insert(request, task);
                }
            }
            Effect::Board(effect) => self.board.run_board(effect, &client, &tx),
            Effect::Ranking(effect) => {
                if let Some((request, task)) = self.board.run_ranking(effect, &client, &tx) {
                    self.running.insert(request, task);
                }
            }
            Effect::Abort(request) => {
                if let Some(task) = self.running.remove(&request) {
                    tracing::debug!(request, "aborting a task whose answer is no longer wanted");
                    task.abort();
                }
            }
        }
    }

    /// How many tasks are still running (tests check that a cancel aborts).
    pub fn running(&mut self) -> usize {
        self.running.retain(|_, task| !task.is_finished());
        self.running.len()
    }
}
