//! The console's side of the relay: watch the bucket, the whole snapshot first, then each
//! change, handed on as [`BoardDiff`]s the board applies like a poll's. Reconnects by
//! itself (backing off); while NATS or the relay is down it says since when, and the board
//! keeps what it had. Only fingerprints are kept here, not a second copy of the board.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::kv;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use tokio::sync::mpsc;

use super::Stored;
use super::nats::{self, NatsSettings};
use super::{HEARTBEAT_KEY, Heartbeat, fingerprint, id_of, retry_delay};
use crate::board::{BoardDiff, Entry, Interner};

/// How often the relay's heartbeat is checked for silence.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// Why the board cannot follow the relay right now.
#[derive(Debug, Clone, PartialEq)]
pub enum DownCause {
    /// NATS cannot be reached (the message says why).
    Nats(String),
    /// The relay stopped writing its heartbeat.
    RelaySilent,
    /// The relay said it stopped.
    RelayStopped,
}

/// What the watcher tells the board.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchEvent {
    /// Requests from the bucket: after each (re)connection the whole snapshot
    /// (`snapshot`, with what disappeared meanwhile in `removed`), then each change.
    Board { diff: BoardDiff, snapshot: bool },
    /// The relay is live and publishing.
    Live,
    /// The relay is unreachable since `since`; the board keeps what it has.
    Down {
        since: DateTime<Utc>,
        cause: DownCause,
    },
}

/// Where the watcher stands, to send each state once.
#[derive(Default)]
struct Watcher {
    /// Fingerprints of the requests the board was sent.
    known: HashMap<i64, u64>,
    /// Service and provider names, shared by the entries built here.
    names: Interner,
    down: Option<(DateTime<Utc>, DownCause)>,
    live_sent: bool,
}

impl Watcher {
    fn set_live(&mut self, send: &mut impl FnMut(WatchEvent) -> bool) -> bool {
        if self.down.is_none() && self.live_sent {
            return true;
        }
        self.down = None;
        self.live_sent = true;
        send(WatchEvent::Live)
    }

    fn set_down(
        &mut self,
        since: DateTime<Utc>,
        cause: DownCause,
        send: &mut impl FnMut(WatchEvent) -> bool,
    ) -> bool {
        if self.down.as_ref().is_some_and(|(_, c)| *c == cause) {
            return true;
        }
        // The earliest known moment stays: "unreachable since" the relay was last heard.
        let since = self.down.as_ref().map_or(since, |(s, _)| (*s).min(since));
        self.down = Some((since, cause.clone()));
        self.live_sent = false;
        send(WatchEvent::Down { since, cause })
    }

    /// One stored value: a request's new state, unless the board has it already.
    fn upsert(&mut self, id: i64, bytes: &[u8]) -> Option<Entry> {
        let print = fingerprint(bytes);
        if self.known.get(&id) == Some(&print) {
            return None;
        }
        match serde_json::from_slice::<Stored>(bytes) {
            Ok(stored) if stored.id == Some(id) => {
                self.known.insert(id, print);
                stored.entry(&mut self.names)
            }
            Ok(_) => {
                tracing::warn!(id, "relay value holds another request id; skipped");
                None
            }
            Err(e) => {
                tracing::warn!(id, "relay value unreadable: {e}");
                None
            }
        }
    }

    fn beat_state(
        &mut self,
        beat: Option<&Heartbeat>,
        send: &mut impl FnMut(WatchEvent) -> bool,
    ) -> bool {
        match beat {
            Some(b) => match b.silent_since(Utc::now()) {
                Some(since) => {
                    let cause = if b.stopped {
                        DownCause::RelayStopped
                    } else {
                        DownCause::RelaySilent
                    };
                    self.set_down(since, cause, send)
                }
                None => self.set_live(send),
            },
            None => self.set_live(send),
        }
    }

    /// One connection: the snapshot, then changes until the connection fails.
    async fn session(
        &mut self,
        settings: &NatsSettings,
        send: &mut impl FnMut(WatchEvent) -> bool,
    ) -> Result<(), String> {
        let (events_tx, mut events) = mpsc::unbounded_channel();
        let client = nats::connect(settings, "mok-console board", Some(events_tx))
            .await
            .map_err(|e| e.0)?;
        let store = nats::open_bucket(client, &settings.bucket)
            .await
            .map_err(|e| e.0)?;
        let held = store.status().await.map_err(|e| e.to_string())?.values();
        let mut watch = store
            .watch_with_history(">")
            .await
            .map_err(|e| format!("watching the bucket: {e}"))?;
        let mut beat: Option<Heartbeat> = None;

        // The snapshot: every key's last value, up to the newest.
        let mut upserts = Vec::new();
        let mut seen = HashMap::with_capacity(self.known.len());
        if held > 0 {
            while let Some(entry) = watch.next().await {
                let entry = entry.map_err(|e| format!("reading the bucket: {e}"))?;
                self.take_snapshot_entry(&entry, &mut seen, &mut upserts, &mut beat);
                if entry.delta == 0 {
                    break;
                }
            }
        }
        let mut removed: Vec<i64> = self
            .known
            .keys()
            .filter(|id| !seen.contains_key(*id))
            .copied()
            .collect();
        removed.sort_unstable();
        self.known = seen;
        let diff = BoardDiff {
            upserts,
            removed,
            total: self.known.len(),
        };
        if !send(WatchEvent::Board {
            diff,
            snapshot: true,
        }) || !self.beat_state(beat.as_ref(), send)
        {
            return Ok(());
        }

        // Then each change.
        let mut check = tokio::time::interval(CHECK_EVERY);
        loop {
            tokio::select! {
                entry = watch.next() => {
                    let entry = match entry {
                        Some(Ok(e)) => e,
                        Some(Err(e)) => return Err(format!("watching the bucket: {e}")),
                        None => return Err("the bucket's watch ended".into()),
                    };
                    let open = match self.take_change(&entry, &mut beat) {
                        Some(diff) => send(WatchEvent::Board { diff, snapshot: false }),
                        None if entry.key == HEARTBEAT_KEY => self.beat_state(beat.as_ref(), send),
                        None => true,
                    };
                    if !open {
                        return Ok(());
                    }
                }
                Some(event) = events.recv() => {
                    if matches!(event, async_nats::Event::Disconnected) {
                        return Err("connection lost".into());
                    }
                }
                _ = check.tick() => {
                    if !self.beat_state(beat.as_ref(), send) {
                        return Ok(());
                    }
                }
            }
        }
    }

    fn take_snapshot_entry(
        &mut self,
        entry: &kv::Entry,
        seen: &mut HashMap<i64, u64>,
        upserts: &mut Vec<Entry>,
        beat: &mut Option<Heartbeat>,
    ) {
        if entry.key == HEARTBEAT_KEY {
            *beat = serde_json::from_slice(&entry.value).ok();
            return;
        }
        let Some(id) = id_of(&entry.key) else { return };
        if entry.operation != kv::Operation::Put {
            seen.remove(&id);
            return;
        }
        if let Some(request) = self.upsert(id, &entry.value) {
            upserts.push(request);
        }
        if let Some(print) = self.known.get(&id) {
            seen.insert(id, *print);
        }
    }

    fn take_change(
        &mut self,
        entry: &kv::Entry,
        beat: &mut Option<Heartbeat>,
    ) -> Option<BoardDiff> {
        if entry.key == HEARTBEAT_KEY {
            *beat = serde_json::from_slice(&entry.value).ok();
            return None;
        }
        let id = id_of(&entry.key)?;
        let mut diff = BoardDiff::default();
        if entry.operation == kv::Operation::Put {
            diff.upserts.push(self.upsert(id, &entry.value)?);
        } else {
            self.known.remove(&id)?;
            diff.removed.push(id);
        }
        diff.total = self.known.len();
        Some(diff)
    }
}

/// Follows the relay's bucket until `send` returns false (the board is gone), reconnecting
/// with backoff whenever NATS fails.
pub async fn watch(settings: Arc<NatsSettings>, mut send: impl FnMut(WatchEvent) -> bool) {
    let mut watcher = Watcher::default();
    let mut failures: u32 = 0;
    loop {
        let started = Utc::now();
        let result = watcher.session(&settings, &mut send).await;
        let Err(error) = result else { return };
        // A session that ran a while was a success: start backing off afresh.
        if Utc::now() - started > chrono::Duration::seconds(30) {
            failures = 0;
        }
        failures = failures.saturating_add(1);
        tracing::warn!(failures, "relay unreachable: {error}");
        if !watcher.set_down(Utc::now(), DownCause::Nats(error), &mut send) {
            return;
        }
        tokio::time::sleep(retry_delay(failures)).await;
    }
}

/// [`watch`] in a task, its events on a channel (for tools and tests).
pub fn spawn_watch(settings: Arc<NatsSettings>) -> mpsc::UnboundedReceiver<WatchEvent> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(watch(settings, move |event| tx.send(event).is_ok()));
    rx
}
