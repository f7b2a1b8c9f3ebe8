//! Themes (issue 13): key screens — lookup with results, the board, the request form with
//! errors, an admin form with errors, the wallboard, help — drawn in mono hold no colour in
//! any cell (TestBackend cells record fg/bg/modifiers) and no colour escape in the bytes a
//! real crossterm backend writes; states keep a word or a mark; high contrast differs from
//! the default where it matters (a style snapshot).

use chrono::TimeZone;
use crossterm::event::KeyCode;
use mok_console::board::BoardDiff;
use mok_console::board::feed::{FeedUpdate, Part};
use mok_console::config::{Language, Theme};
use mok_console::forms::FormCatalog;
use mok_console::model::{AdminContract, Contract, ProviderNetwork, ServiceRequest};
use mok_console::tui::action::{Action, Effect, PaneId};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::admin::AdminAction;
use mok_console::tui::panes::board::BoardAction;
use mok_console::tui::panes::lookup::LookupAction;
use mok_console::tui::panes::request_form::{FormAction, RequestSetup};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn deps() -> Deps {
    Deps {
        language: Language::En,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
        warnings: vec!["a config warning".into()],
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap()
}

fn harness(theme: Theme, w: u16, h: u16) -> Harness {
    let mut h = Harness::offline(deps(), w, h);
    h.app.set_theme(theme);
    assert_eq!(h.take_effects(), vec![Effect::FetchMe]);
    let me: ProviderNetwork =
        serde_json::from_value(serde_json::json!({"name": "Red Asistencia Demo"})).unwrap();
    h.update(Action::MeLoaded(Ok(me)));
    h
}

fn contracts() -> Vec<Contract> {
    serde_json::from_value(serde_json::json!([
        {"id": 101, "access_identifier": "DEMO-0001", "first_name": "Ana", "last_name": "García López",
         "start_date": "2025-01-01", "end_date": "2026-12-31", "active": true,
         "mobile_phone_number": "+34612345678",
         "services": [
            {"id": 1, "name": "Grúa", "external_id": "TOW", "limits": {
                "usage_frequency_by_end_of_contract": {
                    "type": "LimitGroups::UsageFrequencyByEndOfContract",
                    "multiplans_limit": "3.0", "multiplans_limit_progress": 3.0,
                    "block_service": true, "multiplans_until_date": "31/12/2026"},
                "has_any_limits": true, "block_service": true}},
            {"id": 2, "name": "Cerrajería", "external_id": "LOCK",
             "limits": {"has_any_limits": false, "block_service": false}}]},
        {"id": 102, "access_identifier": "DEMO-0001", "first_name": "Ana", "last_name": "García López",
         "start_date": "2022-01-01", "end_date": "2024-12-31", "active": true, "services": []},
        {"id": 103, "access_identifier": "DEMO-0001", "first_name": "Ana", "last_name": "García López",
         "start_date": "2025-03-01", "end_date": "2027-02-28", "active": false, "services": []}
    ]))
    .unwrap()
}

fn lookup_results(h: &mut Harness) {
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

fn contract_detail(h: &mut Harness) {
    lookup_results(h);
    h.key(KeyCode::Enter);
    h.take_effects();
}

fn requests() -> Vec<ServiceRequest> {
    let statuses = ["pending", "assigned", "in_progress", "finished", "on_hold"];
    (1..=10)
        .map(|id: i64| {
            serde_json::from_value(serde_json::json!({
                "id": id,
                "current_status": statuses[id as usize % statuses.len()],
                "service_name": if id % 2 == 0 { "Grúa" } else { "Cerrajería" },
                "user_first_name": "Ana", "user_last_name": "Pérez",
                "requested_at": (now() - chrono::Duration::minutes(id * 13)).to_rfc3339(),
            }))
            .unwrap()
        })
        .collect()
}

fn board(h: &mut Harness) {
    h.app.board_mut().set_clock(now());
    h.key(KeyCode::F(5));
    h.take_effects();
    h.update(Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::All,
        diff: BoardDiff::of_requests(&requests(), Vec::new()),
        at: now(),
        requests: 1,
    })));
    // A change after the first load: a highlighted row.
    let mut changed = requests()[1].clone();
    changed.current_status = Some(mok_console::model::Status::Cancelled);
    h.update(Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::Open,
        diff: BoardDiff::of_requests(&[changed], Vec::new()),
        at: now(),
        requests: 1,
    })));
}

fn wall(h: &mut Harness) {
    board(h);
    h.key(KeyCode::Char('W'));
    assert_eq!(h.app.current(), PaneId::Wall);
}

fn form_with_errors(h: &mut Harness) {
    let mut setup = RequestSetup::new(FormCatalog::load(None).unwrap(), None);
    setup.fixed_now = Some(now());
    h.app.setup_requests(setup);
    let c = contracts().remove(0);
    let s = c.services()[1].clone();
    h.update(Action::Form(FormAction::NewFor {
        contract: Box::new(c),
        service: Box::new(s),
    }));
    h.type_text("Puerta");
    // Submitting half empty: every missing field is marked.
    h.ctrl('s');
}

fn admin_form_with_errors(h: &mut Harness) {
    h.key(KeyCode::F(6));
    h.take_effects();
    let list: Vec<AdminContract> = serde_json::from_value(serde_json::json!([
        {"id": 101, "access_identifier": "DEMO-0001", "active": true,
         "email_validation_status": "invalid"}
    ]))
    .unwrap();
    h.update(AdminAction::ContractsLoaded(Ok(list)).into());
    h.key(KeyCode::Char('n'));
    for _ in 0..7 {
        h.key(KeyCode::Tab);
    }
    h.type_text("2025-13-01");
    h.key(KeyCode::Enter);
    h.take_effects();
}

fn help(h: &mut Harness) {
    h.key(KeyCode::F(5));
    h.take_effects();
    h.key(KeyCode::Char('?'));
}

type Setup = fn(&mut Harness);
const SCREENS: [(&str, Setup); 7] = [
    ("lookup results", lookup_results),
    ("contract detail", contract_detail),
    ("board", board),
    ("wallboard", wall),
    ("request form with errors", form_with_errors),
    ("admin form with errors", admin_form_with_errors),
    ("help", help),
];

/// Cells whose foreground or background is a colour.
fn coloured_cells(buffer: &Buffer) -> Vec<(u16, u16, String, Color, Color)> {
    let area = buffer.area;
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let c = &buffer[(x, y)];
            if c.fg != Color::Reset || c.bg != Color::Reset {
                out.push((x, y, c.symbol().to_owned(), c.fg, c.bg));
            }
        }
    }
    out
}

#[test]
fn mono_draws_no_colour_in_any_cell_of_the_key_screens() {
    for (name, setup) in SCREENS {
        for (w, hgt) in [(80, 24), (120, 40)] {
            let mut h = harness(Theme::Mono, w, hgt);
            setup(&mut h);
            let screen = h.render();
            let coloured = coloured_cells(h.buffer());
            assert!(
                coloured.is_empty(),
                "{name} at {w}x{hgt}: {} coloured cells, first {:?}\n{screen}",
                coloured.len(),
                coloured.first()
            );
            // Mono still marks things: something on screen is bold or reversed.
            let area = h.buffer().area;
            let marked = (area.top()..area.bottom())
                .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
                .any(|p| {
                    h.buffer()[p]
                        .modifier
                        .intersects(Modifier::BOLD | Modifier::REVERSED)
                });
            assert!(marked, "{name}: nothing bold or reversed in mono");
        }
    }
}

#[test]
fn the_default_theme_does_colour_the_same_screens() {
    // The mono test has teeth: the same screens in the default theme are coloured.
    for (name, setup) in SCREENS {
        let mut h = harness(Theme::Default, 120, 40);
        setup(&mut h);
        h.render();
        assert!(!coloured_cells(h.buffer()).is_empty(), "{name}");
    }
}

/// The SGR parameters of every `ESC [ … m` in `bytes`, each sequence's list split on `;`.
fn sgr_params(bytes: &[u8]) -> Vec<Vec<u16>> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("\x1b[") {
        rest = &rest[at + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(rest.len());
        if rest[end..].starts_with('m') {
            out.push(
                rest[..end]
                    .split([';', ':'])
                    .map(|p| p.parse().unwrap_or(0))
                    .collect(),
            );
        }
        rest = &rest[end..];
    }
    out
}

/// Whether an SGR sequence sets a colour (not just back to the terminal's default:
/// 39, 49, 59 reset the foreground, background and underline colours).
fn sets_colour(params: &[u16]) -> bool {
    params
        .iter()
        .any(|p| matches!(p, 30..=38 | 40..=48 | 58 | 90..=97 | 100..=107))
}

/// A writer the test keeps a handle on (the backend owns its writer).
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes a real crossterm backend writes for the app's screen.
fn terminal_bytes(h: &mut Harness, w: u16, hgt: u16) -> Vec<u8> {
    use ratatui::backend::CrosstermBackend;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let out = Shared::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, hgt)),
        },
    )
    .unwrap();
    terminal.draw(|frame| h.app.draw(frame)).unwrap();
    out.0.borrow().clone()
}

#[test]
fn mono_writes_no_colour_escape_to_the_terminal() {
    for (name, setup) in SCREENS {
        let mut h = harness(Theme::Mono, 100, 30);
        setup(&mut h);
        let bytes = terminal_bytes(&mut h, 100, 30);
        let sgr = sgr_params(&bytes);
        assert!(!sgr.is_empty(), "{name}: no SGR at all? (bold, reverse…)");
        let colours: Vec<_> = sgr.iter().filter(|p| sets_colour(p)).collect();
        assert!(colours.is_empty(), "{name}: colour escapes {colours:?}");

        let mut h = harness(Theme::Default, 100, 30);
        setup(&mut h);
        let bytes = terminal_bytes(&mut h, 100, 30);
        assert!(
            sgr_params(&bytes).iter().any(|p| sets_colour(p)),
            "{name}: the default theme writes colours (the check can see them)"
        );
    }
}

#[test]
fn states_are_told_in_words_and_marks_not_colour_alone() {
    let mut h = harness(Theme::Mono, 120, 40);
    board(&mut h);
    let screen = h.render();
    // SLA levels: `!` past the warning (30 min), `!!` past the breach (60 min).
    assert!(screen.contains("52m!"), "{screen}");
    assert!(screen.contains("1h 05m!!"), "{screen}");
    // An unknown status is marked `?` in the table, not only coloured.
    assert!(screen.contains("on_hold?"), "{screen}");
    // The changed row: its `•` mark.
    assert!(screen.lines().any(|l| l.contains('•')), "{screen}");

    let mut h = harness(Theme::Mono, 120, 40);
    lookup_results(&mut h);
    let screen = h.render();
    for word in ["EXPIRED", "INACTIVE", "ACTIVE"] {
        assert!(screen.contains(word), "{word}\n{screen}");
    }
}

/// Runs of one style on each line: `x..x fg/bg modifiers`.
fn style_runs(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in area.left()..area.right() {
            let c = &buffer[(x, y)];
            let style = format!("{:?}/{:?} {:?}", c.fg, c.bg, c.modifier);
            match runs.last_mut() {
                Some((_, end, s)) if *s == style => *end = x,
                _ => runs.push((x, x, style)),
            }
        }
        let line: Vec<String> = runs
            .into_iter()
            .filter(|(_, _, s)| s != "Reset/Reset NONE")
            .map(|(a, b, s)| format!("{a}..{b} {s}"))
            .collect();
        out.push_str(&format!("{y:2}: {}\n", line.join(" | ")));
    }
    out
}

#[test]
fn high_contrast_styles_of_the_board() {
    let mut h = harness(Theme::HighContrast, 80, 24);
    board(&mut h);
    let screen = h.render();
    insta::assert_snapshot!("board_high_contrast_text", screen);
    insta::assert_snapshot!("board_high_contrast_styles", style_runs(h.buffer()));
    // No dark grey (unreadable on a projector) anywhere.
    let area = h.buffer().area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            assert_ne!(h.buffer()[(x, y)].fg, Color::DarkGray, "{x},{y}");
        }
    }
}

#[test]
fn high_contrast_styles_of_the_wallboard() {
    let mut h = harness(Theme::HighContrast, 80, 24);
    wall(&mut h);
    h.render();
    insta::assert_snapshot!("wall_high_contrast_styles", style_runs(h.buffer()));
}
