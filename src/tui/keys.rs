//! Key bindings as data. Each pane declares tables of [`Binding`]s ([`Keys`], named by a
//! scope); the same table both dispatches its keys and feeds the help overlay and the
//! status line, so help can never drift from what the keys do. `[keys]` in the config
//! rebinds an action by name (`board.filter`): [`lookup`] and [`help_of`] read the keys
//! as bound now from the [`keymap`](super::keymap) the app runs with.

use std::fmt::Debug;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::i18n::T;
use super::keymap;

/// One key press: a code and its modifiers (Shift is ignored for characters, whose case
/// already says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyPress {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        let mods = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => key.mods_without_shift(),
            _ => key.modifiers,
        };
        self.code == key.code && self.mods == mods
    }

    /// How the key is written in help and hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        let shift_shown = !matches!(self.code, KeyCode::Char(_) | KeyCode::BackTab);
        if self.mods.contains(KeyModifiers::SHIFT) && shift_shown {
            label.push_str("Shift-");
        }
        if self.mods.contains(KeyModifiers::CONTROL) {
            label.push_str(&base.to_uppercase());
        } else {
            label.push_str(&base);
        }
        label
    }
}

trait WithoutShift {
    fn mods_without_shift(&self) -> KeyModifiers;
}

impl WithoutShift for KeyEvent {
    fn mods_without_shift(&self) -> KeyModifiers {
        self.modifiers - KeyModifiers::SHIFT
    }
}

/// Keys that do one thing, described by one catalogue message.
#[derive(Debug, Clone, Copy)]
pub struct Binding<C: Copy> {
    pub keys: &'static [KeyPress],
    pub what: T,
    pub cmd: C,
}

/// How keys are written in help and hints: `↑ k`.
pub fn label_of(keys: &[KeyPress]) -> String {
    keys.iter()
        .map(KeyPress::label)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A key table and its scope: its actions are named `<scope>.<command>` (the command's
/// variant in snake case, see [`keymap::names`]), by which `[keys]` rebinds them.
#[derive(Debug, Clone, Copy)]
pub struct Keys<C: Copy + 'static> {
    pub scope: &'static str,
    pub bindings: &'static [Binding<C>],
}

impl<C: Copy + Debug> Keys<C> {
    pub const fn new(scope: &'static str, bindings: &'static [Binding<C>]) -> Self {
        Self { scope, bindings }
    }

    /// The action name of `cmd` in this table: `board.filter`.
    pub fn name_of(&self, cmd: C) -> String {
        keymap::names::action_name(self.scope, &cmd)
    }

    /// The keys `binding` is bound to now (its defaults unless `[keys]` rebinds it).
    pub fn keys_of(&self, binding: &Binding<C>) -> Vec<KeyPress> {
        if self.scope.is_empty() {
            return binding.keys.to_vec();
        }
        keymap::bound(|| self.name_of(binding.cmd)).unwrap_or_else(|| binding.keys.to_vec())
    }

    /// A key press that runs `cmd` now (its first key as bound), so a click can take the
    /// same path as the key; `None` when `[keys]` left it no key.
    pub fn press_for(&self, cmd: C) -> Option<KeyEvent>
    where
        C: PartialEq,
    {
        let key = *self.keys_for(cmd).first()?;
        Some(KeyEvent::new(key.code, key.mods))
    }

    /// The keys bound now to `cmd` (empty when it has none).
    /// The key a sentence names for `cmd`: the first one bound (a sentence reads
    /// "Ctrl-S sends", not every alternative).
    pub fn label(&self, cmd: C) -> String
    where
        C: PartialEq,
    {
        self.keys_for(cmd)
            .first()
            .map(KeyPress::label)
            .unwrap_or_default()
    }

    pub fn keys_for(&self, cmd: C) -> Vec<KeyPress>
    where
        C: PartialEq,
    {
        self.bindings
            .iter()
            .find(|b| b.cmd == cmd)
            .map(|b| self.keys_of(b))
            .unwrap_or_default()
    }
}

/// What [`lookup`] and [`help_of`] take: a scoped table, or a bare slice (help-only
/// tables, never rebound).
pub trait AsKeys: Copy {
    type Cmd: Copy + Debug + 'static;
    fn as_keys(self) -> Keys<Self::Cmd>;
}

impl<C: Copy + Debug + 'static> AsKeys for Keys<C> {
    type Cmd = C;
    fn as_keys(self) -> Keys<C> {
        self
    }
}

impl<C: Copy + Debug + 'static> AsKeys for &'static [Binding<C>] {
    type Cmd = C;
    fn as_keys(self) -> Keys<C> {
        Keys::new("", self)
    }
}

/// The command bound to `key` in `table` (as bound now), if any.
pub fn lookup<K: AsKeys>(table: K, key: &KeyEvent) -> Option<K::Cmd> {
    let table = table.as_keys();
    table
        .bindings
        .iter()
        .find(|b| table.keys_of(b).iter().any(|k| k.matches(key)))
        .map(|b| b.cmd)
}

/// A line of help: the keys as written, and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHelp {
    pub keys: String,
    pub what: T,
}

/// The table's keys as bound now; an action left with no key is left out.
pub fn help_of<K: AsKeys>(table: K) -> Vec<KeyHelp> {
    let table = table.as_keys();
    table
        .bindings
        .iter()
        .filter_map(|b| {
            let keys = table.keys_of(b);
            (!keys.is_empty()).then(|| KeyHelp {
                keys: label_of(&keys),
                what: b.what,
            })
        })
        .collect()
}

/// Entries that do the same thing merged into one line (`↑ k ↓ j  move`), keys in order.
pub fn merged(entries: &[KeyHelp]) -> Vec<KeyHelp> {
    let mut out: Vec<KeyHelp> = Vec::new();
    for entry in entries {
        match out.iter_mut().find(|e| e.what == entry.what) {
            Some(existing) => {
                for key in entry.keys.split(' ') {
                    if !existing.keys.split(' ').any(|k| k == key) {
                        existing.keys.push(' ');
                        existing.keys.push_str(key);
                    }
                }
            }
            None => out.push(entry.clone()),
        }
    }
    out
}

/// Shorthands for the tables.
pub mod k {
    use super::KeyPress;
    use crossterm::event::KeyCode;

    pub const UP: KeyPress = KeyPress::plain(KeyCode::Up);
    pub const DOWN: KeyPress = KeyPress::plain(KeyCode::Down);
    pub const PGUP: KeyPress = KeyPress::plain(KeyCode::PageUp);
    pub const PGDN: KeyPress = KeyPress::plain(KeyCode::PageDown);
    pub const HOME: KeyPress = KeyPress::plain(KeyCode::Home);
    pub const END: KeyPress = KeyPress::plain(KeyCode::End);
    pub const ENTER: KeyPress = KeyPress::plain(KeyCode::Enter);
    pub const ESC: KeyPress = KeyPress::plain(KeyCode::Esc);
    pub const TAB: KeyPress = KeyPress::plain(KeyCode::Tab);
    pub const BACKTAB: KeyPress = KeyPress::plain(KeyCode::BackTab);

    pub const fn f(n: u8) -> KeyPress {
        KeyPress::plain(KeyCode::F(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_characters_and_backtab_match_without_shift() {
        let shifted = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert!(KeyPress::ch('?').matches(&shifted));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert!(k::BACKTAB.matches(&backtab));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(KeyPress::ctrl('c').matches(&ctrl_c));
        assert!(!KeyPress::ch('c').matches(&ctrl_c));
        assert_eq!(KeyPress::ctrl('c').label(), "Ctrl-C");
    }
}
