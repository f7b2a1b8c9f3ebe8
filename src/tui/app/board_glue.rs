//! The app's side of the board, request detail and ranking panes: their nested actions,
//! what showing them starts, and what passes between them (an assignment updates the
//! board; the detail's `p` opens the ranking for its request).

use super::App;
use crate::tui::action::{Effect, PaneId};
use crate::tui::panes::board::{BoardAction, BoardEffect, BoardPane, BoardSettings};
use crate::tui::panes::ranking::{RankingAction, RankingEffect, RankingPane};

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

    /// What a pane starts the first time it is shown (polling, recent zones).
    pub(super) fn on_show(&mut self, id: PaneId) {
        match id {
            PaneId::Board => {
                let effects = self.board.on_show();
                self.effects.extend(effects.into_iter().map(Effect::Board));
            }
            PaneId::Ranking => {
                let effects = self.ranking.on_show();
                self.effects
                    .extend(effects.into_iter().map(Effect::Ranking));
            }
            _ => {}
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
        let (effects, next) = self.board.update(action);
        self.effects.extend(effects.into_iter().map(Effect::Board));
        if background {
            self.dirty = self.current == PaneId::Board;
        }
        if let Some(next) = next {
            self.update(next);
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
        if let RankingAction::ForRequest(_) = &action {
            self.overlay = super::Overlay::None;
            self.current = PaneId::Ranking;
            self.on_show(PaneId::Ranking);
        }
        let in_flight = self.ranking.pending_request();
        let effects = self
            .ranking
            .update(action, crate::tui::runner::new_request_id);
        // A new ranking supersedes one still in flight.
        if let Some(old) = in_flight
            && effects
                .iter()
                .any(|e| matches!(e, RankingEffect::Rank { .. }))
        {
            self.effects.push(Effect::Abort(old));
        }
        self.effects
            .extend(effects.into_iter().map(Effect::Ranking));
    }
}
