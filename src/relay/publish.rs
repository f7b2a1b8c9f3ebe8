//! The relay: reads [`SourceUpdate`]s and keeps the bucket equal to MOK, writing only what
//! changed (compared by fingerprint with what the bucket holds, so a restarted relay does
//! not rewrite 100,000 unchanged requests). NATS down: updates keep being read and the
//! latest state of each changed request waits in memory; the relay reconnects with backoff,
//! reports each attempt, and writes what is still different once it is back.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::kv;
use bytes::Bytes;
use chrono::Utc;
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::Stored;
use super::nats::{self, NatsError, NatsSettings};
use super::source::SourceUpdate;
use super::{HEARTBEAT_KEY, Heartbeat, fingerprint, id_of, key, retry_delay};

/// How many writes to the bucket are in flight at once.
const WRITES_IN_FLIGHT: usize = 64;

/// What the relay tells its operator.
#[derive(Debug, Clone, PartialEq)]
pub enum RelayReport {
    /// Connected; the bucket held `entries` requests.
    NatsConnected {
        entries: usize,
    },
    /// A connection attempt failed or the connection was lost; the next try is in `retry_in`.
    NatsUnreachable {
        error: String,
        failures: u32,
        retry_in: Duration,
    },
    /// Changes written to the bucket.
    Published {
        puts: usize,
        deletes: usize,
        total: usize,
    },
    /// MOK answered a full poll with this many requests (after a failure or the first time).
    MokOk {
        requests: usize,
    },
    MokFailing {
        error: String,
        retry_in: Duration,
    },
    WebhookListening(String),
}

impl std::fmt::Display for RelayReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RelayReport::NatsConnected { entries } => {
                write!(f, "NATS connected; the bucket holds {entries} requests")
            }
            RelayReport::NatsUnreachable {
                error,
                failures,
                retry_in,
            } => write!(
                f,
                "NATS unreachable ({failures} in a row): {error}; retrying in {:.1} s",
                retry_in.as_secs_f64()
            ),
            RelayReport::Published {
                puts,
                deletes,
                total,
            } => write!(
                f,
                "published {puts} changed, {deletes} removed ({total} requests)"
            ),
            RelayReport::MokOk { requests } => write!(f, "MOK answered: {requests} requests"),
            RelayReport::MokFailing { error, retry_in } => write!(
                f,
                "MOK failing: {error}; retrying in {:.0} s",
                retry_in.as_secs_f64()
            ),
            RelayReport::WebhookListening(url) => write!(f, "webhooks: {url}"),
        }
    }
}

/// Relay settings beside the NATS ones.
#[derive(Debug, Clone)]
pub struct RelayOptions {
    pub heartbeat: Duration,
}

impl Default for RelayOptions {
    fn default() -> Self {
        Self {
            heartbeat: super::HEARTBEAT_EVERY,
        }
    }
}

/// The state between MOK and the bucket.
#[derive(Default)]
struct Relay {
    store: Option<kv::Store>,
    /// What the bucket holds, by fingerprint of the stored JSON.
    published: HashMap<i64, u64>,
    /// Latest state not yet written (`None`: delete).
    pending: HashMap<i64, Option<Bytes>>,
    mok_error: Option<String>,
    mok_ok_once: bool,
}

impl Relay {
    fn stage(&mut self, request: &Stored) -> Option<i64> {
        let id = request.id?;
        let bytes = match serde_json::to_vec(request) {
            Ok(b) => Bytes::from(b),
            Err(e) => {
                tracing::warn!(id, "request not serialisable: {e}");
                return None;
            }
        };
        if self.published.get(&id) == Some(&fingerprint(&bytes)) {
            self.pending.remove(&id);
        } else {
            self.pending.insert(id, Some(bytes));
        }
        Some(id)
    }

    fn apply(&mut self, update: SourceUpdate, report: &mpsc::UnboundedSender<RelayReport>) {
        match update {
            SourceUpdate::Full(list) => {
                let total = list.len();
                let seen: HashSet<i64> = list.iter().filter_map(|r| self.stage(r)).collect();
                let gone: Vec<i64> = self
                    .published
                    .keys()
                    .chain(self.pending.keys())
                    .filter(|id| !seen.contains(id))
                    .copied()
                    .collect();
                for id in gone {
                    if self.published.contains_key(&id) {
                        self.pending.insert(id, None);
                    } else {
                        self.pending.remove(&id);
                    }
                }
                if self.mok_error.take().is_some() || !self.mok_ok_once {
                    self.mok_ok_once = true;
                    let _ = report.send(RelayReport::MokOk { requests: total });
                }
            }
            SourceUpdate::Changed { upserts, removed } => {
                for r in &upserts {
                    self.stage(r);
                }
                for id in removed {
                    if self.published.contains_key(&id) {
                        self.pending.insert(id, None);
                    } else {
                        self.pending.remove(&id);
                    }
                }
                if self.mok_error.take().is_some() {
                    let _ = report.send(RelayReport::MokOk {
                        requests: self.published.len(),
                    });
                }
            }
            SourceUpdate::Failed { error, retry_in } => {
                self.mok_error = Some(error.clone());
                let _ = report.send(RelayReport::MokFailing { error, retry_in });
            }
            SourceUpdate::WebhookListening(url) => {
                let _ = report.send(RelayReport::WebhookListening(url));
            }
        }
    }

    /// Writes what is pending; what fails stays pending and the error is returned.
    async fn flush(&mut self) -> Result<Option<(usize, usize)>, NatsError> {
        let Some(store) = self.store.clone() else {
            return Ok(None);
        };
        if self.pending.is_empty() {
            return Ok(None);
        }
        let work: Vec<(i64, Option<Bytes>)> = self.pending.drain().collect();
        let results: Vec<_> = futures::stream::iter(work)
            .map(|(id, value)| {
                let store = store.clone();
                async move {
                    let result = match &value {
                        Some(bytes) => store
                            .put(key(id), bytes.clone())
                            .await
                            .map(|_| ())
                            .map_err(|e| e.to_string()),
                        None => store.delete(key(id)).await.map_err(|e| e.to_string()),
                    };
                    (id, value, result)
                }
            })
            .buffer_unordered(WRITES_IN_FLIGHT)
            .collect()
            .await;
        let (mut puts, mut deletes, mut first_error) = (0, 0, None);
        for (id, value, result) in results {
            match result {
                Ok(()) => match &value {
                    Some(bytes) => {
                        puts += 1;
                        self.published.insert(id, fingerprint(bytes));
                    }
                    None => {
                        deletes += 1;
                        self.published.remove(&id);
                    }
                },
                Err(e) => {
                    first_error.get_or_insert_with(|| NatsError(format!("write to bucket: {e}")));
                    // A newer state staged meanwhile wins; none was (no await since drain).
                    self.pending.entry(id).or_insert(value);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(Some((puts, deletes))),
        }
    }

    async fn beat(&self, every: Duration, stopped: bool) -> Result<(), NatsError> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        let beat = Heartbeat {
            at: Utc::now(),
            every_ms: every.as_millis() as u64,
            stopped,
            mok_error: self.mok_error.clone(),
        };
        let bytes = serde_json::to_vec(&beat).unwrap_or_default();
        store
            .put(HEARTBEAT_KEY, bytes.into())
            .await
            .map(|_| ())
            .map_err(|e| NatsError(format!("heartbeat: {e}")))
    }
}

/// A connection's bucket, what it holds (by fingerprint), and the connection's own events
/// (a fresh channel each time, so a dropped connection's last words are not taken for
/// the new one's).
type Opened = (
    kv::Store,
    HashMap<i64, u64>,
    mpsc::UnboundedReceiver<async_nats::Event>,
);

/// Connects, opens (or creates) the bucket and reads what it holds.
async fn open(settings: &NatsSettings) -> Result<Opened, NatsError> {
    let (events_tx, events) = mpsc::unbounded_channel();
    let client = nats::connect(settings, "mok-console relay", Some(events_tx)).await?;
    let store = nats::create_bucket(client, &settings.bucket).await?;
    let held = read_bucket(&store).await?;
    Ok((store, held, events))
}

/// The next event of the current connection; never, without one.
async fn next_event(
    events: &mut Option<mpsc::UnboundedReceiver<async_nats::Event>>,
) -> async_nats::Event {
    match events {
        Some(rx) => match rx.recv().await {
            Some(event) => event,
            None => std::future::pending().await,
        },
        None => std::future::pending().await,
    }
}

/// Every request key in the bucket with the fingerprint of its value.
pub async fn read_bucket(store: &kv::Store) -> Result<HashMap<i64, u64>, NatsError> {
    let mut held = HashMap::new();
    let status = store
        .status()
        .await
        .map_err(|e| NatsError(format!("bucket status: {e}")))?;
    if status.values() == 0 {
        return Ok(held);
    }
    let mut entries = store
        .watch_with_history(">")
        .await
        .map_err(|e| NatsError(format!("reading the bucket: {e}")))?;
    while let Some(entry) = entries.next().await {
        let entry = entry.map_err(|e| NatsError(format!("reading the bucket: {e}")))?;
        if let Some(id) = id_of(&entry.key) {
            match entry.operation {
                kv::Operation::Put => {
                    held.insert(id, fingerprint(&entry.value));
                }
                kv::Operation::Delete | kv::Operation::Purge => {
                    held.remove(&id);
                }
            }
        }
        if entry.delta == 0 {
            break;
        }
    }
    Ok(held)
}

/// Runs the relay until `source` closes or `stop` resolves; then writes a last heartbeat
/// saying it stopped, so consoles say so at once.
pub async fn run(
    settings: Arc<NatsSettings>,
    mut source: mpsc::Receiver<SourceUpdate>,
    options: RelayOptions,
    report: mpsc::UnboundedSender<RelayReport>,
    stop: impl std::future::Future<Output = ()>,
) {
    let mut relay = Relay::default();
    let mut events = None;
    let mut failures: u32 = 0;
    let mut next_try = Instant::now();
    let mut beat = tokio::time::interval(options.heartbeat);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(stop);
    loop {
        if relay.store.is_none() && Instant::now() >= next_try {
            match open(&settings).await {
                Ok((store, held, connection_events)) => {
                    events = Some(connection_events);
                    failures = 0;
                    let _ = report.send(RelayReport::NatsConnected {
                        entries: held.len(),
                    });
                    relay.published = held;
                    relay.store = Some(store);
                    beat.reset_immediately();
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let retry_in = retry_delay(failures);
                    next_try = Instant::now() + retry_in;
                    let _ = report.send(RelayReport::NatsUnreachable {
                        error: e.0,
                        failures,
                        retry_in,
                    });
                }
            }
        }
        let mut lost: Option<String> = None;
        tokio::select! {
            update = source.recv() => match update {
                Some(update) => relay.apply(update, &report),
                None => break,
            },
            _ = beat.tick(), if relay.store.is_some() => {
                if let Err(e) = relay.beat(options.heartbeat, false).await {
                    lost = Some(e.0);
                }
            }
            event = next_event(&mut events) => {
                if matches!(event, async_nats::Event::Disconnected) && relay.store.is_some() {
                    lost = Some("connection lost".into());
                }
            }
            _ = tokio::time::sleep_until(next_try), if relay.store.is_none() => {}
            _ = &mut stop => break,
        }
        if lost.is_none() {
            match relay.flush().await {
                Ok(Some((puts, deletes))) => {
                    let _ = report.send(RelayReport::Published {
                        puts,
                        deletes,
                        total: relay.published.len(),
                    });
                }
                Ok(None) => {}
                Err(e) => lost = Some(e.0),
            }
        }
        if let Some(error) = lost {
            relay.store = None;
            events = None;
            failures = failures.saturating_add(1);
            let retry_in = retry_delay(failures);
            next_try = Instant::now() + retry_in;
            let _ = report.send(RelayReport::NatsUnreachable {
                error,
                failures,
                retry_in,
            });
        }
    }
    if relay.beat(options.heartbeat, true).await.is_err() {
        tracing::warn!("the relay's last heartbeat was not written");
    }
}

/// `mok-console relay`: follows the configured MOK (or `--sandbox`) and publishes to
/// `[relay]`'s NATS until Ctrl-C, printing what it does on stderr.
pub fn run_cli(global: &crate::cli::GlobalArgs) -> std::process::ExitCode {
    use std::process::ExitCode;
    let (_guard, _log) = crate::logging::init(&global.log_level);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let conn = match crate::connection::Connection::open(&global.connect(), false).await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(crate::cli::EXIT_CONFIG);
            }
        };
        for w in &conn.config.warnings {
            eprintln!("warning: {w}");
        }
        let Some(relay) = &conn.config.relay else {
            let file = conn
                .config
                .source
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "the config file".into());
            eprintln!(
                "error: no [relay] url in {file}: the relay needs a NATS server to publish to"
            );
            return ExitCode::from(crate::cli::EXIT_CONFIG);
        };
        let settings = NatsSettings::from_config(relay);
        let interval = Duration::from_secs(conn.config.board.poll_interval_secs.max(1));
        eprintln!(
            "relay: following {} every {} s{}; publishing to {} bucket {}",
            conn.client.base_url(),
            interval.as_secs(),
            if conn.config.webhook.is_some() {
                " and webhooks"
            } else {
                ""
            },
            settings.url,
            settings.bucket
        );
        let source =
            super::source::follow_mok(conn.client.clone(), interval, conn.config.webhook.clone());
        let (report_tx, mut reports) = mpsc::unbounded_channel();
        let printer = tokio::spawn(async move {
            while let Some(r) = reports.recv().await {
                tracing::info!("relay: {r}");
                eprintln!("{} relay: {r}", Utc::now().format("%H:%M:%S"));
            }
        });
        // Ctrl-C, or SIGTERM from a service manager: stop cleanly either way.
        let stop = async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                match signal(SignalKind::terminate()) {
                    Ok(mut term) => {
                        tokio::select! {
                            _ = tokio::signal::ctrl_c() => {}
                            _ = term.recv() => {}
                        }
                    }
                    Err(_) => {
                        let _ = tokio::signal::ctrl_c().await;
                    }
                }
            }
            #[cfg(not(unix))]
            {
                let _ = tokio::signal::ctrl_c().await;
            }
        };
        run(settings, source, RelayOptions::default(), report_tx, stop).await;
        let _ = printer.await;
        eprintln!("relay: stopped");
        ExitCode::SUCCESS
    })
}
