//! Big figures: text drawn in 8×8 font glyphs (`tui-big-text`) at the biggest size that
//! fits — 8×8 cells per character blown up ×2 or ×3 on a 4K terminal, 8×4 and 4×4 cells
//! (half and quarter blocks) on small ones, plain bold text when nothing else fits.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

/// How a figure is drawn: glyph size (cols, rows per character) and scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Glyphs {
    /// 8×8 cells per character, each pixel drawn `scale`×`scale`.
    Full { scale: u16 },
    /// 8 columns × 4 rows.
    HalfHeight,
    /// 4 columns × 4 rows.
    Quadrant,
    /// Plain bold text.
    Text,
}

impl Glyphs {
    pub(super) fn size(self) -> (u16, u16) {
        match self {
            Glyphs::Full { scale } => (8 * scale, 8 * scale),
            Glyphs::HalfHeight => (8, 4),
            Glyphs::Quadrant => (4, 4),
            Glyphs::Text => (1, 1),
        }
    }

    /// The biggest that fits `chars` characters in `area`, at most `max_rows` tall.
    pub(super) fn fitting(chars: u16, area: Rect, max_rows: u16) -> Glyphs {
        [
            Glyphs::Full { scale: 3 },
            Glyphs::Full { scale: 2 },
            Glyphs::Full { scale: 1 },
            Glyphs::HalfHeight,
            Glyphs::Quadrant,
        ]
        .into_iter()
        .find(|g| {
            let (w, h) = g.size();
            h <= max_rows && h <= area.height && w * chars <= area.width
        })
        .unwrap_or(Glyphs::Text)
    }
}

/// Draws `text` in `glyphs`, centred in `area`.
pub(super) fn draw_figure(buf: &mut Buffer, area: Rect, text: &str, style: Style, glyphs: Glyphs) {
    if area.is_empty() {
        return;
    }
    let chars = text.chars().count() as u16;
    let (w, h) = glyphs.size();
    let (width, height) = ((w * chars).min(area.width), h.min(area.height));
    let at = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let big = |pixel_size| {
        BigText::builder()
            .pixel_size(pixel_size)
            .style(style)
            .lines(vec![Line::from(text.to_owned())])
            .build()
    };
    match glyphs {
        Glyphs::Text => Paragraph::new(Line::styled(text.to_owned(), style))
            .alignment(Alignment::Center)
            .render(Rect::new(area.x, at.y, area.width, 1), buf),
        Glyphs::HalfHeight => big(PixelSize::HalfHeight).render(at, buf),
        Glyphs::Quadrant => big(PixelSize::Quadrant).render(at, buf),
        Glyphs::Full { scale: 1 } => big(PixelSize::Full).render(at, buf),
        Glyphs::Full { scale } => {
            // Drawn at 8×8 off screen, then each cell blown up to scale×scale.
            let small = Rect::new(0, 0, 8 * chars, 8);
            let mut scratch = Buffer::empty(small);
            big(PixelSize::Full).render(small, &mut scratch);
            for y in 0..small.height {
                for x in 0..small.width {
                    let cell = &scratch[(x, y)];
                    if cell.symbol() == " " {
                        continue;
                    }
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let (tx, ty) = (at.x + x * scale + dx, at.y + y * scale + dy);
                            if tx < at.right() && ty < at.bottom() {
                                buf[(tx, ty)].set_symbol(cell.symbol()).set_style(style);
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_grow_with_the_space() {
        let tile = |w, h| Rect::new(0, 0, w, h);
        assert_eq!(
            Glyphs::fitting(2, tile(78, 24), 24),
            Glyphs::Full { scale: 3 }
        );
        assert_eq!(
            Glyphs::fitting(2, tile(40, 16), 24),
            Glyphs::Full { scale: 2 }
        );
        assert_eq!(
            Glyphs::fitting(5, tile(40, 16), 24),
            Glyphs::Full { scale: 1 }
        );
        assert_eq!(Glyphs::fitting(2, tile(18, 4), 4), Glyphs::HalfHeight);
        assert_eq!(Glyphs::fitting(3, tile(18, 4), 4), Glyphs::Quadrant);
        assert_eq!(Glyphs::fitting(6, tile(18, 4), 4), Glyphs::Text);
        assert_eq!(Glyphs::fitting(1, tile(40, 2), 24), Glyphs::Text);
    }

    #[test]
    fn a_scaled_figure_is_the_small_one_blown_up() {
        let area = Rect::new(0, 0, 16, 16);
        let mut one = Buffer::empty(Rect::new(0, 0, 8, 8));
        let full = |scale| Glyphs::Full { scale };
        draw_figure(&mut one, Rect::new(0, 0, 8, 8), "7", Style::new(), full(1));
        let mut two = Buffer::empty(area);
        draw_figure(&mut two, area, "7", Style::new(), full(2));
        for y in 0..16 {
            for x in 0..16 {
                assert_eq!(
                    two[(x, y)].symbol(),
                    one[(x / 2, y / 2)].symbol(),
                    "{x},{y}"
                );
            }
        }
        assert!((0..8).any(|y| (0..8).any(|x| one[(x, y)].symbol() == "█")));
    }
}
