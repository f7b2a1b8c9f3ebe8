//! Colours and styles in one place. Meaning is never carried by colour alone: every
//! coloured state also has a word (ACTIVE, BLOCKED, …) drawn next to it.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Cyan;

pub fn header() -> Style {
    Style::new().fg(Color::White).bg(Color::Blue)
}

pub fn header_title() -> Style {
    header().add_modifier(Modifier::BOLD)
}

/// The `SANDBOX` badge: loud, so nobody mistakes demo data for a customer's.
pub fn sandbox_badge() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn tab() -> Style {
    Style::new().fg(Color::Gray)
}

pub fn tab_active() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(ACCENT)
        .add_modifier(Modifier::BOLD)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}

pub fn ok_badge() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Green)
        .add_modifier(Modifier::BOLD)
}

pub fn bad() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn bad_badge() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

pub fn warn() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn label() -> Style {
    Style::new().fg(Color::Gray)
}

pub fn strong() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn border_focused() -> Style {
    Style::new().fg(ACCENT)
}

pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn status_line() -> Style {
    Style::new().fg(Color::Gray).bg(Color::Black)
}

pub fn gauge_fill(ratio: f64, blocked: bool) -> Style {
    let color = if blocked || ratio >= 1.0 {
        Color::Red
    } else if ratio >= 0.8 {
        Color::Yellow
    } else {
        Color::Green
    };
    Style::new().fg(color)
}
