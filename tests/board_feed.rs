//! The board's load-aware feed (issue 12) against the real sandbox over loopback HTTP, with
//! no UI: what it asks the server for (counted by the sandbox), how a reopening, an unknown
//! status and a 429 are handled, and pushes stretching the polls.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use mok_console::api::ErrorKind;
use mok_console::board::BoardStore;
use mok_console::board::feed::{Feed, FeedOptions, FeedUpdate, Part};
use mok_console::model::Status;
use mok_console::sandbox::{self, Fault, FaultKind, SandboxConfig, SandboxHandle};
use tokio::sync::mpsc::UnboundedReceiver;

const WAIT: Duration = Duration::from_secs(30);

async fn sandbox_with(requests: usize) -> SandboxHandle {
    sandbox::start(SandboxConfig {
        requests: Some(requests),
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox starts")
}

fn options(interval_ms: u64, sweep_ms: u64) -> FeedOptions {
    FeedOptions {
        interval: Duration::from_millis(interval_ms),
        sweep_interval: Duration::from_millis(sweep_ms),
        push_stretch: 6,
    }
}

/// The next update that `want` accepts, applying every listing to `board` on the way.
async fn next_where(
    updates: &mut UnboundedReceiver<FeedUpdate>,
    board: &mut BoardStore,
    mut want: impl FnMut(&FeedUpdate, &BoardStore) -> bool,
) -> FeedUpdate {
    tokio::time::timeout(WAIT, async {
        loop {
            let update = updates.recv().await.expect("the feed runs");
            if let FeedUpdate::Refreshed { diff, .. } = &update {
                board.apply_diff(diff.clone());
            }
            if want(&update, board) {
                return update;
            }
        }
    })
    .await
    .expect("the update came in time")
}

fn is_refresh(u: &FeedUpdate, want: Part) -> bool {
    matches!(u, FeedUpdate::Refreshed { part, .. } if *part == want)
}

fn calls(server: &SandboxHandle, filter: &str) -> usize {
    server.list_calls().get(filter).copied().unwrap_or(0)
}

fn open_filters(c: &BTreeMap<String, usize>) -> usize {
    c.iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(_, n)| n)
        .sum()
}

/// Ids of the board's requests in `status`.
fn ids_in(board: &BoardStore, status: &Status) -> Vec<i64> {
    board
        .rows()
        .iter()
        .filter(|r| r.status_ref() == status)
        .map(|r| r.id())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_rows_change_on_every_poll_and_closed_rows_are_not_refetched() {
    let server = sandbox_with(3000).await;
    let client = common::client(&server);
    let (_feed, mut updates) = Feed::start(client, options(150, 3_600_000));
    let mut board = BoardStore::new();
    // First the sweep: the whole board.
    next_where(&mut updates, &mut board, |u, _| is_refresh(u, Part::All)).await;
    let total = board.len();
    assert!(total >= 3000, "every request is on the board: {total}");
    let open = board
        .rows()
        .iter()
        .filter(|r| r.status_ref().is_open())
        .count();
    assert!(
        open * 100 / total <= 10 && open > 0,
        "about 5 % open: {open} of {total}"
    );
    let swept = calls(&server, "");
    assert!(swept >= total / 100, "the sweep read every page ({swept})");

    let pending = ids_in(&board, &Status::Pending);
    assert!(pending.len() >= 3, "pending requests to move");
    let before = server.list_calls();
    let mut open_polls = 0;
    for (round, id) in pending.iter().take(3).enumerate() {
        // Each round, one open request moves; the next open poll shows it.
        server.set_request_status(*id, "assigned").unwrap();
        let update = next_where(&mut updates, &mut board, |u, b| {
            is_refresh(u, Part::Open) && b.get(*id).unwrap().status() == Status::Assigned
        })
        .await;
        let FeedUpdate::Refreshed { diff, requests, .. } = update else {
            unreachable!()
        };
        assert!(
            diff.upserts.iter().any(|e| e.id == *id),
            "round {round}: the change came as an upsert"
        );
        assert!(
            (requests as usize) < swept / 5,
            "an open poll costs a fraction of a sweep: {requests} vs {swept}"
        );
        open_polls += 1;
    }
    // An open request that finishes leaves the open listings: it is fetched by id.
    let gets = server.get_calls();
    let finishing = ids_in(&board, &Status::InProgress)[0];
    server.set_request_status(finishing, "finished").unwrap();
    next_where(&mut updates, &mut board, |u, b| {
        is_refresh(u, Part::Open) && b.get(finishing).unwrap().status() == Status::Finished
    })
    .await;
    assert!(server.get_calls() > gets, "looked up by id");

    let after = server.list_calls();
    assert_eq!(
        calls(&server, ""),
        swept,
        "no unfiltered listing (closed rows) between sweeps: {after:?}"
    );
    assert!(
        open_filters(&after) >= open_filters(&before) + 3 * open_polls,
        "each open poll lists pending, assigned and in_progress: {before:?} → {after:?}"
    );
    for s in ["finished", "cancelled"] {
        assert_eq!(calls(&server, s), 0, "closed statuses are never polled");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reopened_request_appears_and_an_unknown_status_joins_the_open_polls() {
    let server = sandbox_with(600).await;
    let client = common::client(&server);
    let (feed, mut updates) = Feed::start(client, options(150, 3_600_000));
    let mut board = BoardStore::new();
    next_where(&mut updates, &mut board, |u, _| is_refresh(u, Part::All)).await;
    let finished = ids_in(&board, &Status::Finished);

    // Back to a known open status: the next open poll has it, no sweep needed.
    let reopened = finished[0];
    server.set_request_status(reopened, "pending").unwrap();
    let update = next_where(&mut updates, &mut board, |_, b| {
        b.get(reopened).unwrap().status() == Status::Pending
    })
    .await;
    assert!(is_refresh(&update, Part::Open), "{update:?}");

    // To a status never seen: only a sweep can find it (here on `r`)…
    let odd = finished[1];
    server.set_request_status(odd, "on_hold").unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    feed.refresh();
    let update = next_where(&mut updates, &mut board, |_, b| {
        b.get(odd).unwrap().status() == Status::parse("on_hold")
    })
    .await;
    assert!(is_refresh(&update, Part::All), "{update:?}");
    // …and from then on the open polls list it too.
    next_where(&mut updates, &mut board, |u, _| is_refresh(u, Part::Open)).await;
    assert!(calls(&server, "on_hold") >= 1, "{:?}", server.list_calls());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reopening_to_an_unknown_status_appears_within_the_sweep_interval() {
    let server = sandbox_with(300).await;
    let client = common::client(&server);
    let sweep = Duration::from_millis(1500);
    let (_feed, mut updates) = Feed::start(client, options(100, sweep.as_millis() as u64));
    let mut board = BoardStore::new();
    next_where(&mut updates, &mut board, |u, _| is_refresh(u, Part::All)).await;
    let id = ids_in(&board, &Status::Cancelled)[0];
    server.set_request_status(id, "waiting_parts").unwrap();
    let started = std::time::Instant::now();
    next_where(&mut updates, &mut board, |_, b| {
        b.get(id).unwrap().status() == Status::parse("waiting_parts")
    })
    .await;
    // Within one sweep interval (plus the sweep's own time on a loaded machine).
    assert!(
        started.elapsed() < sweep * 3,
        "appeared after {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_slows_polling_and_honours_retry_after() {
    let server = sandbox_with(300).await;
    let client = common::client(&server);
    let (_feed, mut updates) = Feed::start(client, options(100, 3_600_000));
    let mut board = BoardStore::new();
    next_where(&mut updates, &mut board, |u, _| is_refresh(u, Part::All)).await;
    next_where(&mut updates, &mut board, |u, _| is_refresh(u, Part::Open)).await;
    server.inject(Fault {
        kind: FaultKind::TooManyRequests {
            retry_after_secs: 2,
        },
        path_prefix: Some("/api/v1/provider_networks/service_requests".into()),
        method: None,
        times: 1,
    });
    let failed = next_where(&mut updates, &mut board, |u, _| {
        matches!(u, FeedUpdate::Failed { .. })
    })
    .await;
    let FeedUpdate::Failed {
        error, retry_in, ..
    } = failed
    else {
        unreachable!()
    };
    assert_eq!(error.kind, ErrorKind::RateLimited);
    assert_eq!(error.retry_after, Some(Duration::from_secs(2)));
    assert!(retry_in >= Duration::from_secs(2), "{retry_in:?}");
    // Nothing is asked while the server said to wait (at 100 ms that would be ~15 polls).
    let before = server.list_calls();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(server.list_calls(), before, "no listing during Retry-After");
    // Then polling resumes.
    next_where(&mut updates, &mut board, |u, _| is_refresh(u, Part::Open)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_stretch_the_open_polls() {
    let server = sandbox_with(300).await;
    let client = common::client(&server);
    let (feed, mut updates) = Feed::start(client, options(100, 3_600_000));
    let mut board = BoardStore::new();
    let first = next_where(&mut updates, &mut board, |u, _| {
        matches!(u, FeedUpdate::Cadence { .. })
    })
    .await;
    assert!(matches!(
        first,
        FeedUpdate::Cadence { open_every, pushes: false, .. } if open_every == Duration::from_millis(100)
    ));
    feed.pushed();
    let stretched = next_where(&mut updates, &mut board, |u, _| {
        matches!(u, FeedUpdate::Cadence { .. })
    })
    .await;
    assert!(
        matches!(
            stretched,
            FeedUpdate::Cadence { open_every, pushes: true, .. } if open_every == Duration::from_millis(600)
        ),
        "{stretched:?}"
    );
    // With pushes stopped, polling returns to its interval.
    let back = next_where(&mut updates, &mut board, |u, _| {
        matches!(u, FeedUpdate::Cadence { .. })
    })
    .await;
    assert!(
        matches!(back, FeedUpdate::Cadence { pushes: false, .. }),
        "{back:?}"
    );
}
