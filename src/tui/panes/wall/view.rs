//! Drawing the wallboard: a header line (what, whose, live or STALE), bands of tiles with
//! one big figure each, a table per service when rows are left, and a hint line. Figures
//! grow with the terminal: from one bold line, through 4-row glyphs (80×24), to 8-row
//! glyphs drawn 2× or 3× on a 4K terminal. Every tile says in words what its figure is,
//! so the wall reads the same in every theme (mono included).

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use super::WallPane;
use super::big::{Glyphs, draw_figure};
use super::figures::{Figures, Freshness, ServiceFigures, StaleWhy};
use crate::board::format_age;
use crate::tui::i18n::{I18n, T};
use crate::tui::panes::ViewCtx;
use crate::tui::panes::board::status_label;
use crate::tui::theme;
use crate::tui::widgets::badge::badge;

pub fn draw(wall: &WallPane, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(header_line(wall, i)).style(theme::header()),
        header,
    );
    let hint = if wall.standalone {
        T::WallHintStandalone
    } else {
        T::WallHint
    };
    frame.render_widget(
        Paragraph::new(Line::styled(i.t(hint), theme::dim())),
        footer,
    );
    draw_body(wall, frame, body, i);
}

/// `Wallboard │ ● live · data from 4 s ago │ network │ SANDBOX`: staleness first, so a
/// narrow screen never cuts it.
fn header_line(wall: &WallPane, i: &I18n) -> Line<'static> {
    let mut spans = vec![
        Span::styled(format!(" {} ", i.t(T::PaneWall)), theme::header_title()),
        Span::raw("│ "),
    ];
    // Where the data comes from, then how fresh it is, then whose: the first two must not
    // be cut off on a narrow screen.
    if wall.header.sandbox {
        spans.push(badge(&wall.header.place, theme::sandbox_badge()));
    } else {
        spans.push(Span::raw(wall.header.place.clone()));
    }
    spans.push(Span::raw(" │ "));
    match &wall.freshness {
        None | Some(Freshness::Waiting) => spans.push(Span::raw(i.t(T::WallWaiting).to_owned())),
        Some(Freshness::Live { age }) => {
            spans.push(Span::raw(i.fmt(T::WallLive, &[("age", &since(*age))])))
        }
        Some(Freshness::Stale { age, why }) => {
            spans.push(badge(i.t(T::WallStale), theme::bad_badge()));
            let age = age.map_or_else(|| i.t(T::WallStaleNever).to_owned(), since);
            let text = match why {
                StaleWhy::Silent => i.fmt(T::WallStaleSilent, &[("age", &age)]),
                StaleWhy::Failing(n) => i.fmt(
                    T::WallStaleFailing,
                    &[("failures", &n.to_string()), ("age", &age)],
                ),
                StaleWhy::RelayDown => i.fmt(T::WallStaleRelay, &[("age", &age)]),
            };
            spans.push(Span::raw(text));
        }
    }
    if let Some(name) = &wall.header.network {
        spans.push(Span::raw(" │ "));
        spans.push(Span::styled(name.clone(), theme::header_title()));
    }
    Line::from(spans)
}

/// An age to the second: `4 s`, `12 min`, `2h 05m`.
fn since(age: Duration) -> String {
    let secs = age.num_seconds().max(0);
    if secs < 60 {
        format!("{secs} s")
    } else if secs < 3600 {
        format!("{} min", secs / 60)
    } else {
        format_age(age)
    }
}

/// An SLA threshold: `30m`, `1h`, `90m`.
fn threshold(d: Duration) -> String {
    let m = d.num_minutes();
    if m >= 60 && m % 60 == 0 {
        format!("{}h", m / 60)
    } else {
        format!("{m}m")
    }
}

/// A wait as a big figure: `45m`, `2h05m`, `3d04h` (no space: every column counts).
fn wait(age: Duration) -> String {
    format_age(age).replace(' ', "")
}

/// One tile: a titled box with a figure.
struct Tile {
    title: String,
    figure: String,
    style: Style,
    border: Style,
    /// Its share of the band's width (a wait needs more columns than a count).
    weight: u16,
}

impl Tile {
    fn plain(title: String, figure: String) -> Tile {
        Tile {
            title,
            figure,
            style: theme::figure(),
            border: theme::border(),
            weight: 1,
        }
    }

    /// A figure that is bad news when not zero.
    fn alarm(title: String, n: usize, style: Style) -> Tile {
        if n == 0 {
            return Tile::plain(title, "0".into());
        }
        Tile {
            title,
            figure: n.to_string(),
            style,
            border: style,
            weight: 1,
        }
    }
}

fn status_tiles(f: &Figures, i: &I18n) -> Vec<Tile> {
    let mut tiles = vec![Tile::plain(
        i.t(T::WallOpen).to_owned(),
        f.total_open().to_string(),
    )];
    for (status, n) in &f.open {
        let mut title = status_label(i, status).to_owned();
        if !status.is_known() {
            title.push_str(i.t(T::BoardUnknownStatus));
        }
        tiles.push(Tile::plain(title, n.to_string()));
    }
    tiles
}

/// `weight`: the longest wait's share of the band (it needs more columns than a count).
fn sla_tiles(wall: &WallPane, i: &I18n, weight: u16) -> Vec<Tile> {
    let f = &wall.figures;
    let sla = wall.sla.unwrap_or_default();
    let oldest = match f.oldest {
        Some((id, age)) => {
            let mut title = i.fmt(T::WallOldestOf, &[("id", &id.to_string())]);
            // The SLA level in a mark as well as in colour.
            let level = match sla.level(age) {
                crate::board::SlaLevel::Breach => Some((T::BoardSlaBreachMark, theme::bad())),
                crate::board::SlaLevel::Warn => Some((T::BoardSlaWarnMark, theme::warn())),
                _ => None,
            };
            let mut tile = Tile::plain(String::new(), wait(age));
            tile.weight = weight;
            if let Some((mark, style)) = level {
                title = format!("{title} {}", i.t(mark));
                tile.style = style;
                tile.border = style;
            }
            tile.title = title;
            tile
        }
        None => Tile {
            weight,
            ..Tile::plain(i.t(T::WallOldest).to_owned(), "—".into())
        },
    };
    vec![
        oldest,
        Tile::alarm(
            i.fmt(T::WallPastWarn, &[("mins", &threshold(sla.warn))]),
            f.past_warn,
            theme::warn(),
        ),
        Tile::alarm(
            i.fmt(T::WallPastBreach, &[("mins", &threshold(sla.breach))]),
            f.past_breach,
            theme::bad(),
        ),
    ]
}

fn hour_tiles(f: &Figures, i: &I18n) -> Vec<Tile> {
    vec![
        Tile::plain(
            i.t(T::WallCreatedHour).to_owned(),
            f.created_last_hour.to_string(),
        ),
        Tile::plain(
            i.t(T::WallFinishedHour).to_owned(),
            f.finished_last_hour.to_string(),
        ),
    ]
}

/// Glyph heights tried, biggest first: 8-row glyphs ×3 and ×2, ×1, 4-row glyphs, a line.
const GLYPH_ROWS: [u16; 5] = [24, 16, 8, 4, 1];

fn draw_body(wall: &WallPane, frame: &mut Frame, area: Rect, i: &I18n) {
    let f = &wall.figures;
    let mut bands = vec![status_tiles(f, i)];
    // Wide screens put the waits and the last hour on one band, leaving rows for services.
    if area.width >= 150 {
        let mut second = sla_tiles(wall, i, 2);
        second.extend(hour_tiles(f, i));
        bands.push(second);
    } else {
        bands.push(sla_tiles(wall, i, 1));
        bands.push(hour_tiles(f, i));
    }
    let n = bands.len() as u16;
    // Big glyphs keep rows for a few services; small ones take what they need first.
    let services_rows = if f.services.is_empty() {
        0
    } else {
        (f.services.len() as u16).min(5) + 3
    };
    let rows = GLYPH_ROWS
        .into_iter()
        .find(|r| {
            let keep = if *r >= 8 { services_rows } else { 0 };
            n * (r + 2) + keep <= area.height
        })
        .unwrap_or(1);
    // One glyph size per band (the biggest every tile of it can hold), and the band just
    // tall enough for it: the rows left go to the services.
    let sized: Vec<(Glyphs, u16)> = bands
        .iter()
        .map(|band| {
            let probe = Rect {
                height: rows + 2,
                ..area
            };
            let glyphs = band
                .iter()
                .zip(tile_rects(band, probe).iter())
                .map(|(tile, rect)| {
                    let chars = tile.figure.chars().count() as u16;
                    Glyphs::fitting(chars, Block::bordered().inner(*rect), rows)
                })
                .min_by_key(|g| (g.size().1, g.size().0))
                .unwrap_or(Glyphs::Text);
            (glyphs, (glyphs.size().1 + 2).min(area.height / n.max(1)))
        })
        .collect();
    let mut constraints: Vec<Constraint> =
        sized.iter().map(|(_, h)| Constraint::Length(*h)).collect();
    constraints.push(Constraint::Min(0));
    let areas = Layout::vertical(constraints).split(area);
    for ((band, (glyphs, _)), rect) in bands.iter().zip(&sized).zip(areas.iter()) {
        for (tile, rect) in band.iter().zip(tile_rects(band, *rect).iter()) {
            draw_tile(frame, *rect, tile, *glyphs);
        }
    }
    let rest = areas[bands.len()];
    if rest.height >= 4 && !f.services.is_empty() {
        draw_services(frame, rest, f, wall, i);
    }
}

fn tile_rects(band: &[Tile], area: Rect) -> std::rc::Rc<[Rect]> {
    Layout::horizontal(band.iter().map(|t| Constraint::Fill(t.weight))).split(area)
}

fn draw_tile(frame: &mut Frame, area: Rect, tile: &Tile, glyphs: Glyphs) {
    let block = Block::bordered()
        .border_style(tile.border)
        .title(Span::styled(
            format!(" {} ", tile.title),
            tile.border.patch(theme::strong()),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    draw_figure(frame.buffer_mut(), inner, &tile.figure, tile.style, glyphs);
}

fn draw_services(frame: &mut Frame, area: Rect, f: &Figures, wall: &WallPane, i: &I18n) {
    let shown = (area.height.saturating_sub(3) as usize).min(f.services.len());
    let block = Block::bordered()
        .border_style(theme::border())
        .title(Span::styled(
            format!(
                " {} ",
                i.fmt(
                    T::WallServices,
                    &[
                        ("shown", &shown.to_string()),
                        ("total", &f.services.len().to_string())
                    ]
                )
            ),
            theme::strong(),
        ));
    let cols = [
        T::WallColOpen,
        T::WallColPending,
        T::WallColOldest,
        T::WallColWarn,
        T::WallColBreach,
        T::WallColCreated,
        T::WallColFinished,
    ];
    let header = Row::new(
        std::iter::once(Cell::from(i.t(T::ColService))).chain(
            cols.iter()
                .map(|c| Cell::from(Line::from(i.t(*c)).right_aligned())),
        ),
    )
    .style(theme::label().patch(theme::strong()));
    let sla = wall.sla.unwrap_or_default();
    let rows = f
        .services
        .iter()
        .take(shown)
        .map(|s| service_row(s, i, &sla));
    let width = |t: &str| unicode_width::UnicodeWidthStr::width(t) as u16;
    let numbers: Vec<u16> = cols.iter().map(|c| width(i.t(*c)).max(6)).collect();
    // The names as wide as the longest (up to 40): on a wide screen the figures stay next
    // to their service instead of across the room.
    let longest = f
        .services
        .iter()
        .take(shown)
        .map(|s| s.name.as_deref().map_or(8, width))
        .max()
        .unwrap_or(0)
        .clamp(width(i.t(T::ColService)), 40);
    let needed = longest + numbers.iter().map(|w| w + 1).sum::<u16>() + 2;
    let mut widths = vec![if needed <= area.width {
        Constraint::Length(longest)
    } else {
        Constraint::Fill(1)
    }];
    widths.extend(numbers.into_iter().map(Constraint::Length));
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table.block(block), area);
}

fn service_row<'a>(s: &ServiceFigures, i: &'a I18n, sla: &crate::board::SlaThresholds) -> Row<'a> {
    let num = |n: usize, alarm: Style| {
        let style = if n > 0 { alarm } else { Style::new() };
        Cell::from(Line::styled(n.to_string(), style).right_aligned())
    };
    let oldest = match s.oldest {
        Some(age) => {
            let style = match sla.level(age) {
                crate::board::SlaLevel::Breach => theme::bad(),
                crate::board::SlaLevel::Warn => theme::warn(),
                _ => Style::new(),
            };
            Line::styled(format_age(age), style)
        }
        None => Line::styled(crate::model::MISSING, theme::dim()),
    };
    let name = s
        .name
        .clone()
        .unwrap_or_else(|| i.t(T::WallNoService).to_owned());
    Row::new(vec![
        Cell::from(name),
        num(s.open, theme::strong()),
        num(s.pending, Style::new()),
        Cell::from(oldest.right_aligned()),
        num(s.past_warn, theme::warn()),
        num(s.past_breach, theme::bad()),
        num(s.created_last_hour, Style::new()),
        num(s.finished_last_hour, Style::new()),
    ])
}
