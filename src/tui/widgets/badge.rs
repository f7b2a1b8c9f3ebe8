//! A word on a coloured background: the state is readable without colour.

use ratatui::style::Style;
use ratatui::text::Span;

pub fn badge(word: &str, style: Style) -> Span<'static> {
    Span::styled(format!(" {word} "), style)
}
