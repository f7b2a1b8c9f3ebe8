//! Snapshots of the request form at 80×24 and 120×40, in Spanish and English: just
//! opened, half-filled with errors, and for a service blocked by its limits (warning and
//! the confirmation asked before sending); the edit of the reference's own request (its
//! server values shown, odd ones with a soft warning, an emptied field announced as
//! cleared); plus the F3 hub.

use crossterm::event::KeyCode;
use mok_console::config::Language;
use mok_console::forms::FormCatalog;
use mok_console::model::{Contract, ProviderNetwork};
use mok_console::tui::action::{Action, Effect};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::lookup::LookupAction;
use mok_console::tui::panes::request_form::fields::Fixed;
use mok_console::tui::panes::request_form::{FieldId, FormAction, RequestSetup};

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

fn contract() -> Contract {
    serde_json::from_value(serde_json::json!({
        "id": 101, "access_identifier": "DEMO-0001", "first_name": "Ana", "last_name": "García López",
        "start_date": "2025-01-01", "end_date": "2026-12-31", "active": true,
        "mobile_phone_number": "+34612345678",
        "services": [
            {"id": 4400000001_i64, "name": "Grúa", "external_id": "ROADSIDE-TOW", "limits": {
                "usage_frequency_by_end_of_contract": {
                    "type": "LimitGroups::UsageFrequencyByEndOfContract",
                    "multiplans_limit": "3.0", "multiplans_limit_progress": 3.0,
                    "block_service": true, "multiplans_until_date": "31/12/2026"},
                "has_any_limits": true, "block_service": true}},
            {"id": 4400000002_i64, "name": "Cerrajería", "external_id": "HOME-LOCKSMITH",
             "limits": {"has_any_limits": false, "block_service": false}}
        ]
    }))
    .unwrap()
}

fn open(h: &mut Harness, service: usize) {
    let c = contract();
    let s = c.services()[service].clone();
    h.update(Action::Form(FormAction::NewFor {
        contract: Box::new(c),
        service: Box::new(s),
    }));
}

/// Tabs to `id`, opening the collapsed internal fields (Ctrl-A) when it is one of them.
fn go_to(h: &mut Harness, id: &FieldId) {
    let pane = h.app.request_form();
    let form = pane.form().unwrap();
    if !form.shown_fields(pane.catalog()).contains(id) {
        h.ctrl('a');
    }
    for code in [KeyCode::Tab, KeyCode::BackTab] {
        for _ in 0..80 {
            if h.app.request_form().form().unwrap().focus == *id {
                return;
            }
            h.key(code);
        }
    }
    panic!("{id:?} never got the focus");
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
            assert_eq!(h.take_effects(), vec![Effect::FetchMe]);
            let me: ProviderNetwork =
                serde_json::from_value(serde_json::json!({"name": "Red Asistencia Demo"})).unwrap();
            h.update(Action::MeLoaded(Ok(me)));
            let mut requests = RequestSetup::new(FormCatalog::load(None).unwrap(), None);
            requests.source = Some("contact_center".into());
            requests.contact_center_phone = Some("+34910000000".into());
            requests.fixed_now = Some("2026-06-15T09:30:00Z".parse().unwrap());
            h.app.setup_requests(requests);
            setup(&mut h);
            let screen = h.render();
            insta::assert_snapshot!(format!("{view}__{}_{w}x{hgt}", lang_name(lang)), screen);
        }
    }
}

#[test]
fn form_just_opened() {
    check("form_empty", |h| open(h, 1));
}

#[test]
fn form_half_filled_with_errors() {
    check("form_errors", |h| {
        open(h, 1);
        h.type_text("Puerta de entrada");
        go_to(h, &FieldId::Fixed(Fixed::OriginLatitude));
        h.type_text("40.4168");
        go_to(h, &FieldId::Fixed(Fixed::ScheduledDate));
        h.type_text("2026-06-31");
        go_to(h, &FieldId::Fixed(Fixed::UserPhone));
        for _ in 0..12 {
            h.key(KeyCode::Backspace);
        }
        h.type_text("612 34");
        h.ctrl('s');
    });
}

/// The edit of the seed's request 60 as the server sends it: the out-of-range latitude and
/// the dashed phones are the server's (a soft warning, nothing to fix), and the technician
/// the agent emptied is announced as cleared.
#[test]
fn form_edit_of_the_reference_request() {
    check("form_edit_reference", |h| {
        let request =
            serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap();
        h.update(Action::Form(FormAction::Edit(Box::new(request))));
        go_to(h, &FieldId::Fixed(Fixed::TechnicianName));
        let len = h
            .app
            .request_form()
            .form()
            .unwrap()
            .data
            .value(Fixed::TechnicianName)
            .chars()
            .count();
        for _ in 0..len {
            h.key(KeyCode::Backspace);
        }
        // The focus back on the odd latitude: the hint says why it is not refused.
        let lat = FieldId::Fixed(Fixed::DestinationLatitude);
        for _ in 0..20 {
            if h.app.request_form().form().unwrap().focus == lat {
                break;
            }
            h.key(KeyCode::BackTab);
        }
    });
}

#[test]
fn form_for_a_blocked_service() {
    check("form_blocked", |h| open(h, 0));
}

#[test]
fn hub_with_looked_up_contracts() {
    check("form_hub", |h| {
        h.key(KeyCode::F(3));
        // Nothing looked up yet: only the blank form is offered; then a lookup's contracts.
        let _ = h.render();
        let contracts = vec![contract()];
        h.update(
            LookupAction::Search {
                kind: mok_console::model::ContractSearchKind::AccessIdentifier,
                value: "DEMO-0001".into(),
            }
            .into(),
        );
        let request = match h.take_effects().as_slice() {
            [Effect::SearchContracts { request, .. }] => *request,
            other => panic!("{other:?}"),
        };
        h.update(
            LookupAction::ContractsLoaded {
                request,
                result: Ok(contracts),
            }
            .into(),
        );
        h.key(KeyCode::F(3));
    });
}
