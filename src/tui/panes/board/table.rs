//! Drawing the board: status counts, refresh line, and the table — only the rows on
//! screen are turned into cells, so a redraw costs the same with 100 or 100,000 requests.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::{BoardPane, Notice, RelayState, WebhookState, status_label};
use crate::board::{Column, SlaLevel, SortDir, format_age};
use crate::model::{Status, or_dash};
use crate::relay::NatsSettings;
use crate::relay::watch::DownCause;
use crate::tui::i18n::{I18n, T};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;

pub fn draw(pane: &BoardPane, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let notice = pane.notice.is_some();
    let counts_line = counts_line(pane, &ctx.i18n);
    // Many unknown statuses wrap onto a second line rather than being cut.
    let counts_height = (counts_line.width() as u16)
        .div_ceil(area.width.max(1))
        .clamp(1, 2);
    let [counts, status, body, notice_area] = Layout::vertical([
        Constraint::Length(counts_height),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(u16::from(notice)),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(counts_line).wrap(ratatui::widgets::Wrap { trim: true }),
        counts,
    );
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

fn counts_line(pane: &BoardPane, i: &I18n) -> Line<'static> {
    let mut spans = Vec::new();
    for (n, (status, count)) in pane.store.status_counts().into_iter().enumerate() {
        if n > 0 {
            spans.push(Span::styled(" │ ", theme::dim()));
        }
        let on = pane.filter.statuses.contains(&status);
        let style = if on { theme::selected() } else { Style::new() };
        if n < Status::KNOWN.len() {
            spans.push(Span::styled(format!("{} ", n + 1), theme::key()));
        }
        let mut label = status_label(i, &status).to_owned();
        let mut label_style = style.patch(theme::label());
        if !status.is_known() {
            // Kept and counted as it came, marked as not one of the five known.
            label.push_str(i.t(T::BoardUnknownStatus));
            label_style = style.patch(theme::warn());
        }
        spans.push(Span::styled(format!("{label} "), label_style));
        spans.push(Span::styled(
            count.to_string(),
            style.patch(theme::strong()),
        ));
    }
    Line::from(spans)
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

/// The columns drawn at this width, with their widths (the last one fills).
fn columns(width: u16) -> Vec<(Column, Constraint)> {
    let mut cols = vec![
        (Column::Id, Constraint::Length(6)),
        (Column::Status, Constraint::Length(11)),
        (Column::RequestedAt, Constraint::Length(9)),
        (Column::Service, Constraint::Length(14)),
        (Column::Customer, Constraint::Length(18)),
    ];
    if width >= 110 {
        cols.push((Column::PublicId, Constraint::Length(20)));
        cols.push((Column::AccessIdentifier, Constraint::Length(12)));
        cols.push((Column::Provider, Constraint::Length(18)));
        cols.push((Column::Origin, Constraint::Fill(1)));
    } else {
        cols.push((Column::Provider, Constraint::Fill(1)));
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
    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
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
            Paragraph::new(Line::styled(i.t(message), theme::label()))
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

    let cols = columns(inner.width);
    let header = Row::new(
        std::iter::once(Cell::from(" ")).chain(cols.iter().map(|(c, _)| {
            let mut name = i.t(column_name(*c)).to_owned();
            if *c == pane.sort.column {
                name.push(' ');
                name.push_str(dir_mark(i, pane.sort.dir));
            }
            Cell::from(name)
        })),
    )
    .style(theme::label().patch(theme::strong()));
    let now = pane.now();
    let end = (offset + height).min(pane.view.len());
    let rows = pane.view[offset..end]
        .iter()
        .map(|index| table_row(pane, pane.store.row(*index), &cols, now, i));
    let mut widths: Vec<Constraint> = cols.iter().map(|(_, w)| *w).collect();
    widths.insert(0, Constraint::Length(1));
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
    cols: &[(Column, Constraint)],
    now: DateTime<Utc>,
    i: &'a I18n,
) -> Row<'a> {
    use crate::board::Text;
    let fresh = pane.row_is_fresh(row);
    let mut cells = vec![if fresh {
        Cell::from(Span::styled("•", theme::warn()))
    } else {
        Cell::from(" ")
    }];
    let text = |t: Text| Cell::from(or_dash(row.text(t)));
    for (col, _) in cols {
        let cell = match col {
            Column::Id => Cell::from(row.id().to_string()),
            Column::Status => {
                let s = row.status_ref();
                if s.is_known() {
                    Cell::from(status_label(i, s))
                } else {
                    // Marked `?` like in the counts line, not by colour alone.
                    Cell::from(Span::styled(
                        format!("{}{}", status_label(i, s), i.t(T::BoardUnknownStatus)),
                        theme::warn(),
                    ))
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
                Some(std::borrow::Cow::Borrowed(name)) => Cell::from(or_dash(Some(name))),
                Some(std::borrow::Cow::Owned(name)) => Cell::from(name),
                None => Cell::from(crate::model::MISSING),
            },
            Column::PublicId => text(Text::PublicId),
            Column::ExternalId => text(Text::ExternalId),
            Column::Service => Cell::from(or_dash(row.service_name())),
            Column::AccessIdentifier => text(Text::AccessIdentifier),
            Column::Provider => Cell::from(or_dash(row.provider_name())),
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
