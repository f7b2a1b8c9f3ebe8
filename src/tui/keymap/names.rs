//! Action names: `<scope>.<action>`, the action being the table's command variant in
//! snake case (`Cmd::EditSearch` in `lookup` → `lookup.edit_search`), so a pane names its
//! actions just by declaring its tables. A few read better under another name (PRODUCT.md
//! fixes `board.filter`); those are renamed here, once.

use std::fmt::Debug;

/// (scope, derived action, public action).
const RENAMED: &[(&str, &str, &str)] = &[
    ("board", "edit_filter", "filter"),
    ("board", "toggle_0", "toggle_1"),
    ("board", "toggle_1", "toggle_2"),
    ("board", "toggle_2", "toggle_3"),
    ("board", "toggle_3", "toggle_4"),
    ("board", "toggle_4", "toggle_5"),
    ("board_filter", "edit_filter", "done"),
    ("board_filter", "clear_filter", "clear"),
    ("admin", "go_0", "contracts"),
    ("admin", "go_1", "import"),
    ("admin", "go_2", "points"),
    ("admin", "go_3", "recurrent"),
];

/// `board.filter` for `Cmd::EditFilter` in scope `board`.
pub fn action_name(scope: &str, cmd: &impl Debug) -> String {
    let derived = snake_case(&format!("{cmd:?}"));
    let action = RENAMED
        .iter()
        .find(|(s, from, _)| *s == scope && *from == derived)
        .map_or(derived.as_str(), |(_, _, to)| to);
    format!("{scope}.{action}")
}

/// `EditFilter` → `edit_filter`, `Go(NewRequest)` → `go_new_request`, `Toggle(0)` →
/// `toggle_0`, `WhatsApp` → `whatsapp`.
fn snake_case(debug: &str) -> String {
    let debug = debug.replace("WhatsApp", "Whatsapp");
    let mut out = String::new();
    for c in debug.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    enum Pane {
        NewRequest,
    }
    #[derive(Debug)]
    #[allow(dead_code)] // only the Debug output is read
    enum Cmd {
        EditFilter,
        Go(Pane),
        Toggle(usize),
        WhatsApp,
        Up,
    }

    #[test]
    fn names_are_the_variant_in_snake_case_under_the_scope() {
        assert_eq!(action_name("board", &Cmd::EditFilter), "board.filter");
        assert_eq!(
            action_name("lookup", &Cmd::EditFilter),
            "lookup.edit_filter"
        );
        assert_eq!(
            action_name("global", &Cmd::Go(Pane::NewRequest)),
            "global.go_new_request"
        );
        assert_eq!(action_name("board", &Cmd::Toggle(0)), "board.toggle_1");
        assert_eq!(action_name("lookup", &Cmd::WhatsApp), "lookup.whatsapp");
        assert_eq!(action_name("palette", &Cmd::Up), "palette.up");
    }
}
