//! The wallboard (issue 14; `mok-console --wall`, `W` on the board): the board as big
//! figures for a shared screen across the room. It keeps no data of its own: App hands it
//! the board's rows and feed state ([`WallPane::refresh`]) whenever the board's feed
//! brings something and once a second (ages grow, data goes stale), and [`figures`]
//! computes what to show. No key is needed; any key returns to the board (with `--wall`,
//! `Esc`/`W` return and `q` quits, so a stray key does not take the TV off the wall).

mod big;
pub mod figures;
mod view;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Pane, ViewCtx};
use crate::board::{Row, SlaThresholds};
use crate::tui::action::{Action, PaneId};
use crate::tui::i18n::T;
use crate::tui::keys::{KeyHelp, KeyPress, k};
use figures::{FeedState, Figures, Freshness};

/// With no news from the feed, the figures are recomputed this often (one pass over every
/// row: ~3 ms for 100,000 in a debug build); the freshness line every second.
pub const FIGURES_EVERY: chrono::Duration = chrono::Duration::seconds(10);

/// Who the wall is for, from the app's chrome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WallHeader {
    /// The provider network's name, once known.
    pub network: Option<String>,
    /// `SANDBOX` or the API host.
    pub place: String,
    pub sandbox: bool,
}

/// What the wallboard shows, as of its last refresh.
#[derive(Debug, Default)]
pub struct WallPane {
    /// Opened with `--wall`: `q` quits, only `Esc`/`W` leave.
    standalone: bool,
    figures: Figures,
    freshness: Option<Freshness>,
    sla: Option<SlaThresholds>,
    header: WallHeader,
    /// The "now" of the last refresh (whole seconds).
    at: Option<DateTime<Utc>>,
    /// The "now" the figures were last computed for.
    figures_at: Option<DateTime<Utc>>,
}

impl WallPane {
    pub fn new(standalone: bool) -> Self {
        Self {
            standalone,
            ..Self::default()
        }
    }

    pub fn is_standalone(&self) -> bool {
        self.standalone
    }

    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    pub fn freshness(&self) -> Option<&Freshness> {
        self.freshness.as_ref()
    }

    /// The second of the last refresh: App refreshes once a second, not on every tick.
    pub fn refreshed_at(&self) -> Option<DateTime<Utc>> {
        self.at
    }

    /// When the figures were last computed: with no news, App recomputes them every
    /// [`FIGURES_EVERY`] (waits shown to the minute), and only the freshness every second.
    pub fn figures_at(&self) -> Option<DateTime<Utc>> {
        self.figures_at
    }

    /// Only the freshness (no pass over the rows); true when it changed.
    pub fn refresh_freshness(&mut self, feed: &FeedState, now: DateTime<Utc>) -> bool {
        use chrono::SubsecRound;
        let now = now.trunc_subsecs(0);
        let freshness = Some(figures::freshness(feed, now));
        let changed = freshness != self.freshness;
        self.freshness = freshness;
        self.at = Some(now);
        changed
    }

    /// Recomputes the figures from the board's rows at `now`; true when what is shown
    /// changed (App redraws only then).
    pub fn refresh<'a>(
        &mut self,
        rows: impl IntoIterator<Item = &'a Row>,
        feed: &FeedState,
        sla: SlaThresholds,
        header: WallHeader,
        now: DateTime<Utc>,
    ) -> bool {
        use chrono::SubsecRound;
        let now = now.trunc_subsecs(0);
        let figures = figures::compute(rows, now, &sla);
        let freshness = Some(figures::freshness(feed, now));
        let changed = figures != self.figures
            || freshness != self.freshness
            || Some(sla) != self.sla
            || header != self.header;
        self.figures = figures;
        self.freshness = freshness;
        self.sla = Some(sla);
        self.header = header;
        self.at = Some(now);
        self.figures_at = Some(now);
        changed
    }
}

impl Pane for WallPane {
    fn title(&self) -> T {
        T::PaneWall
    }

    fn help(&self) -> Vec<KeyHelp> {
        let mut keys = vec![KeyHelp {
            keys: format!("{} {}", k::ESC.label(), KeyPress::ch('W').label()),
            what: T::KeyWallBack,
        }];
        if self.standalone {
            keys.push(KeyHelp {
                keys: KeyPress::ch('q').label(),
                what: T::KeyQuit,
            });
        }
        keys
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let back = Some(Action::GoTo(PaneId::Board));
        if !self.standalone {
            return back;
        }
        match key.code {
            KeyCode::Esc | KeyCode::Char('W') => back,
            KeyCode::Char('q') => Some(Action::RequestQuit),
            _ => None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        view::draw(self, frame, area, ctx);
    }
}
