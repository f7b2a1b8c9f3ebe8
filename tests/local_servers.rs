//! Local data belongs to one server (issue 10 §3): a draft and an outbox item written on
//! the sandbox never reach a session on another server, and the outbox item still lands
//! exactly once when a later session is on the sandbox again. Both servers are real
//! sandboxes on loopback (same demo data, so a leaked create would succeed over there).
mod common;

use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::config::Language;
use mok_console::forms::FormCatalog;
use mok_console::local::{Elsewhere, LocalStore, OutboxReport, OutboxWorker, ServerId};
use mok_console::model::ServiceRequestCreate;
use mok_console::sandbox;
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::request_form::RequestSetup;
use serde_json::json;
use tokio::sync::mpsc;

fn deps(place: &str, sandbox: bool) -> Deps {
    Deps {
        language: Language::En,
        place: place.into(),
        sandbox,
        today: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        warnings: Vec::new(),
    }
}

fn production() -> ServerId {
    ServerId::remote("https://partner.example", "acme-cc")
}

fn setup(store: LocalStore) -> RequestSetup {
    RequestSetup::new(FormCatalog::load(None).unwrap(), Some(store))
}

#[test]
fn a_sandbox_draft_is_not_offered_on_another_server_but_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");
    LocalStore::open(&path, ServerId::sandbox())
        .unwrap()
        .save_draft("new-request", &json!({"mode": "create"}))
        .unwrap();

    // On the other server: no draft restored, the status line says what waits elsewhere.
    let mut h = Harness::offline(deps("https://partner.example", false), 120, 40);
    h.app
        .setup_requests(setup(LocalStore::open(&path, production()).unwrap()));
    h.key(KeyCode::F(3));
    let pane = h.app.request_form();
    assert!(
        pane.form().is_none(),
        "no form restored from the sandbox's draft"
    );
    assert!(pane.outbox().is_empty());
    let screen = h.render();
    assert!(!screen.contains("Draft restored"), "{screen}");
    assert!(
        screen.contains("1 saved items wait for another server (sandbox)"),
        "{screen}"
    );

    // Back on the sandbox the same draft is restored, and nothing is said.
    let mut h = Harness::offline(deps("SANDBOX", true), 120, 40);
    h.app
        .setup_requests(setup(LocalStore::open(&path, ServerId::sandbox()).unwrap()));
    h.key(KeyCode::F(3));
    assert!(h.app.request_form().form().is_some());
    let screen = h.render();
    assert!(screen.contains("Draft restored"), "{screen}");
    assert!(!screen.contains("another server"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_outbox_item_never_reaches_another_server_and_lands_once_at_home_later() {
    let home = common::sandbox().await;
    let other = common::sandbox().await;
    let home_client = common::client(&home);
    let other_client = common::client(&other);
    let (contract_id, service_id, _) = common::demo_contract(&home_client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");

    // Session 1 on the sandbox queued a create (e.g. offline); it waits in the outbox.
    let ext = LocalStore::open(&path, ServerId::sandbox())
        .unwrap()
        .enqueue(ServiceRequestCreate {
            contract_id: Some(contract_id),
            service_id: Some(service_id),
            origin_address: Some("Calle de Alcalá 45, Madrid".into()),
            ..Default::default()
        })
        .unwrap();

    // Session 2 on another server, same file: its worker neither sees nor sends it.
    let other_id = ServerId::remote(&other.base_url(), sandbox::CLIENT_ID);
    let store = LocalStore::open(&path, other_id).unwrap();
    assert!(store.pending().unwrap().is_empty());
    assert!(store.outbox().unwrap().is_empty());
    assert_eq!(
        store.elsewhere().unwrap(),
        vec![Elsewhere {
            server: ServerId::sandbox(),
            drafts: 0,
            unsent: 1
        }]
    );
    let (tx, mut rx) = mpsc::channel(64);
    let worker =
        OutboxWorker::new(store, other_client, tx).with_interval(Duration::from_millis(50));
    let wake = worker.waker();
    let task = worker.spawn();
    wake.notify_one();
    // Several cycles of the worker: not one report, not one request over there.
    let heard = tokio::time::timeout(Duration::from_millis(600), rx.recv()).await;
    assert!(heard.is_err(), "the worker reported {heard:?}");
    assert!(other.requests_with_external_id(&ext).is_empty());
    drop(rx);
    let _ = task.await;

    // Session 3, on the sandbox again: it lands, exactly once.
    let store = LocalStore::open(&path, ServerId::sandbox()).unwrap();
    let (tx, mut rx) = mpsc::channel(64);
    let worker = OutboxWorker::new(store.clone(), home_client, tx);
    worker.drain_once().await;
    match rx.recv().await {
        Some(OutboxReport::Sent { external_id, .. }) => assert_eq!(external_id, ext),
        other => panic!("expected the item sent, got {other:?}"),
    }
    worker.drain_once().await;
    assert!(rx.try_recv().is_err(), "nothing more to send");
    assert!(store.pending().unwrap().is_empty());
    assert_eq!(home.requests_with_external_id(&ext).len(), 1);
    assert!(other.requests_with_external_id(&ext).is_empty());
    assert!(store.elsewhere().unwrap().is_empty());
}

/// A database from before servers were recorded: its rows could belong to any server, so
/// no session offers or sends them (not even the sandbox); the status line says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_of_an_older_database_are_never_sent_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(mok_console::local::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        let body = json!({"contract_id": 1, "service_id": 1, "external_id": "old-1"});
        c.execute(
            "INSERT INTO outbox (external_id, body, created_at) VALUES ('old-1', ?1, 5)",
            [body.to_string()],
        )
        .unwrap();
    }
    let sb = common::sandbox().await;
    let store = LocalStore::open(&path, ServerId::sandbox()).unwrap();
    let (tx, mut rx) = mpsc::channel(8);
    OutboxWorker::new(store.clone(), common::client(&sb), tx)
        .drain_once()
        .await;
    assert!(rx.try_recv().is_err(), "nothing was attempted");
    assert!(sb.requests_with_external_id("old-1").is_empty());

    let mut h = Harness::offline(deps("SANDBOX", true), 140, 40);
    h.app.setup_requests(setup(store));
    let screen = h.render();
    assert!(
        screen
            .contains("1 saved items wait for another server (unknown: saved by an older version)"),
        "{screen}"
    );
}
