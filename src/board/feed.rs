//! The load-aware poller behind the board (issue 12), with no UI types so the TUI and the
//! team relay share it. It keeps a board current at a fraction of a full poll's cost:
//!
//! - **Open part**: every interval it lists only the open statuses (`pending`, `assigned`,
//!   `in_progress`, and any other status seen that is not `finished`/`cancelled`), one
//!   `current_status` filter each. A request known open that none of them lists has left the
//!   open statuses: it is fetched by id (`GET …/{id}`) to learn how it ended.
//! - **Closed part**: a sweep of every page (closed requests included) at start, every
//!   [`FeedOptions::sweep_interval`], and on [`Feed::refresh`]. It catches what the open part
//!   cannot: deletions, and requests that move to a status never seen before.
//! - **Pushes**: while webhook events arrive ([`Feed::pushed`]) the open part runs
//!   [`FeedOptions::push_stretch`] times less often: pushes are the source, polls the net.
//! - **429**: the next poll waits at least the server's `Retry-After`, backing off, and the
//!   update says so ([`FeedUpdate::Failed`] with a rate-limited error).
//!
//! ```no_run
//! # async fn run(client: mok_console::api::ApiClient) {
//! use mok_console::board::{BoardStore, feed::{Feed, FeedOptions, FeedUpdate}};
//! let (feed, mut updates) = Feed::start(client, FeedOptions::new(std::time::Duration::from_secs(5)));
//! let mut board = BoardStore::new();
//! while let Some(update) = updates.recv().await {
//!     if let FeedUpdate::Refreshed { diff, .. } = update {
//!         board.apply_diff(diff);
//!     }
//! }
//! # drop(feed);
//! # }
//! ```

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use parking_lot::Mutex;
use tokio::sync::Notify;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::{BoardDiff, DiffTracker, Pass};
use crate::api::{
    ApiClient, ApiError, ErrorKind, MAX_PAGE_SIZE, RawPage, RetryPolicy, ServiceRequestQuery,
};
use crate::model::{ServiceRequest, Status};

/// The longest wait between polls while the server fails.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// More requests than this leaving the open statuses at once are not fetched one by one:
/// a sweep is run instead.
const MAX_LOOKUPS: usize = 50;

/// How the feed paces itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOptions {
    /// The open part's interval (`[board] poll_interval_secs`).
    pub interval: Duration,
    /// The sweep's interval (closed requests included).
    pub sweep_interval: Duration,
    /// While pushes arrive, the open part runs this many times less often.
    pub push_stretch: u32,
}

impl FeedOptions {
    /// `interval` for the open part; a sweep every 120 intervals (10 min at 5 s, at least
    /// a minute); polls stretched ×6 while pushes arrive.
    pub fn new(interval: Duration) -> FeedOptions {
        let interval = interval.max(Duration::from_millis(50));
        FeedOptions {
            interval,
            sweep_interval: (interval * 120).max(Duration::from_secs(60)),
            push_stretch: 6,
        }
    }
}

/// Which part of the board a listing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The open statuses, every interval.
    Open,
    /// Everything, closed requests included (the sweep).
    All,
}

/// What the feed reports.
#[derive(Debug, Clone)]
pub enum FeedUpdate {
    /// A listing ended: apply `diff`. `requests` is how many API calls it took.
    Refreshed {
        part: Part,
        diff: BoardDiff,
        at: DateTime<Utc>,
        requests: u32,
    },
    /// A listing failed; the next try is in `retry_in` (backed off; at least the
    /// `Retry-After` of a 429, whose error has [`ErrorKind::RateLimited`]).
    Failed {
        part: Part,
        error: ApiError,
        /// Failures in a row.
        failures: u32,
        retry_in: Duration,
    },
    /// The pace changed: the open part runs every `open_every`, the sweep every
    /// `sweep_every`; `pushes` while webhook events are arriving.
    Cadence {
        open_every: Duration,
        sweep_every: Duration,
        pushes: bool,
    },
}

/// The wait after `failures` failures in a row: the interval, doubled per failure, at most
/// [`MAX_BACKOFF`] (never below the interval), and never below a 429's `Retry-After` (itself
/// honoured up to [`MAX_BACKOFF`]: a server asking for a day still gets asked again).
pub fn backoff(interval: Duration, failures: u32, retry_after: Option<Duration>) -> Duration {
    // The crate's one backoff, from the interval; at most 8 doublings.
    let doubled =
        crate::backoff::Backoff::new(interval, MAX_BACKOFF.max(interval)).delay(failures.min(8));
    let asked = retry_after
        .unwrap_or_default()
        .min(MAX_BACKOFF.max(interval));
    doubled.max(asked)
}

struct Control {
    wake: Notify,
    sweep_requested: AtomicBool,
    last_push: Mutex<Option<Instant>>,
    /// Pushes count as arriving while the last one is younger than this.
    push_window: Duration,
}

impl Control {
    fn pushes_arriving(&self) -> bool {
        self.last_push
            .lock()
            .is_some_and(|t| t.elapsed() < self.push_window)
    }
}

/// A feed's controls; dropping a started one stops its task.
pub struct Feed {
    control: Arc<Control>,
    /// The polling task, when [`Feed::start`] spawned it (not when the caller runs the job).
    task: Option<AbortHandle>,
}

impl Drop for Feed {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

impl Feed {
    /// Starts polling through `client`; updates arrive on the receiver until the feed is
    /// dropped (or the receiver is). The first update is a sweep: the whole board.
    pub fn start(client: ApiClient, options: FeedOptions) -> (Feed, UnboundedReceiver<FeedUpdate>) {
        let (mut feed, rx, job) = Feed::prepare(client, options);
        feed.task = Some(tokio::spawn(job).abort_handle());
        (feed, rx)
    }

    /// The feed not started: its controls, its updates, and the polling job for the
    /// caller to spawn (the TUI's task runner does, and stops it by aborting that task).
    /// The job ends by itself when the receiver is dropped.
    pub fn prepare(
        client: ApiClient,
        options: FeedOptions,
    ) -> (
        Feed,
        UnboundedReceiver<FeedUpdate>,
        impl std::future::Future<Output = ()> + Send + 'static,
    ) {
        let (tx, rx) = unbounded_channel();
        let control = Arc::new(Control {
            wake: Notify::new(),
            sweep_requested: AtomicBool::new(false),
            last_push: Mutex::new(None),
            // Two stretched intervals without a push: back to the plain interval.
            push_window: options.interval * options.push_stretch.max(1) * 2,
        });
        // A 429 is the feed's to pace, not the client's to sleep on: Retry-After comes back
        // at once (other failures keep the client's quick retries).
        let client = client.with_retry(RetryPolicy {
            max_retry_after: Duration::ZERO,
            ..RetryPolicy::default()
        });
        let job = run(client, options, control.clone(), tx);
        (
            Feed {
                control,
                task: None,
            },
            rx,
            job,
        )
    }

    /// Polls everything now (the user's `r`): a sweep, closed requests included.
    pub fn refresh(&self) {
        self.control.sweep_requested.store(true, Ordering::SeqCst);
        self.control.wake.notify_one();
    }

    /// A webhook event arrived: while they keep coming, the open part is stretched.
    pub fn pushed(&self) {
        let was_arriving = self.control.pushes_arriving();
        *self.control.last_push.lock() = Some(Instant::now());
        if !was_arriving {
            // The pace changes now, not after the wait already under way.
            self.control.wake.notify_one();
        }
    }
}

/// The feed's memory between listings.
struct State {
    client: ApiClient,
    tracker: DiffTracker,
    /// The statuses the open part lists.
    open: BTreeSet<String>,
    /// API calls of the listing in progress.
    calls: u32,
}

impl State {
    /// Notes a page's items; only the ones whose text changed are parsed.
    fn observe_page(&mut self, pass: &mut Pass, page: &RawPage) {
        for item in page.items() {
            if let Some(request) = self.tracker.observe_raw(pass, item) {
                self.learn_status(&request);
            }
        }
    }

    /// An open status not listed yet (an unknown one) joins the open part.
    fn learn_status(&mut self, request: &ServiceRequest) {
        if let Some(s) = &request.current_status
            && s.is_open()
            && !s.as_str().is_empty()
            && !self.open.contains(s.as_str())
        {
            tracing::info!(status = s.as_str(), "board feed: polling a new open status");
            self.open.insert(s.as_str().to_owned());
        }
    }

    /// Every page, closed requests included.
    async fn sweep(&mut self) -> Result<BoardDiff, ApiError> {
        let mut pass = self.tracker.pass();
        let mut pages = self
            .client
            .all_service_requests_raw(ServiceRequestQuery::default());
        while let Some(page) = pages.next().await {
            self.calls += 1;
            self.observe_page(&mut pass, &page?);
        }
        Ok(self.tracker.finish_full(pass))
    }

    /// The open statuses, one filter each, page after page until a short one; then the
    /// requests that left them, by id.
    async fn open_part(&mut self) -> Result<(BoardDiff, bool), ApiError> {
        let mut pass = self.tracker.pass();
        let statuses: Vec<String> = self.open.iter().cloned().collect();
        for status in statuses {
            let mut page = 1;
            loop {
                let query = ServiceRequestQuery {
                    current_status: Some(status.clone()),
                    page: Some(page),
                    page_size: Some(MAX_PAGE_SIZE),
                    ..Default::default()
                };
                self.calls += 1;
                let items = self.client.list_service_requests_raw(&query).await?;
                self.observe_page(&mut pass, &items);
                if items.len() < MAX_PAGE_SIZE as usize {
                    break;
                }
                page += 1;
            }
        }
        let (mut diff, vanished) = self.tracker.finish_open(pass);
        if vanished.len() > MAX_LOOKUPS {
            return Ok((diff, true));
        }
        for id in vanished {
            self.calls += 1;
            match self.client.get_service_request(id).await {
                Ok(request) => {
                    self.learn_status(&request);
                    diff.upserts.extend(self.tracker.observe_one(&request));
                }
                Err(e) if e.kind == ErrorKind::NotFound => {
                    self.tracker.forget(id);
                    diff.removed.push(id);
                }
                Err(e) if e.kind == ErrorKind::RateLimited => return Err(e),
                // Left for the sweep to settle.
                Err(e) => tracing::warn!(id, "board feed: lookup failed: {}", e.message),
            }
        }
        Ok((diff, false))
    }
}

async fn run(
    client: ApiClient,
    options: FeedOptions,
    control: Arc<Control>,
    tx: UnboundedSender<FeedUpdate>,
) {
    let mut state = State {
        client,
        tracker: DiffTracker::new(),
        open: [Status::Pending, Status::Assigned, Status::InProgress]
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        calls: 0,
    };
    let stretched = options.interval * options.push_stretch.max(1);
    let mut cadence: Option<(Duration, bool)> = None;
    let mut failures: u32 = 0;
    let start = Instant::now();
    let mut next_sweep = start;
    let mut next_open = start + options.interval;
    loop {
        let pushes = control.pushes_arriving();
        let open_every = if pushes { stretched } else { options.interval };
        if cadence != Some((open_every, pushes)) {
            if let Some((before, _)) = cadence {
                // The open part's next run follows the new pace.
                next_open = next_open - before + open_every;
            }
            cadence = Some((open_every, pushes));
            let update = FeedUpdate::Cadence {
                open_every,
                sweep_every: options.sweep_interval,
                pushes,
            };
            if tx.send(update).is_err() {
                return;
            }
        }
        let now = Instant::now();
        if control.sweep_requested.swap(false, Ordering::SeqCst) {
            next_sweep = now;
        }
        let due = next_open.min(next_sweep);
        if due > now {
            tokio::select! {
                _ = tokio::time::sleep_until(due) => {}
                _ = control.wake.notified() => {}
            }
            continue;
        }
        let part = if next_sweep <= now {
            Part::All
        } else {
            Part::Open
        };
        state.calls = 0;
        let result = match part {
            Part::All => state.sweep().await.map(|d| (d, false)),
            Part::Open => state.open_part().await,
        };
        let done = Instant::now();
        let update = match result {
            Ok((diff, sweep_needed)) => {
                failures = 0;
                next_open = done + open_every;
                if part == Part::All {
                    next_sweep = done + options.sweep_interval;
                }
                if sweep_needed {
                    next_sweep = done;
                }
                FeedUpdate::Refreshed {
                    part,
                    diff,
                    at: Utc::now(),
                    requests: state.calls,
                }
            }
            Err(error) => {
                failures = failures.saturating_add(1);
                let retry_in = backoff(open_every, failures, error.retry_after);
                tracing::warn!(failures, ?part, retry_in = ?retry_in, "board poll failed: {}", error.message);
                next_open = done + retry_in;
                if part == Part::All {
                    // The sweep is tried again first (it is due before the open part).
                    next_sweep = done + retry_in;
                } else if error.kind == ErrorKind::RateLimited {
                    // A 429 holds every part back.
                    next_sweep = next_sweep.max(done + retry_in);
                }
                FeedUpdate::Failed {
                    part,
                    error,
                    failures,
                    retry_in,
                }
            }
        };
        if tx.send(update).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_honours_retry_after() {
        let i = Duration::from_secs(5);
        assert_eq!(backoff(i, 0, None), i);
        assert_eq!(backoff(i, 1, None), Duration::from_secs(10));
        assert_eq!(backoff(i, 3, None), Duration::from_secs(40));
        assert_eq!(backoff(i, 30, None), MAX_BACKOFF);
        let slow = Duration::from_secs(600);
        assert_eq!(backoff(slow, 4, None), slow);
        assert_eq!(
            backoff(i, 1, Some(Duration::from_secs(90))),
            Duration::from_secs(90)
        );
        assert_eq!(
            backoff(i, 2, Some(Duration::from_secs(1))),
            Duration::from_secs(20)
        );
        assert_eq!(backoff(i, 1, Some(Duration::MAX)), MAX_BACKOFF);
    }

    #[test]
    fn options_sweep_rarely() {
        let o = FeedOptions::new(Duration::from_secs(5));
        assert_eq!(o.sweep_interval, Duration::from_secs(600));
        assert_eq!(
            FeedOptions::new(Duration::from_millis(100)).sweep_interval,
            Duration::from_secs(60)
        );
    }
}
