//! The keys that work in every pane: function keys to the panes, help, palette, quit.
//! F-keys and Ctrl-C work even inside a text field.

use crate::tui::action::PaneId;
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyPress, Keys, k};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Global {
    Help,
    Palette,
    Quit,
    ForceQuit,
    Go(PaneId),
}

/// Keys that work in every pane. F-keys and Ctrl-C work even inside a text field.
pub(super) const GLOBAL_KEYS: Keys<Global> = Keys::new("global", GLOBAL_BINDINGS);
pub(super) const GLOBAL_BINDINGS: &[Binding<Global>] = &[
    Binding {
        keys: &[k::f(2)],
        what: T::KeyGoLookup,
        cmd: Global::Go(PaneId::Lookup),
    },
    Binding {
        keys: &[k::f(3)],
        what: T::KeyGoNewRequest,
        cmd: Global::Go(PaneId::NewRequest),
    },
    Binding {
        keys: &[k::f(4)],
        what: T::KeyGoRanking,
        cmd: Global::Go(PaneId::Ranking),
    },
    Binding {
        keys: &[k::f(5)],
        what: T::KeyGoBoard,
        cmd: Global::Go(PaneId::Board),
    },
    Binding {
        keys: &[k::f(6)],
        what: T::KeyGoAdmin,
        cmd: Global::Go(PaneId::Admin),
    },
    Binding {
        keys: &[KeyPress::ch('?'), k::f(1)],
        what: T::KeyHelp,
        cmd: Global::Help,
    },
    Binding {
        keys: &[KeyPress::ch(':')],
        what: T::KeyPalette,
        cmd: Global::Palette,
    },
    Binding {
        keys: &[KeyPress::ch('q')],
        what: T::KeyQuit,
        cmd: Global::Quit,
    },
    Binding {
        keys: &[KeyPress::ctrl('c')],
        what: T::KeyForceQuit,
        cmd: Global::ForceQuit,
    },
];

/// The keys, as bound now, of the global command that does what `action` does (the
/// palette shows them beside its commands).
pub(super) fn label_for(action: &crate::tui::action::Action) -> Option<String> {
    use crate::tui::action::Action;
    let cmd = match action {
        Action::GoTo(id) => Global::Go(*id),
        Action::ToggleHelp => Global::Help,
        Action::RequestQuit => Global::Quit,
        _ => return None,
    };
    let keys = GLOBAL_KEYS.keys_for(cmd);
    (!keys.is_empty()).then(|| crate::tui::keys::label_of(&keys))
}
