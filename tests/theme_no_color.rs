//! `NO_COLOR` through the real config loading path (issue 13): a config file asking for
//! high contrast, `NO_COLOR=1` in the process environment, `Config::load` → mono, and the
//! console drawn with that config holds no colour. Its own test binary, with one test, so
//! setting the variable races no other test.

use crossterm::event::KeyCode;
use mok_console::config::{Config, Language, Theme};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use ratatui::style::Color;

#[test]
fn no_color_in_the_environment_makes_the_loaded_config_mono_and_the_screen_colourless() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[ui]\nlanguage = \"en\"\ntheme = \"high-contrast\"\n",
    )
    .unwrap();

    // Without NO_COLOR the file's theme holds.
    // SAFETY: this binary runs this one test; no other thread reads the environment.
    unsafe { std::env::remove_var("NO_COLOR") };
    assert_eq!(
        Config::load(Some(path.as_path())).unwrap().ui.theme,
        Theme::HighContrast
    );

    // SAFETY: as above.
    unsafe { std::env::set_var("NO_COLOR", "1") };
    let config = Config::load(Some(path.as_path())).unwrap();
    assert_eq!(config.ui.theme, Theme::Mono);
    assert_eq!(config.language(), Language::En);

    let deps = Deps {
        language: config.language(),
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
        warnings: vec!["a warning, drawn as a note".into()],
    };
    let mut h = Harness::offline(deps, 100, 30);
    h.app.set_theme(config.ui.theme);
    for key in [
        KeyCode::F(2),
        KeyCode::F(5),
        KeyCode::Char('W'),
        KeyCode::Esc,
        KeyCode::F(6),
    ] {
        h.key(key);
        let screen = h.render();
        let area = h.buffer().area;
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &h.buffer()[(x, y)];
                assert!(
                    cell.fg == Color::Reset && cell.bg == Color::Reset,
                    "after {key:?}: colour at {x},{y} ({:?}/{:?})\n{screen}",
                    cell.fg,
                    cell.bg
                );
            }
        }
    }
}
