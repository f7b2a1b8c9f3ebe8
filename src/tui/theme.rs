//! Every style the console draws with, for the theme in use (`[ui] theme`, or mono when
//! `NO_COLOR` is set). Meaning is never carried by colour alone: every coloured state also
//! has a word or a mark (ACTIVE, BLOCKED, `!` past the SLA warning, `•` changed), so `Mono`
//! — no colour at all, only bold / reverse / underline — tells the same things.
//!
//! The theme is ambient: [`set`] picks it for the drawing thread (App does it before each
//! draw) and the style functions read it, so call sites stay `theme::bad()` whatever the
//! theme. It is per thread so tests drawing different themes in parallel do not mix.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

pub use crate::config::Theme;

thread_local! {
    static CURRENT: Cell<Theme> = const { Cell::new(Theme::Default) };
}

/// Draws on this thread use `theme` from now on.
pub fn set(theme: Theme) {
    CURRENT.with(|c| c.set(theme));
}

/// The theme this thread draws with.
pub fn current() -> Theme {
    CURRENT.with(Cell::get)
}

/// One theme: a style for every role.
struct Styles {
    header: Style,
    header_title: Style,
    sandbox_badge: Style,
    tab: Style,
    tab_active: Style,
    ok: Style,
    ok_badge: Style,
    bad: Style,
    bad_badge: Style,
    warn: Style,
    warn_badge: Style,
    dim: Style,
    label: Style,
    strong: Style,
    selected: Style,
    border: Style,
    border_focused: Style,
    key: Style,
    status_line: Style,
    fresh_row: Style,
    figure: Style,
}

const BOLD: Modifier = Modifier::BOLD;
const REVERSED: Modifier = Modifier::REVERSED;

const DEFAULT: Styles = Styles {
    header: Style::new().fg(Color::White).bg(Color::Blue),
    header_title: Style::new()
        .fg(Color::White)
        .bg(Color::Blue)
        .add_modifier(BOLD),
    // Loud, so nobody mistakes demo data for a customer's.
    sandbox_badge: Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(BOLD),
    tab: Style::new().fg(Color::Gray),
    tab_active: Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(BOLD),
    ok: Style::new().fg(Color::Green),
    ok_badge: Style::new()
        .fg(Color::Black)
        .bg(Color::Green)
        .add_modifier(BOLD),
    bad: Style::new().fg(Color::Red).add_modifier(BOLD),
    bad_badge: Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(BOLD),
    warn: Style::new().fg(Color::Yellow),
    warn_badge: Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(BOLD),
    dim: Style::new().fg(Color::DarkGray),
    label: Style::new().fg(Color::Gray),
    strong: Style::new().add_modifier(BOLD),
    selected: Style::new().add_modifier(REVERSED),
    border: Style::new().fg(Color::DarkGray),
    border_focused: Style::new().fg(Color::Cyan).add_modifier(BOLD),
    key: Style::new().fg(Color::Cyan).add_modifier(BOLD),
    status_line: Style::new().fg(Color::Gray).bg(Color::Black),
    fresh_row: Style::new().fg(Color::Yellow).add_modifier(BOLD),
    figure: Style::new().fg(Color::White).add_modifier(BOLD),
};

/// Bright colours on black, nothing dark grey: for glare, projectors and tired eyes.
const HIGH_CONTRAST: Styles = Styles {
    header: Style::new().fg(Color::Black).bg(Color::White),
    header_title: Style::new()
        .fg(Color::Black)
        .bg(Color::White)
        .add_modifier(BOLD),
    sandbox_badge: Style::new()
        .fg(Color::Black)
        .bg(Color::LightYellow)
        .add_modifier(BOLD),
    tab: Style::new().fg(Color::White).bg(Color::Black),
    tab_active: Style::new()
        .fg(Color::Black)
        .bg(Color::LightCyan)
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    ok: Style::new().fg(Color::LightGreen).add_modifier(BOLD),
    ok_badge: Style::new()
        .fg(Color::Black)
        .bg(Color::LightGreen)
        .add_modifier(BOLD),
    bad: Style::new()
        .fg(Color::LightRed)
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    bad_badge: Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(BOLD),
    warn: Style::new().fg(Color::LightYellow).add_modifier(BOLD),
    warn_badge: Style::new()
        .fg(Color::Black)
        .bg(Color::LightYellow)
        .add_modifier(BOLD),
    dim: Style::new().fg(Color::Gray),
    label: Style::new().fg(Color::White),
    strong: Style::new().fg(Color::White).add_modifier(BOLD),
    selected: Style::new().add_modifier(REVERSED.union(BOLD)),
    border: Style::new().fg(Color::Gray),
    border_focused: Style::new().fg(Color::LightCyan).add_modifier(BOLD),
    key: Style::new().fg(Color::LightCyan).add_modifier(BOLD),
    status_line: Style::new().fg(Color::White).bg(Color::Black),
    fresh_row: Style::new().fg(Color::LightYellow).add_modifier(BOLD),
    figure: Style::new().fg(Color::White).add_modifier(BOLD),
};

/// No colour at all (every fg/bg stays the terminal's own): bold, reverse, underline.
const MONO: Styles = Styles {
    header: Style::new().add_modifier(REVERSED),
    header_title: Style::new().add_modifier(REVERSED.union(BOLD)),
    sandbox_badge: Style::new().add_modifier(REVERSED.union(BOLD)),
    tab: Style::new(),
    tab_active: Style::new().add_modifier(REVERSED.union(BOLD)),
    ok: Style::new(),
    ok_badge: Style::new().add_modifier(REVERSED),
    bad: Style::new().add_modifier(BOLD.union(Modifier::UNDERLINED)),
    bad_badge: Style::new().add_modifier(REVERSED.union(BOLD)),
    warn: Style::new().add_modifier(BOLD),
    warn_badge: Style::new().add_modifier(REVERSED),
    dim: Style::new(),
    label: Style::new(),
    strong: Style::new().add_modifier(BOLD),
    selected: Style::new().add_modifier(REVERSED),
    border: Style::new(),
    border_focused: Style::new().add_modifier(BOLD),
    key: Style::new().add_modifier(BOLD),
    status_line: Style::new(),
    fresh_row: Style::new().add_modifier(BOLD),
    figure: Style::new().add_modifier(BOLD),
};

fn styles() -> &'static Styles {
    match current() {
        Theme::Default => &DEFAULT,
        Theme::HighContrast => &HIGH_CONTRAST,
        Theme::Mono => &MONO,
    }
}

pub fn header() -> Style {
    styles().header
}

pub fn header_title() -> Style {
    styles().header_title
}

/// The `SANDBOX` badge.
pub fn sandbox_badge() -> Style {
    styles().sandbox_badge
}

pub fn tab() -> Style {
    styles().tab
}

pub fn tab_active() -> Style {
    styles().tab_active
}

pub fn ok() -> Style {
    styles().ok
}

pub fn ok_badge() -> Style {
    styles().ok_badge
}

pub fn bad() -> Style {
    styles().bad
}

pub fn bad_badge() -> Style {
    styles().bad_badge
}

pub fn warn() -> Style {
    styles().warn
}

pub fn warn_badge() -> Style {
    styles().warn_badge
}

pub fn dim() -> Style {
    styles().dim
}

pub fn label() -> Style {
    styles().label
}

pub fn strong() -> Style {
    styles().strong
}

pub fn selected() -> Style {
    styles().selected
}

pub fn border() -> Style {
    styles().border
}

/// Focus is bold as well as coloured: it shows in mono too.
pub fn border_focused() -> Style {
    styles().border_focused
}

pub fn key() -> Style {
    styles().key
}

pub fn status_line() -> Style {
    styles().status_line
}

/// A board row that just changed (it also carries a `•` mark).
pub fn fresh_row() -> Style {
    styles().fresh_row
}

/// The wallboard's big figures.
pub fn figure() -> Style {
    styles().figure
}

/// A limit gauge's filled part: ok, near the limit (≥ 80 %), at it or blocked. The gauge
/// also prints its percentage and the limit's state in words.
pub fn gauge_fill(ratio: f64, blocked: bool) -> Style {
    if blocked || ratio >= 1.0 {
        bad()
    } else if ratio >= 0.8 {
        warn()
    } else {
        ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(theme: Theme) -> Vec<Style> {
        set(theme);
        let styles = vec![
            header(),
            header_title(),
            sandbox_badge(),
            tab(),
            tab_active(),
            ok(),
            ok_badge(),
            bad(),
            bad_badge(),
            warn(),
            warn_badge(),
            dim(),
            label(),
            strong(),
            selected(),
            border(),
            border_focused(),
            key(),
            status_line(),
            fresh_row(),
            figure(),
            gauge_fill(0.5, false),
            gauge_fill(0.9, false),
            gauge_fill(0.1, true),
        ];
        set(Theme::Default);
        styles
    }

    #[test]
    fn mono_has_no_colour_and_still_marks_states() {
        for s in all(Theme::Mono) {
            assert_eq!(s.fg, None, "{s:?}");
            assert_eq!(s.bg, None, "{s:?}");
        }
        set(Theme::Mono);
        // The states that matter still differ from plain text.
        for s in [
            bad(),
            bad_badge(),
            warn(),
            selected(),
            tab_active(),
            sandbox_badge(),
        ] {
            assert!(!s.add_modifier.is_empty(), "{s:?}");
        }
        set(Theme::Default);
    }

    #[test]
    fn high_contrast_uses_no_dark_grey() {
        for s in all(Theme::HighContrast) {
            assert_ne!(s.fg, Some(Color::DarkGray), "{s:?}");
        }
        assert!(all(Theme::Default).contains(&Style::new().fg(Color::DarkGray)));
    }

    #[test]
    fn the_theme_is_per_thread() {
        set(Theme::Mono);
        let other = std::thread::spawn(current).join().unwrap();
        assert_eq!(other, Theme::Default);
        assert_eq!(current(), Theme::Mono);
        set(Theme::Default);
    }
}
