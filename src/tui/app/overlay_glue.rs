//! The dialogs over the panes (help, palette, WhatsApp, the stale-edit guard, the journal,
//! the quit and cancel confirmations): which one is open, the keys it takes while open,
//! its messages, and drawing it over the pane's area.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::chrome::{draw_confirm, draw_confirm_cancel};
use super::global_keys::{GLOBAL_KEYS, Global};
use super::{App, global_keys};
use crate::tui::action::Action;
use crate::tui::keys::help_of;
use crate::tui::overlays::help::draw_help;
use crate::tui::overlays::journal::JournalView;
use crate::tui::overlays::palette::Palette;
use crate::tui::overlays::stale::{StaleAction, StaleDialog};
use crate::tui::overlays::whatsapp::{WhatsAppAction, WhatsAppDialog};
use crate::tui::panes::{Update, ViewCtx};

/// Which dialog is over the panes, if any.
pub enum Overlay {
    None,
    Help,
    Palette(Palette),
    WhatsApp(WhatsAppDialog),
    /// The stale-edit guard: re-reading a request before an update, or asking what to do.
    Stale(Box<StaleDialog>),
    /// The audit journal (read-only).
    Journal(JournalView),
    ConfirmQuit,
    /// Cancelling request `id` waits for a yes; `then` is the cancelling action.
    ConfirmCancel {
        id: i64,
        then: Box<Action>,
    },
}

impl App {
    /// The key for the dialog on top: `None` when no dialog is open (the key goes on to
    /// the pane), else what the dialog made of it (it takes every key while open).
    pub(super) fn overlay_key(
        &mut self,
        key: KeyEvent,
        global: Option<Global>,
    ) -> Option<Option<Action>> {
        let taken = match &mut self.overlay {
            Overlay::None => return None,
            Overlay::ConfirmQuit => match key.code {
                KeyCode::Char('y' | 's' | 'Y' | 'S') => Some(Action::Quit),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::CloseOverlay),
                _ => None,
            },
            Overlay::Help => {
                let closes = global == Some(Global::Help) || key.code == KeyCode::Esc;
                closes.then_some(Action::CloseOverlay)
            }
            Overlay::Palette(p) => p.handle_key(key),
            Overlay::WhatsApp(d) => d.handle_key(key),
            Overlay::ConfirmCancel { then, .. } => match key.code {
                KeyCode::Char('y' | 's' | 'Y' | 'S') => Some(Action::Confirmed(then.clone())),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::CloseOverlay),
                _ => None,
            },
            Overlay::Stale(d) => d.handle_key(key),
            Overlay::Journal(j) => j.handle_key(key),
        };
        Some(taken)
    }

    /// Applies a dialog's action (`dispatch` hands over only those).
    pub(super) fn dispatch_overlay(&mut self, action: Action) {
        match action {
            Action::Confirmed(action) => {
                self.overlay = Overlay::None;
                self.dispatch(*action);
            }
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Overlay::Help => Overlay::None,
                    _ => Overlay::Help,
                }
            }
            Action::OpenPalette => {
                let palette = Palette::new(&self.i18n).with_keys(global_keys::label_for);
                self.overlay = Overlay::Palette(palette);
            }
            Action::CloseOverlay => self.overlay = Overlay::None,
            Action::OpenJournal => {
                let (view, load) = JournalView::open(self.place.clone());
                self.overlay = Overlay::Journal(view);
                self.effects.push(load);
            }
            Action::Journal(msg) => {
                // An answer for a journal closed meanwhile is dropped.
                if let Overlay::Journal(view) = &mut self.overlay {
                    let outs = view.update(msg);
                    self.apply(outs);
                }
            }
            Action::OpenWhatsApp { number, name } => {
                self.overlay = Overlay::WhatsApp(WhatsAppDialog::new(&number, &name));
            }
            Action::WhatsApp(msg) => match &mut self.overlay {
                Overlay::WhatsApp(dialog) => {
                    let outs = dialog.update(msg);
                    self.apply(outs);
                }
                // The dialog was closed before the answer: only a failure is still said.
                _ => {
                    if let WhatsAppAction::Sent { result: Err(e), .. } = msg {
                        self.set_last_error(Some(e));
                    }
                }
            },
            Action::Stale(StaleAction::Check(check)) => {
                // Modal: its keys are the only ones until the agent has chosen.
                let (dialog, outs) = StaleDialog::open(*check);
                self.overlay = Overlay::Stale(Box::new(dialog));
                self.apply(outs);
            }
            Action::Stale(msg) => match &mut self.overlay {
                Overlay::Stale(dialog) => {
                    let outs = dialog.update(msg);
                    self.apply(outs);
                }
                // Its dialog is gone: nothing waits for the answer.
                _ => self.dirty = false,
            },
            _ => {}
        }
    }

    /// Draws the dialog on top over the pane's area `body`.
    pub(super) fn draw_overlay(&self, frame: &mut Frame, body: Rect, ctx: &ViewCtx) {
        match &self.overlay {
            Overlay::None => {}
            Overlay::Help => {
                let pane = self.pane(self.current);
                draw_help(
                    frame,
                    body,
                    ctx,
                    pane.title(),
                    &pane.help(),
                    &help_of(GLOBAL_KEYS),
                );
            }
            Overlay::Palette(p) => p.draw(frame, body, ctx),
            Overlay::WhatsApp(d) => d.draw(frame, body, ctx),
            Overlay::Stale(d) => d.draw(frame, body, ctx),
            Overlay::Journal(j) => j.draw(frame, body, ctx),
            Overlay::ConfirmQuit => draw_confirm(frame, body, ctx),
            Overlay::ConfirmCancel { id, .. } => draw_confirm_cancel(frame, body, ctx, *id),
        }
    }
}

/// The request an action cancels, if it does: the board's status picker choosing
/// `cancelled`, or an edit sending that status. Cancelling cannot be undone, so it asks.
pub(super) fn cancels(action: &Action) -> Option<i64> {
    use crate::tui::panes::board::BoardAction;
    use crate::tui::panes::request_form::{FormAction, Submission};
    let cancelled = crate::model::Status::Cancelled;
    match action {
        Action::Board(BoardAction::SetStatus { id, status }) if *status == cancelled.as_str() => {
            Some(*id)
        }
        Action::Form(FormAction::Send(submission)) => match submission.as_ref() {
            Submission::Update { id, body }
                if body.current_status.as_deref() == Some(cancelled.as_str()) =>
            {
                Some(*id)
            }
            _ => None,
        },
        _ => None,
    }
}
