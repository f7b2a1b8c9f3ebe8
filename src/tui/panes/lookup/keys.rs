//! Lookup's keys: the search field's and the result list's tables, and what each does.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::{Focus, LookupAction, LookupPane, guess_kind};
use crate::model::ContractSearchKind;
use crate::tui::action::Action;
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyPress, Keys, k, lookup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    Search,
    NextKind,
    PrevKind,
    Escape,
    ToResults,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Open,
    WhatsApp,
    EditSearch,
    Refresh,
}

pub(super) const SEARCH_KEYS: Keys<Cmd> = Keys::new("lookup", SEARCH_BINDINGS);
pub(super) const SEARCH_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::KeySearch,
        cmd: Cmd::Search,
    },
    Binding {
        keys: &[k::TAB],
        what: T::KeyCycleKind,
        cmd: Cmd::NextKind,
    },
    Binding {
        keys: &[k::BACKTAB],
        what: T::KeyCycleKind,
        cmd: Cmd::PrevKind,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyCancelOrLeave,
        cmd: Cmd::Escape,
    },
    Binding {
        keys: &[k::DOWN],
        what: T::KeyMove,
        cmd: Cmd::ToResults,
    },
];

pub(super) const RESULT_KEYS: Keys<Cmd> = Keys::new("lookup", RESULT_BINDINGS);
pub(super) const RESULT_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyMove,
        cmd: Cmd::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyMove,
        cmd: Cmd::Down,
    },
    Binding {
        keys: &[k::PGUP],
        what: T::KeyPage,
        cmd: Cmd::PageUp,
    },
    Binding {
        keys: &[k::PGDN],
        what: T::KeyPage,
        cmd: Cmd::PageDown,
    },
    Binding {
        keys: &[k::HOME],
        what: T::KeyFirstLast,
        cmd: Cmd::First,
    },
    Binding {
        keys: &[k::END],
        what: T::KeyFirstLast,
        cmd: Cmd::Last,
    },
    Binding {
        keys: &[k::ENTER],
        what: T::KeyOpen,
        cmd: Cmd::Open,
    },
    Binding {
        keys: &[KeyPress::ch('w')],
        what: T::KeyWhatsApp,
        cmd: Cmd::WhatsApp,
    },
    Binding {
        keys: &[KeyPress::ch('/'), k::TAB],
        what: T::KeyEditSearch,
        cmd: Cmd::EditSearch,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRefresh,
        cmd: Cmd::Refresh,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyCancelOrLeave,
        cmd: Cmd::Escape,
    },
];

impl LookupPane {
    pub(super) fn keys(&mut self, key: KeyEvent) -> Option<Action> {
        let table = match self.focus {
            Focus::Search => SEARCH_KEYS,
            Focus::Results => RESULT_KEYS,
        };
        if let Some(cmd) = lookup(table, &key) {
            return self.run(cmd);
        }
        if self.focus == Focus::Search && !matches!(key.code, KeyCode::Enter) {
            // A one-line field: the textarea's own keys, never a newline.
            if self.input.input(key) && self.input.lines().len() > 1 {
                let joined = self.input.lines().join("");
                self.input = TextArea::new(vec![joined]);
                self.input.move_cursor(ratatui_textarea::CursorMove::End);
                self.set_focus(Focus::Search);
            }
            self.notice = None;
            let query = self.query();
            if query.is_empty() {
                self.kind_chosen = false;
            }
            if !self.kind_chosen {
                self.kind = guess_kind(&query);
            }
        }
        None
    }

    fn cycle_kind(&mut self, forward: bool) {
        let all = ContractSearchKind::ALL;
        let at = all.iter().position(|k| *k == self.kind).unwrap_or(0);
        let next = if forward {
            (at + 1) % all.len()
        } else {
            (at + all.len() - 1) % all.len()
        };
        self.kind = all[next];
        self.kind_chosen = true;
    }

    pub(super) fn run(&mut self, cmd: Cmd) -> Option<Action> {
        let count = self.contracts().len();
        let last = count.saturating_sub(1);
        match cmd {
            Cmd::Search => {
                let value = self.query();
                if value.is_empty() {
                    self.notice = Some(T::EmptyQuery);
                    return None;
                }
                return Some(
                    LookupAction::Search {
                        kind: self.kind,
                        value,
                    }
                    .into(),
                );
            }
            Cmd::NextKind => self.cycle_kind(true),
            Cmd::PrevKind => self.cycle_kind(false),
            Cmd::Escape => {
                if self.pending_request().is_some() {
                    return Some(LookupAction::Cancel.into());
                }
                // Leaving the field (even with no results) frees the letter keys for
                // the global commands (`?`, `:`, `q`).
                match self.focus {
                    Focus::Search => self.set_focus(Focus::Results),
                    Focus::Results => self.set_focus(Focus::Search),
                }
            }
            Cmd::ToResults if count > 0 => self.set_focus(Focus::Results),
            Cmd::ToResults => {}
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::PageUp => self.selected = self.selected.saturating_sub(5),
            Cmd::PageDown => self.selected = (self.selected + 5).min(last),
            Cmd::First => self.selected = 0,
            Cmd::Last => self.selected = last,
            Cmd::Open if count > 0 => return Some(LookupAction::Open(self.selected).into()),
            Cmd::Open => self.set_focus(Focus::Search),
            Cmd::WhatsApp => {
                let contract = self.contracts().get(self.selected)?;
                return Some(Action::OpenWhatsApp {
                    number: contract.mobile_phone_number.clone().unwrap_or_default(),
                    name: contract.full_name(),
                });
            }
            Cmd::EditSearch => self.set_focus(Focus::Search),
            Cmd::Refresh => return Some(Action::Refresh),
        }
        None
    }
}
