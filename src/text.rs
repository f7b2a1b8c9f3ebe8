//! Matching text the way an agent types it: without accents and case, so `movil` finds
//! "móvil" and `nunez` finds "Núñez". Every filter and the palette use this one rule.

use deunicode::deunicode_char;

/// Appends `s` folded to `out`: each character transliterated to ASCII (`deunicode`),
/// lowercased. Reusing `out` lets a filter fold thousands of rows without allocating.
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match deunicode_char(c) {
            Some(ascii) => out.extend(ascii.chars().map(|a| a.to_ascii_lowercase())),
            // No transliteration known: keep it, lowercased.
            None => out.extend(c.to_lowercase()),
        }
    }
}

/// `s` folded (see [`fold_into`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// True when `haystack` contains `needle`, both folded.
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(&fold(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(fold("Núñez"), "nunez");
        assert_eq!(fold("MÓVIL"), "movil");
        assert_eq!(fold("Cerrajería Peñalver"), "cerrajeria penalver");
        assert!(contains_folded("Teléfono móvil", "movil"));
        assert!(contains_folded("Begoña Muñoz", "MUNOZ"));
        assert!(contains_folded("Ángel", "ángel"));
        assert!(!contains_folded("Núñez", "nuñes"));
    }

    #[test]
    fn folding_appends() {
        let mut out = String::from("x|");
        fold_into("Çà", &mut out);
        assert_eq!(out, "x|ca");
    }
}
