//! The keymap: `[keys]` of the config read into key overrides by action name, checked
//! (unknown names, unreadable keys, two actions on one key) before the screen opens, and
//! the one the app runs with.
//!
//! Pane code keeps calling [`lookup`](super::keys::lookup) and
//! [`help_of`](super::keys::help_of) with its tables; they read the overrides of the
//! keymap the app installs around its work ([`scoped`]), so every pane, help, the status
//! line and the palette see the keys as bound with no keymap passed around. Per thread,
//! so tests running side by side can each have their own.

pub mod names;
pub mod registry;
pub mod spec;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::i18n::T;
use super::keys::KeyPress;
pub use registry::{Entry, KeyTable};

/// Overrides of `[keys]`: action name → the keys it is bound to instead of its defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    overrides: HashMap<String, Vec<KeyPress>>,
}

/// A `[keys]` entry that cannot be used: the action it names (for the line) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub action: String,
    pub message: String,
}

/// One action as `mok-console keys` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionInfo {
    pub name: String,
    pub keys: Vec<KeyPress>,
    pub what: T,
    pub remapped: bool,
}

impl Keymap {
    /// Reads `[keys]` entries (action name, keys as written) and checks them: every name
    /// known, every key readable, and no two actions live at the same time on one key.
    pub fn from_config(entries: &[(String, Vec<String>)]) -> Result<Keymap, KeymapError> {
        // No `[keys]`: nothing to check (headless commands start without the tables).
        if entries.is_empty() {
            return Ok(Keymap::default());
        }
        let known = registry::action_names();
        let mut overrides = HashMap::new();
        for (action, keys) in entries {
            if !known.contains(action) {
                return Err(KeymapError {
                    action: action.clone(),
                    message: unknown_message(action, &known),
                });
            }
            let mut parsed = Vec::new();
            for text in keys {
                let key = spec::parse(text).map_err(|why| KeymapError {
                    action: action.clone(),
                    message: format!("cannot read key {text:?}: {why}"),
                })?;
                if !parsed.contains(&key) {
                    parsed.push(key);
                }
            }
            overrides.insert(action.clone(), parsed);
        }
        let map = Keymap { overrides };
        match map.conflicts().into_iter().next() {
            Some(c) => Err(c),
            None => Ok(map),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.overrides.is_empty()
    }

    /// The keys `action` is bound to, when `[keys]` rebinds it.
    pub fn get(&self, action: &str) -> Option<&[KeyPress]> {
        self.overrides.get(action).map(Vec::as_slice)
    }

    /// Two actions live at the same time (one table, or a pane's table and the global
    /// keys) on one key, one of them rebound here. Named after the rebound one.
    pub fn conflicts(&self) -> Vec<KeymapError> {
        self.conflicts_among(false)
    }

    /// [`conflicts`](Self::conflicts); `defaults_too` also reports two defaults on one key
    /// (a bug in the tables, which a test rules out).
    fn conflicts_among(&self, defaults_too: bool) -> Vec<KeymapError> {
        let bound = |e: &Entry| -> Vec<KeyPress> {
            self.get(&e.action)
                .map_or_else(|| e.defaults.to_vec(), <[KeyPress]>::to_vec)
        };
        let tables = registry::tables();
        let global: Vec<Entry> = tables
            .iter()
            .filter(|t| t.scope() == registry::GLOBAL)
            .flat_map(|t| t.entries())
            .collect();
        let mut out = Vec::new();
        for table in &tables {
            let entries = table.entries();
            let mut rivals: Vec<&Entry> = Vec::new();
            // Overlays (palette, dialogs) take every key but Ctrl-C's action.
            let overlay = registry::OVERLAYS.contains(&table.scope());
            if table.scope() != registry::GLOBAL {
                rivals.extend(
                    global
                        .iter()
                        .filter(|g| !overlay || g.action == registry::FORCE_QUIT),
                );
            }
            for (n, a) in entries.iter().enumerate() {
                let a_keys = bound(a);
                for b in entries[..n].iter().chain(rivals.iter().copied()) {
                    if a.action == b.action {
                        continue;
                    }
                    let Some(key) = bound(b).into_iter().find(|k| a_keys.contains(k)) else {
                        continue;
                    };
                    let (mine, other) = if self.overrides.contains_key(&a.action) {
                        (a, b)
                    } else if self.overrides.contains_key(&b.action) {
                        (b, a)
                    } else if defaults_too {
                        (a, b)
                    } else {
                        continue;
                    };
                    let error = KeymapError {
                        action: mine.action.clone(),
                        message: format!(
                            "key {:?} is also {}'s (both work at the same time); \
                             rebind one of them",
                            spec::write(&key),
                            other.action
                        ),
                    };
                    if !out.contains(&error) {
                        out.push(error);
                    }
                }
            }
        }
        out
    }

    /// Every action with the keys bound now, in table order (`mok-console keys`).
    pub fn actions(&self) -> Vec<ActionInfo> {
        let mut out: Vec<ActionInfo> = Vec::new();
        for entry in registry::tables().iter().flat_map(|t| t.entries()) {
            match out.iter_mut().find(|a| a.name == entry.action) {
                // The same action in another table of its pane: its defaults there too.
                Some(existing) => {
                    if !existing.remapped {
                        for k in entry.defaults {
                            if !existing.keys.contains(k) {
                                existing.keys.push(*k);
                            }
                        }
                    }
                }
                None => {
                    let over = self.get(&entry.action);
                    out.push(ActionInfo {
                        keys: over.map_or_else(|| entry.defaults.to_vec(), <[_]>::to_vec),
                        remapped: over.is_some(),
                        name: entry.action,
                        what: entry.what,
                    });
                }
            }
        }
        out
    }
}

fn unknown_message(action: &str, known: &[String]) -> String {
    let mut near: Vec<(usize, &String)> = known
        .iter()
        .map(|k| (distance(action, k), k))
        .filter(|(d, _)| *d <= 3)
        .collect();
    near.sort();
    let hint = match near.first() {
        Some((_, name)) => format!(" (did you mean {name}?)"),
        None => String::new(),
    };
    format!("unknown action {action:?}{hint}; `mok-console keys` lists every action")
}

/// Edit distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// `[keys]` as the config holds it, flattened: `"board.filter" = "f"` and
/// `[keys.board] filter = ["f", "ctrl-f"]` both give `("board.filter", ["f", "ctrl-f"])`.
pub fn flatten(keys: &BTreeMap<String, crate::config::KeyValue>) -> Vec<(String, Vec<String>)> {
    use crate::config::KeyValue;
    fn walk(prefix: &str, value: &KeyValue, out: &mut Vec<(String, Vec<String>)>) {
        match value {
            KeyValue::One(k) => out.push((prefix.to_owned(), vec![k.clone()])),
            KeyValue::Many(ks) => out.push((prefix.to_owned(), ks.clone())),
            KeyValue::Scope(inner) => {
                for (name, v) in inner {
                    walk(&format!("{prefix}.{name}"), v, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (name, value) in keys {
        walk(name, value, &mut out);
    }
    out
}

thread_local! {
    static ACTIVE: RefCell<Option<Arc<Keymap>>> = const { RefCell::new(None) };
}

/// Runs `f` with `map` as the keymap tables are read with (the app wraps its key
/// handling, updates and drawing in it).
pub fn scoped<R>(map: &Arc<Keymap>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<Keymap>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            ACTIVE.with(|a| *a.borrow_mut() = previous);
        }
    }
    let previous = ACTIVE.with(|a| a.replace(Some(map.clone())));
    let _restore = Restore(previous);
    f()
}

/// The keys the active keymap binds the action `name()` to, if it rebinds it (the name
/// is only built when something is rebound).
pub fn bound(name: impl FnOnce() -> String) -> Option<Vec<KeyPress>> {
    ACTIVE.with(|a| {
        let active = a.borrow();
        let map = active.as_ref().filter(|m| !m.is_empty())?;
        map.get(&name()).map(<[KeyPress]>::to_vec)
    })
}
