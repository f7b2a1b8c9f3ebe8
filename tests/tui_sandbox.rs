//! The console driven key by key against the real sandbox over loopback HTTP: search,
//! open a contract, read its limits, WhatsApp its number, cancel a slow search, survive a
//! server error.

use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::api::ApiClient;
use mok_console::config::{Config, Language};
use mok_console::connection::sandbox_client_config;
use mok_console::model::{ContractSearchKind, LimitGroup};
use mok_console::sandbox::{self, Fault, FaultKind, SandboxConfig, SandboxHandle};
use mok_console::tui::action::PaneId;
use mok_console::tui::app::{ConnectionState, Deps};
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::lookup::SearchState;

/// Generous: a loaded 2-core CI machine may be slow, and polling returns as soon as done.
const WAIT: Duration = Duration::from_secs(20);
const CONTRACTS_PATH: &str = "/api/v1/provider_networks/contracts";

async fn start(language: Language) -> (SandboxHandle, Harness) {
    let handle = sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox starts");
    let client =
        ApiClient::new(sandbox_client_config(&handle, &Config::default())).expect("client");
    let deps = Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Local::now().date_naive(),
        warnings: Vec::new(),
    };
    let mut h = Harness::online(deps, client, 120, 40);
    let connected = h
        .pump_until(WAIT, |app, _| {
            matches!(app.connection(), ConnectionState::Connected(_))
        })
        .await;
    assert!(connected, "never connected:\n{}", h.render());
    (handle, h)
}

async fn search_demo(h: &mut Harness) {
    h.type_text(sandbox::DEMO_ACCESS_IDENTIFIER);
    assert_eq!(h.app.lookup().kind(), ContractSearchKind::AccessIdentifier);
    h.key(KeyCode::Enter);
    let found = h
        .pump_until(WAIT, |app, _| {
            matches!(app.lookup().state(), SearchState::Results { .. })
        })
        .await;
    assert!(found, "no results:\n{}", h.render());
}

/// Moves the list selection to `index` (from the top).
fn select(h: &mut Harness, index: usize) {
    h.key(KeyCode::Home);
    for _ in 0..index {
        h.key(KeyCode::Char('j'));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_open_contract_read_limits_and_send_whatsapp() {
    let (sandbox, mut h) = start(Language::Es).await;
    let header = h.render();
    assert!(header.contains("SANDBOX"), "{header}");
    assert!(header.contains("conectado"), "{header}");

    search_demo(&mut h).await;
    let screen = h.render();
    let contracts = h.app.lookup().contracts().to_vec();
    assert!(contracts.len() >= 2, "{screen}");
    assert!(screen.contains("DEMO-0001"), "{screen}");
    // The expired contract is marked with a word, not only a colour.
    assert!(
        screen.contains("VENCIDO") || screen.contains("INACTIVO"),
        "{screen}"
    );

    // Open the active contract.
    let today = chrono::Local::now().date_naive();
    let active = contracts
        .iter()
        .position(|c| c.is_usable(today))
        .expect("an active contract");
    select(&mut h, active);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.current(), PaneId::Contract);
    let services = h.app.contract().contract().services().to_vec();
    assert!(services.len() >= 3, "{services:?}");

    // The blocked service says so, and why.
    let blocked = services
        .iter()
        .position(|s| s.is_blocked())
        .expect("a blocked service");
    select(&mut h, blocked);
    let screen = h.render();
    assert!(screen.contains("BLOQUEADO"), "{screen}");
    // Its usage limit is drawn as a gauge against the limit.
    assert!(screen.contains('%'), "{screen}");
    let limits = services[blocked].limits.as_ref().unwrap();
    let reason = limits.blocking().next().map(|(g, _)| g);
    if let Some(group) = reason {
        let name = mok_console::tui::i18n::I18n::new(Language::Es).limit_group(group);
        assert!(screen.contains(name), "{name} not shown:\n{screen}");
    }

    // The service with copayment tiers shows every key of its tiers.
    let (tiered, tiers) = services
        .iter()
        .enumerate()
        .find_map(|(n, s)| {
            let l = s.limits.as_ref()?;
            l.present()
                .find_map(|(_, limit)| limit.copayment_tiers.clone().filter(|t| !t.is_empty()))
                .map(|t| (n, t))
        })
        .expect("a service with copayment tiers");
    select(&mut h, tiered);
    let screen = h.render();
    assert!(screen.contains("Tramos de copago"), "{screen}");
    // Every tier as a sentence in the catalogue's words, amounts in euros as said in
    // Spanish, and the tier the next use falls in marked.
    assert!(!tiers.is_empty());
    for said in [
        "usos 1–2: sin copago",
        "usos 3–4: 15,00 € + 10 %",
        "desde el 5.º: 30,00 € + 25 %",
    ] {
        assert!(screen.contains(said), "{said} missing:\n{screen}");
    }
    assert!(screen.contains("← el próximo uso"), "{screen}");

    // The service with no limits says so.
    let free = services
        .iter()
        .position(|s| s.limits.as_ref().is_some_and(|l| !l.has_any()))
        .expect("a service with no limits");
    select(&mut h, free);
    assert!(h.render().contains("Sin límites"));
    let _ = LimitGroup::ALL;

    // WhatsApp: prefilled with the contract's mobile number, edited, sent.
    let mobile = h
        .app
        .contract()
        .contract()
        .mobile_phone_number
        .clone()
        .expect("a mobile number");
    h.key(KeyCode::Char('w'));
    let screen = h.render();
    assert!(screen.contains(&mobile), "{screen}");
    for _ in 0..3 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("999");
    let edited = format!("{}999", &mobile[..mobile.len() - 3]);
    h.key(KeyCode::Enter);
    let sent = h
        .pump_until(WAIT, |_, screen| screen.contains("Enviado"))
        .await;
    assert!(sent, "{}", h.render());
    assert_eq!(sandbox.whatsapp_sent().last(), Some(&edited));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.current(), PaneId::Contract);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_cancels_a_slow_search_and_its_late_answer_is_dropped() {
    let (sandbox, mut h) = start(Language::En).await;
    sandbox.inject(Fault {
        kind: FaultKind::Latency(Duration::from_secs(3)),
        path_prefix: Some(CONTRACTS_PATH.into()),
        method: None,
        times: 1,
    });
    h.type_text(sandbox::DEMO_ACCESS_IDENTIFIER);
    h.key(KeyCode::Enter);
    let screen = h.render();
    assert!(screen.contains("Searching DEMO-0001"), "{screen}");
    assert_eq!(h.running_tasks(), 1);
    h.key(KeyCode::Esc);
    assert!(matches!(
        h.app.lookup().state(),
        SearchState::Cancelled { .. }
    ));
    assert!(h.render().contains("cancelled"));
    // The task was aborted: nothing comes back, the screen stays as it is.
    let aborted = h.pump_until(WAIT, |_, _| true).await;
    assert!(aborted);
    assert_eq!(h.running_tasks(), 0);
    let changed = h
        .pump_until(Duration::from_secs(4), |app, _| {
            !matches!(app.lookup().state(), SearchState::Cancelled { .. })
        })
        .await;
    assert!(!changed, "a cancelled search changed the screen");

    // The console keeps working: the next search answers.
    h.key(KeyCode::Enter); // the cursor stayed in the field: search again

    let found = h
        .pump_until(WAIT, |app, _| {
            matches!(app.lookup().state(), SearchState::Results { .. })
        })
        .await;
    assert!(found, "{}", h.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_is_shown_and_the_console_keeps_working() {
    let (sandbox, mut h) = start(Language::Es).await;
    sandbox.inject(Fault {
        kind: FaultKind::Status(500),
        path_prefix: Some(CONTRACTS_PATH.into()),
        method: None,
        times: 50,
    });
    h.type_text(sandbox::DEMO_ACCESS_IDENTIFIER);
    h.key(KeyCode::Enter);
    let failed = h
        .pump_until(WAIT, |app, _| {
            matches!(app.lookup().state(), SearchState::Failed { .. })
        })
        .await;
    assert!(failed, "{}", h.render());
    let screen = h.render();
    assert!(screen.contains("error del servidor (500)"), "{screen}");
    assert!(
        screen.contains("Error:"),
        "status line shows the last error:\n{screen}"
    );

    sandbox.clear_faults();
    h.key(KeyCode::Enter);
    let found = h
        .pump_until(WAIT, |app, _| {
            matches!(app.lookup().state(), SearchState::Results { .. })
        })
        .await;
    assert!(found, "{}", h.render());
    assert!(h.app.last_error().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_connection_shows_why_and_r_retries() {
    let handle = sandbox::start(SandboxConfig::default()).await.unwrap();
    handle.inject(Fault {
        kind: FaultKind::Status(503),
        path_prefix: Some("/api/v1/provider_networks/me".into()),
        method: None,
        times: 50,
    });
    let client =
        ApiClient::new(sandbox_client_config(&handle, &Config::default())).expect("client");
    let deps = Deps {
        language: Language::En,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Local::now().date_naive(),
        warnings: vec!["config.toml can be read by others".into()],
    };
    let mut h = Harness::online(deps, client, 80, 24);
    let failed = h
        .pump_until(WAIT, |app, _| {
            matches!(app.connection(), ConnectionState::Failed(_))
        })
        .await;
    assert!(failed);
    let screen = h.render();
    assert!(screen.contains("not connected"), "{screen}");
    assert!(screen.contains("Config warning"), "{screen}");
    handle.clear_faults();
    h.key(KeyCode::Esc); // leave the search field: `r` is a command again
    h.key(KeyCode::Char('r'));
    let connected = h
        .pump_until(WAIT, |app, _| {
            matches!(app.connection(), ConnectionState::Connected(_))
        })
        .await;
    assert!(connected, "{}", h.render());
}
