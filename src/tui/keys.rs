//! Key bindings as data. Each pane declares a table of [`Binding`]s; the same table both
//! dispatches its keys and feeds the help overlay and the status line, so help can never
//! drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::i18n::T;

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
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
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

impl<C: Copy> Binding<C> {
    pub fn label(&self) -> String {
        self.keys
            .iter()
            .map(KeyPress::label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The command bound to `key` in `table`, if any.
pub fn lookup<C: Copy>(table: &[Binding<C>], key: &KeyEvent) -> Option<C> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.cmd)
}

/// A line of help: the keys as written, and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHelp {
    pub keys: String,
    pub what: T,
}

pub fn help_of<C: Copy>(table: &[Binding<C>]) -> Vec<KeyHelp> {
    table
        .iter()
        .map(|b| KeyHelp {
            keys: b.label(),
            what: b.what,
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
