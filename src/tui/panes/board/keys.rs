//! The board's keys: the tables (each both dispatches and documents its keys) and what
//! a key does on the table, in the filter, the detail and the status picker.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::detail::{DetailCmd, StatusPicker};
use super::{BoardAction, BoardPane};
use crate::board::{Column, SortDir};
use crate::model::{ServiceRequest, Status};
use crate::tui::action::Action;
use crate::tui::i18n::T;
use crate::tui::keys::lookup;
use crate::tui::keys::{Binding, KeyPress, Keys, k};
use crate::tui::panes::lookup::LookupAction;
use crate::tui::panes::request_form::FormAction;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Open,
    Status,
    EditFilter,
    ClearFilter,
    Toggle(usize),
    AllStatuses,
    SortNext,
    SortReverse,
    Refresh,
    Wall,
}

pub(super) const TABLE_KEYS: Keys<Cmd> = Keys::new("board", TABLE_BINDINGS);
pub(super) const TABLE_BINDINGS: &[Binding<Cmd>] = &[
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
        what: T::KeyDetail,
        cmd: Cmd::Open,
    },
    Binding {
        keys: &[KeyPress::ch('s')],
        what: T::KeyChangeStatus,
        cmd: Cmd::Status,
    },
    Binding {
        keys: &[KeyPress::ch('/')],
        what: T::KeyFilterText,
        cmd: Cmd::EditFilter,
    },
    Binding {
        keys: &[KeyPress::ch('1')],
        what: T::KeyToggleStatus,
        cmd: Cmd::Toggle(0),
    },
    Binding {
        keys: &[KeyPress::ch('2')],
        what: T::KeyToggleStatus,
        cmd: Cmd::Toggle(1),
    },
    Binding {
        keys: &[KeyPress::ch('3')],
        what: T::KeyToggleStatus,
        cmd: Cmd::Toggle(2),
    },
    Binding {
        keys: &[KeyPress::ch('4')],
        what: T::KeyToggleStatus,
        cmd: Cmd::Toggle(3),
    },
    Binding {
        keys: &[KeyPress::ch('5')],
        what: T::KeyToggleStatus,
        cmd: Cmd::Toggle(4),
    },
    Binding {
        keys: &[KeyPress::ch('0')],
        what: T::KeyAllStatuses,
        cmd: Cmd::AllStatuses,
    },
    Binding {
        keys: &[KeyPress::ch('o')],
        what: T::KeySortColumn,
        cmd: Cmd::SortNext,
    },
    Binding {
        keys: &[KeyPress::ch('O')],
        what: T::KeySortDir,
        cmd: Cmd::SortReverse,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRefresh,
        cmd: Cmd::Refresh,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyClearFilter,
        cmd: Cmd::ClearFilter,
    },
    Binding {
        keys: &[KeyPress::ch('W')],
        what: T::KeyWall,
        cmd: Cmd::Wall,
    },
];

pub(super) const FILTER_KEYS: Keys<Cmd> = Keys::new("board_filter", FILTER_BINDINGS);
pub(super) const FILTER_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::KeyDone,
        cmd: Cmd::EditFilter,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyClearFilter,
        cmd: Cmd::ClearFilter,
    },
];

impl BoardPane {
    /// A key on the board: the picker's, the detail's, the filter's or the table's.
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(picker) = &mut self.picker {
            return match picker.handle_key(key) {
                Some(DetailCmd::Apply(id, status)) => {
                    Some(BoardAction::SetStatus { id, status }.into())
                }
                Some(DetailCmd::Close) => {
                    self.picker = None;
                    self.opened = None;
                    None
                }
                _ => None,
            };
        }
        if let Some(detail) = &mut self.detail {
            let id = detail.id;
            let contract_id = detail.request.as_ref().and_then(|r| r.contract_id);
            return match detail.handle_key(key)? {
                DetailCmd::Close => {
                    self.detail = None;
                    None
                }
                DetailCmd::Status => {
                    self.open_picker(id);
                    None
                }
                // Intents for the panes that own them.
                // `c`: the request's own contract opens as soon as it is found.
                DetailCmd::Lookup(access_identifier) => Some(
                    LookupAction::ForContract {
                        access_identifier,
                        contract_id,
                    }
                    .into(),
                ),
                DetailCmd::Edit(request) => Some(Action::Form(FormAction::Edit(request))),
                DetailCmd::Rank(request) => Some(BoardAction::RankFor(request).into()),
                DetailCmd::Apply(..) => None,
            };
        }
        if self.editing_filter {
            return self.filter_key(key);
        }
        let cmd = lookup(TABLE_KEYS, &key)?;
        self.run(cmd)
    }

    fn open_picker(&mut self, id: i64) {
        let current = self.store.get(id).map(|r| r.status()).or_else(|| {
            self.detail
                .as_ref()
                .and_then(|d| d.request.as_ref())
                .map(ServiceRequest::status)
        });
        self.picker = Some(StatusPicker::new(id, current));
        // What the agent sees now is what the guard compares the server's copy with.
        self.opened = Some(self.seen_copy(id));
    }

    fn move_to(&mut self, index: usize) {
        self.selected = index.min(self.view.len().saturating_sub(1));
        if let Some(id) = self.selected_id() {
            self.looked_at(id);
        }
    }

    fn run(&mut self, cmd: Cmd) -> Option<Action> {
        let page = self.page.get().max(1);
        match cmd {
            Cmd::Up => self.move_to(self.selected.saturating_sub(1)),
            Cmd::Down => self.move_to(self.selected + 1),
            Cmd::PageUp => self.move_to(self.selected.saturating_sub(page)),
            Cmd::PageDown => self.move_to(self.selected + page),
            Cmd::First => self.move_to(0),
            Cmd::Last => self.move_to(usize::MAX),
            Cmd::Open => return self.selected_id().map(|id| BoardAction::Open(id).into()),
            Cmd::Status => {
                if let Some(id) = self.selected_id() {
                    self.open_picker(id);
                }
            }
            Cmd::EditFilter => self.editing_filter = !self.editing_filter,
            Cmd::ClearFilter => {
                self.editing_filter = false;
                if !self.filter.text.is_empty() {
                    self.filter.text.clear();
                    self.refresh_view();
                }
            }
            Cmd::Toggle(n) => {
                let status = Status::KNOWN[n].clone();
                if !self.filter.statuses.remove(&status) {
                    self.filter.statuses.insert(status);
                }
                self.refresh_view();
            }
            Cmd::AllStatuses => {
                self.filter.statuses.clear();
                self.refresh_view();
            }
            Cmd::SortNext => {
                // Only the columns on screen, left to right; from a hidden one, the first.
                let visible: Vec<Column> = super::table::columns(self.table_width.get())
                    .into_iter()
                    .map(|(c, _)| c)
                    .collect();
                let next = match visible.iter().position(|c| *c == self.sort.column) {
                    Some(at) => visible[(at + 1) % visible.len()],
                    None => visible[0],
                };
                self.sort.column = next;
                self.refresh_view();
            }
            Cmd::SortReverse => {
                self.sort.dir = match self.sort.dir {
                    SortDir::Asc => SortDir::Desc,
                    SortDir::Desc => SortDir::Asc,
                };
                self.refresh_view();
            }
            Cmd::Refresh => return Some(BoardAction::RefreshNow.into()),
            Cmd::Wall => return Some(Action::GoTo(crate::tui::action::PaneId::Wall)),
        }
        None
    }

    fn filter_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(cmd) = lookup(FILTER_KEYS, &key) {
            return self.run(cmd);
        }
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.text.push(c);
                self.refresh_view();
            }
            KeyCode::Backspace if self.filter.text.pop().is_some() => self.refresh_view(),
            _ => {}
        }
        None
    }
}
