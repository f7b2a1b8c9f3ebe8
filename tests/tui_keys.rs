//! Keys through the app, offline: global keys, help generated from the key tables, the
//! palette, language toggling, resize, and the loop only ticking while something spins.

use crossterm::event::KeyCode;
use mok_console::config::Language;
use mok_console::model::{ContractSearchKind, ProviderNetwork};
use mok_console::tui::action::{Action, Effect, PaneId};
use mok_console::tui::app::{Deps, Overlay};
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::lookup::LookupAction;

fn harness(language: Language, w: u16, h: u16) -> Harness {
    let mut h = Harness::offline(
        Deps {
            language,
            place: "SANDBOX".into(),
            sandbox: true,
            today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
            warnings: Vec::new(),
        },
        w,
        h,
    );
    assert_eq!(h.take_effects(), vec![Effect::FetchMe]);
    h.update(Action::MeLoaded(Ok(ProviderNetwork {
        name: Some("Red Demo".into()),
        ..Default::default()
    })));
    h
}

#[test]
fn ctrl_c_quits_even_inside_the_search_field() {
    let mut h = harness(Language::Es, 80, 24);
    h.type_text("DEM");
    assert!(!h.app.should_quit());
    h.ctrl('c');
    assert!(h.app.should_quit());
}

#[test]
fn q_is_text_in_the_field_and_quits_outside_it() {
    let mut h = harness(Language::Es, 80, 24);
    h.type_text("q");
    assert!(!h.app.should_quit());
    assert_eq!(h.app.lookup().query(), "q");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('q'));
    assert!(h.app.should_quit());
}

#[test]
fn function_keys_reach_every_pane() {
    let mut h = harness(Language::En, 80, 24);
    // F3 is built (the request form): it opens on its hub.
    h.key(KeyCode::F(3));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    assert!(h.render().contains("Blank form"));
    for (n, pane) in [(4, PaneId::Ranking), (5, PaneId::Board), (6, PaneId::Admin)] {
        h.key(KeyCode::F(n));
        assert_eq!(h.app.current(), pane);
        let screen = h.render();
        // Each pane shows its own content, whatever the data.
        let expected = match pane {
            PaneId::Ranking => "Zone",
            PaneId::Board => "Not updated yet",
            _ => "Recurring rules",
        };
        assert!(screen.contains(expected), "F{n}:\n{screen}");
    }
    h.key(KeyCode::F(2));
    assert_eq!(h.app.current(), PaneId::Lookup);
}

#[test]
fn help_lists_every_key_of_the_pane_and_every_global_key() {
    let mut h = harness(Language::En, 120, 40);
    h.key(KeyCode::Esc); // out of the field, so `?` is a command
    h.key(KeyCode::Char('?'));
    assert!(matches!(h.app.overlay(), Overlay::Help));
    let screen = h.render();
    let (pane, global) = h.app.help_entries();
    assert!(!pane.is_empty());
    for entry in pane.iter().chain(&global) {
        for key in entry.keys.split(' ') {
            assert!(screen.contains(key), "{key} missing from help:\n{screen}");
        }
    }
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.overlay(), Overlay::None));
    // F1 opens it even from inside the text field.
    h.key(KeyCode::Char('/'));
    h.key(KeyCode::F(1));
    assert!(matches!(h.app.overlay(), Overlay::Help));
}

#[test]
fn palette_toggles_the_language_and_chooses_a_search_kind() {
    let mut h = harness(Language::Es, 80, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(':'));
    h.type_text("english");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.language(), Language::En);
    assert!(h.render().contains("MOK console"));

    h.key(KeyCode::Char(':'));
    h.type_text("search by email");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.lookup().kind(), ContractSearchKind::Email);
    // The cursor is back in the field: typing goes to the search.
    h.type_text("X-1");
    h.key(KeyCode::Enter);
    match h.take_effects().as_slice() {
        [Effect::SearchContracts { kind, value, .. }] => {
            assert_eq!(*kind, ContractSearchKind::Email);
            assert_eq!(value, "X-1");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn tab_cycles_the_kind_and_plus_is_a_mobile_access_identifier() {
    let mut h = harness(Language::En, 120, 40);
    h.type_text("+34612345678");
    assert_eq!(h.app.lookup().kind(), ContractSearchKind::AccessIdentifier);
    assert!(h.render().contains("mobile number as access identifier"));
    h.key(KeyCode::Tab);
    assert_eq!(
        h.app.lookup().kind(),
        ContractSearchKind::DocumentIdentifier
    );
    h.key(KeyCode::BackTab);
    assert_eq!(h.app.lookup().kind(), ContractSearchKind::AccessIdentifier);
    assert!(h.render().contains("(chosen)"));
}

#[test]
fn an_empty_search_says_what_to_do_instead_of_asking_the_server() {
    let mut h = harness(Language::En, 80, 24);
    h.key(KeyCode::Enter);
    assert!(h.take_effects().is_empty());
    assert!(
        h.render()
            .contains("Type an identifier before pressing Enter")
    );
}

#[test]
fn ticks_only_while_something_spins_and_redraws_only_when_dirty() {
    let mut h = harness(Language::Es, 80, 24);
    h.render();
    assert!(!h.app.is_animating(), "idle app must not tick");
    assert!(!h.app.is_dirty());
    h.update(Action::Tick);
    assert!(
        !h.app.is_dirty(),
        "a tick with nothing spinning must not redraw"
    );
    h.type_text("DEMO-0001");
    h.key(KeyCode::Enter);
    assert!(h.app.is_animating());
    h.render();
    h.update(Action::Tick);
    assert!(h.app.is_dirty(), "the spinner moves");
    // A stale answer (another request id) changes nothing.
    let request = match h.take_effects().as_slice() {
        [Effect::SearchContracts { request, .. }] => *request,
        other => panic!("{other:?}"),
    };
    h.render();
    h.update(
        LookupAction::ContractsLoaded {
            request: request + 100,
            result: Ok(Vec::new()),
        }
        .into(),
    );
    assert!(!h.app.is_dirty());
    assert!(h.app.is_animating());
}

#[test]
fn resizing_redraws_at_the_new_size() {
    let mut h = harness(Language::Es, 80, 24);
    let small = h.render();
    assert_eq!(small.lines().count(), 24);
    h.resize(120, 40);
    assert!(h.app.is_dirty());
    let big = h.render();
    assert_eq!(big.lines().count(), 40);
    assert!(big.contains("Consola MOK"));
    // Very small terminals do not crash either.
    h.resize(20, 5);
    h.render();
}
