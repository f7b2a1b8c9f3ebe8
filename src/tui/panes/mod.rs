//! Panes, and the one protocol they all speak.
//!
//! A pane owns its state, its keys, its drawing ([`Pane`]) and its `update` ([`Update`]):
//! a key becomes an [`Action`]; App routes the action to the pane it belongs to; the pane's
//! `update` changes its state and hands back [`Out`]s — [`Effect`]s the task runner
//! (`tui::runner`) runs, whose answers come back as the pane's actions, and intents
//! (actions) App routes on, e.g. "show this contract". A pane never calls another pane,
//! never spawns and never awaits the network.

pub mod admin;
pub mod board;
pub mod contract;
pub mod lookup;
pub mod ranking;
pub mod request_form;
pub mod wall;

use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::{Action, Effect};
use super::i18n::{I18n, T};
use super::keys::KeyHelp;

/// What drawing needs besides the pane's own state.
#[derive(Debug, Clone, Copy)]
pub struct ViewCtx {
    pub i18n: I18n,
    /// "Today" for expiry and days left (fixed in tests).
    pub today: chrono::NaiveDate,
    /// Running on the embedded sandbox (demo data).
    pub sandbox: bool,
    /// Spinner frame counter.
    pub tick: u64,
}

/// What a pane's `update` hands back.
#[derive(Debug)]
pub enum Out {
    /// Work for the task runner.
    Run(Effect),
    /// An intent App routes on: to itself (go to a pane, show an error) or to another pane.
    Route(Action),
    /// This message changed nothing on screen (a stale answer): no redraw.
    Quiet,
}

impl From<Effect> for Out {
    fn from(effect: Effect) -> Self {
        Out::Run(effect)
    }
}

impl From<Action> for Out {
    fn from(action: Action) -> Self {
        Out::Route(action)
    }
}

/// The `update` half of the protocol: a pane's own messages (its keys' actions and the
/// answers of the tasks it asked for) in, state changes and [`Out`]s back.
pub trait Update {
    type Msg;
    fn update(&mut self, msg: Self::Msg) -> Vec<Out>;
}

/// A top-level pane behind a function key (and the contract detail under Lookup).
pub trait Pane {
    fn title(&self) -> T;
    /// Every key this pane understands, for the help overlay.
    fn help(&self) -> Vec<KeyHelp>;
    /// The few keys worth showing in the status line right now (default: all).
    fn hints(&self) -> Vec<KeyHelp> {
        self.help()
    }
    /// Handles a key the app did not take; `None` when the key means nothing here.
    fn handle_key(&mut self, key: KeyEvent) -> Option<Action>;
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx);
    /// True while the cursor is in a text field: printable keys are text, not commands.
    fn in_text_field(&self) -> bool {
        false
    }
    /// True when leaving would lose what the user typed in a form.
    fn has_unsaved_input(&self) -> bool {
        false
    }
    /// True while something on it spins (the app then ticks).
    fn is_animating(&self) -> bool {
        false
    }
    /// It came on top (a function key, the palette, an intent): what it starts then.
    fn on_show(&mut self) -> Vec<Out> {
        Vec::new()
    }
    /// `r` or the palette's Refresh while it is on top.
    fn refresh(&mut self) -> Vec<Out> {
        Vec::new()
    }
    /// A click or the wheel inside `area` (where the pane was drawn with `ctx`);
    /// hit-tested against the layout `draw` uses. A click selects a row or focuses a field, a click on the
    /// selected row opens it (like Enter), the wheel scrolls. `None`: nothing to route.
    fn on_mouse(&mut self, _ev: MouseEvent, _area: Rect, _ctx: &ViewCtx) -> Option<Action> {
        None
    }
}
