//! The status line's key hints: `Enter search · Tab kind · ? help`.

use ratatui::text::{Line, Span};

use crate::tui::i18n::I18n;
use crate::tui::keys::KeyHelp;
use crate::tui::theme;

/// The hints that fit in `width` columns: moving around (arrows, pages, first/last,
/// scrolling) goes first, since every list moves the same way; then the global keys at
/// the end (palette, quit); the pane's own keys and help stay longest.
pub fn fit_hints(mut hints: Vec<KeyHelp>, i18n: &I18n, width: u16) -> Vec<KeyHelp> {
    use crate::tui::i18n::T;
    let width_of = |hints: &[KeyHelp]| -> usize {
        hints
            .iter()
            .map(|h| {
                unicode_width::UnicodeWidthStr::width(h.keys.as_str())
                    + 1
                    + unicode_width::UnicodeWidthStr::width(i18n.t(h.what))
            })
            .sum::<usize>()
            + 3 * hints.len().saturating_sub(1)
    };
    const MOVING: [T; 7] = [
        T::KeyFirstLast,
        T::KeyPage,
        T::KeyScroll,
        T::KeyPrevField,
        T::AdmKeyPrevField,
        T::KeyMove,
        T::KeyNextService,
    ];
    const GLOBAL_LAST: [T; 2] = [T::KeyQuit, T::KeyPalette];
    for drop in MOVING.iter().chain(GLOBAL_LAST.iter()) {
        if width_of(&hints) <= width as usize {
            break;
        }
        hints.retain(|h| h.what != *drop);
    }
    hints
}

/// Several keys for one thing joined by `/` (`Enter/o abrir la solicitud`): joined by a
/// space they read as Spanish words ("Enter o abrir…" = "Enter or open…"). When one of
/// them is the `/` key itself, spaces stay.
fn keys_text(keys: &str) -> String {
    let parts: Vec<&str> = keys.split(' ').filter(|k| !k.is_empty()).collect();
    if parts.len() > 1 && !parts.contains(&"/") {
        parts.join("/")
    } else {
        keys.to_owned()
    }
}

pub fn hints_line(hints: &[KeyHelp], i18n: &I18n) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, hint) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        spans.push(Span::styled(keys_text(&hint.keys), theme::key()));
        spans.push(Span::raw(format!(" {}", i18n.t(hint.what))));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_keys_never_read_as_spanish_words() {
        assert_eq!(keys_text("Enter o"), "Enter/o");
        assert_eq!(keys_text("Enter e"), "Enter/e");
        assert_eq!(keys_text("↑ k ↓ j"), "↑/k/↓/j");
        assert_eq!(keys_text("Tab /"), "Tab /");
        assert_eq!(keys_text("r"), "r");
    }
}
