//! A one-line text gauge (`██████░░░░ 3 of 5 uses`) that fits inside a paragraph, so a
//! limit's gauge scrolls with the rest of its details.

use ratatui::text::{Line, Span};

use crate::tui::theme;

/// `ratio` in 0..=1, drawn `width` cells wide, followed by `label`.
pub fn gauge_line(ratio: f64, width: usize, label: String, blocked: bool) -> Line<'static> {
    let ratio = if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let filled = ((ratio * width as f64).round() as usize).min(width);
    let style = theme::gauge_fill(ratio, blocked);
    Line::from(vec![
        Span::raw("  "),
        Span::styled("█".repeat(filled), style),
        Span::styled("░".repeat(width - filled), theme::dim()),
        Span::raw(format!(" {:>3.0}% ", ratio * 100.0)),
        Span::raw(label),
    ])
}

/// A number without a useless `.0`: `3`, `2.5`, `1500`.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_fill() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1500.0), "1500");
        let line = gauge_line(0.5, 10, "x".into(), false);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.contains("█████░░░░░"), "{text}");
        assert!(text.contains("50%"));
        let full = gauge_line(7.0, 4, String::new(), true);
        let text: String = full.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.contains("████ 100%"), "{text}");
    }
}
