//! Property test (issue 15): arbitrary key sequences into the request form, offline, for a
//! create (the reference's contract, each of its services) and for an edit of the
//! reference's service request, drawn after every key at a random size. Goal: no panic,
//! every problem shown is a readable message, and the draft reads back as the same form.
//! (Online, with faults, every pane's forms get keys in tests/tui_storm.rs.)

mod prop_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mok_console::config::Language;
use mok_console::forms::FormCatalog;
use mok_console::model::{ContractList, ServiceRequest};
use mok_console::tui::action::Action;
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::request_form::{FormAction, FormData, RequestSetup};
use prop_support::{cases, examples};
use proptest::prelude::*;

fn key() -> impl Strategy<Value = KeyEvent> {
    let plain = |c| KeyEvent::new(c, KeyModifiers::NONE);
    prop_oneof![
        5 => prop::sample::select(vec!['a', 'Z', '0', '9', ' ', '-', '+', '.', ':', '@', 'ñ', '日', '🧯', 'q', 'j'])
            .prop_map(move |c| plain(KeyCode::Char(c))),
        2 => Just(plain(KeyCode::Tab)),
        1 => Just(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        1 => Just(plain(KeyCode::Enter)),
        1 => Just(plain(KeyCode::Esc)),
        1 => prop::sample::select(vec![KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right,
                                       KeyCode::Home, KeyCode::End, KeyCode::PageUp, KeyCode::PageDown,
                                       KeyCode::Backspace, KeyCode::Delete])
            .prop_map(plain),
        1 => Just(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    ]
}

fn deps(lang: Language) -> Deps {
    Deps {
        language: lang,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        warnings: Vec::new(),
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn any_keys_into_the_request_form_keep_it_drawable_and_its_draft_whole(
        edit in any::<bool>(),
        service in any::<prop::sample::Index>(),
        es in any::<bool>(),
        keys in prop::collection::vec(key(), 0..150),
        sizes in prop::collection::vec((20u16..=300, 5u16..=100), 1..4),
    ) {
        let lang = if es { Language::Es } else { Language::En };
        let mut h = Harness::offline(deps(lang), 120, 40);
        h.app.setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
        if edit {
            let r: ServiceRequest = serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap();
            h.update(Action::Form(FormAction::Edit(Box::new(r))));
        } else {
            let ex = examples();
            let list = &ex.iter().find(|(k, _)| k == "contracts_search").unwrap().1;
            let c = serde_json::from_value::<ContractList>(list.clone()).unwrap().contracts.remove(0);
            let s = c.services()[service.index(c.services().len())].clone();
            h.update(Action::Form(FormAction::NewFor { contract: Box::new(c), service: Box::new(s) }));
        }
        for (i, k) in keys.iter().enumerate() {
            if i % 25 == 0 {
                let (w, ht) = sizes[(i / 25) % sizes.len()];
                h.resize(w, ht);
            }
            h.key_event(*k);
            h.render();
            // `q` then a yes (`s`/`y`) quits, as it should.
            if h.app.should_quit() {
                break;
            }
        }
        let pane = h.app.request_form();
        if let Some(form) = pane.form() {
            let i18n = mok_console::tui::i18n::I18n::new(lang);
            for (id, problem) in form.data.problems(pane.catalog()) {
                prop_assert!(!problem.message(&i18n).trim().is_empty(), "{:?}", id);
            }
            let json = form.data.to_json();
            let back = FormData::from_json(&json).expect("the draft reads back");
            prop_assert_eq!(back.to_json(), json);
        }
    }
}
