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

pub fn hints_line(hints: &[KeyHelp], i18n: &I18n) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, hint) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        spans.push(Span::styled(hint.keys.clone(), theme::key()));
        spans.push(Span::raw(format!(" {}", i18n.t(hint.what))));
    }
    Line::from(spans)
}
