//! The board's mouse: a click on a request selects it, on the selected one opens its
//! detail (like Enter); the wheel moves through the table, or scrolls the open detail. In
//! the status picker, a click picks a status and a second applies it.

use crossterm::event::MouseEvent;
use ratatui::layout::Rect;

use super::keys::Cmd;
use super::{BoardPane, table};
use crate::tui::action::Action;
use crate::tui::panes::ViewCtx;
use crate::tui::widgets::hit::{Gesture, inside_border};

impl BoardPane {
    pub(super) fn mouse(&mut self, ev: MouseEvent, area: Rect, _ctx: &ViewCtx) -> Option<Action> {
        let gesture = Gesture::of(&ev)?;
        let [_, _, body, _] = table::areas(self, area);
        if let Some(picker) = &mut self.picker {
            let key = picker.mouse(gesture, body)?;
            return crate::tui::panes::Pane::handle_key(self, key);
        }
        if self.editing_filter {
            return None;
        }
        if !body.contains(gesture.at()) {
            return None;
        }
        if let Some(detail) = &mut self.detail {
            match gesture {
                Gesture::WheelUp(_) => detail.scroll_by(-3),
                Gesture::WheelDown(_) => detail.scroll_by(3),
                Gesture::Click(_) => {}
            }
            return None;
        }
        // Under the border and the header row; scrolled as the last draw left it.
        let inner = inside_border(body);
        let rows = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        match gesture {
            Gesture::Click(p) if rows.contains(p) => {
                let index = self.offset.get() + usize::from(p.y - rows.y);
                if index >= self.view.len() {
                    None
                } else if index == self.selected {
                    self.press(Cmd::Open)
                } else {
                    self.selected = index;
                    None
                }
            }
            Gesture::Click(_) => None,
            Gesture::WheelUp(_) => self.press(Cmd::Up),
            Gesture::WheelDown(_) => self.press(Cmd::Down),
        }
    }

    /// What the table's key for `cmd` does, as bound now.
    fn press(&mut self, cmd: Cmd) -> Option<Action> {
        let key = super::keys::TABLE_KEYS.press_for(cmd)?;
        crate::tui::panes::Pane::handle_key(self, key)
    }
}
