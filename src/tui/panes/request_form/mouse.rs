//! The request form's mouse: a click on a field focuses it; a click on the focused text
//! field starts typing in it (like Enter). Fields are found by laying the form out as its
//! drawing does, scrolled as the drawing scrolls it. On the hub, a click selects a draft,
//! an outbox item or a service, a click on the selected one opens it; the wheel moves.

use crossterm::event::MouseEvent;
use ratatui::layout::Rect;

use super::draw::{fields_offset, form_areas, hub_areas, hub_lines};
use super::fields::{InputKind, Item};
use super::keys::{HUB_KEYS, HubCmd};
use super::{Popup, RequestFormPane, View};
use crate::tui::action::Action;
use crate::tui::panes::ViewCtx;
use crate::tui::widgets::hit::{Gesture, inside_border, item_at};

impl RequestFormPane {
    pub(super) fn mouse(&mut self, ev: MouseEvent, area: Rect, ctx: &ViewCtx) -> Option<Action> {
        let gesture = Gesture::of(&ev)?;
        if self.view == View::Hub || (self.view == View::Form && self.form.is_none()) {
            return self.hub_mouse(gesture, area);
        }
        let Gesture::Click(at) = gesture else {
            return None;
        };
        if self.view != View::Form {
            return None;
        }
        let catalog = self.catalog.clone();
        let form = self.form.as_ref()?;
        if form.sending.is_some() || !matches!(form.popup, Popup::None) {
            return None;
        }
        let [_, body, _] = form_areas(self, form, area, ctx);
        let form = self.form.as_mut()?;
        let fields = inside_border(body);
        if !fields.contains(at) {
            return None;
        }
        let items = form.data.shown_items(&catalog, form.advanced_open);
        let focus_line = items
            .iter()
            .position(|it| *it == Item::Field(form.focus.clone()))
            .unwrap_or(0);
        let offset = fields_offset(items.len(), focus_line, fields.height as usize);
        let Some(Item::Field(id)) = items.get(offset + usize::from(at.y - fields.y)) else {
            return None;
        };
        if *id == form.focus {
            let kind = form.data.input_kind(&catalog, id, &ctx.i18n);
            if kind == InputKind::Text {
                form.editing = true;
            }
        } else {
            form.focus_on(&catalog, id.clone());
        }
        None
    }

    fn hub_mouse(&mut self, gesture: Gesture, area: Rect) -> Option<Action> {
        let rows = self.hub_rows();
        let lines = hub_lines(&rows);
        let selected = self.hub_selected.min(rows.len().saturating_sub(1));
        let selected_line = lines.iter().position(|l| *l == Ok(selected)).unwrap_or(0);
        let [list, _] = hub_areas(area);
        let list = inside_border(list);
        if !list.contains(gesture.at()) {
            return None;
        }
        let cmd = match gesture {
            Gesture::Click(at) => {
                let line = item_at(list, at.y, selected_line, lines.len(), 1)?;
                match lines[line] {
                    Ok(n) if n == selected => HubCmd::Open,
                    Ok(n) => {
                        self.hub_selected = n;
                        return None;
                    }
                    Err(_) => return None,
                }
            }
            Gesture::WheelUp(_) => HubCmd::Up,
            Gesture::WheelDown(_) => HubCmd::Down,
        };
        self.hub_key(HUB_KEYS.press_for(cmd)?)
    }
}
