//! The selectable table every list pane draws: a labelled header, the selected row marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use crate::tui::theme;

/// Draws `rows` under `header` in `block`, with row `selected` highlighted and marked `▶`.
pub fn render_list_table<'a, H, C>(
    frame: &mut Frame,
    area: Rect,
    rows: impl IntoIterator<Item = Row<'a>>,
    header: H,
    widths: Vec<Constraint>,
    block: Block<'a>,
    selected: usize,
) where
    H: IntoIterator<Item = C>,
    C: Into<Cell<'a>>,
{
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme::label()))
        .block(block)
        .row_highlight_style(theme::selected())
        .highlight_symbol("▶ ");
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}
