//! The outbox worker against the sandbox: creates queued during an outage land once the
//! server is back, exactly once.
mod common;

use std::time::Duration;

use mok_console::local::{Backoff, LocalStore, OutboxReport, OutboxState, OutboxWorker, ServerId};
use mok_console::model::ServiceRequestCreate;
use mok_console::sandbox::{Fault, FaultKind};
use tokio::sync::mpsc;

const DEADLINE: Duration = Duration::from_secs(90);

fn quick() -> Backoff {
    Backoff {
        base: Duration::from_millis(100),
        max: Duration::from_millis(500),
    }
}

async fn next_report(rx: &mut mpsc::Receiver<OutboxReport>) -> OutboxReport {
    tokio::time::timeout(DEADLINE, rx.recv())
        .await
        .expect("the worker reports in time")
        .expect("the worker is running")
}

fn body(contract_id: i64, service_id: i64) -> ServiceRequestCreate {
    ServiceRequestCreate {
        contract_id: Some(contract_id),
        service_id: Some(service_id),
        origin_address: Some("Calle de Alcalá 45, Madrid".into()),
        origin_latitude: Some("40.4192".into()),
        origin_longitude: Some("-3.6970".into()),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_queued_during_an_outage_lands_exactly_once_after_resume() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(&dir.path().join("console.sqlite3"), ServerId::sandbox()).unwrap();

    sb.pause().await;
    let ext = store.enqueue(body(contract_id, service_id)).unwrap();
    let (tx, mut rx) = mpsc::channel(64);
    let worker = OutboxWorker::new(store.clone(), client.clone(), tx)
        .with_interval(Duration::from_millis(200))
        .with_backoff(quick());
    let wake = worker.waker();
    let task = worker.spawn();
    wake.notify_one();

    // At least one failed attempt while the server is away; nothing created.
    match next_report(&mut rx).await {
        OutboxReport::Failed {
            external_id,
            attempts,
            ..
        } => {
            assert_eq!(external_id, ext);
            assert!(attempts >= 1);
        }
        other => panic!("expected a failure during the outage, got {other:?}"),
    }
    let item = store.outbox_item(&ext).unwrap().unwrap();
    assert_eq!(item.state, OutboxState::Pending);
    assert!(item.last_error.is_some());

    sb.resume().await;
    let request_id = loop {
        match next_report(&mut rx).await {
            OutboxReport::Sent {
                external_id,
                request_id,
                ..
            } => {
                assert_eq!(external_id, ext);
                break request_id.expect("the server gave an id");
            }
            OutboxReport::Failed { .. } => continue,
            other => panic!("unexpected {other:?}"),
        }
    };
    let item = store.outbox_item(&ext).unwrap().unwrap();
    assert_eq!(item.state, OutboxState::Sent);
    assert_eq!(item.request_id, Some(request_id));
    assert!(store.pending().unwrap().is_empty());

    // More cycles of the worker change nothing: still exactly one request.
    wake.notify_one();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let landed = sb.requests_with_external_id(&ext);
    assert_eq!(landed.len(), 1, "{landed:?}");
    assert_eq!(landed[0].id, Some(request_id));
    drop(rx);
    let _ = tokio::time::timeout(DEADLINE, task).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_whose_answer_is_lost_is_not_sent_twice() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let store = LocalStore::open_in_memory().unwrap();
    let ext = store.enqueue(body(contract_id, service_id)).unwrap();
    sb.inject(Fault {
        kind: FaultKind::DropAfterHandling,
        path_prefix: Some("/api/v1/provider_networks/service_requests".into()),
        method: Some("POST".into()),
        times: 1,
    });
    let (tx, mut rx) = mpsc::channel(64);
    let worker = OutboxWorker::new(store.clone(), client, tx).with_backoff(quick());
    let wake = worker.waker();
    let _task = worker.spawn();
    wake.notify_one();
    loop {
        match next_report(&mut rx).await {
            OutboxReport::Sent { external_id, .. } => {
                assert_eq!(external_id, ext);
                break;
            }
            OutboxReport::Failed { .. } => continue,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_create_is_rejected_and_not_retried() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let store = LocalStore::open_in_memory().unwrap();
    let ext = store
        .enqueue(ServiceRequestCreate {
            contract_id: Some(987_654_321),
            service_id: Some(1),
            ..Default::default()
        })
        .unwrap();
    let (tx, mut rx) = mpsc::channel(64);
    let worker = OutboxWorker::new(store.clone(), client, tx).with_backoff(quick());
    let wake = worker.waker();
    let _task = worker.spawn();
    wake.notify_one();
    match next_report(&mut rx).await {
        OutboxReport::Rejected { external_id, error } => {
            assert_eq!(external_id, ext);
            assert!(!error.is_empty());
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    let item = store.outbox_item(&ext).unwrap().unwrap();
    assert_eq!(item.state, OutboxState::Rejected);
    assert!(store.pending().unwrap().is_empty());
    assert!(sb.requests_with_external_id(&ext).is_empty());
}
