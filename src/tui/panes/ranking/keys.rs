//! The ranking pane's key tables: each both dispatches and documents its keys.

use crossterm::event::KeyCode;

use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyPress, Keys, k};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    Rank,
    ToResults,
    ToZone,
    RecentPrev,
    RecentNext,
    ServicePrev,
    ServiceNext,
    Up,
    Down,
    Assign,
    /// Esc on the results: back to the pane the agent came from.
    Back,
}

pub(super) const ZONE_KEYS: Keys<Cmd> = Keys::new("ranking", ZONE_BINDINGS);
pub(super) const ZONE_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::KeyRank,
        cmd: Cmd::Rank,
    },
    Binding {
        keys: &[k::TAB, k::ESC],
        what: T::KeyLeaveField,
        cmd: Cmd::ToResults,
    },
    Binding {
        keys: &[k::UP],
        what: T::KeyRecentZone,
        cmd: Cmd::RecentPrev,
    },
    Binding {
        keys: &[k::DOWN],
        what: T::KeyRecentZone,
        cmd: Cmd::RecentNext,
    },
    Binding {
        keys: &[KeyPress::plain(KeyCode::Left)],
        what: T::KeyChooseService,
        cmd: Cmd::ServicePrev,
    },
    Binding {
        keys: &[KeyPress::plain(KeyCode::Right)],
        what: T::KeyChooseService,
        cmd: Cmd::ServiceNext,
    },
];

pub(super) const RESULT_KEYS: Keys<Cmd> = Keys::new("ranking", RESULT_BINDINGS);
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
        keys: &[KeyPress::ch('a')],
        what: T::KeyAssign,
        cmd: Cmd::Assign,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyBack,
        cmd: Cmd::Back,
    },
    Binding {
        keys: &[KeyPress::plain(KeyCode::Left)],
        what: T::KeyChooseService,
        cmd: Cmd::ServicePrev,
    },
    Binding {
        keys: &[KeyPress::plain(KeyCode::Right)],
        what: T::KeyChooseService,
        cmd: Cmd::ServiceNext,
    },
    Binding {
        keys: &[k::ENTER, KeyPress::ch('r')],
        what: T::KeyRank,
        cmd: Cmd::Rank,
    },
    Binding {
        keys: &[k::TAB, KeyPress::ch('/')],
        what: T::KeyEditSearch,
        cmd: Cmd::ToZone,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PickCmd {
    Up,
    Down,
    Pick,
    Close,
}

pub(super) const ASSIGN_KEYS: Keys<PickCmd> = Keys::new("ranking_assign", ASSIGN_BINDINGS);
pub(super) const ASSIGN_BINDINGS: &[Binding<PickCmd>] = &[
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyMove,
        cmd: PickCmd::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyMove,
        cmd: PickCmd::Down,
    },
    Binding {
        keys: &[k::ENTER],
        what: T::KeyPick,
        cmd: PickCmd::Pick,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyClose,
        cmd: PickCmd::Close,
    },
];
