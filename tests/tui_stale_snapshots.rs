//! The stale-edit guard's dialog (issue 14) from constructed answers: the edit form's
//! Ctrl-S on the seed's reference request while the server's copy changed, at 80×24 and
//! 120×40 in Spanish and English (insta snapshots); the failed re-read; and the header's
//! "N updates since you looked" in both languages.

use crossterm::event::KeyCode;
use mok_console::api::{ApiError, ErrorKind};
use mok_console::board::BoardDiff;
use mok_console::board::feed::{FeedUpdate, Part};
use mok_console::config::Language;
use mok_console::forms::FormCatalog;
use mok_console::model::{ProviderNetwork, ServiceRequest, Status};
use mok_console::tui::action::{Action, Effect, RequestId};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::overlays::stale::StaleAction;
use mok_console::tui::panes::board::BoardAction;
use mok_console::tui::panes::request_form::fields::Fixed;
use mok_console::tui::panes::request_form::{FieldId, FormAction, RequestSetup};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [(Language, &str); 2] = [(Language::Es, "es"), (Language::En, "en")];

fn deps(language: Language) -> Deps {
    Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
        warnings: Vec::new(),
    }
}

fn reference() -> ServiceRequest {
    serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap()
}

fn connected(language: Language, w: u16, h: u16) -> Harness {
    let mut h = Harness::offline(deps(language), w, h);
    let network: ProviderNetwork =
        serde_json::from_value(serde_json::json!({"name": "Red Demo", "services": []})).unwrap();
    h.update(Action::MeLoaded(Ok(network)));
    h
}

/// The reference request in the edit form, the technician retyped, Ctrl-S: the id of the
/// re-read the guard asked for.
fn saving_an_edit(language: Language, w: u16, hgt: u16) -> (Harness, RequestId) {
    let mut h = connected(language, w, hgt);
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    h.update(Action::Form(FormAction::Edit(Box::new(reference()))));
    let technician = FieldId::Fixed(Fixed::TechnicianName);
    for _ in 0..80 {
        if h.app.request_form().form().unwrap().focus == technician {
            break;
        }
        h.key(KeyCode::Tab);
    }
    for _ in 0.."Benito Ballesteros Bermúdez".chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("Luis Pérez");
    h.ctrl('s');
    let effects = h.take_effects();
    let request = effects
        .iter()
        .find_map(|e| match e {
            Effect::Reread { request, id: 60 } => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a re-read before the update: {effects:?}"));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Form(_))),
        "nothing sent before the guard's verdict: {effects:?}"
    );
    (h, request)
}

#[test]
fn the_dialog_shows_what_changed_field_by_field() {
    for (lang, code) in LANGS {
        for (w, hgt) in SIZES {
            let (mut h, request) = saving_an_edit(lang, w, hgt);
            // A colleague moved it on, gave it another provider and technician.
            let mut now = reference();
            now.current_status = Some(Status::InProgress);
            now.provider_name = Some("Grúas del Sur".into());
            now.provider_phone = Some("965 036 893".into());
            now.technician_name = Some("Ana Ruiz".into());
            h.update(Action::Stale(StaleAction::Reread {
                request,
                result: Ok(Box::new(now)),
            }));
            assert!(h.take_effects().is_empty(), "nothing sent while it asks");
            let screen = h.render();
            let overwrite = match lang {
                Language::Es => "⚠ Técnico",
                Language::En => "⚠ Technician",
            };
            assert!(screen.contains(overwrite), "{screen}");
            insta::assert_snapshot!(format!("stale_changed__{code}_{w}x{hgt}"), screen);
        }
    }
}

#[test]
fn a_failed_re_read_asks_before_sending_anyway() {
    for (lang, code) in LANGS {
        let (mut h, request) = saving_an_edit(lang, 80, 24);
        h.update(Action::Stale(StaleAction::Reread {
            request,
            result: Err(ApiError::new(
                ErrorKind::Network,
                None,
                "connection refused",
            )),
        }));
        assert!(h.take_effects().is_empty(), "nothing sent while it asks");
        insta::assert_snapshot!(format!("stale_failed__{code}_80x24"), h.render());
        // Send anyway: now, and only now, the update goes.
        h.key(KeyCode::Char('s'));
        let effects = h.take_effects();
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Form(_))),
            "{effects:?}"
        );
    }
}

fn board_request(id: i64, provider: Option<&str>) -> ServiceRequest {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "public_id": format!("00032-{id:05}-EXT{id}"),
        "current_status": "pending",
        "service_name": "Grúa",
        "provider_name": provider,
        "requested_at": "2026-06-15T10:00:00Z",
    }))
    .unwrap()
}

fn noon() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap()
}

fn polled(h: &mut Harness, part: Part, requests: &[ServiceRequest]) {
    h.update(Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part,
        diff: BoardDiff::of_requests(requests, Vec::new()),
        at: noon(),
        requests: 1,
    })));
}

#[test]
fn rows_changed_while_away_are_marked_in_a_symbol_and_words() {
    for (lang, code) in LANGS {
        for (w, hgt) in SIZES {
            let mut h = connected(lang, w, hgt);
            h.app.board_mut().set_clock(noon());
            h.key(KeyCode::F(5));
            let first: Vec<ServiceRequest> = (1..=4).map(|id| board_request(id, None)).collect();
            polled(&mut h, Part::All, &first);
            h.key(KeyCode::F(2));
            polled(
                &mut h,
                Part::Open,
                &[
                    board_request(2, Some("Grúas del Sur")),
                    board_request(4, Some("Grúas del Sur")),
                ],
            );
            h.key(KeyCode::F(5));
            insta::assert_snapshot!(format!("board_unseen__{code}_{w}x{hgt}"), h.render());
        }
    }
}

#[test]
fn the_header_says_how_many_updates_came_while_away_in_both_languages() {
    for (lang, one, two) in [
        (
            Language::Es,
            "◆ 1 cambio desde que miró",
            "◆ 2 cambios desde que miró",
        ),
        (
            Language::En,
            "◆ 1 update since you looked",
            "◆ 2 updates since you looked",
        ),
    ] {
        let mut h = connected(lang, 120, 40);
        h.key(KeyCode::F(5));
        let first: Vec<ServiceRequest> = (1..=3).map(|id| board_request(id, None)).collect();
        polled(&mut h, Part::All, &first);
        h.key(KeyCode::F(2));
        let header = |h: &mut Harness| h.render().lines().next().unwrap().to_owned();
        assert!(!header(&mut h).contains('◆'));
        polled(
            &mut h,
            Part::Open,
            &[board_request(2, Some("Grúas del Sur"))],
        );
        assert!(h.app.is_dirty(), "the header redraws off the board");
        assert!(header(&mut h).contains(one), "{}", header(&mut h));
        polled(
            &mut h,
            Part::Open,
            &[board_request(3, Some("Grúas del Sur"))],
        );
        assert!(header(&mut h).contains(two), "{}", header(&mut h));
        // The agent's own change (an assignment, a saved edit) is no update by others.
        h.update(Action::Board(BoardAction::Changed {
            id: 1,
            request: Box::new(board_request(1, Some("Mía"))),
        }));
        assert_eq!(h.app.board().unseen_count(), 2);
        // A marked row that leaves the board (deleted, swept) leaves the count too.
        h.update(Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
            part: Part::All,
            diff: BoardDiff::of_requests(&[], vec![3]),
            at: noon(),
            requests: 1,
        })));
        assert!(header(&mut h).contains(one), "{}", header(&mut h));
        polled(
            &mut h,
            Part::Open,
            &[board_request(3, Some("Grúas del Sur"))],
        );
        assert!(header(&mut h).contains(two), "{}", header(&mut h));
        // Looking at the board: the header's count goes, the rows stay marked.
        h.key(KeyCode::F(5));
        let screen = h.render();
        assert!(!screen.lines().next().unwrap().contains('◆'), "{screen}");
        assert_eq!(
            screen.lines().filter(|l| l.contains("│◆")).count(),
            2,
            "{screen}"
        );
        // Changes while the agent looks are seen (and highlighted as before), not marked.
        polled(&mut h, Part::Open, &[board_request(1, Some("Otra"))]);
        assert!(!h.app.board().is_unseen(1));
    }
}
