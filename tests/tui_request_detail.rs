//! The request detail shows what the server sent: the seed's request 60 (coordinates, a
//! latitude out of range, the contact-center phone, source, extra info, a null end date)
//! reached from the board by real keys, stamps in the agent's local time.

use crossterm::event::KeyCode;
use mok_console::board::BoardDiff;
use mok_console::board::feed::{FeedUpdate, Part};
use mok_console::config::Language;
use mok_console::model::{ProviderNetwork, ServiceRequest, local_time};
use mok_console::tui::action::Action;
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::BoardAction;

fn reference_request() -> ServiceRequest {
    serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap()
}

fn detail_of_the_reference(language: Language) -> Harness {
    let mut h = Harness::offline(
        Deps {
            language,
            place: "SANDBOX".into(),
            sandbox: true,
            today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
            warnings: Vec::new(),
        },
        120,
        60,
    );
    let network: ProviderNetwork =
        serde_json::from_value(serde_json::json!({"name": "Red Demo", "services": []})).unwrap();
    h.update(Action::MeLoaded(Ok(network)));
    h.key(KeyCode::F(5));
    let request = reference_request();
    h.update(Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::All,
        diff: BoardDiff::of_requests(std::slice::from_ref(&request), Vec::new()),
        at: chrono::Utc::now(),
        requests: 1,
    })));
    h.key(KeyCode::Enter);
    h.update(Action::Board(BoardAction::DetailLoaded {
        id: 60,
        result: Ok(Box::new(request)),
    }));
    h
}

#[test]
fn the_detail_shows_every_field_the_reference_request_holds() {
    let mut h = detail_of_the_reference(Language::En);
    let screen = h.render();
    for shown in [
        "Conjunto Berta Terrazas 73, Vitoria, Cbr 69430 (62.233638, 25.398591)",
        // Out of range, and shown as the server sent it.
        "(94.082774, 41.979783)",
        "2024-12-17 15:24:48",
        "End date: —",
        "Contact center phone: 913.756.134",
        "Source: MyString",
        "MyText",
        "Villalobos S.L. (916-773-639)",
    ] {
        assert!(screen.contains(shown), "{shown} not in\n{screen}");
    }
    // Stamps in the agent's local time, to the minute: no raw ISO strings.
    assert!(!screen.contains(".000Z"), "{screen}");
    assert!(
        screen.contains(&local_time(Some("2024-12-17T15:24:48.000Z"))),
        "{screen}"
    );
    assert!(
        screen.contains(&local_time(Some("2025-01-01T12:00:00.000Z"))),
        "{screen}"
    );
}

#[test]
fn the_detail_speaks_spanish_too() {
    let mut h = detail_of_the_reference(Language::Es);
    let screen = h.render();
    for shown in [
        "Fecha de fin: —",
        "Teléfono del centro",
        "913.756.134",
        "MyText",
    ] {
        assert!(screen.contains(shown), "{shown} not in\n{screen}");
    }
}
