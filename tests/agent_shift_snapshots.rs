//! Snapshots of the screens issue 16 changed, at 80×24 and 120×40, in Spanish and
//! English, from constructed data (no network: the test answers the app's effects): how a
//! caller was found (a phone said aloud, limits looked up by access identifier), the
//! contract found by email with its blocked service, an expired contract refusing a new
//! request, the confirmation before cancelling a request, a refused send in the agent's
//! language with the HTTP details below, and a created request's answers as said.

use crossterm::event::KeyCode;
use mok_console::config::Language;
use mok_console::lookup::Found;
use mok_console::model::{Contract, ProviderNetwork};
use mok_console::tui::action::{Action, Effect};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::BoardAction;
use mok_console::tui::panes::lookup::LookupAction;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Language; 2] = [Language::Es, Language::En];

fn deps(language: Language) -> Deps {
    Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
        warnings: Vec::new(),
    }
}

/// Begoña's active contract (one service blocked by its usage) and her expired one, as an
/// access identifier search returns them (with limits).
fn contracts() -> Vec<Contract> {
    serde_json::from_value(serde_json::json!([
        {
            "id": 1, "access_identifier": "+34612345678", "document_identifier": "+34612345678",
            "email": "begona.munoz@correo.test", "first_name": "Begoña", "last_name": "Muñoz Peña",
            "start_date": "2025-12-27", "end_date": "2026-11-27", "active": true,
            "plan_code": "HOGAR-DEMO", "plan_name": "Hogar Demo", "unique_contract_id": "DEMO-0001-1",
            "mobile_phone_number": "+34612345678",
            "services": [
                {"id": 11, "name": "Cerrajería urgente", "external_id": "LOCK", "limits": {
                    "usage_frequency_by_end_of_contract": {
                        "type": "LimitGroups::UsageFrequencyByEndOfContract",
                        "multiplans_limit": "2.0", "multiplans_limit_progress": 2.0,
                        "block_service": true, "multiplans_until_date": "27/11/2026"},
                    "has_any_limits": true, "block_service": true}},
                {"id": 12, "name": "Fontanería", "external_id": "PLUMB",
                 "limits": {"has_any_limits": false, "block_service": false}}
            ]
        },
        {
            "id": 2, "access_identifier": "+34612345678", "document_identifier": "+34612345678",
            "email": "begona.munoz@correo.test", "first_name": "Begoña", "last_name": "Muñoz Peña",
            "start_date": "2024-04-06", "end_date": "2026-04-06", "active": false,
            "plan_code": "AUTO-BASICO", "plan_name": "Auto Básico", "unique_contract_id": "DEMO-0001-2",
            "mobile_phone_number": "+34612345678", "vehicle_plate_number": "4821 KLM",
            "services": [
                {"id": 21, "name": "Grúa", "external_id": "TOW",
                 "limits": {"has_any_limits": false, "block_service": false}}
            ]
        }
    ]))
    .unwrap()
}

fn connected(h: &mut Harness) {
    assert_eq!(h.take_effects(), vec![Effect::FetchMe]);
    let me: ProviderNetwork =
        serde_json::from_value(serde_json::json!({"name": "Red Asistencia Demo", "active": true}))
            .unwrap();
    h.update(Action::MeLoaded(Ok(me)));
}

/// Types `typed`, Enter, and answers the search with `found`; returns the value searched.
fn search(h: &mut Harness, typed: &str, found: Found) -> String {
    h.type_text(typed);
    h.key(KeyCode::Enter);
    let (request, value) = match h.take_effects().as_slice() {
        [Effect::SearchContracts { request, value, .. }] => (*request, value.clone()),
        other => panic!("expected one search, got {other:?}"),
    };
    h.update(
        LookupAction::Found {
            request,
            result: Ok(found),
        }
        .into(),
    );
    value
}

fn found_by_email() -> Found {
    Found {
        contracts: contracts(),
        by_contract_id: false,
        limits_from: vec!["+34612345678".into()],
    }
}

fn lang_name(l: Language) -> &'static str {
    match l {
        Language::Es => "es",
        Language::En => "en",
    }
}

fn check(view: &str, setup: impl Fn(&mut Harness)) {
    for lang in LANGS {
        for (w, hgt) in SIZES {
            let mut h = Harness::offline(deps(lang), w, hgt);
            connected(&mut h);
            setup(&mut h);
            let screen = h.render();
            insta::assert_snapshot!(format!("{view}__{}_{w}x{hgt}", lang_name(lang)), screen);
        }
    }
}

#[test]
fn a_phone_said_aloud_is_searched_in_e164_and_says_so() {
    check("shift_phone_results", |h| {
        let value = search(
            h,
            "612 345 678",
            Found {
                contracts: contracts(),
                ..Found::default()
            },
        );
        assert_eq!(value, "+34612345678");
    });
}

#[test]
fn an_email_search_says_where_the_limits_came_from() {
    check("shift_email_results", |h| {
        search(h, "begona.munoz@correo.test", found_by_email());
    });
}

#[test]
fn the_contract_found_by_email_shows_its_blocked_service() {
    check("shift_email_detail_blocked", |h| {
        search(h, "begona.munoz@correo.test", found_by_email());
        h.key(KeyCode::Enter);
    });
}

#[test]
fn an_expired_contract_refuses_a_new_request() {
    check("shift_expired_refused", |h| {
        search(h, "begona.munoz@correo.test", found_by_email());
        h.key(KeyCode::Char('j'));
        h.key(KeyCode::Enter);
        h.key(KeyCode::Char('n'));
    });
}

#[test]
fn cancelling_a_request_asks_first() {
    check("shift_confirm_cancel", |h| {
        h.update(Action::Board(BoardAction::SetStatus {
            id: 4217,
            status: "cancelled".into(),
        }));
        assert!(h.take_effects().is_empty(), "nothing sent before the yes");
    });
}

#[test]
fn a_refused_send_speaks_the_agents_language_with_the_http_details_below() {
    use mok_console::api::{ApiError, ErrorKind};
    use mok_console::tui::panes::request_form::{FormAction, FormEffect, Submission};
    check("shift_form_refused", |h| {
        let contract = contracts().remove(0);
        let service = contract.services()[1].clone();
        h.update(Action::Form(FormAction::NewFor {
            contract: Box::new(contract),
            service: Box::new(service),
        }));
        h.update(Action::Form(FormAction::Send(Box::new(
            Submission::Create(Default::default()),
        ))));
        let request = match h.take_effects().as_slice() {
            [Effect::Form(FormEffect::Create { request, .. })] => *request,
            other => panic!("expected a create, got {other:?}"),
        };
        h.update(Action::Form(FormAction::Created {
            request,
            result: Err(ApiError::new(
                ErrorKind::Rejected,
                Some(422),
                "Service is blocked for this contract",
            )),
        }));
        let screen = h.render();
        let refused = match h.app.language() {
            Language::Es => "✗ No se envió: el servidor rechazó los datos",
            Language::En => "✗ Not sent: the server refused the input",
        };
        assert!(screen.contains(refused), "{screen}");
        assert!(
            screen.contains("HTTP 422: Service is blocked for this contract"),
            "{screen}"
        );
    });
}

#[test]
fn a_created_request_shows_its_answers_as_said_not_as_codes() {
    use mok_console::tui::panes::request_form::{
        CreateOutcome, FormAction, FormEffect, Submission,
    };
    check("shift_created_answers", |h| {
        let contract = contracts().remove(0);
        let service = contract.services()[0].clone();
        h.update(Action::Form(FormAction::NewFor {
            contract: Box::new(contract),
            service: Box::new(service),
        }));
        h.update(Action::Form(FormAction::Send(Box::new(
            Submission::Create(Default::default()),
        ))));
        let request = match h.take_effects().as_slice() {
            [Effect::Form(FormEffect::Create { request, .. })] => *request,
            other => panic!("expected a create, got {other:?}"),
        };
        let created: mok_console::model::ServiceRequest =
            serde_json::from_value(serde_json::json!({
                "id": 4217, "public_id": "00001-04217-", "service_name": "Cerrajería urgente",
                "service_external_id": "HOME-LOCKSMITH", "current_status": "pending",
                "answers": [
                    {"question_key": "door_type", "value": "armoured", "type": "select"},
                    {"question_key": "keys_inside", "value": true, "type": "boolean"},
                    {"question_key": "not_in_the_set", "question_text": "Planta", "value": 3}
                ]
            }))
            .unwrap();
        h.update(Action::Form(FormAction::Created {
            request,
            result: Ok(CreateOutcome::Created {
                request: Box::new(created),
                recovered: false,
            }),
        }));
        let screen = h.render();
        let (door, keys, status) = match h.app.language() {
            Language::Es => (
                "Tipo de puerta: Blindada",
                "¿Las llaves están dentro?: Sí",
                "pendiente",
            ),
            Language::En => (
                "Door type: Armoured",
                "Are the keys inside?: Yes",
                "pending",
            ),
        };
        for said in [door, keys, status, "Planta: 3"] {
            assert!(screen.contains(said), "{said} missing:\n{screen}");
        }
        assert!(!screen.contains("armoured"), "{screen}");
    });
}
