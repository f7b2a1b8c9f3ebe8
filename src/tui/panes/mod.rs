//! Panes: one file each, holding its state, its key handling and its drawing. A pane never
//! calls another pane and never awaits the network: it answers a key with an [`Action`]
//! for `App::update`.

pub mod admin;
pub mod board;
pub mod board_table;
pub mod contract;
pub mod help;
pub mod lookup;
pub mod palette;
pub mod ranking;
pub mod request_detail;
pub mod request_form;
pub mod whatsapp;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
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
}
