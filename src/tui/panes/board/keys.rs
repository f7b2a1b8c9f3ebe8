//! The board's key tables: each both dispatches and documents its keys.

use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyPress, k};

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

pub(super) const TABLE_KEYS: &[Binding<Cmd>] = &[
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

pub(super) const FILTER_KEYS: &[Binding<Cmd>] = &[
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
