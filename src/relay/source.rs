//! Where the relay's request updates come from: the one boundary between following MOK and
//! publishing. Anything that sends [`SourceUpdate`]s on a channel can feed the relay.
//!
//! The relay follows MOK as a console's board does: the load-aware feed of issue 12
//! ([`crate::board::feed`]: the open statuses every interval, a rare sweep of everything,
//! polls stretched while pushes arrive) and, with `[webhook]`, each pushed request as it
//! arrives. Requests travel in the form the board keeps ([`Stored`]), so the
//! bucket holds what boards show and every path writes the same bytes for the same state.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc;

use super::Stored;
use crate::board::feed::{Feed, FeedOptions, FeedUpdate, Part};
use crate::board::{Entry, Interner};
use crate::config::WebhookSection;
use crate::model::{EVENT_CREATED, EVENT_UPDATED};

/// What a source learned about MOK.
#[derive(Debug, Clone)]
pub enum SourceUpdate {
    /// Every request MOK has: one not in the list is gone.
    Full(Vec<Stored>),
    /// These requests' latest state, and requests gone; others are unchanged.
    Changed {
        upserts: Vec<Stored>,
        removed: Vec<i64>,
    },
    /// MOK failed; the source tries again by itself after `retry_in`.
    Failed { error: String, retry_in: Duration },
    /// The webhook receiver is listening on this URL.
    WebhookListening(String),
}

/// The relay's sources as one channel: the board feed, plus webhooks when configured.
/// Everything stops when the receiver is dropped.
pub fn follow_mok(
    client: crate::api::ApiClient,
    interval: Duration,
    webhook: Option<WebhookSection>,
) -> mpsc::Receiver<SourceUpdate> {
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(run(client, FeedOptions::new(interval), webhook, tx));
    rx
}

async fn run(
    client: crate::api::ApiClient,
    options: FeedOptions,
    webhook: Option<WebhookSection>,
    tx: mpsc::Sender<SourceUpdate>,
) {
    let (feed, mut updates) = Feed::start(client, options);
    let (events_tx, mut events) = mpsc::channel(1024);
    let _receiver = match webhook {
        Some(config) => match crate::webhook::serve(&config, events_tx).await {
            Ok(handle) => {
                let _ = tx.send(SourceUpdate::WebhookListening(handle.url())).await;
                Some(handle)
            }
            Err(e) => {
                let failed = SourceUpdate::Failed {
                    error: format!("webhook receiver not started: {e}"),
                    retry_in: Duration::MAX,
                };
                let _ = tx.send(failed).await;
                None
            }
        },
        None => None,
    };
    let mut names = Interner::default();
    // The latest state of every request, in the board's form: a push is merged into it (a
    // field the payload lacks keeps its value), never published as if it were the whole.
    let mut known: HashMap<i64, Entry> = HashMap::new();
    // The feed's first sweep lists everything: the relay may drop what it does not list.
    let mut first_sweep = true;
    loop {
        let update = tokio::select! {
            update = updates.recv() => match update {
                Some(FeedUpdate::Refreshed { part, diff, .. }) => {
                    let upserts = diff.upserts.iter().map(Stored::of).collect();
                    if part == Part::All && first_sweep {
                        known.clear();
                    }
                    for id in &diff.removed {
                        known.remove(id);
                    }
                    known.extend(diff.upserts.into_iter().map(|e| (e.id, e)));
                    if part == Part::All && first_sweep {
                        first_sweep = false;
                        SourceUpdate::Full(upserts)
                    } else {
                        SourceUpdate::Changed { upserts, removed: diff.removed }
                    }
                }
                Some(FeedUpdate::Failed { error, retry_in, .. }) => SourceUpdate::Failed {
                    error: error.message,
                    retry_in,
                },
                Some(FeedUpdate::Cadence { .. }) => continue,
                None => return,
            },
            event = events.recv() => {
                let Some(event) = event else { continue };
                feed.pushed();
                let known_event =
                    matches!(event.event.as_deref(), Some(EVENT_CREATED | EVENT_UPDATED));
                let Some(pushed) = event.payload.filter(|_| known_event) else {
                    continue;
                };
                let merged = match pushed.id.and_then(|id| known.get(&id)) {
                    Some(entry) => entry.merged(&pushed, &mut names),
                    None => match Entry::from_request(&pushed, &mut names) {
                        Some(entry) => entry,
                        None => continue,
                    },
                };
                let stored = Stored::of(&merged);
                known.insert(merged.id, merged);
                SourceUpdate::Changed { upserts: vec![stored], removed: Vec::new() }
            }
            // The relay gone: stop at once (and free the webhook address for the next one).
            _ = tx.closed() => return,
        };
        if tx.send(update).await.is_err() {
            return;
        }
    }
}
