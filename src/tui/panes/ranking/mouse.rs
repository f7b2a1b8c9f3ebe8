//! The ranking's mouse: a click in the zone field focuses it; a click on a provider
//! selects it; the wheel moves through the providers.

use crossterm::event::MouseEvent;
use ratatui::layout::{Constraint, Layout, Rect};

use super::keys::Cmd;
use super::{Focus, RankingPane};
use crate::tui::action::Action;
use crate::tui::i18n::I18n;
use crate::tui::panes::ViewCtx;
use crate::tui::widgets::hit::{Gesture, ListHit, inside_border, list_gesture};

impl RankingPane {
    /// Where the parts go: the zone and service boxes, the info lines, the results
    /// (drawing and mouse hit-testing both use it).
    pub(super) fn areas(&self, area: Rect, i: &I18n) -> [Rect; 3] {
        Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(self.info_lines(i).len() as u16),
            Constraint::Min(0),
        ])
        .areas(area)
    }

    pub(super) fn mouse(&mut self, ev: MouseEvent, area: Rect, ctx: &ViewCtx) -> Option<Action> {
        let gesture = Gesture::of(&ev)?;
        if self.assign.is_some() {
            return None;
        }
        let [form, _, results] = self.areas(area, &ctx.i18n);
        let [zone, _] = super::view::form_areas(form);
        if zone.contains(gesture.at()) {
            if let Gesture::Click(_) = gesture {
                self.focus = Focus::Zone;
            }
            return None;
        }
        // Under the border and the header row.
        let inner = inside_border(results);
        let rows = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        let len = self.providers().len();
        match list_gesture(gesture, rows, self.selected, len, 1)? {
            ListHit::Select(n) => {
                self.selected = n;
                self.focus = Focus::Results;
                None
            }
            // Enter ranks again here; a click on the chosen provider only focuses it.
            ListHit::Open => {
                self.focus = Focus::Results;
                None
            }
            ListHit::Up => self.run(Cmd::Up),
            ListHit::Down => self.run(Cmd::Down),
        }
    }
}
