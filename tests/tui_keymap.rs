//! `[keys]` through the whole console: a rebound key works and its old key no longer does,
//! in dispatch, help, the status line, the tab bar and the palette; `mok-console keys`
//! lists the keys as bound; a conflicting or unknown `[keys]` stops the binary with the
//! file, key and line.

mod common;

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mok_console::config::{Config, Language};
use mok_console::forms::FormCatalog;
use mok_console::model::{ProviderNetwork, ServiceRequest};
use mok_console::tui::action::{Action, PaneId};
use mok_console::tui::app::{Deps, Overlay};
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::BoardAction;
use mok_console::tui::panes::request_form::RequestSetup;

fn deps(language: Language) -> Deps {
    Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
        warnings: Vec::new(),
    }
}

/// A harness running with the `[keys]` of `config` (read as the binary reads it).
fn with_keys(config: &str, w: u16, h: u16) -> Harness {
    let config = Config::parse(config, Path::new("/tmp/keys.toml")).expect("valid config");
    let mut h = Harness::offline(deps(Language::En), w, h);
    h.app.set_keymap(config.keymap().expect("valid [keys]"));
    h.update(Action::MeLoaded(Ok(ProviderNetwork {
        name: Some("Red Demo".into()),
        ..Default::default()
    })));
    h
}

/// Requests as the seed writes them (times with seconds, a status the console does not
/// know), loaded into the board.
fn load_board(h: &mut Harness, n: i64) {
    let requests: Vec<ServiceRequest> = (1..=n)
        .map(|id| {
            serde_json::from_value(serde_json::json!({
                "id": id,
                "public_id": format!("00032-{id:05}-EXT{id}"),
                "current_status": if id % 5 == 0 { "on_hold" } else { "pending" },
                "user_first_name": "Ana",
                "user_last_name": format!("García {id}"),
                "service_name": "Grúa",
                "requested_at": format!("2026-06-15T11:{:02}:07+02:00", 59 - id),
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
fn a_rebound_key_works_and_its_old_key_no_longer_does() {
    let mut h = with_keys(
        "[keys]\n\"board.filter\" = \"f\"\n\"global.go_board\" = \"f9\"\n\"global.quit\" = \"ctrl-q\"\n",
        140,
        30,
    );
    // F5 no longer opens the board; F9 does.
    h.key(KeyCode::F(5));
    assert_eq!(h.app.current(), PaneId::Lookup);
    h.key(KeyCode::F(9));
    assert_eq!(h.app.current(), PaneId::Board);
    load_board(&mut h, 6);
    assert_eq!(h.app.board().shown_ids().len(), 6);
    // `/` is no longer the filter; `f` is, and then typed letters are the filter's text.
    h.key(KeyCode::Char('/'));
    h.type_text("x");
    assert_eq!(
        h.app.board().filter().text,
        "",
        "`/` must not open the filter"
    );
    h.key(KeyCode::Char('f'));
    h.type_text("ext4");
    assert_eq!(h.app.board().filter().text, "ext4");
    assert_eq!(h.app.board().shown_ids(), vec![4]);
    h.key(KeyCode::Esc);
    // `q` no longer quits; Ctrl-Q does.
    h.key(KeyCode::Char('q'));
    assert!(!h.app.should_quit());
    h.ctrl('q');
    assert!(h.app.should_quit());
}

#[test]
fn help_hints_tabs_and_palette_show_the_keys_as_bound() {
    let mut h = with_keys(
        "[keys]\n\"board.filter\" = \"ctrl-f\"\n\"global.go_board\" = \"f9\"\n\"global.help\" = [\"f1\", \"h\"]\n",
        160,
        40,
    );
    h.key(KeyCode::F(9));
    load_board(&mut h, 3);
    let screen = h.render();
    // The tab bar and the status line.
    assert!(screen.contains(" F9 Board "), "{screen}");
    assert!(!screen.contains("F5 Board"), "{screen}");
    let status = screen.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(status.contains("Ctrl-F filter by text"), "{status}");
    assert!(!status.contains("/ filter by text"), "{status}");
    // Help: `h` opens it (rebound), and it lists the rebound keys.
    h.key(KeyCode::Char('h'));
    assert!(matches!(h.app.overlay(), Overlay::Help));
    let screen = h.render();
    let filter = screen
        .lines()
        .find(|l| l.contains("filter by text"))
        .expect("help lists the filter");
    assert!(filter.contains("Ctrl-F"), "{filter}");
    assert!(!filter.contains(" / "), "{filter}");
    // The global "go to the board" line, in its own cell of the help box.
    let go_board = screen
        .lines()
        .flat_map(|l| l.split('│'))
        .map(str::trim)
        .find(|cell| cell.ends_with(" board"))
        .expect("help lists the board's key");
    assert!(go_board.starts_with("F9 "), "{screen}");
    let (pane, global) = h.app.help_entries();
    assert!(pane.iter().any(|k| k.keys == "Ctrl-F"), "{pane:?}");
    assert!(global.iter().any(|k| k.keys == "F1 h"), "{global:?}");
    h.key(KeyCode::Esc);
    // The palette puts the bound key beside "Go to Board".
    h.key_event(KeyEvent::new(KeyCode::Char(':'), KeyModifiers::SHIFT));
    assert!(matches!(h.app.overlay(), Overlay::Palette(_)));
    let screen = h.render();
    let line = screen.lines().find(|l| l.contains("Go to Board")).unwrap();
    let after = line.split("Go to Board").nth(1).unwrap().trim_start();
    assert!(after.starts_with("F9│"), "{line}");
}

#[test]
fn the_form_says_its_send_and_advanced_keys_as_bound() {
    let mut h = with_keys(
        "[keys]\n\"form.submit\" = \"ctrl-g\"\n\"form.advanced\" = \"f7\"\n",
        120,
        40,
    );
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    let contract = serde_json::json!({
        "id": 101, "access_identifier": "DEMO-0001", "first_name": "Ana",
        "start_date": "2025-01-01", "end_date": "2026-12-31", "active": true,
        "services": [{"id": 44, "name": "Cerrajería", "external_id": "HOME-LOCKSMITH",
                      "limits": {"has_any_limits": false, "block_service": false}}]
    });
    common::open_form(&mut h, contract, 0);
    let screen = h.render();
    assert!(screen.contains("Ctrl-G goes to the first"), "{screen}");
    assert!(screen.contains("(F7 shows them)"), "{screen}");
    assert!(!screen.contains("Ctrl-S"), "{screen}");
    assert!(!screen.contains("Ctrl-A"), "{screen}");
    h.key(KeyCode::F(7));
    assert!(h.render().contains("(F7 hides them)"));

    // The hub's sentence, and the board's when a filter hides every row.
    let mut h = with_keys(
        "[keys]\n\"form_hub.discard\" = \"delete\"\n\"contract.new_request\" = \"ctrl-n\"\n\"board.clear_filter\" = \"ctrl-x\"\n",
        160,
        40,
    );
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    h.key(KeyCode::F(3));
    let screen = h.render();
    assert!(
        screen.contains(
            "Enter opens · Delete discards · r retries a send · in Lookup, Ctrl-N on a service"
        ),
        "{screen}"
    );
    h.key(KeyCode::F(5));
    load_board(&mut h, 3);
    h.key(KeyCode::Char('/'));
    for c in "no such request".chars() {
        h.key(KeyCode::Char(c));
    }
    let screen = h.render();
    assert!(
        screen.contains("(0 shows every status, Ctrl-X clears the text)"),
        "{screen}"
    );
}

#[test]
fn intro_sentences_name_the_keys_as_bound() {
    let mut h = with_keys("", 160, 40);
    assert!(
        h.render()
            .contains("press Enter to find the caller's contracts")
    );
    h.key(KeyCode::F(4));
    assert!(
        h.render()
            .contains("pick the service with ← → and press Enter.")
    );

    let mut h = with_keys(
        "[keys]\n\"lookup.search\" = \"f11\"\n\"ranking.rank\" = \"f12\"\n\"lookup.next_kind\" = \"f10\"\n",
        160,
        40,
    );
    let screen = h.render();
    assert!(
        screen.contains("press F11 to find the caller's contracts"),
        "{screen}"
    );
    assert!(screen.contains("(guessed) · F10 changes"), "{screen}");
    h.key(KeyCode::F(11));
    assert!(
        h.render()
            .contains("Type an identifier before pressing F11.")
    );
    h.key(KeyCode::F(4));
    let screen = h.render();
    assert!(
        screen.contains("pick the service with ← → and press F12."),
        "{screen}"
    );
}

#[test]
fn a_rebound_global_key_is_still_text_in_a_field() {
    // `global.go_board = "b"`: in the search field, `b` is a letter of the identifier.
    let mut h = with_keys("[keys]\n\"global.go_board\" = \"b\"\n", 100, 30);
    h.type_text("ab");
    assert_eq!(h.app.lookup().query(), "ab");
    assert_eq!(h.app.current(), PaneId::Lookup);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('b'));
    assert_eq!(h.app.current(), PaneId::Board);
}

// ---- the binary ----

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn keys_command(config: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mok-console"))
        .arg("--config")
        .arg(config)
        .arg("keys")
        .args(extra)
        .env_remove("MOK_BASE_URL")
        .env_remove("MOK_CLIENT_ID")
        .env_remove("MOK_CLIENT_SECRET")
        .output()
        .expect("run mok-console")
}

#[test]
fn mok_console_keys_lists_every_action_with_its_key_as_bound() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        "[ui]\nlanguage = \"en\"\n\n[keys]\n\"board.filter\" = [\"f\", \"ctrl-f\"]\n",
    );
    let out = keys_command(&config, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let line = |action: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(action))
            .unwrap_or_else(|| panic!("{action} missing:\n{text}"))
            .to_owned()
    };
    let filter = line("board.filter");
    assert!(
        filter.contains("f ctrl-f *") && filter.contains("filter by text"),
        "{filter}"
    );
    assert!(line("board.status").contains(" s "), "{text}");
    assert!(line("global.go_board").contains(" f5 "), "{text}");
    assert!(line("lookup.search").contains(" enter "), "{text}");

    let out = keys_command(&config, &["--json"]);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    let filter = list.iter().find(|a| a["action"] == "board.filter").unwrap();
    assert_eq!(filter["keys"], serde_json::json!(["f", "ctrl-f"]));
    assert_eq!(filter["remapped"], true);
    assert_eq!(filter["description"], "filter by text");
    let quit = list.iter().find(|a| a["action"] == "global.quit").unwrap();
    assert_eq!(quit["keys"], serde_json::json!(["q"]));
    assert_eq!(quit["remapped"], false);
    // Every action has a unique name.
    let mut names: Vec<&str> = list.iter().map(|a| a["action"].as_str().unwrap()).collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count);
}

#[test]
fn a_conflicting_or_unknown_keys_section_stops_the_console_before_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        "[ui]\nlanguage = \"en\"\n\n[keys]\n\"board.filter\" = \"s\"\n",
    );
    // The TUI itself: refused before any terminal set-up (stdin/stdout are not a tty here).
    for args in [vec![], vec!["keys"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_mok-console"))
            .arg("--config")
            .arg(&config)
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        let expected = format!(
            "{}: line 5: key keys.board.filter: key \"s\" is also board.status's",
            config.display()
        );
        assert!(err.contains(&expected), "{args:?}: {err}");
        assert!(
            out.stdout.is_empty() || !String::from_utf8_lossy(&out.stdout).contains("\x1b[?1049h")
        );
    }
    let config = write_config(dir.path(), "[keys]\n\"global.qiut\" = \"x\"\n");
    let out = keys_command(&config, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2: key keys.global.qiut: unknown action") && err.contains("global.quit"),
        "{err}"
    );
}
