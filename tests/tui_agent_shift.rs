//! An agent's shift without friction (issue 16), driven key by key: against the real
//! sandbox over loopback HTTP, the caller is found however the agent types them (a phone
//! with spaces, the contract id shown), a search by email never hides a blocked service,
//! an expired contract takes no request, a cancel asks first, an assignment never moves a
//! request back, Esc leaves Ranking, `c` opens a request's contract, a `;` CSV is read;
//! offline, the request form asks what matters first, question sets require the address
//! and start from the contract, dates are typed the Spanish way, messages expire, the
//! palette ignores accents, and Esc in a changed edit asks.

mod common;

use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::api::ApiClient;
use mok_console::api::ServiceRequestQuery;
use mok_console::config::Language;
use mok_console::model::{ContractSearchKind, Status};
use mok_console::sandbox;
use mok_console::tui::action::PaneId;
use mok_console::tui::app::{ConnectionState, Deps, Overlay};
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::lookup::SearchState;
use mok_console::tui::panes::request_form::View;

/// Generous: a loaded 2-core CI machine may be slow, and polling returns as soon as done.
const WAIT: Duration = Duration::from_secs(30);

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

async fn connected(client: ApiClient, language: Language) -> Harness {
    let deps = Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: today(),
        warnings: Vec::new(),
    };
    let mut h = Harness::online(deps, client, 120, 40);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.connection(),
            ConnectionState::Connected(_)
        ))
        .await,
        "never connected:\n{}",
        h.render()
    );
    h
}

/// Types `text` in the search field, Enter, and waits for the answer.
async fn search(h: &mut Harness, text: &str) {
    h.type_text(text);
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.lookup().state(),
            SearchState::Results { .. } | SearchState::Failed { .. }
        ))
        .await,
        "no answer for {text}:\n{}",
        h.render()
    );
}

/// Selects result / service `index` from the top.
fn select(h: &mut Harness, index: usize) {
    h.key(KeyCode::Home);
    for _ in 0..index {
        h.key(KeyCode::Char('j'));
    }
}

/// "+34612345678" as a caller says it: "612 345 678".
fn spoken(e164: &str) -> String {
    let national = e164.strip_prefix("+34").expect("a Spanish number");
    format!("{} {} {}", &national[..3], &national[3..6], &national[6..])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_typed_with_spaces_finds_the_contract() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    // A demo customer whose access identifier is their mobile number.
    let contracts = client.admin_contracts().await.expect("admin contracts");
    let phone = contracts
        .iter()
        .filter_map(|c| c.access_identifier.clone())
        .find(|ai| ai.starts_with("+346"))
        .expect("a contract whose access identifier is a Spanish mobile");
    let mut h = connected(client, Language::Es).await;
    for (n, typed) in [
        spoken(&phone),
        format!("+34 {}", spoken(&phone).replace(' ', "-")),
    ]
    .into_iter()
    .enumerate()
    {
        if n > 0 {
            h.key(KeyCode::Char('/')); // from the results back to the field
        }
        while !h.app.lookup().query().is_empty() {
            h.key(KeyCode::Backspace);
        }
        search(&mut h, &typed).await;
        let found = h.app.lookup().contracts().to_vec();
        assert!(!found.is_empty(), "{typed} found nothing:\n{}", h.render());
        assert!(
            found
                .iter()
                .all(|c| c.access_identifier.as_deref() == Some(phone.as_str())),
            "{found:?}"
        );
        let screen = h.render();
        assert!(
            screen.contains(&format!(
                "Teléfono «{typed}» buscado en formato internacional"
            )),
            "{screen}"
        );
        // Found by access identifier: its limits came with it.
        let SearchState::Results { kind, value, .. } = h.app.lookup().state() else {
            unreachable!()
        };
        assert_eq!(*kind, ContractSearchKind::AccessIdentifier);
        assert_eq!(value, &phone);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contract_id_shown_on_screen_is_searchable_as_shown() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server), Language::En).await;
    search(&mut h, "DEMO-0001-1").await;
    let found = h.app.lookup().contracts().to_vec();
    assert_eq!(found.len(), 1, "{}", h.render());
    assert_eq!(found[0].unique_contract_id.as_deref(), Some("DEMO-0001-1"));
    let screen = h.render();
    assert!(screen.contains("That is a contract number"), "{screen}");
    // Found by id, whose answer has no limits: they were looked up by access identifier.
    assert_eq!(h.app.lookup().limits_from(), ["DEMO-0001".to_owned()]);
    assert!(found[0].services().iter().any(|s| s.is_blocked()));
    // A number that is not a contract's as shown finds nothing (DEMO-0001-2 exists,
    // DEMO-0001-9 does not).
    h.key(KeyCode::Char('/'));
    h.key(KeyCode::Backspace);
    search(&mut h, "9").await;
    assert!(h.app.lookup().contracts().is_empty(), "{}", h.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_search_shows_the_blocked_service_as_blocked_and_a_request_for_it_asks() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server), Language::Es).await;
    search(&mut h, "begona.munoz@correo.test").await;
    assert_eq!(h.app.lookup().kind(), ContractSearchKind::Email);
    let contracts = h.app.lookup().contracts().to_vec();
    assert!(contracts.len() >= 2, "{}", h.render());
    let screen = h.render();
    assert!(
        screen.contains("La búsqueda por correo no trae límites: se han consultado por identificador de acceso (DEMO-0001)"),
        "{screen}"
    );
    let active = contracts
        .iter()
        .position(|c| c.is_usable(today()))
        .expect("the active contract");
    select(&mut h, active);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.current(), PaneId::Contract);
    let services = h.app.contract().contract().services().to_vec();
    let blocked = services
        .iter()
        .position(|s| s.is_blocked())
        .expect("the blocked service is known as blocked");
    select(&mut h, blocked);
    let screen = h.render();
    assert!(screen.contains("BLOQUEADO"), "{screen}");
    assert!(
        screen.contains("Límites consultados por identificador de acceso (DEMO-0001)"),
        "{screen}"
    );
    assert!(!screen.contains("no devuelve límites"), "{screen}");
    // A new request for it says it is blocked, and asks before sending.
    h.key(KeyCode::Char('n'));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    let form = h.app.request_form().form().expect("the form");
    assert!(form.data.is_blocked());
    h.ctrl('s');
    let screen = h.render();
    let form = h.app.request_form().form().expect("the form");
    assert!(
        form.popup == mok_console::tui::panes::request_form::Popup::ConfirmBlocked
            || screen.contains("BLOQUEADO"),
        "{screen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_contracts_service_is_not_offered() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server), Language::Es).await;
    search(&mut h, sandbox::DEMO_ACCESS_IDENTIFIER).await;
    let contracts = h.app.lookup().contracts().to_vec();
    let expired = contracts
        .iter()
        .position(|c| !c.is_usable(today()))
        .expect("DEMO-0001's expired contract");
    select(&mut h, expired);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.current(), PaneId::Contract);
    assert!(!h.app.contract().contract().services().is_empty());
    let screen = h.render();
    assert!(screen.contains("VENCIDO"), "{screen}");
    assert!(!screen.contains("nueva solicitud"), "n offered:\n{screen}");
    // `n` is refused before anything is filled: no form opens.
    h.key(KeyCode::Char('n'));
    assert_eq!(h.app.current(), PaneId::Contract);
    assert!(h.app.contract().refused_new_request());
    assert!(h.app.request_form().form().is_none());
    let screen = h.render();
    assert!(
        screen.contains("Este contrato no admite nuevas solicitudes"),
        "{screen}"
    );
    // The form's hub offers only the active contract's services.
    h.key(KeyCode::F(3));
    assert_eq!(h.app.request_form().view(), View::Hub);
    let recent = h.app.request_form().recent();
    assert!(!recent.is_empty());
    assert!(recent.iter().all(|c| c.is_usable(today())), "{recent:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_request_asks_first() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let mut h = connected(client.clone(), Language::En).await;
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().selected_id().is_some()
            && app.board().poll_state().last_ok.is_some())
            .await,
        "{}",
        h.render()
    );
    let id = h.app.board().selected_id().unwrap();
    let before = client.get_service_request(id).await.unwrap().status();
    assert_ne!(before, Status::Cancelled);
    h.key(KeyCode::Char('s'));
    for _ in 0..Status::KNOWN.len() {
        h.key(KeyCode::Down); // the last one: cancelled
    }
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.overlay(), Overlay::ConfirmCancel { id: asked, .. } if *asked == id),
        "{}",
        h.render()
    );
    let screen = h.render();
    assert!(
        screen.contains(&format!("Cancel request #{id}? It cannot be undone")),
        "{screen}"
    );
    // No: nothing is sent.
    h.key(KeyCode::Char('n'));
    assert!(matches!(h.app.overlay(), Overlay::None));
    // Give a wrongly sent cancel time to arrive before checking nothing was.
    let _ = h.pump_until(Duration::from_millis(300), |_, _| false).await;
    assert_eq!(
        client.get_service_request(id).await.unwrap().status(),
        before
    );
    // Asked again, yes: cancelled on the server.
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.overlay(), Overlay::ConfirmCancel { .. }));
    h.key(KeyCode::Char('y'));
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .store()
            .get(id)
            .is_some_and(|r| r.status() == Status::Cancelled))
            .await,
        "{}",
        h.render()
    );
    assert_eq!(
        client.get_service_request(id).await.unwrap().status(),
        Status::Cancelled
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_leaves_ranking_back_to_where_the_agent_came_from() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server), Language::Es).await;
    for from in [PaneId::Board, PaneId::Lookup, PaneId::Admin] {
        let key = match from {
            PaneId::Board => KeyCode::F(5),
            PaneId::Lookup => KeyCode::F(2),
            _ => KeyCode::F(6),
        };
        h.key(key);
        assert_eq!(h.app.current(), from);
        h.key(KeyCode::F(4));
        assert_eq!(h.app.current(), PaneId::Ranking);
        // The zone field has the cursor: Esc leaves it, Esc again leaves the pane.
        h.key(KeyCode::Esc);
        assert_eq!(h.app.current(), PaneId::Ranking);
        let screen = h.render();
        assert!(screen.contains("Esc volver"), "{screen}");
        h.key(KeyCode::Esc);
        assert_eq!(h.app.current(), from, "Esc from Ranking");
        // The field was left: take it up again next time.
        h.key(KeyCode::F(4));
        h.key(KeyCode::Tab);
        h.key(KeyCode::F(2));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assigning_a_provider_to_a_request_in_progress_keeps_its_status() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let query = ServiceRequestQuery {
        current_status: Some("in_progress".into()),
        ..Default::default()
    };
    let requests = client.list_service_requests(&query).await.unwrap();
    let request = requests
        .iter()
        .find(|r| r.service_external_id.is_some())
        .expect("a request in progress")
        .clone();
    let id = request.id.unwrap();
    let mut h = connected(client.clone(), Language::En).await;
    h.update(mok_console::tui::panes::ranking::RankingAction::ForRequest(Box::new(request)).into());
    assert_eq!(h.app.current(), PaneId::Ranking);
    h.type_text(sandbox::DEMO_ZONE);
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| !app.ranking().providers().is_empty())
            .await,
        "{}",
        h.render()
    );
    h.key(KeyCode::Char('a'));
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.ranking().notice(),
            Some(mok_console::tui::panes::ranking::RankNotice::Assigned { .. })
                | Some(mok_console::tui::panes::ranking::RankNotice::AssignFailed(
                    _
                ))
        ))
        .await,
        "{}",
        h.render()
    );
    let after = client.get_service_request(id).await.unwrap();
    assert_eq!(after.status(), Status::InProgress, "moved back");
    let provider = h.app.ranking().providers()[0].provider_name.clone();
    assert_eq!(after.provider_name, provider);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_saved_by_a_spanish_spreadsheet_is_read_and_its_separator_shown() {
    use mok_console::tui::panes::admin::import::Stage;
    let server = common::sandbox().await;
    let client = common::client(&server);
    let plan = client.plans().await.unwrap()[0].code.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("altas.csv");
    std::fs::write(
        &csv,
        format!(
            "application_code;access_identifier;first_name;email;start_date\n\
             {plan};SHIFT-CSV-1;Begoña;begona@example.es;2025-01-01\n"
        ),
    )
    .unwrap();
    let mut h = connected(client.clone(), Language::Es).await;
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('2'));
    h.type_text(&csv.display().to_string());
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.admin().import.stage,
            Stage::Preview(_)
        ))
        .await,
        "{}",
        h.render()
    );
    let screen = h.render();
    assert!(
        screen.contains("Separador de campos: punto y coma «;»"),
        "{screen}"
    );
    assert!(screen.contains("access_identifier ✓"), "{screen}");
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.admin().import.stage,
            Stage::Done(_)
        ))
        .await,
        "{}",
        h.render()
    );
    let all = client.admin_contracts().await.unwrap();
    assert!(
        all.iter()
            .any(|c| c.access_identifier.as_deref() == Some("SHIFT-CSV-1")),
        "the row was sent"
    );
}

/// The reference-shaped contract of the form tests, with a select question (door type).
fn form_on_locksmith(h: &mut Harness) {
    let contract = serde_json::json!({
        "id": 101, "access_identifier": "DEMO-0001", "first_name": "Ana",
        "last_name": "García López", "start_date": "2025-01-01", "end_date": "2099-12-31",
        "active": true, "mobile_phone_number": "+34612345678",
        "services": [{"id": 4400000002_i64, "name": "Cerrajería", "external_id": "HOME-LOCKSMITH",
                      "limits": {"has_any_limits": false, "block_service": false}}]
    });
    common::open_form(h, contract, 0);
}

#[test]
fn the_form_asks_what_matters_first_and_keeps_internal_fields_collapsed() {
    use mok_console::tui::panes::request_form::FieldId;
    use mok_console::tui::panes::request_form::fields::Fixed;
    let deps = Deps {
        language: Language::Es,
        place: "SANDBOX".into(),
        sandbox: true,
        today: today(),
        warnings: Vec::new(),
    };
    let mut h = Harness::offline(deps, 80, 24);
    form_on_locksmith(&mut h);
    let pane = h.app.request_form();
    let form = pane.form().unwrap();
    let shown = form.shown_fields(pane.catalog());
    // The caller's questions first; ids, raw coordinates and automatic fields hidden;
    // no status on a create.
    assert!(matches!(shown[0], FieldId::Question(_)), "{shown:?}");
    for hidden in [
        Fixed::ContractId,
        Fixed::ServiceId,
        Fixed::ServiceExternalId,
        Fixed::RequestedAt,
        Fixed::ExternalId,
        Fixed::OriginLatitude,
        Fixed::CurrentStatus,
    ] {
        assert!(!shown.contains(&FieldId::Fixed(hidden)), "{hidden:?} shown");
    }
    assert!(shown.contains(&FieldId::Fixed(Fixed::OriginAddress)));
    h.resize(120, 40);
    let screen = h.render();
    assert!(
        screen.contains("▸ Avanzado: datos internos (Ctrl-A los muestra)"),
        "{screen}"
    );
    h.resize(80, 24);
    // Ctrl-A opens them (the status never: a new request is pending).
    h.ctrl('a');
    let pane = h.app.request_form();
    let shown = pane.form().unwrap().shown_fields(pane.catalog());
    assert!(shown.contains(&FieldId::Fixed(Fixed::ContractId)));
    assert!(!shown.contains(&FieldId::Fixed(Fixed::CurrentStatus)));
    let body = pane.form().unwrap().data.create_body(pane.catalog());
    assert_eq!(body.current_status, None);
    assert_eq!(body.contract_id, Some(101));

    // A chosen option can be set back to empty: → past the last, or Backspace.
    let door = shown[0].clone();
    let raw = |h: &Harness| {
        h.app
            .request_form()
            .form()
            .unwrap()
            .data
            .raw(&door)
            .to_owned()
    };
    h.key(KeyCode::Home); // harmless on a choice
    h.key(KeyCode::Right);
    assert!(!raw(&h).is_empty());
    h.key(KeyCode::Backspace);
    assert_eq!(raw(&h), "");
    h.key(KeyCode::Left); // the last option
    assert!(!raw(&h).is_empty());
    h.key(KeyCode::Right); // past the last: empty again
    assert_eq!(raw(&h), "");
    // Required marks are never cut, even at 80 columns.
    let screen = h.render();
    for line in screen.lines().filter(|l| l.contains("¿")) {
        assert!(line.contains(" * "), "the * was cut: {line}");
    }
}

/// A new request on `service_external_id` for a contract with a plate, offline.
fn form_for(service_external_id: &str) -> Harness {
    use mok_console::tui::action::Action;
    use mok_console::tui::panes::request_form::FormAction;
    let deps = Deps {
        language: Language::Es,
        place: "SANDBOX".into(),
        sandbox: true,
        today: today(),
        warnings: Vec::new(),
    };
    let mut h = Harness::offline(deps, 120, 40);
    let contract: mok_console::model::Contract = serde_json::from_value(serde_json::json!({
        "id": 7, "access_identifier": "+34600111222", "first_name": "Íñigo",
        "start_date": "2025-01-01", "end_date": "2099-12-31", "active": true,
        "vehicle_plate_number": "4821 KLM",
        "services": [{"id": 70, "name": "Servicio", "external_id": service_external_id,
                      "limits": {"has_any_limits": false, "block_service": false}}]
    }))
    .unwrap();
    let service = contract.services()[0].clone();
    h.update(Action::Form(FormAction::NewFor {
        contract: Box::new(contract),
        service: Box::new(service),
    }));
    h
}

#[test]
fn question_sets_require_the_address_and_start_from_the_contract() {
    use mok_console::tui::panes::request_form::FieldId;
    use mok_console::tui::panes::request_form::fields::Fixed;
    let origin = FieldId::Fixed(Fixed::OriginAddress);
    let problem_at = |h: &Harness, id: &FieldId| {
        let pane = h.app.request_form();
        let data = &pane.form().unwrap().data;
        data.problems(pane.catalog()).iter().any(|(f, _)| f == id)
    };
    // A tow: the plate shown on the contract is the answer's start; the address is needed.
    let h = form_for("ROADSIDE-TOW");
    let pane = h.app.request_form();
    let data = &pane.form().unwrap().data;
    assert_eq!(
        data.raw(&FieldId::Question("vehicle_plate".into())),
        "4821 KLM"
    );
    assert!(data.is_required(pane.catalog(), &origin));
    assert!(problem_at(&h, &origin));

    // A leak at home: never sendable without the address.
    let mut h = form_for("HOME-PLUMBING");
    assert!(problem_at(&h, &origin));
    h.ctrl('s');
    let screen = h.render();
    assert!(screen.contains("Dirección de origen *"), "{screen}");
    let effects = h.take_effects();
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, mok_console::tui::action::Effect::Form(_))),
        "nothing sent: {effects:?}"
    );

    // Any other service (the default set): the address is needed only when urgent.
    let mut h = form_for("SOMETHING-ELSE");
    assert!(!problem_at(&h, &origin));
    let urgent = FieldId::Question("urgent".into());
    for _ in 0..20 {
        if h.app.request_form().form().unwrap().focus == urgent {
            break;
        }
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char(' ')); // urgent: yes
    assert!(problem_at(&h, &origin), "an urgent case needs its address");
    h.key(KeyCode::Char(' ')); // no
    assert!(!problem_at(&h, &origin));
}

#[test]
fn a_date_typed_the_spanish_way_is_accepted_and_sent_as_iso() {
    use mok_console::tui::panes::request_form::FieldId;
    use mok_console::tui::panes::request_form::fields::Fixed;
    let mut h = form_for("HOME-PLUMBING");
    let date = FieldId::Fixed(Fixed::ScheduledDate);
    for _ in 0..30 {
        if h.app.request_form().form().unwrap().focus == date {
            break;
        }
        h.key(KeyCode::Tab);
    }
    h.type_text("27/11/2026");
    let pane = h.app.request_form();
    let data = &pane.form().unwrap().data;
    assert_eq!(data.validate(pane.catalog(), &date), Ok(()));
    let body = data.create_body(pane.catalog());
    assert_eq!(body.scheduled_date.as_deref(), Some("2026-11-27"));
    // The automatic request time shows in local time, never as ISO.
    h.ctrl('a');
    let screen = h.render();
    let line = screen
        .lines()
        .find(|l| l.contains("Solicitada el"))
        .expect("requested at shown");
    assert!(!line.contains('T') || !line.contains('Z'), "{line}");
    assert!(line.contains('/'), "{line}");
}

#[test]
fn status_line_messages_expire_and_results_say_they_are_a_snapshot() {
    use mok_console::api::{ApiError, ErrorKind};
    use mok_console::tui::action::Effect;
    use mok_console::tui::app::TRANSIENT;
    use mok_console::tui::panes::lookup::LookupAction;
    let deps = Deps {
        language: Language::Es,
        place: "SANDBOX".into(),
        sandbox: true,
        today: today(),
        warnings: Vec::new(),
    };
    let mut h = Harness::offline(deps, 120, 40);
    let me: mok_console::model::ProviderNetwork =
        serde_json::from_value(serde_json::json!({"name": "Red", "active": true})).unwrap();
    h.update(mok_console::tui::action::Action::MeLoaded(Ok(me)));
    let answer = |h: &mut Harness, result| {
        h.type_text("DEMO-0001");
        h.key(KeyCode::Enter);
        let request = h
            .take_effects()
            .into_iter()
            .find_map(|e| match e {
                Effect::SearchContracts { request, .. } => Some(request),
                _ => None,
            })
            .expect("a search");
        h.update(LookupAction::ContractsLoaded { request, result }.into());
    };
    answer(
        &mut h,
        Err(ApiError::new(
            ErrorKind::Server,
            Some(503),
            "Service Unavailable",
        )),
    );
    assert!(h.render().contains("Error: error del servidor"));
    assert!(
        h.app.is_animating(),
        "the loop ticks until the message goes"
    );
    // Not yet…
    assert!(!h.app.expire_transients(std::time::Instant::now()));
    assert!(h.render().contains("Error: "));
    // …and gone once its time is up; nothing left to tick for.
    assert!(
        h.app
            .expire_transients(std::time::Instant::now() + TRANSIENT)
    );
    assert!(!h.render().contains("Error: "), "{}", h.render());
    assert!(!h.app.is_animating());

    // Results say they are what the search found, and how to refresh.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('/'));
    for _ in 0..9 {
        h.key(KeyCode::Backspace);
    }
    let contract: mok_console::model::Contract =
        serde_json::from_value(serde_json::json!({"id": 1, "first_name": "Ana"})).unwrap();
    answer(&mut h, Ok(vec![contract]));
    assert!(h.render().contains("datos de la búsqueda · r actualiza"));
}

#[test]
fn the_palette_and_filters_match_without_accents_and_case() {
    use mok_console::tui::overlays::palette::fuzzy_score;
    assert!(fuzzy_score("movil", "Buscar por móvil").is_some());
    assert!(fuzzy_score("NUNEZ", "Núñez").is_some());
    assert!(mok_console::text::contains_folded(
        "Begoña Muñoz Peña",
        "munoz pena"
    ));
    let deps = Deps {
        language: Language::En,
        place: "SANDBOX".into(),
        sandbox: true,
        today: today(),
        warnings: Vec::new(),
    };
    let mut h = Harness::offline(deps, 120, 40);
    h.key(KeyCode::Esc); // out of the search field: `:` opens the palette
    h.key(KeyCode::Char(':'));
    h.type_text("espanol");
    let screen = h.render();
    assert!(screen.contains("Cambiar a español"), "{screen}");
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.language(),
        Language::Es,
        "the accent-free query ran it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn c_on_a_request_opens_its_contract_and_the_search_box_says_so() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server), Language::Es).await;
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().selected_id().is_some())
            .await,
        "{}",
        h.render()
    );
    let id = h.app.board().selected_id().unwrap();
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .detail()
            .is_some_and(|d| d.id == id && d.request.is_some() && !d.loading))
            .await
    );
    let request = h.app.board().detail().unwrap().request.clone().unwrap();
    h.key(KeyCode::Char('c'));
    assert!(
        h.pump_until(WAIT, |app, _| app.current() == PaneId::Contract)
            .await,
        "the contract opens directly:\n{}",
        h.render()
    );
    assert_eq!(h.app.contract().contract().id, request.contract_id);
    assert_eq!(
        Some(h.app.lookup().query()),
        request.access_identifier.clone(),
        "the search box shows what was searched"
    );
    // Esc goes back to the results of that search.
    h.key(KeyCode::Esc);
    assert_eq!(h.app.current(), PaneId::Lookup);
    assert!(!h.app.lookup().contracts().is_empty());
}

#[test]
fn esc_in_an_edit_with_changes_asks_then_returns_to_the_request() {
    use mok_console::tui::action::Action;
    use mok_console::tui::panes::request_form::Popup;
    let deps = Deps {
        language: Language::Es,
        place: "SANDBOX".into(),
        sandbox: true,
        today: today(),
        warnings: Vec::new(),
    };
    let mut h = Harness::offline(deps, 120, 40);
    let request: mok_console::model::ServiceRequest =
        serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap();
    let id = request.id.unwrap();
    h.update(Action::Form(
        mok_console::tui::panes::request_form::FormAction::Edit(Box::new(request.clone())),
    ));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    // Unchanged: Esc (out of the field, then out of the form) goes back to the request,
    // asking nothing.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.current(), PaneId::Board);
    assert!(h.app.board().detail().is_some_and(|d| d.id == id));

    // Changed: Esc asks; "no" keeps the edit as it is.
    h.update(Action::Form(
        mok_console::tui::panes::request_form::FormAction::Edit(Box::new(request)),
    ));
    h.key(KeyCode::Enter); // edit the focused text field
    h.type_text("x");
    h.key(KeyCode::Esc); // leave the field
    h.key(KeyCode::Esc); // leave the form: asks
    let form = h.app.request_form().form().expect("still open");
    assert_eq!(form.popup, Popup::ConfirmDiscard);
    let screen = h.render();
    assert!(
        screen.contains("¿Descartarlos y volver a la solicitud?"),
        "{screen}"
    );
    h.key(KeyCode::Char('n'));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    assert!(h.app.request_form().form().is_some_and(|f| f.changed));
    // "Yes": the changes go, the request shows again.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('s'));
    assert_eq!(h.app.current(), PaneId::Board);
    assert!(h.app.request_form().form().is_none());
    assert!(h.app.board().detail().is_some_and(|d| d.id == id));
}
