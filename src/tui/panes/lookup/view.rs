//! Lookup's drawing: the search field, the kind line, and the result area.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::keys::{Cmd, RESULT_KEYS, SEARCH_KEYS};
use super::{Focus, How, LookupPane, SearchState};
use crate::model::{Contract, ContractSearchKind, or_dash};
use crate::tui::i18n::T;
use crate::tui::panes::ViewCtx;
use crate::tui::panes::contract::{date_range, status_badges};
use crate::tui::theme;
use crate::tui::widgets::spinner;

impl LookupPane {
    /// Where the parts go: search field, kind line, the notice line (when there is a
    /// notice) and the results (drawing and mouse hit-testing both use it).
    pub(super) fn areas(&self, area: Rect) -> [Rect; 4] {
        let [search, kind, results] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        let [notice, results] = Layout::vertical([
            Constraint::Length(u16::from(self.notice.is_some())),
            Constraint::Min(0),
        ])
        .areas(results);
        [search, kind, notice, results]
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let [search, kind, line, results] = self.areas(area);
        self.draw_search(frame, search, ctx);
        frame.render_widget(Paragraph::new(self.kind_line(ctx)), kind);
        if let Some(notice) = self.notice {
            // A notice may name the search key (`EmptyQuery`), as bound.
            let search = SEARCH_KEYS.label(Cmd::Search);
            let text = Line::styled(ctx.i18n.fmt(notice, &[("key", &search)]), theme::warn());
            frame.render_widget(Paragraph::new(text), line);
        }
        self.draw_results(frame, results, ctx);
    }

    fn draw_search(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let focused = self.focus == Focus::Search;
        let block = Block::bordered()
            .border_style(if focused {
                theme::border_focused()
            } else {
                theme::border()
            })
            .title(format!(" {} ", i.t(T::SearchLabel)));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.input.is_empty() {
            let cursor = if focused {
                Span::styled(" ", theme::selected())
            } else {
                Span::raw(" ")
            };
            let line = Line::from(vec![
                cursor,
                Span::styled(i.t(T::SearchPlaceholder), theme::dim()),
            ]);
            frame.render_widget(Paragraph::new(line), inner);
        } else {
            frame.render_widget(&self.input, inner);
        }
    }

    fn kind_line(&self, ctx: &ViewCtx) -> Line<'static> {
        let i = &ctx.i18n;
        let kind = if !self.kind_chosen && self.query().starts_with('+') {
            i.t(T::KindMobile)
        } else {
            i.kind(self.kind)
        };
        let how = i.t(if self.kind_chosen {
            T::Chosen
        } else {
            T::Guessed
        });
        Line::styled(
            i.fmt(
                T::SearchKind,
                &[
                    ("kind", kind),
                    ("how", how),
                    ("key", &SEARCH_KEYS.label(Cmd::NextKind)),
                ],
            ),
            theme::label(),
        )
    }

    fn draw_results(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let message = |lines: Vec<Line<'static>>| Paragraph::new(lines).wrap(Wrap { trim: true });
        match &self.state {
            SearchState::Idle => {
                let search = SEARCH_KEYS.label(Cmd::Search);
                let mut lines = vec![Line::styled(
                    i.fmt(T::LookupIntro, &[("key", &search)]),
                    theme::label(),
                )];
                if ctx.sandbox {
                    lines.push(Line::from(""));
                    lines.push(Line::styled(i.t(T::SandboxHint), theme::warn()));
                }
                frame.render_widget(message(lines), area);
            }
            SearchState::Loading { kind, value, .. } => {
                let line = Line::from(vec![
                    Span::styled(spinner::frame(ctx.tick), theme::key()),
                    Span::raw(" "),
                    Span::raw(i.fmt(
                        T::Searching,
                        &[
                            ("value", value),
                            ("kind", i.kind(*kind)),
                            ("key", &SEARCH_KEYS.label(Cmd::Escape)),
                        ],
                    )),
                ]);
                frame.render_widget(message(vec![line]), area);
            }
            SearchState::Cancelled { value } => {
                let line = Line::styled(
                    i.fmt(T::SearchCancelled, &[("value", value)]),
                    theme::warn(),
                );
                frame.render_widget(message(vec![line]), area);
            }
            SearchState::Failed { kind, value, error } => {
                let lines = vec![
                    Line::styled(
                        format!("{value} ({}): {}", i.kind(*kind), i.api_error(error)),
                        theme::bad(),
                    ),
                    Line::styled(
                        i.fmt(T::RetryHint, &[("key", &RESULT_KEYS.label(Cmd::Refresh))]),
                        theme::label(),
                    ),
                ];
                frame.render_widget(message(lines), area);
            }
            SearchState::Results {
                contracts,
                kind,
                value,
                ..
            } if contracts.is_empty() => {
                let line = Line::styled(
                    i.fmt(T::NoContracts, &[("value", value), ("kind", i.kind(*kind))]),
                    theme::strong(),
                );
                frame.render_widget(message(vec![line]), area);
            }
            SearchState::Results {
                contracts,
                kind,
                value,
                how,
            } => {
                let notes = how_lines(how, *kind, ctx);
                let area = if notes.is_empty() {
                    area
                } else {
                    // Wrapped, never cut: each note takes the rows its width needs.
                    let cols = area.width.max(1) as usize;
                    let rows: usize = notes.iter().map(|l| l.width().max(1).div_ceil(cols)).sum();
                    let [top, rest] =
                        Layout::vertical([Constraint::Length(rows as u16), Constraint::Min(0)])
                            .areas(area);
                    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: true }), top);
                    rest
                };
                let focused = self.focus == Focus::Results;
                let title = i.fmt(
                    T::ResultsTitle,
                    &[
                        ("count", &contracts.len().to_string()),
                        ("value", value),
                        ("kind", i.kind(*kind)),
                    ],
                );
                let block = Block::bordered()
                    .border_style(if focused {
                        theme::border_focused()
                    } else {
                        theme::border()
                    })
                    .title(format!(" {title} "))
                    // Found when searched, not live: say so, and how to refresh.
                    .title_bottom(format!(" {} ", i.t(T::ShiftSearchSnapshot)));
                let items: Vec<ListItem> =
                    contracts.iter().map(|c| contract_item(c, ctx)).collect();
                let list = List::new(items)
                    .block(block)
                    .highlight_symbol("▶ ")
                    .highlight_style(if focused {
                        theme::selected()
                    } else {
                        Style::default()
                    });
                let mut state = ListState::default().with_selected(Some(self.selected));
                frame.render_stateful_widget(list, area, &mut state);
            }
        }
    }
}

/// How the results were found, when not simply as typed: one line each.
fn how_lines(how: &How, kind: ContractSearchKind, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let mut lines = Vec::new();
    if let Some(typed) = &how.typed_phone {
        lines.push(Line::styled(
            i.fmt(T::ShiftPhoneSearchedAs, &[("typed", typed)]),
            theme::label(),
        ));
    }
    if how.by_contract_id {
        lines.push(Line::styled(i.t(T::ShiftFoundByContractId), theme::label()));
    }
    if !how.limits_from.is_empty() {
        let kind = if how.by_contract_id {
            ContractSearchKind::Id
        } else {
            kind
        };
        lines.push(Line::styled(
            i.fmt(
                T::ShiftLimitsFrom,
                &[
                    ("kind", i.kind(kind)),
                    ("identifier", &how.limits_from.join(", ")),
                ],
            ),
            theme::label(),
        ));
    }
    lines
}

fn contract_item(c: &Contract, ctx: &ViewCtx) -> ListItem<'static> {
    let i = &ctx.i18n;
    let mut first = status_badges(c, ctx);
    first.push(Span::raw(" "));
    let name = c.full_name();
    first.push(Span::styled(
        or_dash(Some(&name)).to_owned(),
        theme::strong(),
    ));
    first.push(Span::raw(" — "));
    first.push(Span::raw(
        or_dash(c.plan_name.as_deref().or(c.plan_code.as_deref())).to_owned(),
    ));
    let second = Line::from(vec![
        Span::raw("  "),
        Span::raw(date_range(c, i.lang)),
        Span::styled(format!(" · {}: ", i.t(T::ColMobile)), theme::label()),
        Span::raw(or_dash(c.mobile_phone_number.as_deref()).to_owned()),
        Span::styled(format!(" · {}: ", i.t(T::ColContract)), theme::label()),
        Span::raw(or_dash(c.unique_contract_id.as_deref()).to_owned()),
    ]);
    ListItem::new(vec![Line::from(first), second])
}
