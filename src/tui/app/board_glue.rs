//! The board's adapter onto the pane protocol, until the board's own rewrite (issue 12)
//! has landed and the board moves into `panes/board/`: its `(effects, next action)`
//! answer becomes the protocol's `Vec<Out>`, and what showing it starts, its refresh and
//! an assignment made in the ranking are routed here.

use super::App;
use crate::tui::action::{Effect, PaneId};
use crate::tui::panes::board::{BoardAction, BoardEffect, BoardPane, BoardSettings};
use crate::tui::panes::ranking::{RankingAction, RankingPane};
use crate::tui::panes::{Out, Update};

impl App {
    /// Configures the board (poll interval, SLA, webhooks); with `[webhook]` set, the
    /// receiver is started at once so pushed events reach the board from the start.
    pub fn configure_board(&mut self, settings: BoardSettings) {
        if let Some(webhook) = settings.webhook.clone() {
            self.effects
                .push(Effect::Board(BoardEffect::StartWebhook(webhook)));
        }
        self.board = BoardPane::new(settings);
    }

    pub fn board(&self) -> &BoardPane {
        &self.board
    }
    /// For tests and snapshots (e.g. fixing the board's clock).
    #[cfg(any(test, feature = "test-support"))]
    pub fn board_mut(&mut self) -> &mut BoardPane {
        &mut self.board
    }
    pub fn ranking(&self) -> &RankingPane {
        &self.ranking
    }

    /// What the board starts when it is shown (polling).
    pub(super) fn on_show(&mut self, id: PaneId) {
        if id == PaneId::Board {
            let effects = self.board.on_show();
            self.effects.extend(effects.into_iter().map(Effect::Board));
        }
    }

    /// `r` / palette Refresh on the board polls now; on the ranking, ranks again.
    pub(super) fn refresh_own_pane(&mut self) {
        if self.current == PaneId::Board {
            self.effects.push(Effect::Board(BoardEffect::PollNow));
        }
    }

    pub(super) fn open_request(&mut self, id: i64) {
        self.overlay = super::Overlay::None;
        self.current = PaneId::Board;
        self.on_show(PaneId::Board);
        let effects = self.board.open_detail(id);
        self.effects.extend(effects.into_iter().map(Effect::Board));
    }

    pub(super) fn update_board(&mut self, action: BoardAction) {
        // Background news (polls, pushes) redraw only when the board is on screen.
        let background = matches!(
            action,
            BoardAction::Polled(_)
                | BoardAction::Pushed(_)
                | BoardAction::WebhookListening(_)
                | BoardAction::WebhookFailed(_)
        );
        let outs = Update::update(&mut self.board, action);
        self.apply(outs);
        if background {
            self.dirty = self.current == PaneId::Board;
        }
    }

    pub(super) fn update_ranking(&mut self, action: RankingAction) {
        if let RankingAction::Assigned {
            id,
            result: Ok(request),
            ..
        } = &action
        {
            // The board shows the assignment at once, without waiting for a poll.
            self.board.apply_request(*id, *request.clone());
        }
        let outs = self.ranking.update(action);
        self.apply(outs);
    }
}

impl Update for BoardPane {
    type Msg = BoardAction;

    /// The board's own `update` answers effects and, at most, one intent.
    fn update(&mut self, action: BoardAction) -> Vec<Out> {
        let (effects, next) = BoardPane::update(self, action);
        let mut outs: Vec<Out> = effects
            .into_iter()
            .map(|e| Out::Run(Effect::Board(e)))
            .collect();
        outs.extend(next.map(Out::Route));
        outs
    }
}
