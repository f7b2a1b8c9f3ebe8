//! Keys as `[keys]` writes them: `f`, `ctrl-f`, `alt-x`, `shift-tab`, `f7`, `enter`,
//! `esc`, `space`, `pgup`… — read into a [`KeyPress`], and written back the same way.

use crossterm::event::{KeyCode, KeyModifiers};

use crate::tui::keys::KeyPress;

/// Named keys, as written (the first name of a key is the one printed).
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("space", KeyCode::Char(' ')),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pgdown", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
];

/// Reads one key: modifiers (`ctrl-`, `alt-`, `shift-`, also with `+`) then a character or
/// a key name (any case). A single character is itself (`F` is a capital F).
pub fn parse(text: &str) -> Result<KeyPress, String> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err("an empty key".into());
    }
    let mut mods = KeyModifiers::NONE;
    loop {
        let lower = rest.to_ascii_lowercase();
        let found = [
            ("ctrl", KeyModifiers::CONTROL),
            ("control", KeyModifiers::CONTROL),
            ("alt", KeyModifiers::ALT),
            ("meta", KeyModifiers::ALT),
            ("shift", KeyModifiers::SHIFT),
        ]
        .into_iter()
        .find_map(|(name, m)| {
            let after = lower.strip_prefix(name)?;
            let sep = after.chars().next().filter(|c| *c == '-' || *c == '+')?;
            // `ctrl--` is Ctrl with the `-` key; a bare `ctrl-` is not a key.
            (after.len() > sep.len_utf8()).then_some((name.len() + 1, m))
        });
        match found {
            Some((skip, m)) => {
                mods |= m;
                rest = &rest[skip..];
            }
            None => break,
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => {
            let lower = rest.to_ascii_lowercase();
            if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                if !(1..=24).contains(&n) {
                    return Err(format!("there is no function key F{n}"));
                }
                KeyCode::F(n)
            } else if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
                *code
            } else {
                return Err(format!(
                    "{text:?} is not a key (a character, f1-f24, enter, esc, space, tab, \
                     backspace, delete, insert, up, down, left, right, home, end, pgup, pgdn; \
                     with ctrl-, alt-, shift-)"
                ));
            }
        }
    };
    Ok(normalize(code, mods))
}

/// One spelling per key, as terminals report it: Shift-Tab is BackTab, Shift with a letter
/// is the capital, Ctrl with a letter is the small one.
fn normalize(code: KeyCode, mut mods: KeyModifiers) -> KeyPress {
    let code = match code {
        KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
            mods -= KeyModifiers::SHIFT;
            KeyCode::BackTab
        }
        KeyCode::BackTab => {
            mods -= KeyModifiers::SHIFT;
            KeyCode::BackTab
        }
        KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
            mods -= KeyModifiers::SHIFT;
            KeyCode::Char(c.to_ascii_uppercase())
        }
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    KeyPress { code, mods }
}

/// How `[keys]` writes `key` (what `mok-console keys` prints): `ctrl-f`, `shift-tab`.
pub fn write(key: &KeyPress) -> String {
    let mut out = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        out.push_str("ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("alt-");
    }
    if key.mods.contains(KeyModifiers::SHIFT) {
        out.push_str("shift-");
    }
    match key.code {
        KeyCode::Char(' ') => out.push_str("space"),
        KeyCode::Char(c) => out.push(c),
        KeyCode::F(n) => out.push_str(&format!("f{n}")),
        KeyCode::BackTab => out.push_str("shift-tab"),
        code => match NAMED.iter().find(|(_, c)| *c == code) {
            Some((name, _)) => out.push_str(name),
            None => out.push_str(&format!("{code:?}").to_ascii_lowercase()),
        },
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::k;

    #[test]
    fn keys_are_read_as_written_and_written_back() {
        for (text, key) in [
            ("f", KeyPress::ch('f')),
            ("F", KeyPress::ch('F')),
            ("shift-f", KeyPress::ch('F')),
            ("ctrl-f", KeyPress::ctrl('f')),
            ("Ctrl+F", KeyPress::ctrl('f')),
            ("f7", k::f(7)),
            ("F12", k::f(12)),
            ("enter", k::ENTER),
            ("esc", k::ESC),
            ("space", KeyPress::ch(' ')),
            ("pgup", k::PGUP),
            ("PageDown", k::PGDN),
            ("shift-tab", k::BACKTAB),
            ("/", KeyPress::ch('/')),
            ("-", KeyPress::ch('-')),
            ("ctrl--", KeyPress::ctrl('-')),
        ] {
            assert_eq!(parse(text), Ok(key), "{text}");
            assert_eq!(parse(&write(&key)), Ok(key), "{text} written back");
        }
        let alt_x = parse("alt-x").unwrap();
        assert_eq!(alt_x.code, KeyCode::Char('x'));
        assert_eq!(alt_x.mods, KeyModifiers::ALT);
        assert_eq!(write(&alt_x), "alt-x");
        assert_eq!(alt_x.label(), "Alt-x");
    }

    #[test]
    fn what_is_not_a_key_says_why() {
        for text in ["", "ctrl-", "f0", "f99", "hyper-x", "enterr", "ctrl-fx"] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
