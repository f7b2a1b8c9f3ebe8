//! The wallboard's side of App: opening it (`W`, the palette, `--wall`), and handing it
//! the board's rows and feed state when the feed brings something and once a second.

use chrono::SubsecRound;

use super::{App, ConnectionState};
use crate::tui::action::{Action, PaneId};
use crate::tui::panes::board::RelayState;
use crate::tui::panes::wall::figures::FeedState;
use crate::tui::panes::wall::{WallHeader, WallPane};

/// How often the wallboard refreshes when nothing arrives: ages grow, data goes stale.
pub const WALL_TICK: std::time::Duration = std::time::Duration::from_secs(1);

impl App {
    /// Opens the wallboard; `standalone` (`--wall`): `q` quits and only `Esc`/`W` leave.
    pub fn open_wall(&mut self, standalone: bool) {
        self.wall = WallPane::new(standalone);
        self.update(Action::GoTo(PaneId::Wall));
    }

    pub fn wall(&self) -> &WallPane {
        &self.wall
    }

    /// The wall came on top: the board's feed runs under it (started once).
    pub(super) fn show_wall(&mut self) {
        let outs = crate::tui::panes::Pane::on_show(&mut self.board);
        self.apply(outs);
        self.refresh_wall();
    }

    /// After a board action: the wall follows the feed at once. Returns whether the wall
    /// on screen changed (only then is a redraw needed).
    pub(super) fn follow_board(&mut self) -> bool {
        self.current == PaneId::Wall && self.refresh_wall()
    }

    /// A tick: the freshness at most once a second, the figures every
    /// [`FIGURES_EVERY`](crate::tui::panes::wall::FIGURES_EVERY) (news recompute them at once).
    pub(super) fn tick_wall(&mut self) -> bool {
        if self.current != PaneId::Wall {
            return false;
        }
        let now = self.board.now().trunc_subsecs(0);
        if self.wall.refreshed_at() == Some(now) {
            return false;
        }
        let due = self
            .wall
            .figures_at()
            .is_none_or(|at| now - at >= crate::tui::panes::wall::FIGURES_EVERY);
        if due {
            self.refresh_wall()
        } else {
            let feed = self.feed_state();
            self.wall.refresh_freshness(&feed, now)
        }
    }

    /// The board's feed, as the wall judges freshness from it.
    fn feed_state(&self) -> FeedState {
        let board = &self.board;
        let poll = board.poll_state();
        let settings = board.settings();
        let relay_live = settings.relay.as_ref().and_then(|relay| {
            match board.relay_state() {
                RelayState::Live => Some(true),
                // Polling MOK while the relay is down: the polls say how fresh it is.
                RelayState::Down { .. } if !relay.0.fallback_poll => Some(false),
                _ => None,
            }
        });
        FeedState {
            last_data: poll.last_ok.max(poll.pushed_at),
            interval: poll.open_every.unwrap_or(settings.poll_interval),
            failures: poll.failing.as_ref().map(|(_, n, _)| *n),
            relay_live,
        }
    }

    /// Recomputes the wall's figures from the board; true when they changed.
    fn refresh_wall(&mut self) -> bool {
        let feed = self.feed_state();
        let header = WallHeader {
            network: match &self.connection {
                ConnectionState::Connected(me) => me.name.clone(),
                _ => None,
            },
            place: self.place.clone(),
            sandbox: self.sandbox,
        };
        let board = &self.board;
        self.wall.refresh(
            board.store().rows(),
            &feed,
            board.settings().sla,
            header,
            board.now(),
        )
    }
}
