//! The status line's key hints: `Enter search · Tab kind · ? help`.

use ratatui::text::{Line, Span};

use crate::tui::i18n::I18n;
use crate::tui::keys::KeyHelp;
use crate::tui::theme;

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
