//! The request form driven by keys: each question type's validation, live conditions, a
//! bad question-set file, drafts surviving a dropped app, and — over loopback HTTP against
//! the sandbox — a create whose answer is lost, a create during an outage (outbox), and an
//! update that sends only what changed.

mod common;

use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::config::Language;
use mok_console::forms::{FormCatalog, QuestionType};
use mok_console::local::{Backoff, LocalStore, OutboxState, ServerId};
use mok_console::model::{Contract, ContractSearchKind, Service, ServiceRequestCreate};
use mok_console::sandbox::{self, Fault, FaultKind};
use mok_console::tui::action::{Action, PaneId};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::Pane;
use mok_console::tui::panes::request_form::fields::{Fixed, FormData};
use mok_console::tui::panes::request_form::{
    Done, FieldId, FormAction, HubRow, InputKind, Problem, RequestSetup, View,
};

const WAIT: Duration = Duration::from_secs(30);

fn deps() -> Deps {
    Deps {
        language: Language::En,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Utc::now().date_naive(),
        warnings: Vec::new(),
    }
}

/// A set with one question of every type, for service `ALL-TYPES`.
const ALL_TYPES: &str = r#"
[sets.default]
[[sets.default.questions]]
key = "note"
text = { es = "Nota", en = "Note" }
type = "text"

[sets.all_types]
services = ["ALL-TYPES"]
[[sets.all_types.questions]]
key = "plate"
text = { es = "Matrícula", en = "Plate" }
type = "text"
required = true
min_length = 4
max_length = 8
[[sets.all_types.questions]]
key = "passengers"
text = { es = "Pasajeros", en = "Passengers" }
type = "number"
integer = true
min = 0
max = 8
required = true
[[sets.all_types.questions]]
key = "day"
text = { es = "Día", en = "Day" }
type = "date"
[[sets.all_types.questions]]
key = "at"
text = { es = "Hora", en = "Time" }
type = "time"
[[sets.all_types.questions]]
key = "in_garage"
text = { es = "¿En garaje?", en = "In a garage?" }
type = "boolean"
required = true
[[sets.all_types.questions]]
key = "height"
text = { es = "Altura", en = "Height" }
type = "number"
min = 1.5
max = 4.5
required = true
when = { key = "in_garage", is_true = true }
[[sets.all_types.questions]]
key = "vehicle"
text = { es = "Vehículo", en = "Vehicle" }
type = "select"
required = true
options = [
  { value = "car", label_es = "Turismo", label_en = "Car" },
  { value = "van", label_es = "Furgoneta", label_en = "Van" },
]
[[sets.all_types.questions]]
key = "phone"
text = { es = "Teléfono", en = "Phone" }
type = "phone"
[[sets.all_types.questions]]
key = "mail"
text = { es = "Correo", en = "Email" }
type = "email"
"#;

fn contract(service_ext: &str, blocked: bool) -> (Contract, Service) {
    let c: Contract = serde_json::from_value(serde_json::json!({
        "id": 101, "access_identifier": "DEMO-0001", "first_name": "Ana", "last_name": "García",
        "mobile_phone_number": "+34612345678", "active": true,
        "services": [{"id": 7, "name": "Test service", "external_id": service_ext,
            "limits": {"has_any_limits": blocked, "block_service": blocked,
              "usage_frequency_by_end_of_contract": {"multiplans_limit": "3.0",
                "multiplans_limit_progress": 3.0, "block_service": blocked}}}]
    }))
    .unwrap();
    let s = c.services()[0].clone();
    (c, s)
}

fn open_for(h: &mut Harness, c: Contract, s: Service) {
    h.update(Action::Form(FormAction::NewFor {
        contract: Box::new(c),
        service: Box::new(s),
    }));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    assert_eq!(h.app.request_form().view(), View::Form);
}

fn focus(h: &Harness) -> FieldId {
    h.app.request_form().form().unwrap().focus.clone()
}

/// Tabs (then Shift-Tabs) until `id` has the focus.
/// Tabs to `id`, opening the collapsed internal fields (Ctrl-A) when it is one of them.
fn go_to(h: &mut Harness, id: &FieldId) {
    let pane = h.app.request_form();
    let form = pane.form().unwrap();
    if !form.shown_fields(pane.catalog()).contains(id) {
        h.ctrl('a');
    }
    for code in [KeyCode::Tab, KeyCode::BackTab] {
        for _ in 0..80 {
            if focus(h) == *id {
                return;
            }
            h.key(code);
        }
    }
    panic!("{id:?} never got the focus");
}

fn q(key: &str) -> FieldId {
    FieldId::Question(key.into())
}

fn problem(h: &Harness, id: &FieldId) -> Result<(), Problem> {
    let pane = h.app.request_form();
    pane.form().unwrap().data.validate(pane.catalog(), id)
}

/// Empties the focused text field and types `text`.
fn retype(h: &mut Harness, text: &str) {
    let len = h
        .app
        .request_form()
        .form()
        .unwrap()
        .data
        .raw(&focus(h))
        .chars()
        .count();
    for _ in 0..len {
        h.key(KeyCode::Backspace);
    }
    h.type_text(text);
}

fn all_types_app() -> Harness {
    let mut h = Harness::offline(deps(), 120, 40);
    let mut setup = RequestSetup::new(FormCatalog::from_toml("all.toml", ALL_TYPES).unwrap(), None);
    setup.fixed_now = None;
    h.app.setup_requests(setup);
    let (c, s) = contract("ALL-TYPES", false);
    open_for(&mut h, c, s);
    h
}

#[test]
fn each_question_type_validates_as_typed() {
    use mok_console::forms::FieldError as E;
    let mut h = all_types_app();
    let cases: &[(&str, &str, Problem, &str)] = &[
        ("plate", "12", Problem::Field(E::TooShort(4)), "1234 BCD"),
        ("passengers", "2.5", Problem::Field(E::NotAnInteger), "3"),
        (
            "day",
            "2026-02-30",
            Problem::Field(E::BadDate),
            "2026-02-28",
        ),
        ("at", "25:00", Problem::Field(E::BadTime), "09:45"),
        (
            "phone",
            "612 345 67x",
            Problem::Field(E::BadPhone(
                mok_console::model::contact::reason::NOT_A_NUMBER,
            )),
            // Read in the configured region (ES by default) and sent as E.164.
            "612 345 678",
        ),
        (
            "mail",
            "ana@",
            Problem::Field(E::BadEmail),
            "ana@example.es",
        ),
    ];
    for (key, bad, why, good) in cases {
        go_to(&mut h, &q(key));
        assert!(h.app.request_form().in_text_field(), "{key} takes text");
        retype(&mut h, bad);
        assert_eq!(problem(&h, &q(key)), Err(why.clone()), "{key}={bad}");
        // The message is beside the field as soon as it is typed.
        let screen = h.render();
        let line = screen.lines().find(|l| l.contains(bad)).unwrap_or_default();
        assert!(
            line.contains('✗'),
            "{key}: no message beside {bad:?}: {line}"
        );
        retype(&mut h, good);
        assert_eq!(problem(&h, &q(key)), Ok(()), "{key}={good}");
    }
    // Passengers above the maximum.
    go_to(&mut h, &q("passengers"));
    retype(&mut h, "9");
    assert_eq!(
        problem(&h, &q("passengers")),
        Err(Problem::Field(E::AboveMax(8.0)))
    );
    retype(&mut h, "2");

    // Boolean: a toggle (Space), required until answered.
    go_to(&mut h, &q("in_garage"));
    assert!(!h.app.request_form().in_text_field());
    assert_eq!(
        problem(&h, &q("in_garage")),
        Err(Problem::Field(E::Required))
    );
    h.key(KeyCode::Char(' '));
    assert_eq!(problem(&h, &q("in_garage")), Ok(()));
    h.key(KeyCode::Char(' '));
    assert_eq!(
        h.app
            .request_form()
            .form()
            .unwrap()
            .data
            .raw(&q("in_garage")),
        "false"
    );

    // Select: ←/→ cycle, Enter opens the list.
    go_to(&mut h, &q("vehicle"));
    let pane = h.app.request_form();
    let kind = pane.form().unwrap().data.input_kind(
        pane.catalog(),
        &q("vehicle"),
        &mok_console::tui::i18n::I18n::new(Language::En),
    );
    assert!(matches!(kind, InputKind::Select(ref o) if o.len() == 2));
    assert_eq!(problem(&h, &q("vehicle")), Err(Problem::Field(E::Required)));
    h.key(KeyCode::Right);
    assert_eq!(
        h.app.request_form().form().unwrap().data.raw(&q("vehicle")),
        "car"
    );
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.request_form().form().unwrap().data.raw(&q("vehicle")),
        "van"
    );
    assert!(h.render().contains("◀ Van ▶"));

    // Everything valid: the body carries typed answers.
    let pane = h.app.request_form();
    let data = &pane.form().unwrap().data;
    assert!(
        data.problems(pane.catalog()).is_empty(),
        "{:?}",
        data.problems(pane.catalog())
    );
    let body = data.create_body(pane.catalog());
    let answers: Vec<(String, serde_json::Value)> = body
        .answers
        .unwrap()
        .into_iter()
        .map(|a| (a.question_key, a.value))
        .collect();
    assert!(answers.contains(&("passengers".into(), serde_json::json!(2))));
    assert!(answers.contains(&("in_garage".into(), serde_json::json!(false))));
    assert!(answers.contains(&("vehicle".into(), serde_json::json!("van"))));
    assert!(answers.contains(&("phone".into(), serde_json::json!("+34612345678"))));
    assert_eq!(body.contract_id, Some(101));
    assert_eq!(body.user_phone.as_deref(), Some("+34612345678"));
    assert!(QuestionType::parse("email").is_some());
}

#[test]
fn a_condition_hides_and_shows_a_question_as_keys_are_pressed() {
    let mut h = all_types_app();
    let shown = |h: &Harness| {
        let pane = h.app.request_form();
        pane.form()
            .unwrap()
            .data
            .fields(pane.catalog())
            .contains(&q("height"))
    };
    assert!(!shown(&h));
    assert!(!h.render().contains("Height"));
    go_to(&mut h, &q("in_garage"));
    h.key(KeyCode::Char(' ')); // yes
    assert!(shown(&h));
    assert!(h.render().contains("Height"));
    // The shown question is required: Ctrl-S refuses and goes to the first problem.
    h.ctrl('s');
    assert!(h.app.request_form().form().unwrap().data.show_all);
    go_to(&mut h, &q("in_garage"));
    h.key(KeyCode::Char(' ')); // no
    assert!(!shown(&h), "no → the height question is hidden");
    assert!(!h.render().contains("Height"));
    h.key(KeyCode::Char(' ')); // unanswered again: an answer can be taken back
    assert_eq!(
        h.app
            .request_form()
            .form()
            .unwrap()
            .data
            .raw(&q("in_garage")),
        ""
    );
    assert!(!shown(&h));
    h.key(KeyCode::Char(' ')); // yes
    assert!(shown(&h), "yes again → shown again");
}

#[test]
fn submit_goes_to_the_first_problem_and_says_what_is_missing() {
    let mut h = all_types_app();
    h.take_effects(); // the start-up `me`
    h.ctrl('s');
    assert_eq!(focus(&h), q("plate"));
    let screen = h.render();
    assert!(screen.contains("Cannot send"), "{screen}");
    assert!(screen.contains("first: Plate"), "{screen}");
    assert!(h.take_effects().is_empty(), "nothing is sent");
}

#[test]
fn a_bad_definition_file_is_a_clear_error_before_the_screen_opens() {
    let bad = "[sets.default]\n[[sets.default.questions]]\nkey = \"x\"\ntext = { es = \"X\", en = \"X\" }\ntype = \"colour\"\n";
    let err = FormCatalog::from_toml("forms.toml", bad).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("forms.toml:"), "{text}");
    assert!(text.contains("colour"), "{text}");

    // The console itself refuses to start with it, naming the file and the line.
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms.toml");
    std::fs::write(&forms, bad).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[requests]\nforms_file = {:?}\n",
            forms.display().to_string()
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mok-console"))
        .args(["--sandbox", "--config"])
        .arg(&config)
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("forms.toml:5"), "{stderr}");
    assert!(stderr.contains("colour"), "{stderr}");
}

#[test]
fn a_draft_comes_back_after_the_app_is_dropped_mid_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");
    let catalog = || FormCatalog::from_toml("all.toml", ALL_TYPES).unwrap();
    {
        let mut h = Harness::offline(deps(), 120, 40);
        h.app.setup_requests(RequestSetup::new(
            catalog(),
            Some(LocalStore::open(&path, ServerId::sandbox()).unwrap()),
        ));
        let (c, s) = contract("ALL-TYPES", false);
        open_for(&mut h, c, s);
        go_to(&mut h, &q("plate"));
        h.type_text("9876 XYZ");
        go_to(&mut h, &FieldId::Fixed(Fixed::OriginAddress));
        h.type_text("Calle Mayor 1, Madrid");
        go_to(&mut h, &q("in_garage"));
        h.key(KeyCode::Char(' '));
        assert!(h.render().contains("draft"));
        // Dropped mid-edit, without quitting.
    }
    let mut h = Harness::offline(deps(), 120, 40);
    h.app.setup_requests(RequestSetup::new(
        catalog(),
        Some(LocalStore::open(&path, ServerId::sandbox()).unwrap()),
    ));
    h.key(KeyCode::F(3));
    let pane = h.app.request_form();
    assert_eq!(pane.view(), View::Form);
    let data = &pane.form().unwrap().data;
    assert_eq!(data.raw(&q("plate")), "9876 XYZ");
    assert_eq!(
        data.raw(&FieldId::Fixed(Fixed::OriginAddress)),
        "Calle Mayor 1, Madrid"
    );
    assert_eq!(data.raw(&q("in_garage")), "true");
    assert_eq!(data.raw(&FieldId::Fixed(Fixed::ContractId)), "101");
    let screen = h.render();
    assert!(screen.contains("9876 XYZ"), "{screen}");
    assert!(screen.contains("Draft restored"), "{screen}");
}

#[test]
fn a_restored_draft_keeps_which_fields_were_visited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");
    let catalog = || FormCatalog::from_toml("all.toml", ALL_TYPES).unwrap();
    let origin = FieldId::Fixed(Fixed::OriginAddress);
    {
        let mut h = Harness::offline(deps(), 120, 40);
        h.app.setup_requests(RequestSetup::new(
            catalog(),
            Some(LocalStore::open(&path, ServerId::sandbox()).unwrap()),
        ));
        let (c, s) = contract("ALL-TYPES", false);
        open_for(&mut h, c, s);
        go_to(&mut h, &q("plate"));
        h.type_text("9876 XYZ");
        // The origin address is passed through without typing: visited, value unchanged.
        go_to(&mut h, &origin);
        go_to(&mut h, &q("in_garage"));
        let visited = &h.app.request_form().form().unwrap().data.visited;
        assert!(visited.contains(&FormData::key_of(&origin)), "{visited:?}");
        // Dropped without another keystroke.
    }
    let mut h = Harness::offline(deps(), 120, 40);
    h.app.setup_requests(RequestSetup::new(
        catalog(),
        Some(LocalStore::open(&path, ServerId::sandbox()).unwrap()),
    ));
    h.key(KeyCode::F(3));
    let data = &h.app.request_form().form().unwrap().data;
    assert_eq!(data.raw(&q("plate")), "9876 XYZ");
    assert!(
        data.visited.contains(&FormData::key_of(&origin)),
        "the restored draft lost the visit: {:?}",
        data.visited
    );
}

// ---- against the sandbox ----

/// A usable contract of DEMO-0001 and one of its services that is not blocked.
async fn demo(client: &mok_console::api::ApiClient) -> (Contract, Service) {
    let today = chrono::Utc::now().date_naive();
    let contracts = client
        .search_contracts(
            ContractSearchKind::AccessIdentifier,
            sandbox::DEMO_ACCESS_IDENTIFIER,
        )
        .await
        .unwrap();
    let c = contracts.into_iter().find(|c| c.is_usable(today)).unwrap();
    let s = c
        .services()
        .iter()
        .find(|s| !s.is_blocked() && s.external_id.is_some())
        .unwrap()
        .clone();
    (c, s)
}

/// Answers every problem the form shows with a value valid for its type.
fn fill_required(h: &mut Harness) {
    for _ in 0..40 {
        let pane = h.app.request_form();
        let form = pane.form().unwrap();
        let Some((id, _)) = form.data.problems(pane.catalog()).into_iter().next() else {
            return;
        };
        let question = match &id {
            FieldId::Question(k) => form.data.question(pane.catalog(), k).cloned(),
            // The service's set may require the address (issue 16).
            FieldId::Fixed(Fixed::OriginAddress | Fixed::DestinationAddress) => {
                go_to(h, &id);
                h.type_text("Calle de Alcalá 123, Madrid");
                continue;
            }
            FieldId::Fixed(f) => panic!("fixed field {f:?} invalid"),
        }
        .unwrap();
        go_to(h, &id);
        match question.kind {
            QuestionType::Boolean => h.key(KeyCode::Char(' ')),
            QuestionType::Select => h.key(KeyCode::Right),
            QuestionType::Number => {
                let v = question
                    .min
                    .unwrap_or(1.0)
                    .max(0.0)
                    .ceil()
                    .max(question.min.unwrap_or(0.0));
                retype(h, &format!("{v}"));
            }
            QuestionType::Date => retype(h, "2026-07-01"),
            QuestionType::Time => retype(h, "10:30"),
            QuestionType::Phone => retype(h, "+34612345678"),
            QuestionType::Email => retype(h, "ana@example.es"),
            QuestionType::Text => retype(h, "1234 BCD averiado"),
        }
        // Long texts with a maximum, patterns: fall back to a short plate-like text.
        if problem(h, &id).is_err() && question.kind == QuestionType::Text {
            retype(h, "1234 BCD");
        }
        assert_eq!(problem(h, &id), Ok(()), "{id:?} still invalid");
    }
    panic!("the form never became valid");
}

fn external_id_of(h: &Harness) -> Option<String> {
    match h.app.request_form().done()? {
        Done::Created { request, .. } => request.external_id.clone(),
        Done::Queued { external_id, .. } => Some(external_id.clone()),
        Done::Updated(r) => r.external_id.clone(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_whose_answer_is_lost_exists_once() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (c, s) = demo(&client).await;
    let mut h = Harness::online(deps(), client.clone(), 120, 40);
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    open_for(&mut h, c, s);
    fill_required(&mut h);
    sb.inject(Fault {
        kind: FaultKind::DropAfterHandling,
        path_prefix: Some("/api/v1/provider_networks/service_requests".into()),
        method: Some("POST".into()),
        times: 1,
    });
    h.ctrl('s');
    assert!(
        h.pump_until(WAIT, |app, _| app.request_form().done().is_some())
            .await,
        "no answer: {:?}",
        h.app.request_form().form().and_then(|f| f.error.clone())
    );
    let Some(Done::Created { request, recovered }) = h.app.request_form().done().cloned() else {
        panic!("not created: {:?}", h.app.request_form().done());
    };
    assert!(recovered, "the lost answer was recovered by external_id");
    let ext = external_id_of(&h).unwrap();
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);
    let screen = h.render();
    assert!(
        screen.contains(request.public_id.as_deref().unwrap()),
        "{screen}"
    );
    assert!(screen.contains(&request.id.unwrap().to_string()));
    // Enter opens it.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.current(), PaneId::Board);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_during_an_outage_lands_from_the_outbox_exactly_once() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (c, s) = demo(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(&dir.path().join("console.sqlite3"), ServerId::sandbox()).unwrap();
    let mut h = Harness::online(deps(), client.clone(), 120, 40);
    let mut setup = RequestSetup::new(FormCatalog::load(None).unwrap(), Some(store.clone()));
    setup.outbox_interval = Duration::from_millis(200);
    setup.outbox_backoff = Backoff {
        base: Duration::from_millis(200),
        max: Duration::from_secs(1),
    };
    h.app.setup_requests(setup);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.connection(),
            mok_console::tui::app::ConnectionState::Connected(_)
        ))
        .await
    );
    open_for(&mut h, c, s);
    fill_required(&mut h);

    sb.pause().await;
    h.ctrl('s');
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.request_form().done(),
            Some(Done::Queued { .. })
        ))
        .await,
        "not queued: {:?} / {:?}",
        h.app.request_form().done(),
        h.app.request_form().form().and_then(|f| f.error.clone())
    );
    let ext = external_id_of(&h).unwrap();
    assert!(
        h.pump_until(WAIT, |app, screen| app.request_form().outbox_pending() == 1
            && screen.contains("1 in outbox"))
            .await,
        "the outbox count is shown"
    );
    // The outbox list in the F3 hub shows it.
    h.key(KeyCode::Char('n'));
    assert!(h.render().contains("Outbox (1)"));
    // Enter on the queued item says what happens to it and which keys act on it.
    let select_outbox = |h: &mut Harness| {
        for _ in 0..20 {
            let pane = h.app.request_form();
            if matches!(pane.hub_rows()[pane.hub_selected()], HubRow::Outbox(_)) {
                return;
            }
            h.key(KeyCode::Down);
        }
        panic!("no outbox row in the hub");
    };
    select_outbox(&mut h);
    h.key(KeyCode::Enter);
    let screen = h.render();
    assert!(
        screen.contains("Queued: it is sent by itself") && screen.contains("r retries now"),
        "{screen}"
    );

    sb.resume().await;
    assert!(
        h.pump_until(WAIT, |app, _| app
            .request_form()
            .outbox()
            .iter()
            .any(|i| i.external_id == ext && i.state == OutboxState::Sent))
            .await,
        "sent once the server is back: {:?}",
        h.app.request_form().outbox()
    );
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1, "exactly once");
    assert_eq!(h.app.request_form().outbox_pending(), 0);
    // It stays sent: a later pass of the worker does not send it again.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);
    assert_eq!(
        store.outbox_item(&ext).unwrap().unwrap().state,
        OutboxState::Sent
    );
    // Once sent, Enter opens the request on the board.
    let id = sb.requests_with_external_id(&ext)[0].id.unwrap();
    select_outbox(&mut h);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.current(), PaneId::Board);
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .detail()
            .is_some_and(|d| d.id == id))
            .await,
        "the sent request's detail opens"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_sends_only_allowed_changed_fields() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (c, s) = demo(&client).await;
    let created = client
        .create_service_request(ServiceRequestCreate {
            contract_id: c.id,
            service_id: s.id,
            provider_name: Some("Grúas del Sur".into()),
            origin_address: Some("Calle Mayor 1".into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .request;
    let mut h = Harness::online(deps(), client.clone(), 120, 40);
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    h.update(Action::Form(FormAction::Edit(Box::new(created.clone()))));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    let pane = h.app.request_form();
    let fields = pane.form().unwrap().data.fields(pane.catalog());
    // Only fields an update may carry are offered.
    assert!(!fields.contains(&FieldId::Fixed(Fixed::ContractId)));
    assert!(!fields.contains(&FieldId::Fixed(Fixed::RequestedAt)));
    assert!(
        fields
            .iter()
            .all(|f| matches!(f, FieldId::Fixed(x) if x.updatable()))
    );
    // Nothing changed: nothing to send.
    h.ctrl('s');
    assert!(h.render().contains("no changes"));
    go_to(&mut h, &FieldId::Fixed(Fixed::TechnicianName));
    h.type_text("Luis Pérez");
    let (_, body) = h
        .app
        .request_form()
        .form()
        .unwrap()
        .data
        .update_body()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({"technician_name": "Luis Pérez"})
    );
    h.ctrl('s');
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.request_form().done(),
            Some(Done::Updated(_))
        ))
        .await,
        "{:?}",
        h.app.request_form().form().and_then(|f| f.error.clone())
    );
    let after = client
        .get_service_request(created.id.unwrap())
        .await
        .unwrap();
    assert_eq!(after.technician_name.as_deref(), Some("Luis Pérez"));
    assert_eq!(after.provider_name.as_deref(), Some("Grúas del Sur"));
    assert_eq!(after.origin_address.as_deref(), Some("Calle Mayor 1"));
    assert_eq!(after.service_id, created.service_id);
}

#[test]
fn a_blocked_service_asks_for_confirmation_before_sending() {
    let mut h = Harness::offline(deps(), 120, 40);
    h.app.setup_requests(RequestSetup::new(
        FormCatalog::from_toml("all.toml", ALL_TYPES).unwrap(),
        None,
    ));
    let (c, s) = contract("ALL-TYPES", true);
    open_for(&mut h, c, s);
    let screen = h.render();
    assert!(screen.contains("BLOCKED"), "{screen}");
    assert!(screen.contains("Uses until contract end"), "{screen}");
    fill_required(&mut h);
    h.take_effects();
    h.ctrl('s');
    assert!(h.take_effects().is_empty(), "not sent without confirmation");
    assert_eq!(
        h.app.request_form().form().unwrap().popup,
        mok_console::tui::panes::request_form::Popup::ConfirmBlocked
    );
    let screen = h.render();
    assert!(
        screen.contains("Service blocked") && screen.contains("anyway?"),
        "{screen}"
    );
    h.key(KeyCode::Char('n'));
    assert!(h.take_effects().is_empty());
    h.ctrl('s');
    h.key(KeyCode::Char('y'));
    let effects = h.take_effects();
    assert!(
        matches!(
            effects.as_slice(),
            [mok_console::tui::action::Effect::Form(
                mok_console::tui::panes::request_form::FormEffect::Create { .. }
            )]
        ),
        "{effects:?}"
    );
}

/// A figure for the report: what a keystroke in the form costs on the UI thread (key
/// handling, validation, the draft's JSON handed to the writer thread), and a render.
#[test]
fn a_keystroke_in_the_form_is_cheap_on_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(&dir.path().join("console.sqlite3"), ServerId::sandbox()).unwrap();
    let mut h = Harness::offline(deps(), 120, 40);
    h.app.setup_requests(RequestSetup::new(
        FormCatalog::from_toml("all.toml", ALL_TYPES).unwrap(),
        Some(store),
    ));
    let (c, s) = contract("ALL-TYPES", false);
    open_for(&mut h, c, s);
    go_to(&mut h, &FieldId::Fixed(Fixed::ExtraInfo));
    let text = "El cliente espera en el arcén con dos niños, el coche no arranca. ";
    let started = std::time::Instant::now();
    let keys = 500;
    for ch in text.chars().cycle().take(keys) {
        h.key(KeyCode::Char(ch));
    }
    let per_key = started.elapsed() / keys as u32;
    let started = std::time::Instant::now();
    for _ in 0..50 {
        let _ = h.render();
    }
    let per_frame = started.elapsed() / 50;
    println!(
        "form keystroke: {per_key:?} per key (UI thread, draft queued); render: {per_frame:?} per frame at 120x40"
    );
    // Sanity bounds only, for a loaded CI machine.
    assert!(per_key.as_millis() < 50, "{per_key:?}");
    assert_eq!(
        h.app
            .request_form()
            .form()
            .unwrap()
            .data
            .raw(&FieldId::Fixed(Fixed::ExtraInfo))
            .chars()
            .count(),
        keys
    );
}

/// The seed's `GET service_requests` example (request 60), verbatim: a time with seconds,
/// dashed and dotted phones, a destination latitude of 94, a null end date.
fn reference_request() -> serde_json::Value {
    serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap()
}

/// The sandbox holding the reference request, and the console editing it as the server
/// returns it over loopback.
async fn editing_the_reference() -> (sandbox::SandboxHandle, Harness, i64) {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let id = sb.put_request(reference_request());
    let served = client.get_service_request(id).await.unwrap();
    assert_eq!(served.provider_phone.as_deref(), Some("916-773-639"));
    let mut h = Harness::online(deps(), client, 120, 40);
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    h.update(Action::Form(FormAction::Edit(Box::new(served))));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    (sb, h, id)
}

async fn send_update(h: &mut Harness) {
    h.ctrl('s');
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.request_form().done(),
            Some(Done::Updated(_))
        ))
        .await,
        "{:?} {}",
        h.app.request_form().form().and_then(|f| f.error.clone()),
        h.render()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_of_a_reference_shaped_request_sends_only_the_changed_field() {
    let (sb, mut h, id) = editing_the_reference().await;
    let pane = h.app.request_form();
    let data = &pane.form().unwrap().data;
    // Nothing the server sent refuses the submit…
    assert_eq!(data.problems(pane.catalog()), vec![]);
    // …but the out-of-range latitude is pointed out, softly.
    let lat = FieldId::Fixed(Fixed::DestinationLatitude);
    assert!(data.soft_warning(pane.catalog(), &lat).is_some());
    go_to(&mut h, &lat);
    let screen = h.render();
    assert!(screen.contains("⚠ invalid latitude"), "{screen}");
    assert!(
        screen.contains("the server's value: not sent unless you change it"),
        "{screen}"
    );
    go_to(&mut h, &FieldId::Fixed(Fixed::TechnicianName));
    retype(&mut h, "Luis Pérez");
    send_update(&mut h).await;
    let bodies = sb.update_bodies(id);
    assert_eq!(bodies.len(), 1);
    assert_eq!(
        serde_json::Value::Object(bodies[0].clone()),
        serde_json::json!({"technician_name": "Luis Pérez"})
    );
    let after = sb.requests_with_external_id("7646091030").pop().unwrap();
    assert_eq!(after.technician_name.as_deref(), Some("Luis Pérez"));
    assert_eq!(after.provider_phone.as_deref(), Some("916-773-639"));
    assert_eq!(after.contact_center_phone.as_deref(), Some("913.756.134"));
    assert_eq!(after.scheduled_time.as_deref(), Some("15:24:48"));
    assert_eq!(after.destination_latitude.as_deref(), Some("94.082774"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_with_seconds_and_a_spaced_phone_are_sent_as_hh_mm_ss_and_e164() {
    let (sb, mut h, id) = editing_the_reference().await;
    go_to(&mut h, &FieldId::Fixed(Fixed::ScheduledTime));
    retype(&mut h, "16:05:30");
    assert_eq!(problem(&h, &FieldId::Fixed(Fixed::ScheduledTime)), Ok(()));
    go_to(&mut h, &FieldId::Fixed(Fixed::ProviderPhone));
    retype(&mut h, "965 036 893");
    assert_eq!(problem(&h, &FieldId::Fixed(Fixed::ProviderPhone)), Ok(()));
    go_to(&mut h, &FieldId::Fixed(Fixed::ContactCenterPhone));
    retype(&mut h, "900-100-20x");
    assert!(matches!(
        problem(&h, &FieldId::Fixed(Fixed::ContactCenterPhone)),
        Err(Problem::Field(_))
    ));
    // What the agent types is checked: a typo refuses the submit.
    h.ctrl('s');
    assert!(sb.update_bodies(id).is_empty());
    go_to(&mut h, &FieldId::Fixed(Fixed::ContactCenterPhone));
    retype(&mut h, "900-100-200");
    send_update(&mut h).await;
    assert_eq!(
        serde_json::Value::Object(sb.update_bodies(id).pop().unwrap()),
        serde_json::json!({
            "scheduled_time": "16:05:30",
            "provider_phone": "+34965036893",
            "contact_center_phone": "+34900100200"
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_without_seconds_is_sent_with_them() {
    let (sb, mut h, id) = editing_the_reference().await;
    go_to(&mut h, &FieldId::Fixed(Fixed::ScheduledTime));
    retype(&mut h, "09:15");
    send_update(&mut h).await;
    assert_eq!(
        serde_json::Value::Object(sb.update_bodies(id).pop().unwrap()),
        serde_json::json!({"scheduled_time": "09:15:00"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emptying_a_field_in_the_edit_form_sends_null_and_says_so() {
    let (sb, mut h, id) = editing_the_reference().await;
    go_to(&mut h, &FieldId::Fixed(Fixed::TechnicianName));
    retype(&mut h, "");
    assert!(h.render().contains("will be emptied (sent as null)"));
    send_update(&mut h).await;
    assert_eq!(
        serde_json::Value::Object(sb.update_bodies(id).pop().unwrap()),
        serde_json::json!({"technician_name": null})
    );
    let after = sb.requests_with_external_id("7646091030").pop().unwrap();
    assert_eq!(after.technician_name, None);
    assert_eq!(after.provider_name.as_deref(), Some("Villalobos S.L."));
}
