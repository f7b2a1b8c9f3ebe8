//! Every key table of the console, for `mok-console keys` and for checking `[keys]`: each
//! pane lists its own tables (`KEY_TABLES` beside its keys), gathered here.

use std::fmt::Debug;

use crate::tui::i18n::T;
use crate::tui::keys::{KeyPress, Keys};

/// The scope of the keys that work in every pane.
pub const GLOBAL: &str = "global";
/// The one global action that also works in overlays.
pub const FORCE_QUIT: &str = "global.force_quit";
/// Overlays: while one is open it takes every key but Ctrl-C's action.
pub const OVERLAYS: &[&str] = &["palette", "whatsapp", "stale", "journal"];

/// One binding of a table, type-erased: its action name, default keys, what it does.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: String,
    pub defaults: &'static [KeyPress],
    pub what: T,
}

/// A key table of any command type.
pub trait KeyTable {
    fn scope(&self) -> &'static str;
    fn entries(&self) -> Vec<Entry>;
}

impl<C: Copy + Debug> KeyTable for Keys<C> {
    fn scope(&self) -> &'static str {
        self.scope
    }

    fn entries(&self) -> Vec<Entry> {
        self.bindings
            .iter()
            .map(|b| Entry {
                action: self.name_of(b.cmd),
                defaults: b.keys,
                what: b.what,
            })
            .collect()
    }
}

/// Every table, global keys first.
pub fn tables() -> Vec<&'static dyn KeyTable> {
    use crate::tui::{app, overlays, panes};
    [
        app::KEY_TABLES,
        panes::lookup::KEY_TABLES,
        panes::contract::KEY_TABLES,
        panes::request_form::KEY_TABLES,
        panes::ranking::KEY_TABLES,
        panes::board::KEY_TABLES,
        panes::admin::KEY_TABLES,
        overlays::palette::KEY_TABLES,
        overlays::whatsapp::KEY_TABLES,
        overlays::stale::KEY_TABLES,
        overlays::journal::KEY_TABLES,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect()
}

/// Every action name, once.
pub fn action_names() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for entry in tables().iter().flat_map(|t| t.entries()) {
        if !names.contains(&entry.action) {
            names.push(entry.action);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use crate::tui::keymap::Keymap;

    #[test]
    fn the_default_keys_do_not_conflict_and_every_name_is_unique_per_meaning() {
        let all: Vec<(String, Vec<String>)> = Keymap::default()
            .actions()
            .into_iter()
            .map(|a| {
                let keys = a.keys.iter().map(super::super::spec::write).collect();
                (a.name, keys)
            })
            .collect();
        assert!(all.len() > 80, "{} actions", all.len());
        assert_eq!(Keymap::default().conflicts_among(true), Vec::new());
        for (name, _) in &all {
            assert!(name.contains('.'), "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c)),
                "{name}"
            );
        }
        for name in [
            "board.filter",
            "lookup.search",
            "global.quit",
            "global.go_board",
        ] {
            assert!(all.iter().any(|(n, _)| n == name), "{name} missing");
        }
    }
}
