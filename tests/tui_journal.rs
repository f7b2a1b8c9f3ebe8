//! The audit journal from the console's side, against the real sandbox over loopback: an
//! action a pane takes is journaled through the shared client, the outbox's recovery of a
//! create is journaled, and the palette opens the journal with a working filter.

mod common;

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::api::ApiClient;
use mok_console::config::{Config, Language};
use mok_console::connection::sandbox_client_config;
use mok_console::local::{Journal, LocalStore, OutboxReport, OutboxWorker, ServerId};
use mok_console::model::ServiceRequestCreate;
use mok_console::sandbox::{self, SandboxConfig};
use mok_console::tui::action::Action;
use mok_console::tui::app::{ConnectionState, Deps, Overlay};
use mok_console::tui::harness::Harness;

const WAIT: Duration = Duration::from_secs(20);

fn deps(language: Language) -> Deps {
    Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Local::now().date_naive(),
        warnings: Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whatsapp_message_sent_from_the_console_shows_in_the_journal_overlay() {
    let sb = sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = ApiClient::new(sandbox_client_config(&sb, &Config::default())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(&dir.path().join("console.sqlite3"), ServerId::sandbox()).unwrap();
    client.journal_to(Arc::new(Journal::new(store.clone(), "tui")));
    let mut h = Harness::online(deps(Language::En), client, 140, 30).with_local(store.clone());
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.connection(),
            ConnectionState::Connected(_)
        ))
        .await
    );

    h.update(Action::OpenWhatsApp {
        number: "+34 612 34-56-78".into(),
        name: "Ana".into(),
    });
    h.key(KeyCode::Enter);
    let sent = h
        .pump_until(WAIT, |_, _| {
            sb.whatsapp_sent().last().map(String::as_str) == Some("+34612345678")
        })
        .await;
    assert!(sent, "{}", h.render());
    // Exactly one entry, for the sandbox, from the console.
    let entries = store.journal(None).unwrap();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0].action, "whatsapp");
    assert_eq!(entries[0].server, "sandbox");
    assert_eq!(entries[0].via, "tui");
    assert_eq!(entries[0].result, "ok");
    assert_eq!(entries[0].target.as_deref(), Some("+34612345678"));
    h.key(KeyCode::Esc);

    // A second action, so the filter has something to leave out.
    let failed = store
        .journal_append(
            "someone",
            "cli",
            &mok_console::api::audit::recovered_create("ext-filter-me", Some(77)),
        )
        .unwrap();
    assert!(failed > 0);

    // Palette → "Action journal": the overlay lists both, newest first. (Esc first: the
    // Lookup pane opens with the cursor in its search field.)
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(':'));
    h.type_text("journal");
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.overlay(), Overlay::Journal(_)));
    let listed = h
        .pump_until(WAIT, |_, screen| {
            screen.contains("+34612345678") && screen.contains("service_request 77")
        })
        .await;
    let screen = h.render();
    assert!(listed, "{screen}");
    assert!(screen.contains("Action journal · SANDBOX"), "{screen}");
    assert!(screen.contains("2 of 2 actions"), "{screen}");
    assert!(screen.contains("recovered after a lost answer"), "{screen}");
    let newest = screen.find("service_request 77").unwrap();
    let oldest = screen.find("+34612345678").unwrap();
    assert!(newest < oldest, "newest first:\n{screen}");

    // `/` filters by any text of an entry; Esc leaves the filter, then closes.
    h.key(KeyCode::Char('/'));
    h.type_text("whatsapp");
    let screen = h.render();
    assert!(screen.contains("1 of 2 actions"), "{screen}");
    assert!(!screen.contains("service_request 77"), "{screen}");
    h.type_text(" nothing-like-this");
    assert!(h.render().contains("No action matches the filter."));
    h.key(KeyCode::Esc);
    // Out of the filter, keys are commands again: `q` does not quit from the overlay.
    h.key(KeyCode::Char('q'));
    assert!(!h.app.should_quit());
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.overlay(), Overlay::None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overlay_speaks_spanish_and_says_when_nothing_was_done() {
    let sb = sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = ApiClient::new(sandbox_client_config(&sb, &Config::default())).unwrap();
    let store = LocalStore::open_in_memory().unwrap();
    let mut h = Harness::online(deps(Language::Es), client, 120, 30).with_local(store);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(':'));
    h.type_text("diario");
    h.key(KeyCode::Enter);
    let empty = h
        .pump_until(WAIT, |_, screen| {
            screen.contains("Esta consola aún no ha hecho nada en este servidor.")
        })
        .await;
    assert!(empty, "{}", h.render());
    assert!(h.render().contains("Diario de acciones · SANDBOX"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_finding_its_create_already_on_the_server_journals_it_as_recovered() {
    let sb = common::sandbox().await;
    let plain = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&plain).await;
    let body = ServiceRequestCreate {
        contract_id: Some(contract_id),
        service_id: Some(service_id),
        external_id: Some("outbox-landed-1".into()),
        ..Default::default()
    };
    // An earlier attempt landed without its answer: the server has it already.
    let landed = plain.create_service_request(body.clone()).await.unwrap();
    let store = LocalStore::open_in_memory().unwrap();
    let ext = store.enqueue(body).unwrap();
    let client = common::client(&sb);
    client.journal_to(Arc::new(Journal::new(store.clone(), "tui")));
    let (tx, mut rx) = tokio::sync::mpsc::channel(8);
    let worker = OutboxWorker::new(store.clone(), client, tx);
    worker.drain_once().await;
    match tokio::time::timeout(WAIT, rx.recv()).await.unwrap() {
        Some(OutboxReport::Sent { recovered, .. }) => assert!(recovered),
        other => panic!("{other:?}"),
    }
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);
    let entries = store.journal(None).unwrap();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0].action, "create");
    assert_eq!(entries[0].result, "recovered");
    assert_eq!(entries[0].external_id.as_deref(), Some("outbox-landed-1"));
    assert_eq!(
        entries[0].target,
        landed.request.id.map(|id| format!("service_request {id}"))
    );
}
