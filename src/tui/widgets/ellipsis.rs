//! Cutting text to a width (in terminal columns, not chars): whole when it fits, else cut
//! with an ellipsis — never mid-word without one.

use std::borrow::Cow;

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The mark of a cut.
pub const ELLIPSIS: char = '…';

/// `text` in at most `width` columns. A cut ends in `…`, after the last whole word when
/// that keeps at least half the room ("García…" rather than "García Ló…"), else mid-word.
pub fn ellipsize(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    // The longest prefix that leaves one column for the ellipsis.
    let room = width - 1;
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let prefix = &text[..end];
    let at_word = prefix
        .rfind(|c: char| c.is_whitespace() || c == ',' || c == '·')
        .map(|i| prefix[..i].trim_end_matches([' ', ',', '·']))
        .filter(|w| !w.is_empty() && w.width() * 2 >= room);
    let kept = at_word.unwrap_or(prefix.trim_end());
    Cow::Owned(format!("{kept}{ELLIPSIS}"))
}

/// `text` in at most `width` columns, cut at the start (`…` then the tail): for
/// identifiers whose end tells them apart (public ids share their network's prefix). The
/// tail starts after a `-` when that keeps at least half the room, so a part is whole.
pub fn ellipsize_start(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let room = width - 1;
    let mut used = 0;
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        start = i;
    }
    let tail = &text[start..];
    let at_part = tail
        .find(['-', ' '])
        .map(|i| &tail[i + 1..])
        .filter(|t| !t.is_empty() && t.width() * 2 >= room);
    Cow::Owned(format!("{ELLIPSIS}{}", at_part.unwrap_or(tail)))
}

/// A styled line in at most `width` columns: the spans that fit, the one that does not
/// cut with [`ellipsize`], the rest left out.
pub fn ellipsize_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.width();
        if used + w <= width.saturating_sub(1) {
            used += w;
            spans.push(span);
            continue;
        }
        // More follows: the cut is always marked, even when this span alone would fit.
        let room = width - used;
        let marked = format!("{}{ELLIPSIS}", span.content.trim_end());
        let cut = ellipsize(&marked, room).into_owned();
        spans.push(Span::styled(cut, span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_fits_is_kept_whole() {
        assert_eq!(ellipsize("Ana García", 10), "Ana García");
        assert_eq!(ellipsize_start("00032-00060", 11), "00032-00060");
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis_after_a_whole_word() {
        assert_eq!(ellipsize("Ana García López", 14), "Ana García…");
        assert_eq!(ellipsize("Grúas del Sur, Madrid", 15), "Grúas del Sur…");
        assert!(ellipsize("Ana García López", 14).width() <= 14);
    }

    #[test]
    fn one_long_word_is_cut_mid_word_with_the_ellipsis() {
        assert_eq!(ellipsize("Etxeberriagoikoetxea", 8), "Etxeber…");
        // A first word too short to be worth keeping alone: cut later, marked.
        assert_eq!(ellipsize("Jo Etxeberriagoikoetxea", 12), "Jo Etxeberr…");
    }

    #[test]
    fn widths_are_columns_not_chars() {
        // Wide (CJK) characters take two columns each.
        let cut = ellipsize("東京都渋谷区", 7);
        assert!(cut.width() <= 7, "{cut}");
        assert!(cut.ends_with(ELLIPSIS));
        assert_eq!(ellipsize("abc", 0), "");
    }

    #[test]
    fn a_line_too_wide_is_cut_marked_and_keeps_its_styles() {
        let bold = ratatui::style::Style::new().bold();
        let line = Line::from(vec![
            Span::styled("1 pendiente 6", bold),
            Span::raw(" │ 2 asignada 7"),
        ]);
        let cut = ellipsize_line(line, 20);
        assert!(cut.width() <= 20, "{cut}");
        assert_eq!(cut.spans[0].style, bold);
        assert!(cut.to_string().ends_with(ELLIPSIS), "{cut}");
    }

    #[test]
    fn ids_keep_their_tail_from_a_whole_part() {
        assert_eq!(ellipsize_start("00032-00038-EXT38", 15), "…00038-EXT38");
        assert_eq!(ellipsize_start("00032-00060-7646091030", 15), "…7646091030");
        // No separator worth starting at: the plain tail.
        assert_eq!(ellipsize_start("ABCDEFGHIJKLMNOP", 6), "…LMNOP");
    }
}
