//! The one task runner: every [`Effect`] a pane asks for is run here, as a tokio task
//! whose answers come back on the channel as the asking pane's [`Action`]s. It is the only
//! place in the TUI that spawns; it hands out request ids ([`new_request_id`]), keeps the
//! running tasks by id so a cancelled one is aborted, and lets a newer effect of the same
//! [`Slot`] supersede (abort) the one before.
//!
//! What a task does lives with the pane that asks for it (`panes/<name>/tasks.rs` or, for
//! one call, right here); this file only decides how it runs.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::future::BoxFuture;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::action::{Action, Effect, RequestId, Slot};
use super::overlays::journal::JournalAction;
use super::overlays::stale::StaleAction;
use super::overlays::whatsapp::WhatsAppAction;
use super::panes::board::tasks::BoardRuntime;
use super::panes::lookup::LookupAction;
use crate::api::ApiClient;

/// A long-lived task the runner keeps until it is stopped or the runner is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// The board's poller and its forwarding of updates.
    BoardFeed,
    /// The team relay's watcher (a board that follows the relay).
    BoardRelay,
    /// The webhook receiver feeding the board.
    BoardWebhook,
}

/// What carrying out an effect takes, as a pane's tasks file describes it; only the
/// runner spawns it.
pub enum Work {
    /// One task, kept by the effect's request id (when it has one) so it can be aborted.
    Task(BoxFuture<'static, ()>),
    /// A long-lived service, started unless it already runs.
    Start(Service, BoxFuture<'static, ()>),
    /// Stops a service.
    Stop(Service),
}

/// A new request id, unique for the process: a pane tags the effect it asks for with it,
/// and drops any answer that does not carry the id it is waiting for.
pub fn new_request_id() -> RequestId {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

pub struct TaskRunner {
    client: ApiClient,
    tx: UnboundedSender<Action>,
    running: HashMap<RequestId, AbortHandle>,
    /// The newest request of each slot.
    latest: HashMap<Slot, RequestId>,
    /// Long-lived services, by name.
    services: HashMap<Service, AbortHandle>,
    form: super::panes::request_form::tasks::FormRuntime,
    board: BoardRuntime,
    /// The local database (recent zones), when there is one.
    local: Option<crate::local::LocalStore>,
}

impl Drop for TaskRunner {
    fn drop(&mut self) {
        for task in self.services.values() {
            task.abort();
        }
    }
}

impl TaskRunner {
    pub fn new(client: ApiClient, tx: UnboundedSender<Action>) -> Self {
        Self {
            client,
            tx,
            running: HashMap::new(),
            latest: HashMap::new(),
            services: HashMap::new(),
            form: Default::default(),
            board: BoardRuntime::default(),
            local: None,
        }
    }

    /// Keeps recent zones (and other local lists) in this database.
    pub fn with_local(mut self, store: crate::local::LocalStore) -> Self {
        self.local = Some(store);
        self
    }

    /// Starts `effect` (never blocks: the work happens in a spawned task).
    pub fn run(&mut self, effect: Effect) {
        self.running.retain(|_, task| !task.is_finished());
        let request = effect.request();
        if let (Some(slot), Some(request)) = (effect.slot(), request)
            && let Some(old) = self.latest.insert(slot, request)
        {
            self.abort(old);
        }
        let client = self.client.clone();
        match effect {
            Effect::FetchMe => {
                self.answer(None, async move { Action::MeLoaded(client.me().await) })
            }
            Effect::SearchContracts {
                request,
                kind,
                value,
            } => self.answer(Some(request), async move {
                // Follows up where needed: a contract id as shown, limits by access id.
                let result = crate::lookup::find(&client, kind, &value).await;
                LookupAction::Found { request, result }.into()
            }),
            Effect::SendWhatsApp { request, number } => self.answer(Some(request), async move {
                let result = client.send_whatsapp(&number).await;
                WhatsAppAction::Sent {
                    request,
                    number,
                    result,
                }
                .into()
            }),
            Effect::Reread { request, id } => self.answer(Some(request), async move {
                let result = client.get_service_request(id).await.map(Box::new);
                StaleAction::Reread { request, result }.into()
            }),
            Effect::Admin(effect) => {
                let job = super::panes::admin::tasks::job(client, self.tx.clone(), *effect);
                self.spawn(None, job);
            }
            Effect::Form(effect) => {
                let tx = self.tx.clone();
                let jobs =
                    super::panes::request_form::tasks::jobs(effect, &client, &tx, &mut self.form);
                for job in jobs {
                    self.spawn(request, job);
                }
            }
            Effect::Board(effect) => {
                let work =
                    super::panes::board::tasks::work(effect, &client, &self.tx, &mut self.board);
                if let Some(work) = work {
                    self.carry_out(request, work);
                }
            }
            Effect::Ranking(effect) => {
                let job = super::panes::ranking::tasks::job(
                    effect,
                    &client,
                    &self.tx,
                    self.local.as_ref(),
                );
                if let Some(job) = job {
                    self.spawn(request, job);
                }
            }
            Effect::Abort(request) => self.abort(request),
            Effect::ReturnFreedMemory => {
                tokio::task::spawn_blocking(crate::memory::return_freed);
            }
            Effect::LoadJournal => {
                let store = self.local.clone();
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = match store {
                        Some(store) => store.journal(None).map_err(|e| e.to_string()),
                        None => Err("no local database".into()),
                    };
                    let _ = tx.send(JournalAction::Loaded(result).into());
                });
            }
        }
    }

    fn carry_out(&mut self, request: Option<RequestId>, work: Work) {
        match work {
            Work::Task(job) => self.spawn(request, job),
            Work::Start(service, job) => {
                if self
                    .services
                    .get(&service)
                    .is_some_and(|task| !task.is_finished())
                {
                    return;
                }
                let task = tokio::spawn(job);
                self.services.insert(service, task.abort_handle());
            }
            Work::Stop(service) => {
                if let Some(task) = self.services.remove(&service) {
                    tracing::debug!(?service, "stopping a service");
                    task.abort();
                }
            }
        }
    }

    /// Spawns a task that answers once.
    fn answer(
        &mut self,
        request: Option<RequestId>,
        task: impl Future<Output = Action> + Send + 'static,
    ) {
        let tx = self.tx.clone();
        self.spawn(request, async move {
            let _ = tx.send(task.await);
        });
    }

    /// Spawns `job`, kept by `request` (when it has one) so it can be aborted.
    fn spawn(
        &mut self,
        request: Option<RequestId>,
        job: impl Future<Output = ()> + Send + 'static,
    ) {
        let task = tokio::spawn(job);
        if let Some(request) = request {
            self.running.insert(request, task.abort_handle());
        }
    }

    fn abort(&mut self, request: RequestId) {
        if let Some(task) = self.running.remove(&request) {
            tracing::debug!(request, "aborting a task whose answer is no longer wanted");
            task.abort();
        }
    }

    /// How many tasks are still running (tests check that a cancel aborts).
    pub fn running(&mut self) -> usize {
        self.running.retain(|_, task| !task.is_finished());
        self.running.len()
    }
}
