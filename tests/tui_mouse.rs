//! The mouse through the whole console (crossterm mouse events into the app, drawn into a
//! TestBackend of a known size): a click on a tab opens its pane, a click on a row selects
//! it and a second click opens it, the wheel moves the selection and scrolls the detail,
//! and `[ui] mouse = false` ignores it all.

use std::path::Path;

use crossterm::event::KeyCode;
use mok_console::config::{Config, Language};
use mok_console::model::{Contract, ProviderNetwork, ServiceRequest};
use mok_console::tui::action::{Action, Effect, PaneId};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::BoardAction;
use mok_console::tui::panes::lookup::LookupAction;

fn harness(w: u16, h: u16) -> Harness {
    let mut h = Harness::offline(
        Deps {
            language: Language::En,
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

/// Where `text` is on the screen as drawn now: (column, row) of its first character.
fn find(h: &mut Harness, text: &str) -> (u16, u16) {
    let screen = h.render();
    for (row, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(text) {
            let column = line[..byte].chars().count();
            return (column as u16, row as u16);
        }
    }
    panic!("{text:?} is not on screen:\n{screen}");
}

fn contracts() -> Vec<Contract> {
    let contract = |id: i64, plan: &str, uc: &str, phone: serde_json::Value| {
        serde_json::json!({
            "id": id, "access_identifier": "DEMO-0001", "first_name": "Ana",
            "last_name": "García López", "start_date": "2025-01-01", "end_date": "2026-12-31",
            "active": true, "plan_name": plan, "unique_contract_id": uc,
            "mobile_phone_number": phone, "services": [], "odd_field": {"kept": true}
        })
    };
    serde_json::from_value(serde_json::json!([
        contract(101, "Hogar Plus", "UC-000101", "+34 612 34-56-78".into()),
        contract(102, "Auto Básico", "UC-000077", serde_json::Value::Null),
        contract(103, "Moto", "UC-000150", "612345678".into()),
    ]))
    .map(|mut list: Vec<serde_json::Value>| {
        // The last one with services (the first blocked by its limit).
        list[2]["services"] = serde_json::json!([
            {"id": 1, "name": "Grúa", "external_id": "TOW", "limits": {
                "usage_frequency_by_end_of_contract": {
                    "type": "LimitGroups::UsageFrequencyByEndOfContract",
                    "multiplans_limit": "3.0", "multiplans_limit_progress": 3.0,
                    "block_service": true, "multiplans_until_date": "31/12/2026"},
                "has_any_limits": true, "block_service": true}},
            {"id": 3, "name": "Orientación médica telefónica", "external_id": "MED",
             "limits": {"has_any_limits": false, "block_service": false}}
        ]);
        serde_json::from_value(serde_json::Value::Array(list)).unwrap()
    })
    .unwrap()
}

fn search(h: &mut Harness) {
    h.type_text("DEMO-0001");
    h.key(KeyCode::Enter);
    let request = match h.take_effects().as_slice() {
        [Effect::SearchContracts { request, .. }] => *request,
        other => panic!("expected one search, got {other:?}"),
    };
    h.update(
        LookupAction::ContractsLoaded {
            request,
            result: Ok(contracts()),
        }
        .into(),
    );
}

fn load_board(h: &mut Harness, n: i64) {
    let requests: Vec<ServiceRequest> = (1..=n)
        .map(|id| {
            serde_json::from_value(serde_json::json!({
                "id": id,
                "public_id": format!("00032-{id:05}-EXT{id}"),
                "current_status": if id % 7 == 0 { "on_hold" } else { "pending" },
                "user_first_name": "Luis",
                "user_last_name": "Pérez",
                "service_name": "Grúa",
                "origin_address": null,
                "requested_at": format!("2026-06-15T10:{:02}:07+02:00", 59 - id),
            }))
            .unwrap()
        })
        .collect();
    h.update(Action::Board(BoardAction::Polled(
        mok_console::board::feed::FeedUpdate::Refreshed {
            part: mok_console::board::feed::Part::All,
            diff: mok_console::board::BoardDiff::of_requests(&requests, Vec::new()),
            at: chrono::Utc::now(),
            requests: 1,
        },
    )));
}

#[test]
fn a_click_on_a_tab_opens_its_pane() {
    let mut h = harness(80, 24);
    for (label, pane) in [
        ("Board", PaneId::Board),
        ("Ranking", PaneId::Ranking),
        ("Admin", PaneId::Admin),
        ("New request", PaneId::NewRequest),
        ("Lookup", PaneId::Lookup),
    ] {
        let (x, y) = find(&mut h, &format!("F{} {label}", 2 + tab_index(pane)));
        assert_eq!(y, 1, "the tab bar is the second row");
        // Anywhere on the tab: its last letter.
        h.click(x + label.len() as u16 + 2, y);
        assert_eq!(h.app.current(), pane, "{label}");
    }
}

fn tab_index(pane: PaneId) -> usize {
    PaneId::TABS.iter().position(|p| *p == pane).unwrap()
}

#[test]
fn a_click_selects_a_contract_a_second_click_opens_it_and_the_wheel_moves() {
    let mut h = harness(100, 30);
    search(&mut h);
    assert_eq!(h.app.lookup().contracts().len(), 3);
    // The second contract's second line (dates, mobile, contract number) is part of it.
    let (x, y) = find(&mut h, "UC-000077");
    h.click(x, y);
    assert_eq!(h.app.lookup().selected(), 1);
    assert_eq!(h.app.current(), PaneId::Lookup);
    let (x, y) = find(&mut h, "Moto");
    h.wheel(x, y, false);
    assert_eq!(h.app.lookup().selected(), 0, "the wheel up moves up");
    h.wheel(x, y, true);
    h.wheel(x, y, true);
    assert_eq!(h.app.lookup().selected(), 2);
    // A click on the selected contract opens it (like Enter).
    let (x, y) = find(&mut h, "Moto");
    h.click(x, y);
    assert_eq!(h.app.current(), PaneId::Contract);
    assert!(h.render().contains("UC-000150"));
    // In the contract, a click on a service shows its limits.
    assert!(h.render().contains("Limits: Grúa"), "{}", h.render());
    let (x, y) = find(&mut h, "Orientación médica");
    h.click(x, y);
    assert!(
        h.render().contains("Limits: Orientación médica"),
        "{}",
        h.render()
    );
    // The wheel over the service list (its left column) moves the selection.
    let (_, y) = find(&mut h, "Grúa");
    h.wheel(2, y, false);
    assert!(h.render().contains("Limits: Grúa"), "{}", h.render());
    // Back on Lookup, a click in the search field puts the cursor there: typing is text.
    h.key(KeyCode::Esc);
    assert_eq!(h.app.current(), PaneId::Lookup);
    let (x, y) = find(&mut h, "DEMO-0001");
    h.click(x, y);
    h.type_text("q");
    assert!(!h.app.should_quit());
    assert_eq!(h.app.lookup().query(), "DEMO-0001q");
}

#[test]
fn a_click_selects_a_board_row_a_second_opens_its_detail_and_the_wheel_scrolls() {
    let mut h = harness(120, 30);
    h.key(KeyCode::F(5));
    load_board(&mut h, 40);
    assert_eq!(h.app.board().shown_ids().len(), 40);
    let first = h.app.board().selected_id();
    // A row further down: its id column shows `…-EXT<id>`.
    let (x, y) = find(&mut h, "EXT30");
    h.click(x, y);
    assert_eq!(h.app.board().selected_id(), Some(30));
    assert_ne!(first, Some(30));
    // The wheel moves the selection one row, and the table scrolls to keep it on screen.
    let shown = h.app.board().shown_ids();
    let at = shown.iter().position(|id| *id == 30).unwrap();
    for _ in 0..15 {
        h.wheel(x, y, true);
    }
    let expected = shown[(at + 15).min(shown.len() - 1)];
    assert_eq!(h.app.board().selected_id(), Some(expected));
    // A click on the selected row (scrolled, so found again) opens its detail.
    let (x, y) = find(&mut h, &format!("EXT{expected} "));
    h.click(x, y);
    assert!(h.app.board().detail().is_some());
    assert_eq!(h.app.board().detail().unwrap().id, expected);
    let before = h.render();
    h.wheel(x, y, true);
    h.wheel(x, y, true);
    let after = h.render();
    assert_ne!(before, after, "the wheel scrolls the detail");
    h.wheel(x, y, false);
    h.wheel(x, y, false);
    assert_eq!(h.render(), before, "and back");
}

#[test]
fn with_mouse_off_clicks_and_the_wheel_do_nothing() {
    let config = Config::parse("[ui]\nmouse = false\n", Path::new("/tmp/mouse.toml")).unwrap();
    let mut h = harness(100, 30);
    h.app.set_mouse(config.ui.mouse());
    search(&mut h);
    let (x, y) = find(&mut h, "F5 Board");
    h.click(x + 3, y);
    assert_eq!(h.app.current(), PaneId::Lookup);
    let (x, y) = find(&mut h, "Moto");
    h.click(x, y);
    h.wheel(x, y, true);
    assert_eq!(h.app.lookup().selected(), 0);
    assert_eq!(h.app.current(), PaneId::Lookup);
}

#[test]
fn a_click_on_a_form_field_focuses_it() {
    let mut h = harness(120, 40);
    let contract: Contract = serde_json::from_value(serde_json::json!({
        "id": 101, "access_identifier": "DEMO-0001", "first_name": "Ana",
        "last_name": "García López", "start_date": "2025-01-01", "end_date": "2026-12-31",
        "active": true, "mobile_phone_number": "+34 612 34-56-78",
        "services": [{"id": 4400000002_i64, "name": "Cerrajería", "external_id": "HOME-LOCKSMITH",
                      "limits": {"has_any_limits": false, "block_service": false}}]
    }))
    .unwrap();
    let service = contract.services()[0].clone();
    h.update(Action::Form(
        mok_console::tui::panes::request_form::FormAction::NewFor {
            contract: Box::new(contract),
            service: Box::new(service),
        },
    ));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    let before = h.app.request_form().form().unwrap().focus.clone();
    let (x, y) = find(&mut h, "Origin address");
    h.click(x, y);
    assert_ne!(h.app.request_form().form().unwrap().focus, before);
    let line = |h: &mut Harness, text: &str| {
        h.render()
            .lines()
            .find(|l| l.contains(text))
            .unwrap()
            .to_owned()
    };
    assert!(line(&mut h, "Origin address").contains('▶'));
    // The click put the cursor in the field: typing fills it.
    h.type_text("Calle Mayor 5, 2º B");
    assert!(
        line(&mut h, "Origin address").contains("Calle Mayor 5, 2º B"),
        "{}",
        h.render()
    );
    // Another field further down, then the wheel and clicks outside change nothing.
    let (x, y) = find(&mut h, "Customer phone");
    h.click(x + 2, y);
    assert!(line(&mut h, "Customer phone").contains('▶'));
    assert!(!line(&mut h, "Origin address").contains('▶'));
    let (x, y) = find(&mut h, "Fields (");
    h.click(x, y);
    assert!(line(&mut h, "Customer phone").contains('▶'));
}

/// The screen line holding `text`.
fn line_of(h: &mut Harness, text: &str) -> String {
    let screen = h.render();
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} is not on screen:\n{screen}"))
        .to_owned()
}

#[test]
fn ranking_a_click_selects_a_provider_and_the_zone_field() {
    use mok_console::model::RankedProvider;
    use mok_console::tui::action::Effect;
    use mok_console::tui::panes::ranking::{RankingAction, RankingEffect};
    let mut h = harness(100, 30);
    h.update(Action::MeLoaded(Ok(serde_json::from_value(
        serde_json::json!({
            "name": "Red Demo",
            "services": [{"id": 1, "name": "Grúa", "external_id": "TOW"}]
        }),
    )
    .unwrap())));
    h.key(KeyCode::F(4));
    h.type_text("Z-MAD-01");
    h.key(KeyCode::Enter);
    let request = h
        .take_effects()
        .into_iter()
        .find_map(|e| match e {
            Effect::Ranking(RankingEffect::Rank { request, .. }) => Some(request),
            _ => None,
        })
        .expect("a ranking is asked for");
    let providers = ["Grúas del Sur", "Asistencia Norte", "Auxilio Madrid"]
        .iter()
        .enumerate()
        .map(|(n, name)| RankedProvider {
            position: Some(n as i64 + 1),
            provider_name: Some((*name).into()),
            external_id: if n == 1 {
                None
            } else {
                Some(format!("PRV-{n:03}"))
            },
        })
        .collect();
    h.update(Action::Ranking(RankingAction::Ranked {
        request,
        result: Ok(providers),
    }));
    let (x, y) = find(&mut h, "Auxilio Madrid");
    h.click(x, y);
    assert!(line_of(&mut h, "Auxilio Madrid").contains('▶'));
    assert!(!line_of(&mut h, "Grúas del Sur").contains('▶'));
    h.wheel(x, y, false);
    assert!(line_of(&mut h, "Asistencia Norte").contains('▶'));
    // Results focused: `q` would quit; a click in the zone field makes it text again.
    let (x, y) = find(&mut h, "Z-MAD-01");
    h.click(x, y);
    h.type_text("q");
    assert!(!h.app.should_quit());
    assert!(line_of(&mut h, "Z-MAD-01q").contains("Z-MAD-01q"));
}

#[test]
fn admin_a_click_on_a_sub_tab_and_on_list_rows() {
    use mok_console::model::{AdminContract, PointTransaction};
    use mok_console::tui::panes::Pane;
    use mok_console::tui::panes::admin::{AdminAction, AdminTab};
    let mut h = harness(110, 30);
    h.key(KeyCode::F(6));
    h.take_effects();
    let contracts: Vec<AdminContract> = serde_json::from_value(serde_json::json!([
        {"id": 101, "access_identifier": "DEMO-0001", "web_app_name": "Ana García López",
         "active": true, "start_date": "2025-01-01", "end_date": "2026-12-31",
         "email_validation_status": "pending"},
        {"id": 103, "access_identifier": "ADM-77", "web_app_name": null, "active": true,
         "start_date": "2026-01-01", "end_date": null, "mobile_phone_number": null}
    ]))
    .unwrap();
    h.update(AdminAction::ContractsLoaded(Ok(contracts)).into());
    let (x, y) = find(&mut h, "ADM-77");
    h.click(x, y);
    assert!(line_of(&mut h, "ADM-77").contains('▶'));
    h.wheel(x, y, false);
    assert!(line_of(&mut h, "DEMO-0001").contains('▶'));
    // A click on the selected contract edits it (like Enter): its form opens.
    let (x, y) = find(&mut h, "DEMO-0001");
    h.click(x, y);
    assert!(h.app.admin().in_text_field(), "{}", h.render());
    // In the form, a click focuses a field; typing goes there.
    let (x, y) = find(&mut h, "Mobile ");
    h.click(x, y);
    assert!(line_of(&mut h, "Mobile ").contains('▶'), "{}", h.render());
    h.type_text("+34 600 11-22-33");
    assert!(line_of(&mut h, "Mobile ").contains("+34 600 11-22-33"));
    // Sub-tabs do not take a form's clicks.
    let (x, y) = find(&mut h, "3 Points");
    h.click(x + 3, y);
    assert_eq!(h.app.admin().tab(), AdminTab::Contracts);
    h.key(KeyCode::Esc);
    // The sub-tab bar: Points.
    let (x, y) = find(&mut h, "3 Points");
    h.click(x + 3, y);
    assert_eq!(h.app.admin().tab(), AdminTab::Points);
    let transactions: Vec<PointTransaction> = serde_json::from_value(serde_json::json!([
        {"id": 7, "access_identifier": "DEMO-0001", "transaction_type": "add",
         "status": "processed", "points": 150.0, "created_at": "2026-06-01T10:00:00Z"},
        {"id": 9, "access_identifier": "DEMO-0002", "transaction_type": "add",
         "status": "some_new_status", "points": 12.5, "created_at": "2026-06-15T08:00:00Z"}
    ]))
    .unwrap();
    h.update(AdminAction::TransactionsLoaded(Ok(transactions)).into());
    h.take_effects();
    // Newest first: #9 is selected; a click on #7 selects it, a second opens it.
    let (x, y) = find(&mut h, "DEMO-0001");
    h.click(x, y);
    assert!(line_of(&mut h, "DEMO-0001").contains('▶'));
    assert!(!line_of(&mut h, "DEMO-0002").contains('▶'));
    h.click(x, y);
    assert!(h.render().contains("Transaction 7"), "{}", h.render());
}

#[test]
fn moving_the_mouse_redraws_nothing() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut h = harness(80, 24);
    search(&mut h);
    // With capture on, the terminal reports every move: none may cost a frame.
    for kind in [
        MouseEventKind::Moved,
        MouseEventKind::Drag(MouseButton::Left),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Down(MouseButton::Right),
    ] {
        h.mouse(MouseEvent {
            kind,
            column: 10,
            row: 8,
            modifiers: KeyModifiers::NONE,
        });
        assert!(!h.app.is_dirty(), "{kind:?} asked for a redraw");
    }
    assert_eq!(h.app.lookup().selected(), 0);
}

#[test]
fn in_the_status_picker_a_click_picks_and_a_second_applies() {
    let mut h = harness(100, 30);
    h.key(KeyCode::F(5));
    load_board(&mut h, 5);
    h.take_effects();
    let id = h.app.board().selected_id().unwrap();
    h.key(KeyCode::Char('s'));
    // The picker's line (with the API name), not the counts line above the table.
    const PICKED: &str = "in progress · in_progress";
    let (x, y) = find(&mut h, PICKED);
    h.click(x, y);
    assert!(line_of(&mut h, PICKED).contains('▶'));
    assert!(h.take_effects().is_empty(), "one click only picks");
    h.click(x, y);
    // Applied like Enter: the stale-edit guard re-reads the request before sending.
    let effects = h.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Reread { id: i, .. } if *i == id)),
        "{effects:?}"
    );
    assert!(matches!(
        h.app.overlay(),
        mok_console::tui::app::Overlay::Stale(_)
    ));
    h.key(KeyCode::Esc);
    h.take_effects();
    // A click outside the picker closes it without a change.
    h.key(KeyCode::Char('s'));
    assert!(h.render().contains(PICKED));
    h.click(1, 3);
    h.click(1, 3);
    assert!(h.take_effects().is_empty());
    assert!(!h.render().contains("▶ in progress"));
}

#[test]
fn on_the_request_hub_a_click_selects_and_a_second_opens() {
    use mok_console::tui::panes::request_form::View;
    let mut h = harness(100, 30);
    search(&mut h);
    h.key(KeyCode::F(3));
    assert_eq!(h.app.request_form().view(), View::Hub);
    // The services of the contracts Lookup found, then a blank form.
    let (x, y) = find(&mut h, "Orientación médica");
    h.click(x, y);
    assert!(line_of(&mut h, "Orientación médica").contains('▶'));
    let (x, y) = find(&mut h, "Blank form");
    h.wheel(x, y, true);
    assert!(line_of(&mut h, "Blank form").contains('▶'));
    h.click(x, y);
    assert_eq!(h.app.request_form().view(), View::Form);
    assert!(h.app.request_form().form().is_some());
}

#[test]
fn in_the_palette_a_click_picks_a_command_and_a_second_runs_it() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    use mok_console::tui::app::Overlay;
    let mut h = harness(100, 30);
    h.key(KeyCode::Esc);
    h.key_event(KeyEvent::new(KeyCode::Char(':'), KeyModifiers::SHIFT));
    assert!(matches!(h.app.overlay(), Overlay::Palette(_)));
    let (x, y) = find(&mut h, "Go to Board");
    h.click(x, y);
    assert!(line_of(&mut h, "Go to Board").contains('▶'));
    assert_eq!(h.app.current(), PaneId::Lookup);
    h.click(x, y);
    assert_eq!(h.app.current(), PaneId::Board);
    assert!(matches!(h.app.overlay(), Overlay::None));
    // A click outside the palette closes it.
    h.key_event(KeyEvent::new(KeyCode::Char(':'), KeyModifiers::SHIFT));
    h.click(0, 5);
    assert!(matches!(h.app.overlay(), Overlay::None));
    assert_eq!(h.app.current(), PaneId::Board);
}
