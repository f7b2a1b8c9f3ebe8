//! The wallboard (issue 14): snapshots at 80×24 and 200×60 in Spanish and English with a
//! fixed clock; `W` on the board opens it and a key returns; `--wall` (standalone) leaves
//! only on Esc/W and quits on q; a feed update changes the figures with no key; the data is
//! marked stale after three poll intervals of silence or on a failure; figures grow on a
//! 4K-sized terminal.

use std::time::Duration;

use chrono::TimeZone;
use crossterm::event::KeyCode;
use mok_console::api::{ApiError, ErrorKind};
use mok_console::board::BoardDiff;
use mok_console::board::feed::{FeedUpdate, Part};
use mok_console::config::Language;
use mok_console::model::{ProviderNetwork, ServiceRequest, Status};
use mok_console::tui::action::{Action, Effect, PaneId};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::{BoardAction, BoardEffect};
use mok_console::tui::panes::wall::figures::{Freshness, StaleWhy};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];
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

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap()
}

fn minutes_ago(m: i64) -> String {
    // The seed's shape: milliseconds and a Z.
    (now() - chrono::Duration::minutes(m))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// A request of `service`, `status`, requested `age` minutes ago; a finished one finished
/// `finished` minutes ago.
fn request(
    id: i64,
    status: &str,
    age: i64,
    service: &str,
    finished: Option<i64>,
) -> ServiceRequest {
    let mut history = serde_json::json!({"pending": minutes_ago(age)});
    if let Some(f) = finished {
        history["finished"] = minutes_ago(f).into();
    }
    serde_json::from_value(serde_json::json!({
        "id": id,
        "public_id": format!("00032-{id:05}-EXT{id}"),
        "current_status": status,
        "service_name": service,
        "requested_at": minutes_ago(age),
        "status_history": history,
        "brand_new_field": {"x": 1},
    }))
    .unwrap()
}

fn requests() -> Vec<ServiceRequest> {
    vec![
        request(1, "pending", 4, "Grúa", None),
        request(2, "pending", 35, "Grúa", None),
        request(3, "pending", 12, "Cerrajería", None),
        request(4, "assigned", 75, "Grúa", None),
        request(5, "assigned", 20, "Orientación médica telefónica", None),
        request(6, "in_progress", 125, "Cerrajería", None),
        request(7, "in_progress", 50, "Grúa", None),
        request(8, "on_hold", 8, "Grúa", None),
        request(9, "finished", 90, "Grúa", Some(15)),
        request(10, "finished", 40, "Cerrajería", Some(5)),
        request(11, "finished", 300, "Cerrajería", Some(200)),
        request(12, "cancelled", 30, "Grúa", None),
    ]
}

fn polled(part: Part, requests: &[ServiceRequest], at: chrono::DateTime<chrono::Utc>) -> Action {
    Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part,
        diff: BoardDiff::of_requests(requests, Vec::new()),
        at,
        requests: 1,
    }))
}

fn network() -> ProviderNetwork {
    serde_json::from_value(serde_json::json!({"name": "Red Asistencia Demo", "active": true}))
        .unwrap()
}

/// On the board with the requests loaded, clock fixed.
fn on_board(language: Language, w: u16, h: u16) -> Harness {
    let mut harness = Harness::offline(deps(language), w, h);
    harness.update(Action::MeLoaded(Ok(network())));
    harness.app.board_mut().set_clock(now());
    harness.key(KeyCode::F(5));
    harness.take_effects();
    harness.update(polled(
        Part::All,
        &requests(),
        now() - chrono::Duration::seconds(4),
    ));
    harness
}

fn lang_name(l: Language) -> &'static str {
    match l {
        Language::Es => "es",
        Language::En => "en",
    }
}

#[test]
fn wallboard_snapshots() {
    for lang in LANGS {
        for (w, hgt) in SIZES {
            let mut h = on_board(lang, w, hgt);
            h.key(KeyCode::Char('W'));
            let screen = h.render();
            insta::assert_snapshot!(format!("wall__{}_{w}x{hgt}", lang_name(lang)), screen);
        }
    }
}

#[test]
fn wallboard_stale_snapshot() {
    for lang in LANGS {
        let mut h = on_board(lang, 80, 24);
        h.key(KeyCode::Char('W'));
        h.update(Action::Board(BoardAction::Polled(FeedUpdate::Failed {
            part: Part::Open,
            error: ApiError::new(ErrorKind::Network, None, "connection refused"),
            failures: 2,
            retry_in: Duration::from_secs(20),
        })));
        let screen = h.render();
        insta::assert_snapshot!(format!("wall_stale__{}_80x24", lang_name(lang)), screen);
    }
}

#[test]
fn the_figures_are_the_boards() {
    let mut h = on_board(Language::En, 80, 24);
    h.key(KeyCode::Char('W'));
    let f = h.app.wall().figures();
    assert_eq!(
        f.open,
        vec![
            (Status::Pending, 3),
            (Status::Assigned, 2),
            (Status::InProgress, 2),
            (Status::parse("on_hold"), 1),
        ]
    );
    assert_eq!(f.oldest, Some((6, chrono::Duration::minutes(125))));
    // ≥ 30 min: 2 (35), 4 (75), 6 (125), 7 (50); ≥ 60 min: 4 and 6.
    assert_eq!((f.past_warn, f.past_breach), (4, 2));
    // Requested within the hour: 1, 2, 3, 5, 7, 8, 10, 12.
    assert_eq!(f.created_last_hour, 8);
    // Finished 15 and 5 minutes ago (not 200).
    assert_eq!(f.finished_last_hour, 2);
    assert_eq!(f.services[0].name.as_deref(), Some("Grúa"));
}

#[test]
fn w_on_the_board_opens_the_wall_and_any_key_returns() {
    let mut h = on_board(Language::En, 120, 40);
    let (keys, _) = h.app.help_entries();
    assert!(
        keys.iter()
            .any(|k| k.keys == "W" && k.what == mok_console::tui::i18n::T::KeyWall),
        "the board's help lists W"
    );
    h.key(KeyCode::Char('W'));
    assert_eq!(h.app.current(), PaneId::Wall);
    let screen = h.render();
    assert!(screen.contains("Wallboard"), "{screen}");
    assert!(screen.contains("any key: back to the board"), "{screen}");
    // Not the board's table any more: no column headers.
    assert!(!screen.contains("Customer"), "{screen}");
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.current(), PaneId::Board);
    // q on the wall (opened from the board) returns too; it does not quit.
    h.key(KeyCode::Char('W'));
    h.key(KeyCode::Char('q'));
    assert_eq!(h.app.current(), PaneId::Board);
    assert!(!h.app.should_quit());
    h.key(KeyCode::Char('W'));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.current(), PaneId::Board);
}

#[test]
fn standalone_wall_starts_the_feed_leaves_on_esc_and_quits_on_q() {
    let mut h = Harness::offline(deps(Language::Es), 80, 24);
    h.app.open_wall(true);
    assert_eq!(h.app.current(), PaneId::Wall);
    let effects = h.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Board(BoardEffect::StartPolling(_)))),
        "the wall starts the board's feed: {effects:?}"
    );
    let screen = h.render();
    assert!(screen.contains("esperando los primeros datos"), "{screen}");
    assert!(screen.contains("Esc: tablero · q: salir"), "{screen}");
    // A stray key does not take the TV off the wall.
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.current(), PaneId::Wall);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.current(), PaneId::Board);
    h.key(KeyCode::Char('W'));
    assert_eq!(h.app.current(), PaneId::Wall);
    h.key(KeyCode::Char('q'));
    assert!(h.app.should_quit());
}

#[test]
fn a_feed_update_changes_the_figures_without_a_key() {
    let mut h = on_board(Language::En, 80, 24);
    h.key(KeyCode::Char('W'));
    h.render();
    assert!(!h.app.is_dirty());
    assert_eq!(h.app.wall().figures().open[0], (Status::Pending, 3));
    // Two new pending requests and request 1 assigned, from a poll.
    let mut one = requests()[0].clone();
    one.current_status = Some(Status::Assigned);
    let fresh = [
        one,
        request(20, "pending", 1, "Grúa", None),
        request(21, "pending", 2, "Grúa", None),
    ];
    h.update(polled(Part::Open, &fresh, now()));
    assert!(h.app.is_dirty(), "the wall redraws on news");
    let f = h.app.wall().figures();
    assert_eq!(f.open[0], (Status::Pending, 4));
    assert_eq!(f.open[1], (Status::Assigned, 3));
    assert_eq!(f.created_last_hour, 10);
    // And from a push (webhook): request 2 finished now.
    let event: mok_console::model::WebhookEvent = serde_json::from_value(serde_json::json!({
        "event": "service_request.updated",
        "payload": {"id": 2, "current_status": "finished"}
    }))
    .unwrap();
    h.update(Action::Board(BoardAction::Pushed(Box::new(event))));
    let f = h.app.wall().figures();
    assert_eq!(f.open[0], (Status::Pending, 3));
    // A poll that brings nothing new changes nothing on screen: no redraw.
    h.update(polled(Part::Open, &[], now()));
    h.render();
    h.update(polled(Part::Open, &[], now()));
    assert!(!h.app.is_dirty());
    assert_eq!(h.app.current(), PaneId::Wall);
}

#[test]
fn data_goes_stale_after_three_intervals_of_silence_or_on_failure() {
    let mut h = on_board(Language::En, 80, 24);
    h.key(KeyCode::Char('W'));
    assert_eq!(
        h.app.wall().freshness(),
        Some(&Freshness::Live {
            age: chrono::Duration::seconds(4)
        })
    );
    assert!(h.render().contains("● live · data from 4 s ago"));
    // The clock moves 16 s on: more than 3 × 5 s without data; a tick notices.
    h.app
        .board_mut()
        .set_clock(now() + chrono::Duration::seconds(12));
    h.update(Action::Tick);
    assert!(h.app.is_dirty(), "the tick redraws the wall");
    assert_eq!(
        h.app.wall().freshness(),
        Some(&Freshness::Stale {
            age: Some(chrono::Duration::seconds(16)),
            why: StaleWhy::Silent
        })
    );
    let screen = h.render();
    assert!(screen.contains("STALE no new data for 16 s"), "{screen}");
    // A poll brings data: live again.
    h.update(polled(
        Part::Open,
        &[],
        now() + chrono::Duration::seconds(12),
    ));
    assert!(matches!(
        h.app.wall().freshness(),
        Some(Freshness::Live { .. })
    ));
    // A failure: stale at once, with the count.
    h.update(Action::Board(BoardAction::Polled(FeedUpdate::Failed {
        part: Part::Open,
        error: ApiError::new(ErrorKind::Server, Some(502), "bad gateway"),
        failures: 1,
        retry_in: Duration::from_secs(10),
    })));
    let screen = h.render();
    assert!(
        screen.contains("STALE refresh failed ×1 · data from 0 s ago"),
        "{screen}"
    );
    // The wall asks for a tick a second, not ten.
    assert_eq!(h.app.tick_every(), Some(Duration::from_secs(1)));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.tick_every(), None);
}

/// Cells drawn as a full block: how much of the screen the big figures take.
fn full_blocks(screen: &str) -> usize {
    screen.chars().filter(|c| *c == '█').count()
}

#[test]
fn figures_grow_with_the_terminal() {
    let mut sizes = Vec::new();
    for (w, hgt) in [(80, 24), (200, 60), (400, 120)] {
        let mut h = on_board(Language::En, w, hgt);
        h.key(KeyCode::Char('W'));
        let screen = h.render();
        // Every figure tile says what it is, at every size.
        for word in [
            "Open",
            "pending",
            "Longest wait",
            "Past warning",
            "Past breach",
        ] {
            assert!(screen.contains(word), "{word} at {w}x{hgt}\n{screen}");
        }
        sizes.push(full_blocks(&screen));
    }
    assert!(
        sizes[0] < sizes[1] && sizes[1] < sizes[2],
        "block cells at 80×24, 200×60, 400×120: {sizes:?}"
    );
    // The per-service rows show when there is room.
    let mut h = on_board(Language::En, 200, 60);
    h.key(KeyCode::Char('W'));
    let screen = h.render();
    assert!(screen.contains("Per service (3 of 3)"), "{screen}");
    assert!(screen.contains("Orientación médica telefónica"), "{screen}");
}

#[test]
fn ticks_refresh_the_freshness_each_second_and_the_figures_every_ten() {
    let mut h = on_board(Language::En, 80, 24);
    h.key(KeyCode::Char('W'));
    let oldest = |h: &Harness| h.app.wall().figures().oldest.unwrap().1;
    assert_eq!(oldest(&h), chrono::Duration::minutes(125));
    // 3 s on: the freshness line moves, the figures (one pass over every row) wait.
    h.app
        .board_mut()
        .set_clock(now() + chrono::Duration::seconds(3));
    h.update(Action::Tick);
    assert!(h.app.is_dirty());
    assert!(h.render().contains("data from 7 s ago"));
    assert_eq!(oldest(&h), chrono::Duration::minutes(125));
    // The same second again: nothing to do.
    h.update(Action::Tick);
    assert!(!h.app.is_dirty());
    // 10 s after the last pass: the figures are recomputed.
    h.app
        .board_mut()
        .set_clock(now() + chrono::Duration::seconds(70));
    h.update(Action::Tick);
    assert_eq!(oldest(&h), chrono::Duration::seconds(126 * 60 + 10));
}

#[test]
fn the_wall_flag_opens_the_tui_on_the_wall() {
    use clap::Parser;
    let cli = mok_console::cli::Cli::try_parse_from(["mok-console", "--wall", "--sandbox"])
        .expect("--wall is a flag of the console");
    assert!(cli.command.is_none(), "it runs the TUI, not a subcommand");
    let options = cli.global.tui();
    assert!(options.wall);
    assert!(options.connect.sandbox);
    let plain = mok_console::cli::Cli::try_parse_from(["mok-console"]).unwrap();
    assert!(!plain.global.tui().wall);
}
