//! Drawing the board: status counts, refresh line, and the table — only the rows on
//! screen are turned into cells, so a redraw costs the same with 100 or 100,000 requests.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::{BoardPane, Notice, RelayState, WebhookState, status_label};
use crate::board::{Column, SlaLevel, SortDir, format_age};
use crate::model::{Status, or_dash};
use crate::relay::NatsSettings;
use crate::relay::watch::DownCause;
use crate::tui::i18n::{I18n, T};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::ellipsis::{ellipsize, ellipsize_line, ellipsize_start};

/// Where the parts go: counts, status line, the table (or detail), the notice (drawing
/// and mouse hit-testing both use it).
pub fn areas(pane: &BoardPane, area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(u16::from(pane.notice.is_some())),
    ])
    .areas(area)
}

pub fn draw(pane: &BoardPane, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    // One line, whatever the width: shorter names, then fewer details, then cut (marked).
    let counts_line = counts_line(pane, &ctx.i18n, area.width as usize);
    let [counts, status, body, notice_area] = areas(pane, area);
    frame.render_widget(Paragraph::new(counts_line), counts);
    frame.render_widget(Paragraph::new(status_line(pane, &ctx.i18n)), status);
    match &pane.detail {
        Some(detail) => detail.draw(frame, body, ctx),
        None => draw_table(pane, frame, body, ctx),
    }
    if let Some(n) = &pane.notice {
        frame.render_widget(Paragraph::new(notice_line(n, &ctx.i18n)), notice_area);
    }
    if let Some(picker) = &pane.picker {
        picker.draw(frame, body, ctx);
    }
}

/// How much the counts line gives up to fit its width, least first.
#[derive(Debug, Clone, Copy)]
struct Fit {
    /// The five known statuses by their short names.
    short: bool,
    /// Unknown statuses as one "+N other" count.
    fold: bool,
    /// Counts from 10,000 as "12k".
    compact: bool,
}

const FITS: [Fit; 5] = [
    Fit {
        short: false,
        fold: false,
        compact: false,
    },
    Fit {
        short: false,
        fold: true,
        compact: false,
    },
    Fit {
        short: true,
        fold: false,
        compact: false,
    },
    Fit {
        short: true,
        fold: true,
        compact: false,
    },
    Fit {
        short: true,
        fold: true,
        compact: true,
    },
];

/// The status counts (with the key that filters each) in one line of at most `width`.
fn counts_line(pane: &BoardPane, i: &I18n, width: usize) -> Line<'static> {
    let counts = pane.store.status_counts();
    let mut line = Line::default();
    for fit in FITS {
        line = counts_line_as(pane, &counts, i, fit);
        if line.width() <= width {
            return line;
        }
    }
    ellipsize_line(line, width)
}

fn count_text(count: usize, compact: bool) -> String {
    match count {
        n if compact && n >= 1_000_000 => format!("{:.1}M", n as f64 / 1_000_000.0),
        n if compact && n >= 10_000 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

fn counts_line_as(
    pane: &BoardPane,
    counts: &[(Status, usize)],
    i: &I18n,
    fit: Fit,
) -> Line<'static> {
    let mut spans = Vec::new();
    let unknown: Vec<&(Status, usize)> = counts.iter().filter(|(s, _)| !s.is_known()).collect();
    for (n, (status, count)) in counts.iter().enumerate() {
        if !status.is_known() && fit.fold {
            continue;
        }
        if n > 0 {
            spans.push(Span::styled(" │ ", theme::dim()));
        }
        let on = pane.filter.statuses.contains(status);
        let style = if on { theme::selected() } else { Style::new() };
        if n < Status::KNOWN.len() {
            spans.push(Span::styled(format!("{} ", n + 1), theme::key()));
        }
        let mut label = if fit.short {
            status_short(i, status).to_owned()
        } else {
            status_label(i, status).to_owned()
        };
        let mut label_style = style.patch(theme::label());
        if !status.is_known() {
            // Kept and counted as it came, marked as not one of the five known.
            label.push_str(i.t(T::BoardUnknownStatus));
            label_style = style.patch(theme::warn());
        }
        spans.push(Span::styled(format!("{label} "), label_style));
        spans.push(Span::styled(
            count_text(*count, fit.compact),
            style.patch(theme::strong()),
        ));
    }
    if fit.fold && !unknown.is_empty() {
        let total: usize = unknown.iter().map(|(_, c)| c).sum();
        spans.push(Span::styled(" │ ", theme::dim()));
        spans.push(Span::styled(
            format!(
                "{} ",
                i.fmt(T::BoardOtherStatuses, &[("n", &unknown.len().to_string())])
            ),
            theme::warn(),
        ));
        spans.push(Span::styled(
            count_text(total, fit.compact),
            theme::strong(),
        ));
    }
    Line::from(spans)
}

/// A known status's short name (the counts line at narrow widths); others as they came.
fn status_short<'a>(i: &I18n, status: &'a Status) -> &'a str {
    match status {
        Status::Pending => i.t(T::StatusPendingShort),
        Status::Assigned => i.t(T::StatusAssignedShort),
        Status::InProgress => i.t(T::StatusInProgressShort),
        Status::Finished => i.t(T::StatusFinishedShort),
        Status::Cancelled => i.t(T::StatusCancelledShort),
        other => status_label(i, other),
    }
}

/// Where the team relay stands, for a board that follows one.
fn relay_span(state: &RelayState, relay: &NatsSettings, i: &I18n) -> Span<'static> {
    let url = relay.url.as_str();
    match state {
        RelayState::Off | RelayState::Connecting => Span::styled(
            i.fmt(T::BoardRelayConnecting, &[("url", url)]),
            theme::label(),
        ),
        RelayState::Live => Span::styled(i.fmt(T::BoardRelayLive, &[("url", url)]), theme::ok()),
        RelayState::Down { since, cause } => {
            let cause = match cause {
                DownCause::Nats(e) => e.clone(),
                DownCause::RelaySilent => i.t(T::BoardRelaySilent).to_owned(),
                DownCause::RelayStopped => i.t(T::BoardRelayStopped).to_owned(),
            };
            let mut text = i.fmt(
                T::BoardRelayDown,
                &[
                    ("time", &since.format("%H:%M:%S").to_string()),
                    ("cause", &cause),
                ],
            );
            if relay.fallback_poll {
                text.push_str(" · ");
                text.push_str(i.t(T::BoardRelayFallback));
            }
            Span::styled(text, theme::bad())
        }
    }
}

fn status_line(pane: &BoardPane, i: &I18n) -> Line<'static> {
    let mut spans = Vec::new();
    let poll = &pane.poll;
    // A failure first: it is what the supervisor must see when the line is cut.
    if let Some((error, failures, retry_in)) = &poll.failing {
        let text = if poll.rate_limited() {
            i.fmt(
                T::BoardRateLimited,
                &[("secs", &retry_in.as_secs().to_string())],
            )
        } else {
            i.fmt(
                T::BoardFailing,
                &[
                    ("failures", &failures.to_string()),
                    ("error", &i.api_error(error)),
                    ("secs", &retry_in.as_secs().to_string()),
                ],
            )
        };
        spans.push(Span::styled(text, theme::bad()));
        spans.push(Span::raw(" · "));
    }
    let hms = |t: &DateTime<Utc>| t.format("%H:%M:%S").to_string();
    if let Some(relay) = &pane.settings.relay {
        // Fed by the team relay: when it last brought something, and whether it is live.
        let updated = match &poll.last_ok {
            Some(at) => i.fmt(T::BoardUpdatedAt, &[("time", &hms(at))]),
            None => i.t(T::BoardNeverUpdated).to_owned(),
        };
        spans.push(Span::styled(updated, theme::label()));
        spans.push(Span::raw(" · "));
        spans.push(relay_span(&pane.relay, &relay.0, i));
    } else {
        // How fresh each part is: the open statuses, the sweep of everything, the pushes.
        let open_every = poll.open_every.unwrap_or(pane.settings.poll_interval);
        let updated = match &poll.open_at {
            Some(at) => i.fmt(
                T::BoardOpenFresh,
                &[
                    ("time", &hms(at)),
                    ("secs", &open_every.as_secs().to_string()),
                ],
            ),
            None => i.t(T::BoardNeverUpdated).to_owned(),
        };
        spans.push(Span::styled(updated, theme::label()));
        spans.push(Span::raw(" · "));
        let sweep_every = poll.sweep_every.unwrap_or(pane.settings.sweep_interval);
        let all = match &poll.swept_at {
            Some(at) => i.fmt(
                T::BoardAllFresh,
                &[
                    ("time", &hms(at)),
                    ("mins", &sweep_every.as_secs().div_ceil(60).to_string()),
                ],
            ),
            None => i.t(T::BoardAllPending).to_owned(),
        };
        spans.push(Span::styled(all, theme::label()));
        spans.push(Span::raw(" · "));
        let fed = match (&poll.pushed_at, poll.stretched) {
            (Some(at), true) => i.fmt(T::BoardFedPushes, &[("time", &hms(at))]),
            (Some(at), false) => i.fmt(T::BoardFedBoth, &[("time", &hms(at))]),
            (None, _) => i.t(T::BoardFedPolls).to_owned(),
        };
        spans.push(Span::styled(fed, theme::key()));
    }
    match &pane.webhook {
        WebhookState::Off => {}
        WebhookState::Listening(url) => {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                i.fmt(T::BoardWebhookOn, &[("url", url)]),
                theme::ok(),
            ));
        }
        WebhookState::Failed(e) => {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                i.fmt(T::BoardWebhookFailed, &[("error", e)]),
                theme::bad(),
            ));
        }
    }
    if pane.is_editing_filter() || !pane.filter.text.is_empty() {
        spans.push(Span::raw(" · "));
        let cursor = if pane.is_editing_filter() { "▏" } else { "" };
        spans.push(Span::styled(
            i.fmt(
                T::BoardFilter,
                &[("text", &format!("{}{cursor}", pane.filter.text))],
            ),
            theme::key(),
        ));
    }
    Line::from(spans)
}

fn notice_line(n: &Notice, i: &I18n) -> Line<'static> {
    match n {
        Notice::Checking { request } => Line::styled(
            i.fmt(T::StaleStatusChecking, &[("request", request)]),
            theme::label(),
        ),
        Notice::Reloaded { request } => Line::styled(
            i.fmt(T::StaleReloaded, &[("request", request)]),
            theme::warn(),
        ),
        Notice::NotSent { request } => Line::styled(
            i.fmt(T::StaleCancelled, &[("request", request)]),
            theme::label(),
        ),
        Notice::Changing { request, status } => Line::styled(
            i.fmt(
                T::StatusChanging,
                &[("request", request), ("status", status_label(i, status))],
            ),
            theme::label(),
        ),
        Notice::Changed { request, status } => Line::styled(
            i.fmt(
                T::StatusChanged,
                &[("request", request), ("status", status_label(i, status))],
            ),
            theme::ok(),
        ),
        Notice::Failed(e) => Line::styled(
            i.fmt(T::StatusChangeFailed, &[("error", &i.api_error(e))]),
            theme::bad(),
        ),
    }
}

/// The columns drawn at this width (the table's inner width), left to right, with their
/// widths (the last one fills). Names get more room than ids: a public id is cut from its
/// start (its end tells requests apart), a name after a whole word.
pub fn columns(width: u16) -> Vec<(Column, Constraint)> {
    use Constraint::{Fill, Length};
    if width < 110 {
        return vec![
            (Column::Id, Length(6)),
            (Column::Urgent, Length(3)),
            (Column::Status, Length(11)),
            (Column::RequestedAt, Length(8)),
            (Column::Service, Length(12)),
            (Column::Customer, Length(16)),
            (Column::Provider, Fill(1)),
        ];
    }
    let mut cols = vec![
        (Column::Id, Length(6)),
        (Column::Urgent, Length(7)),
        (Column::Status, Length(11)),
        (Column::RequestedAt, Length(9)),
        (Column::Service, Length(14)),
        (Column::Customer, Length(20)),
        (Column::PublicId, Length(15)),
        (Column::AccessIdentifier, Length(10)),
    ];
    if width >= 150 {
        cols.push((Column::Provider, Length(20)));
        cols.push((Column::Origin, Fill(1)));
    } else {
        cols.push((Column::Provider, Fill(1)));
    }
    cols
}

pub fn column_name(column: Column) -> T {
    match column {
        Column::Id => T::ColId,
        Column::PublicId => T::ColPublicId,
        Column::ExternalId => T::ColExternalId,
        Column::Status => T::ColStatus,
        Column::Service => T::ColService,
        Column::Customer => T::ColCustomer,
        Column::AccessIdentifier => T::ColAccessId,
        Column::Provider => T::ColProvider,
        Column::Origin => T::ColOrigin,
        Column::Destination => T::ColDestination,
        Column::RequestedAt => T::ColAge,
        Column::ScheduledDate => T::ColScheduled,
        Column::Urgent => T::ColUrgent,
    }
}

fn dir_mark(i: &I18n, dir: SortDir) -> &'static str {
    i.t(match dir {
        SortDir::Asc => T::SortAsc,
        SortDir::Desc => T::SortDesc,
    })
}

fn draw_table(pane: &BoardPane, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let title = i.fmt(
        T::BoardTitle,
        &[
            ("shown", &pane.view.len().to_string()),
            ("total", &pane.store.len().to_string()),
            ("column", i.t(column_name(pane.sort.column))),
            ("dir", dir_mark(i, pane.sort.dir)),
        ],
    );
    let mut block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {title} "));
    let unseen = pane.unseen_count();
    if unseen > 0 {
        // The mark's meaning in words, on the frame: never colour alone.
        block = block.title_bottom(Line::styled(
            format!(
                " {} ",
                i.fmt(T::BoardUnseenLegend, &[("n", &unseen.to_string())])
            ),
            theme::warn(),
        ));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // `o` cycles through the columns drawn at this width.
    pane.table_width.set(inner.width);
    if pane.view.is_empty() {
        let message =
            if !pane.poll.started || (pane.poll.last_ok.is_none() && pane.store.is_empty()) {
                T::BoardLoading
            } else if pane.store.is_empty() {
                T::BoardEmpty
            } else {
                T::BoardNoMatch
            };
        frame.render_widget(
            Paragraph::new(Line::styled(
                i.fmt(
                    message,
                    &[
                        (
                            "all",
                            &super::keys::TABLE_KEYS.label(super::keys::Cmd::AllStatuses),
                        ),
                        (
                            "clear",
                            &super::keys::TABLE_KEYS.label(super::keys::Cmd::ClearFilter),
                        ),
                    ],
                ),
                theme::label(),
            ))
            .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    // The visible window: keep the selection on screen, scroll as little as possible.
    let height = inner.height.saturating_sub(1).max(1) as usize;
    pane.page.set(height);
    let mut offset = pane.offset.get();
    if pane.selected < offset {
        offset = pane.selected;
    } else if pane.selected >= offset + height {
        offset = pane.selected + 1 - height;
    }
    offset = offset.min(pane.view.len().saturating_sub(height));
    pane.offset.set(offset);

    // The widths the table will give each column, so every cell is cut to fit, marked.
    let cols = columns(inner.width);
    let constraints = std::iter::once(Constraint::Length(1)).chain(cols.iter().map(|(_, w)| *w));
    let areas = Layout::horizontal(constraints)
        .spacing(1)
        .split(Rect::new(0, 0, inner.width, 1));
    let cols: Vec<(Column, usize)> = cols
        .iter()
        .zip(areas.iter().skip(1))
        .map(|((c, _), a)| (*c, a.width as usize))
        .collect();
    let header = Row::new(
        std::iter::once(Cell::from(" ")).chain(cols.iter().map(|(c, w)| {
            let name = match c {
                Column::Urgent if *w < 7 => T::ColUrgentShort,
                c => column_name(*c),
            };
            let mut name = i.t(name).to_owned();
            if *c == pane.sort.column {
                name.push(' ');
                name.push_str(dir_mark(i, pane.sort.dir));
            }
            Cell::from(ellipsize(&name, *w).into_owned())
        })),
    )
    .style(theme::label().patch(theme::strong()));
    let now = pane.now();
    let end = (offset + height).min(pane.view.len());
    let rows = pane.view[offset..end]
        .iter()
        .map(|index| table_row(pane, pane.store.row(*index), &cols, now, i));
    let widths: Vec<Constraint> = areas.iter().map(|a| Constraint::Length(a.width)).collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme::selected());
    let mut state = TableState::default().with_selected(Some(pane.selected - offset));
    frame.render_stateful_widget(table, inner, &mut state);
}

/// One table row; cells borrow the board's text (no copy per cell and frame).
fn table_row<'a>(
    pane: &BoardPane,
    row: &'a crate::board::Row,
    cols: &[(Column, usize)],
    now: DateTime<Utc>,
    i: &'a I18n,
) -> Row<'a> {
    use crate::board::Text;
    let fresh = pane.row_is_fresh(row);
    let mut cells = vec![if pane.is_unseen(row.id()) {
        // Changed while the agent was away: until they select it.
        Cell::from(Span::styled(
            "◆",
            theme::warn().add_modifier(Modifier::BOLD),
        ))
    } else if fresh {
        Cell::from(Span::styled("•", theme::warn()))
    } else {
        Cell::from(" ")
    }];
    for (col, width) in cols {
        let width = *width;
        // Names are cut after a whole word, ids from their start; both marked with `…`.
        let fit = |text: Option<&'a str>| Cell::from(ellipsize(or_dash(text), width));
        let text = |t: Text| fit(row.text(t));
        let cell = match col {
            Column::Id => Cell::from(row.id().to_string()),
            Column::Urgent if row.urgent => {
                let word = match i.t(T::BoardUrgent) {
                    w if w.chars().count() <= width => w,
                    _ => i.t(T::BoardUrgentShort),
                };
                Cell::from(Span::styled(
                    word,
                    theme::bad().add_modifier(Modifier::BOLD),
                ))
            }
            Column::Urgent => Cell::from(""),
            Column::Status => {
                let s = row.status_ref();
                if s.is_known() {
                    Cell::from(status_label(i, s))
                } else {
                    // Marked `?` like in the counts line, not by colour alone.
                    // A cut name keeps its mark.
                    let mark = i.t(T::BoardUnknownStatus);
                    let name = ellipsize(status_label(i, s), width.saturating_sub(mark.width()));
                    Cell::from(Span::styled(format!("{name}{mark}"), theme::warn()))
                }
            }
            Column::RequestedAt => match row.open_age(now) {
                Some(age) => {
                    // The level in a mark as well as in colour: `45m !`, `2h 05m !!`.
                    let (style, mark) = match row.sla_level(now, &pane.settings.sla) {
                        SlaLevel::Breach => (theme::bad(), Some(T::BoardSlaBreachMark)),
                        SlaLevel::Warn => (theme::warn(), Some(T::BoardSlaWarnMark)),
                        SlaLevel::Ok => (theme::ok(), None),
                        SlaLevel::NotApplicable => (theme::dim(), None),
                    };
                    let mut text = format_age(age);
                    if let Some(mark) = mark {
                        text.push_str(i.t(mark));
                    }
                    Cell::from(Span::styled(text, style))
                }
                None => Cell::from(Span::styled(crate::model::MISSING, theme::dim())),
            },
            Column::Customer => match row.customer() {
                Some(std::borrow::Cow::Borrowed(name)) => fit(Some(name)),
                Some(std::borrow::Cow::Owned(name)) => {
                    Cell::from(ellipsize(&name, width).into_owned())
                }
                None => Cell::from(crate::model::MISSING),
            },
            Column::PublicId => {
                Cell::from(ellipsize_start(or_dash(row.text(Text::PublicId)), width))
            }
            Column::ExternalId => text(Text::ExternalId),
            Column::Service => fit(row.service_name()),
            Column::AccessIdentifier => text(Text::AccessIdentifier),
            Column::Provider => fit(row.provider_name()),
            Column::Origin => text(Text::Origin),
            Column::Destination => text(Text::Destination),
            Column::ScheduledDate => text(Text::ScheduledDate),
        };
        cells.push(cell);
    }
    let row = Row::new(cells);
    if fresh {
        // Bold (yellow unless mono) plus the `•` marker: changed rows stand out without
        // colour too.
        row.style(theme::fresh_row())
    } else {
        row
    }
}
