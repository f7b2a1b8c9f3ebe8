//! Mouse hit-testing of what the widgets draw: which item of a list (or row of a table) a
//! screen row shows. Lists are drawn with a fresh state each frame, so ratatui scrolls
//! just enough to show the selected item at the bottom; the same rule is applied here.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// The item shown at screen row `y` of `rows` (the area the items take, inside borders
/// and below a header), with `selected` selected, `len` items of `item_height` rows.
pub fn item_at(rows: Rect, y: u16, selected: usize, len: usize, item_height: u16) -> Option<usize> {
    if len == 0 || item_height == 0 || y < rows.y || y >= rows.bottom() {
        return None;
    }
    let fit = usize::from((rows.height / item_height).max(1));
    let selected = selected.min(len - 1);
    let first = (selected + 1).saturating_sub(fit);
    let index = first + usize::from((y - rows.y) / item_height);
    (index < len).then_some(index)
}

/// The area inside a one-cell border.
pub fn inside_border(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The rows of a table drawn in `area` inside a border, under one header row
/// (`render_list_table`'s layout).
pub fn table_rows(area: Rect) -> Rect {
    let inner = inside_border(area);
    Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

/// What a mouse event means to a list: a click, or the wheel one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gesture {
    Click(Position),
    WheelUp(Position),
    WheelDown(Position),
}

impl Gesture {
    pub fn of(ev: &MouseEvent) -> Option<Gesture> {
        let at = Position::new(ev.column, ev.row);
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Gesture::Click(at)),
            MouseEventKind::ScrollUp => Some(Gesture::WheelUp(at)),
            MouseEventKind::ScrollDown => Some(Gesture::WheelDown(at)),
            _ => None,
        }
    }

    pub fn at(&self) -> Position {
        match *self {
            Gesture::Click(p) | Gesture::WheelUp(p) | Gesture::WheelDown(p) => p,
        }
    }
}

/// A list's answer to a gesture: select this item, open the selected one, move by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListHit {
    Select(usize),
    Open,
    Up,
    Down,
}

/// A gesture on a list drawn in `rows`: a click on an item selects it, on the selected
/// item opens it; the wheel moves the selection.
pub fn list_gesture(
    gesture: Gesture,
    rows: Rect,
    selected: usize,
    len: usize,
    item_height: u16,
) -> Option<ListHit> {
    if !rows.contains(gesture.at()) || len == 0 {
        return None;
    }
    match gesture {
        Gesture::Click(p) => {
            let index = item_at(rows, p.y, selected, len, item_height)?;
            Some(if index == selected {
                ListHit::Open
            } else {
                ListHit::Select(index)
            })
        }
        Gesture::WheelUp(_) => Some(ListHit::Up),
        Gesture::WheelDown(_) => Some(ListHit::Down),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_map_to_items_as_the_list_scrolls_to_the_selection() {
        let rows = Rect::new(0, 5, 20, 4);
        assert_eq!(item_at(rows, 5, 0, 10, 1), Some(0));
        assert_eq!(item_at(rows, 8, 0, 10, 1), Some(3));
        // The seventh selected: items 3..=6 are shown.
        assert_eq!(item_at(rows, 5, 6, 10, 1), Some(3));
        assert_eq!(item_at(rows, 8, 6, 10, 1), Some(6));
        // Two rows per item: two items fit.
        assert_eq!(item_at(rows, 7, 0, 10, 2), Some(1));
        assert_eq!(item_at(rows, 5, 4, 10, 2), Some(3));
        // Below the last item, or outside the rows.
        assert_eq!(item_at(rows, 7, 0, 2, 1), None);
        assert_eq!(item_at(rows, 4, 0, 10, 1), None);
    }
}
