//! Drawing the ranking pane: the zone and service fields, notes, the ranked providers
//! (or why there are none), and the assignment picker.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};

use super::keys::{Cmd, RESULT_KEYS, ZONE_KEYS};
use super::{
    AssignPicker, Focus, RankNotice, RankState, RankingPane, is_missing_params, request_label,
};
use crate::model::or_dash;
use crate::tui::i18n::{I18n, T};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::{popup, spinner};

/// The zone field and the service box, side by side.
pub(super) fn form_areas(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area)
}

impl RankingPane {
    pub(super) fn draw_form(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let focused = self.focus == Focus::Zone && self.assign.is_none();
        let [zone_area, service_area] = form_areas(area);
        let zone_block = Block::bordered()
            .border_style(if focused {
                theme::border_focused()
            } else {
                theme::border()
            })
            .title(format!(" {} ", i.t(T::RankZone)));
        let zone_line = if self.zone.is_empty() {
            Line::from(vec![
                Span::styled(
                    " ",
                    if focused {
                        theme::selected()
                    } else {
                        Style::new()
                    },
                ),
                Span::styled(i.t(T::RankZonePlaceholder), theme::dim()),
            ])
        } else {
            Line::from(vec![
                Span::raw(self.zone.clone()),
                Span::styled(
                    " ",
                    if focused {
                        theme::selected()
                    } else {
                        Style::new()
                    },
                ),
            ])
        };
        frame.render_widget(Paragraph::new(zone_line).block(zone_block), zone_area);
        let service_block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {} ", i.t(T::RankService)));
        let service_line = match self.selected_service() {
            Some(s) => Line::from(vec![
                Span::styled("◀ ", theme::key()),
                Span::styled(or_dash(s.name.as_deref()).to_owned(), theme::strong()),
                Span::styled(
                    format!(" ({})", or_dash(s.external_id.as_deref())),
                    theme::label(),
                ),
                Span::styled(" ▶", theme::key()),
            ]),
            None => Line::styled(i.t(T::RankNoServices), theme::warn()),
        };
        frame.render_widget(
            Paragraph::new(service_line).block(service_block),
            service_area,
        );
    }

    pub(super) fn info_lines(&self, i: &I18n) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(t) = &self.target {
            lines.push(Line::styled(
                i.fmt(T::RankFor, &[("request", &request_label(t))]),
                theme::key(),
            ));
        }
        if !self.recent.is_empty() {
            lines.push(Line::styled(
                i.fmt(
                    T::RankRecent,
                    &[(
                        "zones",
                        &self
                            .recent
                            .iter()
                            .take(6)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", "),
                    )],
                ),
                theme::label(),
            ));
        }
        if let Some(n) = &self.notice {
            lines.push(match n {
                RankNotice::NeedZone => Line::styled(
                    i.fmt(T::RankNeedZone, &[("key", &ZONE_KEYS.label(Cmd::Rank))]),
                    theme::warn(),
                ),
                RankNotice::NeedService => Line::styled(i.t(T::RankNeedService), theme::warn()),
                RankNotice::Checking { provider, request } => Line::styled(
                    i.fmt(
                        T::StaleAssignChecking,
                        &[("provider", provider), ("request", request)],
                    ),
                    theme::label(),
                ),
                RankNotice::Reloaded { request } => Line::styled(
                    i.fmt(T::StaleReloaded, &[("request", request)]),
                    theme::warn(),
                ),
                RankNotice::NotSent { request } => Line::styled(
                    i.fmt(T::StaleCancelled, &[("request", request)]),
                    theme::label(),
                ),
                RankNotice::Assigning { provider, request } => Line::styled(
                    i.fmt(
                        T::Assigning,
                        &[("provider", provider), ("request", request)],
                    ),
                    theme::label(),
                ),
                RankNotice::Assigned { provider, request } => Line::styled(
                    i.fmt(T::Assigned, &[("provider", provider), ("request", request)]),
                    theme::ok(),
                ),
                RankNotice::AssignFailed(e) => Line::styled(
                    i.fmt(T::AssignFailed, &[("error", &i.api_error(e))]),
                    theme::bad(),
                ),
            });
        }
        lines
    }

    pub(super) fn draw_results(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let message = |lines: Vec<Line<'static>>| Paragraph::new(lines).wrap(Wrap { trim: true });
        match &self.state {
            RankState::Idle => frame.render_widget(
                message(vec![Line::styled(
                    i.fmt(
                        T::RankIntro,
                        &[
                            ("prev", &ZONE_KEYS.label(Cmd::ServicePrev)),
                            ("next", &ZONE_KEYS.label(Cmd::ServiceNext)),
                            ("key", &ZONE_KEYS.label(Cmd::Rank)),
                        ],
                    ),
                    theme::label(),
                )]),
                area,
            ),
            RankState::Loading { zone, service, .. } => frame.render_widget(
                message(vec![Line::from(vec![
                    Span::styled(spinner::frame(ctx.tick), theme::key()),
                    Span::raw(" "),
                    Span::raw(i.fmt(T::RankLoading, &[("zone", zone), ("service", service)])),
                ])]),
                area,
            ),
            RankState::Failed { error, .. } if is_missing_params(error) => frame.render_widget(
                message(vec![Line::styled(i.t(T::RankMissingParams), theme::warn())]),
                area,
            ),
            RankState::Failed { error, .. } => frame.render_widget(
                message(vec![
                    Line::styled(
                        i.fmt(T::RankFailed, &[("error", &i.api_error(error))]),
                        theme::bad(),
                    ),
                    Line::styled(
                        i.fmt(T::RetryHint, &[("key", &RESULT_KEYS.label(Cmd::Rank))]),
                        theme::label(),
                    ),
                ]),
                area,
            ),
            RankState::Ranked {
                zone,
                service,
                providers,
            } if providers.is_empty() => frame.render_widget(
                message(vec![Line::styled(
                    i.fmt(T::RankEmpty, &[("zone", zone), ("service", service)]),
                    theme::strong(),
                )]),
                area,
            ),
            RankState::Ranked {
                zone,
                service,
                providers,
            } => {
                let focused = self.focus == Focus::Results && self.assign.is_none();
                let title = i.fmt(
                    T::RankTitle,
                    &[
                        ("count", &providers.len().to_string()),
                        ("service", service),
                        ("zone", zone),
                    ],
                );
                let header = Row::new(vec![
                    i.t(T::RankColPosition),
                    i.t(T::RankColProvider),
                    i.t(T::RankColExternal),
                ])
                .style(theme::label().patch(theme::strong()));
                let rows = providers.iter().map(|p| {
                    Row::new(vec![
                        p.position.map(|n| n.to_string()).unwrap_or_default(),
                        or_dash(p.provider_name.as_deref()).to_owned(),
                        or_dash(p.external_id.as_deref()).to_owned(),
                    ])
                });
                let table = Table::new(
                    rows,
                    [
                        Constraint::Length(5),
                        Constraint::Fill(2),
                        Constraint::Fill(1),
                    ],
                )
                .header(header)
                .block(
                    Block::bordered()
                        .border_style(if focused {
                            theme::border_focused()
                        } else {
                            theme::border()
                        })
                        .title(format!(" {title} "))
                        // The ranking is as it was asked for, not live: say so.
                        .title_bottom(format!(" {} ", i.t(T::ShiftRankSnapshot))),
                )
                .highlight_symbol("▶ ")
                .row_highlight_style(if focused {
                    theme::selected()
                } else {
                    Style::new()
                });
                let mut state = TableState::default().with_selected(Some(self.selected));
                frame.render_stateful_widget(table, area, &mut state);
            }
        }
    }

    pub(super) fn draw_assign(
        &self,
        picker: &AssignPicker,
        frame: &mut Frame,
        area: Rect,
        ctx: &ViewCtx,
    ) {
        let i = &ctx.i18n;
        let rect = popup::centered(area, 70, 12);
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(
                " {} ",
                i.fmt(T::AssignTitle, &[("provider", &picker.provider)])
            ));
        let service = self.service_name(&picker.service_external_id);
        match &picker.requests {
            None => frame.render_widget(
                Paragraph::new(i.fmt(T::AssignLoading, &[("service", &service)])).block(block),
                rect,
            ),
            Some(Err(e)) => frame.render_widget(
                Paragraph::new(Line::styled(i.api_error(e), theme::bad()))
                    .wrap(Wrap { trim: true })
                    .block(block),
                rect,
            ),
            Some(Ok(list)) if list.is_empty() => frame.render_widget(
                Paragraph::new(i.fmt(T::AssignNone, &[("service", &service)])).block(block),
                rect,
            ),
            Some(Ok(list)) => {
                let items: Vec<ListItem> = list
                    .iter()
                    .map(|r| {
                        ListItem::new(format!(
                            "{} · {} · {}",
                            request_label(r),
                            crate::tui::panes::board::status_label(i, &r.status()),
                            or_dash(Some(&r.user_name())),
                        ))
                    })
                    .collect();
                let list = List::new(items)
                    .block(block)
                    .highlight_symbol("▶ ")
                    .highlight_style(theme::selected());
                let mut state = ListState::default().with_selected(Some(picker.selected));
                frame.render_stateful_widget(list, rect, &mut state);
            }
        }
    }
}
