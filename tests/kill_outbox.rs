//! Kills while the outbox sends (issue 15), in CI: the outbox worker is stopped dead (its
//! task aborted, as SIGKILL stops a process: whatever it had not written to the database is
//! gone) at random moments of its calls, while the sandbox delays, drops or holds answers,
//! then a new worker starts on the same database file. Every item lands exactly once.
//! `scripts/kills.sh` does the same to the real binary with real signals.

mod common;

use std::time::{Duration, Instant};

use mok_console::local::{Backoff, LocalStore, OutboxReport, OutboxState, OutboxWorker, ServerId};
use mok_console::model::ServiceRequestCreate;
use mok_console::sandbox::{Fault, FaultKind, SandboxHandle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::sync::mpsc;

const SR_PATH: &str = "/api/v1/provider_networks/service_requests";

fn body(contract_id: i64, service_id: i64) -> ServiceRequestCreate {
    ServiceRequestCreate {
        contract_id: Some(contract_id),
        service_id: Some(service_id),
        origin_address: Some("Calle de Alcalá 45, Madrid".into()),
        ..Default::default()
    }
}

fn worker(
    path: &std::path::Path,
    client: &mok_console::api::ApiClient,
) -> (tokio::task::JoinHandle<()>, mpsc::Receiver<OutboxReport>) {
    let store = LocalStore::open(path, ServerId::sandbox()).unwrap();
    let (tx, rx) = mpsc::channel(64);
    let w = OutboxWorker::new(store, client.clone(), tx)
        .with_interval(Duration::from_millis(100))
        .with_backoff(Backoff {
            base: Duration::from_millis(50),
            max: Duration::from_millis(200),
        });
    let wake = w.waker();
    let task = w.spawn();
    wake.notify_one();
    (task, rx)
}

/// Runs a worker to the end: until `ext` is marked sent in the database (a killed worker
/// may have marked it already, without living to report it).
async fn finish(path: &std::path::Path, client: &mok_console::api::ApiClient, ext: &str) {
    let (task, mut rx) = worker(path, client);
    let store = LocalStore::open(path, ServerId::sandbox()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let item = store.outbox_item(ext).unwrap().expect("the item is kept");
        match item.state {
            OutboxState::Sent => break,
            OutboxState::Pending => {}
            other => panic!("{ext} is {other:?}: {:?}", item.last_error),
        }
        assert!(Instant::now() < deadline, "{ext} never sent: {item:?}");
        let _ = tokio::time::timeout(Duration::from_millis(50), rx.recv()).await;
    }
    task.abort();
    let _ = task.await;
}

async fn wait_created(sb: &SandboxHandle, ext: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while sb.requests_with_external_id(ext).is_empty() {
        assert!(Instant::now() < deadline, "{ext} never reached the server");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The bug this found: the worker looked the item up on the server only when an earlier
/// attempt was recorded, so a console killed between the server creating the request and
/// the worker writing down the answer created it a second time on restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_after_the_server_created_its_item_does_not_create_it_twice() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");
    let ext = LocalStore::open(&path, ServerId::sandbox())
        .unwrap()
        .enqueue(body(contract_id, service_id))
        .unwrap();
    sb.inject(Fault {
        kind: FaultKind::LatencyAfterHandling(Duration::from_secs(3)),
        path_prefix: Some(SR_PATH.into()),
        method: Some("POST".into()),
        times: 1,
    });
    let (task, _rx) = worker(&path, &client);
    wait_created(&sb, &ext).await;
    // Killed while the answer is on its way.
    task.abort();
    let _ = task.await;
    finish(&path, &client, &ext).await;
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);
}

/// `KILL_ROUNDS` items (default 12), each killed 1–3 times at random moments (0–900 ms into
/// the worker's life) under random faults, then sent by a worker left alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_items_land_exactly_once_whatever_moment_the_worker_is_killed() {
    let rounds: u64 = std::env::var("KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");
    let mut rng = StdRng::seed_from_u64(15);
    let mut kills = 0;
    for round in 0..rounds {
        let ext = LocalStore::open(&path, ServerId::sandbox())
            .unwrap()
            .enqueue(body(contract_id, service_id))
            .unwrap();
        for _ in 0..rng.random_range(1..=3) {
            let ms = rng.random_range(20..600);
            let kind = match rng.random_range(0..4) {
                0 => FaultKind::LatencyAfterHandling(Duration::from_millis(ms)),
                1 => FaultKind::Latency(Duration::from_millis(ms)),
                2 => FaultKind::DropAfterHandling,
                _ => FaultKind::DropBeforeHandling,
            };
            sb.inject(Fault {
                kind,
                path_prefix: Some(SR_PATH.into()),
                method: None,
                times: 1,
            });
            let (task, _rx) = worker(&path, &client);
            tokio::time::sleep(Duration::from_millis(rng.random_range(0..900))).await;
            task.abort();
            let _ = task.await;
            sb.clear_faults();
            kills += 1;
        }
        finish(&path, &client, &ext).await;
        let landed = sb.requests_with_external_id(&ext).len();
        assert_eq!(landed, 1, "round {round}: {ext} landed {landed} times");
    }
    eprintln!("outbox kills: {kills} kills over {rounds} items, every item landed exactly once");
}
