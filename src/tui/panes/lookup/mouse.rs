//! Lookup's mouse: a click in the search field focuses it; a click on a contract selects
//! it, on the selected one opens it; the wheel moves through the results.

use crossterm::event::MouseEvent;
use ratatui::layout::Rect;

use super::keys::Cmd;
use super::{Focus, LookupPane};
use crate::tui::action::Action;
use crate::tui::panes::ViewCtx;
use crate::tui::widgets::hit::{Gesture, ListHit, inside_border, list_gesture};

/// Rows per contract in the result list (name line, dates line).
const ITEM_HEIGHT: u16 = 2;

impl LookupPane {
    pub(super) fn mouse(&mut self, ev: MouseEvent, area: Rect, _ctx: &ViewCtx) -> Option<Action> {
        let gesture = Gesture::of(&ev)?;
        let [search, _, _, results] = self.areas(area);
        if search.contains(gesture.at()) {
            if let Gesture::Click(_) = gesture {
                self.set_focus(Focus::Search);
            }
            return None;
        }
        let len = self.contracts().len();
        let hit = list_gesture(
            gesture,
            inside_border(results),
            self.selected,
            len,
            ITEM_HEIGHT,
        )?;
        match hit {
            ListHit::Select(n) => {
                self.selected = n;
                self.set_focus(Focus::Results);
                None
            }
            ListHit::Open if self.focus == Focus::Results => self.run(Cmd::Open),
            ListHit::Open => {
                self.set_focus(Focus::Results);
                None
            }
            ListHit::Up => self.run(Cmd::Up),
            ListHit::Down => self.run(Cmd::Down),
        }
    }
}
