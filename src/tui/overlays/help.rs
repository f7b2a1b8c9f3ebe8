//! The help overlay: every key of the current pane, then the keys that work everywhere,
//! generated from the same binding tables that dispatch the keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::i18n::T;
use crate::tui::keys::{KeyHelp, merged};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::popup;

fn section(ctx: &ViewCtx, title: T, keys: &[KeyHelp], key_width: usize) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let mut lines = vec![Line::styled(i.t(title), theme::strong())];
    lines.extend(keys.iter().map(|k| {
        Line::from(vec![
            Span::styled(format!(" {:<key_width$} ", k.keys), theme::key()),
            Span::raw(i.t(k.what)),
        ])
    }));
    lines
}

/// Draws the overlay; one column when it fits, else the pane's keys beside the global ones.
pub fn draw_help(
    frame: &mut Frame,
    area: Rect,
    ctx: &ViewCtx,
    pane: T,
    pane_keys: &[KeyHelp],
    global_keys: &[KeyHelp],
) {
    let i = &ctx.i18n;
    let pane_keys = merged(pane_keys);
    let global_keys = merged(global_keys);
    let width_of = |keys: &[KeyHelp]| {
        keys.iter()
            .map(|k| k.keys.chars().count())
            .max()
            .unwrap_or(4)
    };
    let mut left = if pane_keys.is_empty() {
        Vec::new()
    } else {
        section(ctx, T::HelpPaneKeys, &pane_keys, width_of(&pane_keys))
    };
    let right = section(ctx, T::HelpGlobalKeys, &global_keys, width_of(&global_keys));
    let one_column = left.len() + right.len() + 3 <= area.height as usize || left.is_empty();
    let height = if one_column {
        left.len() + right.len() + 3
    } else {
        left.len().max(right.len()) + 2
    };
    let rect = popup::centered(area, if one_column { 64 } else { 110 }, height as u16);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {} ", i.fmt(T::HelpTitle, &[("pane", i.t(pane))])))
        .title_bottom(Line::styled(" Esc ", theme::key()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if one_column {
        if !left.is_empty() {
            left.push(Line::from(""));
        }
        left.extend(right);
        frame.render_widget(Paragraph::new(left), inner);
    } else {
        let [l, r] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
            .areas(inner);
        frame.render_widget(Paragraph::new(left), l);
        frame.render_widget(Paragraph::new(right), r);
    }
}
