//! The mouse (`[ui] mouse`, on by default): a click on a tab opens its pane; clicks and the
//! wheel inside the pane go to the pane ([`Pane::on_mouse`]), which hit-tests them against
//! the layout its drawing uses, laid out again for the screen size of the last draw.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Overlay, screen_layout};
use crate::tui::action::{Action, PaneId};
use crate::tui::keymap;

impl App {
    /// `[ui] mouse = false`: mouse events are ignored (and the terminal is not asked for
    /// them, so its own text selection works).
    pub fn set_mouse(&mut self, on: bool) {
        self.mouse = on;
    }

    pub fn mouse_enabled(&self) -> bool {
        self.mouse
    }

    /// A mouse event from the terminal. Moves and drags change nothing (no redraw).
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        let relevant = matches!(
            ev.kind,
            MouseEventKind::Down(MouseButton::Left)
                | MouseEventKind::ScrollUp
                | MouseEventKind::ScrollDown
        );
        if !self.mouse || !relevant {
            return;
        }
        let map = self.keymap.clone();
        if let Some(action) = keymap::scoped(&map, || self.mouse_to_action(ev)) {
            self.update(action);
        }
    }

    fn mouse_to_action(&mut self, ev: MouseEvent) -> Option<Action> {
        // The wallboard is for looking at, from afar: a stray click changes nothing.
        if self.current == PaneId::Wall {
            return None;
        }
        let at = Position::new(ev.column, ev.row);
        let ctx = self.ctx();
        let notes = self.notes(&ctx).len();
        let [_, tabs, body, _, _] = screen_layout(self.screen, notes);
        match &mut self.overlay {
            Overlay::None => {}
            // A click anywhere closes help; the palette takes clicks and the wheel; the
            // dialogs are for the keyboard.
            Overlay::Help if matches!(ev.kind, MouseEventKind::Down(_)) => {
                return Some(Action::CloseOverlay);
            }
            Overlay::Palette(palette) => return palette.mouse(ev, body),
            _ => return None,
        }
        if tabs.contains(at) {
            return match ev.kind {
                MouseEventKind::Down(_) => self.tab_at(tabs, at.x).map(Action::GoTo),
                _ => None,
            };
        }
        if body.contains(at) {
            self.dirty = true;
            return self.pane_mut(self.current).on_mouse(ev, body, &ctx);
        }
        None
    }

    /// The tab drawn at column `x` of the tab bar.
    fn tab_at(&self, tabs: Rect, x: u16) -> Option<PaneId> {
        let line = self.tabs_line(&self.ctx());
        let mut left = tabs.x;
        for (span, id) in line.spans.iter().zip(PaneId::TABS) {
            let right = left + span.width() as u16;
            if (left..right).contains(&x) {
                return Some(id);
            }
            left = right;
        }
        None
    }
}
