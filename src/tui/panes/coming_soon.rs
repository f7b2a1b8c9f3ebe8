//! The panes later issues fill in (new request, ranking, board, admin). Each says, in the
//! user's language, what it will hold and that it is not available yet. To plug a real
//! pane in, implement [`Pane`] for it and return it from `App::pane_mut` for its id.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Pane, ViewCtx};
use crate::tui::action::{Action, PaneId};
use crate::tui::i18n::T;
use crate::tui::keys::KeyHelp;
use crate::tui::theme;
use crate::tui::widgets::badge::badge;

pub struct ComingSoonPane {
    id: PaneId,
}

impl ComingSoonPane {
    pub fn new(id: PaneId) -> Self {
        Self { id }
    }

    fn description(&self) -> T {
        match self.id {
            PaneId::NewRequest => T::SoonNewRequest,
            PaneId::Ranking => T::SoonRanking,
            PaneId::Board => T::SoonBoard,
            _ => T::SoonAdmin,
        }
    }
}

pub fn title_of(id: PaneId) -> T {
    match id {
        PaneId::Lookup => T::PaneLookup,
        PaneId::Contract => T::PaneContract,
        PaneId::NewRequest => T::PaneNewRequest,
        PaneId::Ranking => T::PaneRanking,
        PaneId::Board => T::PaneBoard,
        PaneId::Admin => T::PaneAdmin,
    }
}

impl Pane for ComingSoonPane {
    fn id(&self) -> PaneId {
        self.id
    }

    fn title(&self) -> T {
        title_of(self.id)
    }

    fn help(&self) -> Vec<KeyHelp> {
        Vec::new()
    }

    fn handle_key(&mut self, _key: KeyEvent) -> Option<Action> {
        None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {} ", i.t(self.title())));
        let text = vec![
            Line::from(""),
            Line::from(badge(i.t(T::NotAvailableYet), theme::sandbox_badge())),
            Line::from(""),
            Line::from(Span::styled(i.t(self.description()), theme::strong())),
            Line::from(""),
            Line::from(Span::styled(i.t(T::SoonHint), theme::label())),
        ];
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
            area,
        );
    }
}
