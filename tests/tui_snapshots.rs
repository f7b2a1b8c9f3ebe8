//! Snapshots of every Lookup view, at 80×24 and 120×40, in Spanish and English, from
//! constructed model data (no network: the test answers the app's effects itself).

use crossterm::event::KeyCode;
use mok_console::api::{ApiError, ErrorKind};
use mok_console::config::Language;
use mok_console::model::{Contract, ContractSearchKind, ProviderNetwork};
use mok_console::tui::action::{Action, Effect};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Language; 2] = [Language::Es, Language::En];

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn deps(language: Language) -> Deps {
    Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: today(),
        warnings: Vec::new(),
    }
}

/// An active contract (blocked service, copayment tiers, a service with no limits), an
/// expired one and an inactive one.
fn contracts() -> Vec<Contract> {
    serde_json::from_value(serde_json::json!([
        {
            "id": 101, "access_identifier": "DEMO-0001", "document_identifier": "12345678Z",
            "email": "ana.garcia@example.com", "first_name": "Ana", "last_name": "García López",
            "start_date": "2025-01-01", "end_date": "2026-12-31", "active": true,
            "plan_code": "HOGAR-PLUS", "plan_name": "Hogar Plus", "unique_contract_id": "UC-000101",
            "mobile_phone_number": "+34612345678", "vehicle_plate_number": "1234-KLM",
            "services": [
                {"id": 1, "name": "Grúa", "external_id": "TOW", "limits": {
                    "usage_frequency_by_end_of_contract": {
                        "type": "LimitGroups::UsageFrequencyByEndOfContract",
                        "multiplans_limit": "3.0", "multiplans_limit_progress": 3.0,
                        "block_service": true, "multiplans_until_date": "31/12/2026"},
                    "max_cost_by_use": {
                        "type": "LimitGroups::MaxCostByUse",
                        "multiplans_limit": "300.0", "multiplans_limit_progress": 0.0,
                        "block_service": false, "multiplans_until_date": "31/12/2026"},
                    "has_any_limits": true, "block_service": true}},
                {"id": 2, "name": "Cerrajería", "external_id": "LOCK", "limits": {
                    "waiting_period": {
                        "type": "LimitGroups::WaitingPeriod", "block_service": false,
                        "multiplans_until_date": "01/07/2026"},
                    "variable_copayment_by_usage_by_period": {
                        "type": "LimitGroups::VariableCopaymentByUsageByPeriod",
                        "multiplans_limit": "4.0", "multiplans_limit_progress": 1.0,
                        "block_service": false, "multiplans_until_date": "30/06/2026",
                        "copayment_tiers": [
                            {"from_usage": 1, "to_usage": 2, "copayment_amount": "0.0"},
                            {"from_usage": 3, "to_usage": null, "copayment_amount": "25.0", "currency": "EUR"}
                        ]},
                    "has_any_limits": true, "block_service": false}},
                {"id": 3, "name": "Orientación médica telefónica", "external_id": "MED",
                 "limits": {"has_any_limits": false, "block_service": false}}
            ]
        },
        {
            "id": 102, "access_identifier": "DEMO-0001", "first_name": "Ana", "last_name": "García López",
            "start_date": "2022-01-01", "end_date": "2024-12-31", "active": true,
            "plan_code": "AUTO-BASIC", "plan_name": "Auto Básico", "unique_contract_id": "UC-000077",
            "mobile_phone_number": "+34612345678", "services": []
        },
        {
            "id": 103, "access_identifier": "DEMO-0001", "first_name": "Ana", "last_name": "García López",
            "start_date": "2025-03-01", "end_date": "2027-02-28", "active": false,
            "plan_code": "MOTO", "plan_name": "Moto", "unique_contract_id": "UC-000150",
            "mobile_phone_number": null, "services": []
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

/// Types `value`, presses Enter and answers the search with `answer`.
fn search(h: &mut Harness, value: &str, answer: Result<Vec<Contract>, ApiError>) {
    h.type_text(value);
    h.key(KeyCode::Enter);
    let effects = h.take_effects();
    let request = match effects.as_slice() {
        [Effect::SearchContracts { request, .. }] => *request,
        other => panic!("expected one search, got {other:?}"),
    };
    h.update(Action::ContractsLoaded {
        request,
        result: answer,
    });
}

fn lang_name(l: Language) -> &'static str {
    match l {
        Language::Es => "es",
        Language::En => "en",
    }
}

/// Renders `view` set up by `setup` in every size and language and checks the snapshots.
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
fn lookup_empty() {
    check("lookup_empty", |_| {});
}

#[test]
fn results_list_with_expired_and_inactive_contracts() {
    check("results", |h| search(h, "DEMO-0001", Ok(contracts())));
}

#[test]
fn contract_detail_blocked_service() {
    check("detail_blocked", |h| {
        search(h, "DEMO-0001", Ok(contracts()));
        h.key(KeyCode::Enter);
    });
}

#[test]
fn contract_detail_copayment_tiers_and_waiting_period() {
    check("detail_tiers", |h| {
        search(h, "DEMO-0001", Ok(contracts()));
        h.key(KeyCode::Enter);
        h.key(KeyCode::Char('j'));
    });
}

#[test]
fn contract_detail_service_without_limits() {
    check("detail_no_limits", |h| {
        search(h, "DEMO-0001", Ok(contracts()));
        h.key(KeyCode::Enter);
        h.key(KeyCode::End);
    });
}

#[test]
fn contract_detail_found_by_email_says_limits_are_not_returned() {
    check("detail_by_email", |h| {
        search(h, "ana.garcia@example.com", Ok(contracts()));
        h.key(KeyCode::Enter);
    });
}

#[test]
fn empty_result() {
    check("empty_result", |h| search(h, "NOPE-404", Ok(Vec::new())));
}

#[test]
fn server_error() {
    check("error", |h| {
        search(
            h,
            "DEMO-0001",
            Err(ApiError::new(
                ErrorKind::Server,
                Some(503),
                "Service Unavailable",
            )),
        )
    });
}

#[test]
fn searching_spinner() {
    check("searching", |h| {
        h.type_text("DEMO-0001");
        h.key(KeyCode::Enter);
    });
}

#[test]
fn whatsapp_dialog() {
    check("whatsapp", |h| {
        search(h, "DEMO-0001", Ok(contracts()));
        h.key(KeyCode::Enter);
        h.key(KeyCode::Char('w'));
    });
}

#[test]
fn whatsapp_dialog_invalid_number() {
    check("whatsapp_invalid", |h| {
        search(h, "DEMO-0001", Ok(contracts()));
        h.key(KeyCode::Char('w'));
        for _ in 0..12 {
            h.key(KeyCode::Backspace);
        }
        h.type_text("612 34");
    });
}

#[test]
fn help_overlay() {
    check("help", |h| {
        search(h, "DEMO-0001", Ok(contracts()));
        h.key(KeyCode::Char('?'));
    });
}

#[test]
fn command_palette() {
    check("palette", |h| {
        h.key(KeyCode::Esc); // leave the search field: `:` is a command again
        h.key(KeyCode::Char(':'));
        h.type_text("bus");
    });
}

#[test]
fn inactive_and_expired_are_words_on_red_not_colour_alone() {
    let mut h = Harness::offline(deps(Language::En), 120, 40);
    connected(&mut h);
    search(&mut h, "DEMO-0001", Ok(contracts()));
    let screen = h.render();
    let row = |needle: &str| {
        screen
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not on screen:\n{screen}"))
    };
    let expired = row("EXPIRED");
    let inactive = row("INACTIVE");
    assert!(screen.contains("ACTIVE"));
    for y in [expired, inactive] {
        let line = screen.lines().nth(y).unwrap();
        let word = if y == expired { "EXPIRED" } else { "INACTIVE" };
        let x = line.find(word).unwrap();
        let x = line[..x].chars().count() as u16;
        let cell = &h.buffer()[(x, y as u16)];
        assert_eq!(cell.bg, ratatui::style::Color::Red, "{word} is not on red");
    }
    // Kind shown for the search.
    let _ = ContractSearchKind::AccessIdentifier;
}
