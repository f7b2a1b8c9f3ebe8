//! The request form's mouse: a click on a field focuses it; a click on the focused text
//! field starts typing in it (like Enter). Fields are found by laying the form out as its
//! drawing does, scrolled as the drawing scrolls it.

use crossterm::event::MouseEvent;
use ratatui::layout::Rect;

use super::draw::{fields_offset, form_areas};
use super::fields::{InputKind, Item};
use super::{Popup, RequestFormPane, View};
use crate::tui::action::Action;
use crate::tui::panes::ViewCtx;
use crate::tui::widgets::hit::{Gesture, inside_border};

impl RequestFormPane {
    pub(super) fn mouse(&mut self, ev: MouseEvent, area: Rect, ctx: &ViewCtx) -> Option<Action> {
        let Some(Gesture::Click(at)) = Gesture::of(&ev) else {
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
        let items = form.data.items(&catalog);
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
}
