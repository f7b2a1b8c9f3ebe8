//! The contract detail's drawing: the summary, the service list, and the selected
//! service's limits (gauges, dates, copayment tiers, waiting periods).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::ContractPane;
use crate::model::{
    Contract, ContractSearchKind, JsonObject, LimitGroup, Service, ServiceLimit, or_dash,
};
use crate::tui::i18n::{I18n, T};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::badge::badge;
use crate::tui::widgets::gauge::gauge_line;

impl ContractPane {
    /// Where the parts go: the summary, the service list, the limits (drawing and mouse
    /// hit-testing both use it).
    pub(super) fn areas(area: Rect) -> [Rect; 3] {
        let [summary, body] =
            Layout::vertical([Constraint::Length(6), Constraint::Min(0)]).areas(area);
        let services_width = (area.width / 3).clamp(22, 34);
        let [services, limits] =
            Layout::horizontal([Constraint::Length(services_width), Constraint::Min(0)])
                .areas(body);
        [summary, services, limits]
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let [summary, services, limits] = Self::areas(area);
        self.draw_summary(frame, summary, ctx);
        self.draw_services(frame, services, ctx);
        self.draw_limits(frame, limits, ctx);
    }

    fn draw_summary(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let c = &self.contract;
        let mut title = vec![Span::raw(" ")];
        title.extend(status_badges(c, ctx));
        title.push(Span::styled(
            format!(" {} ", or_dash(Some(&c.full_name()))),
            theme::strong(),
        ));
        let block = Block::bordered()
            .border_style(theme::border())
            .title(Line::from(title))
            .title_bottom(format!(" {} ", i.t(T::ShiftSearchSnapshot)));
        let field = |label: T, value: Option<&str>| -> Vec<Span<'static>> {
            vec![
                Span::styled(format!("{}: ", i.t(label)), theme::label()),
                Span::raw(or_dash(value).to_owned()),
                Span::raw("   "),
            ]
        };
        let plan = match (c.plan_name.as_deref(), c.plan_code.as_deref()) {
            (Some(name), Some(code)) => Some(format!("{name} ({code})")),
            (name, code) => name.or(code).map(str::to_owned),
        };
        let range = date_range(c, i.lang);
        let lines = vec![
            Line::from(
                [
                    field(T::FieldAccessIdentifier, c.access_identifier.as_deref()),
                    field(T::FieldDocument, c.document_identifier.as_deref()),
                ]
                .concat(),
            ),
            Line::from(
                [
                    field(T::FieldPlan, plan.as_deref()),
                    field(T::FieldValid, Some(&range)),
                ]
                .concat(),
            ),
            Line::from(
                [
                    field(T::FieldMobile, c.mobile_phone_number.as_deref()),
                    field(T::FieldContract, c.unique_contract_id.as_deref()),
                ]
                .concat(),
            ),
            Line::from(
                [
                    field(T::FieldEmail, c.email.as_deref()),
                    field(T::FieldPlate, c.vehicle_plate_number.as_deref()),
                ]
                .concat(),
            ),
        ];
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }

    fn draw_services(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(" {} ", i.t(T::Services)));
        let services = self.contract.services();
        if services.is_empty() {
            frame.render_widget(
                Paragraph::new(i.t(T::NoServices))
                    .wrap(Wrap { trim: true })
                    .block(block),
                area,
            );
            return;
        }
        // An expired or inactive contract's services are marked as such: none is offered.
        let unusable =
            (!self.contract.is_usable(ctx.today)).then(|| status_badges(&self.contract, ctx));
        let items: Vec<ListItem> = services
            .iter()
            .map(|s| {
                let state = match &unusable {
                    // EXPIRED says more than INACTIVE when both hold.
                    Some(badges) => badges.last().cloned().unwrap_or_default(),
                    None => service_state(s, self.kind, i),
                };
                ListItem::new(vec![
                    Line::styled(or_dash(s.name.as_deref()).to_owned(), theme::strong()),
                    Line::from(vec![Span::raw("  "), state]),
                ])
            })
            .collect();
        let list = List::new(items)
            .block(block)
            .highlight_symbol("▶ ")
            .highlight_style(theme::selected());
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, area, &mut state);
    }

    fn draw_limits(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let Some(service) = self.selected_service() else {
            frame.render_widget(Block::bordered().border_style(theme::border()), area);
            return;
        };
        let title = i.fmt(
            T::LimitsOf,
            &[("service", or_dash(service.name.as_deref()))],
        );
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {title} "));
        let width = block.inner(area).width as usize;
        let mut lines = Vec::new();
        if !self.contract.is_usable(ctx.today) {
            let mut refusal = status_badges(&self.contract, ctx);
            refusal.push(Span::raw(" "));
            refusal.push(Span::styled(
                i.t(T::ShiftNoNewRequest).to_owned(),
                if self.refused {
                    theme::bad()
                } else {
                    theme::warn()
                },
            ));
            lines.push(Line::from(refusal));
            lines.push(Line::from(""));
        }
        if !self.limits_from.is_empty() {
            lines.push(Line::styled(
                i.fmt(
                    T::ShiftLimitsFromShort,
                    &[("identifier", &self.limits_from.join(", "))],
                ),
                theme::label(),
            ));
        }
        lines.extend(limit_lines(service, self.kind, width, ctx));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(block),
            area,
        );
    }
}

/// The word (and colour) saying whether a service can be used.
fn service_state(s: &Service, kind: ContractSearchKind, i: &I18n) -> Span<'static> {
    if !kind.returns_limits() {
        return Span::styled(i.t(T::LimitsUnknown), theme::dim());
    }
    match &s.limits {
        None => Span::styled(i.t(T::LimitsUnknown), theme::dim()),
        Some(l) if l.is_blocked() => badge(i.t(T::Blocked), theme::bad_badge()),
        Some(l) if !l.has_any() => Span::styled(i.t(T::NoLimits), theme::label()),
        Some(_) => Span::styled(i.t(T::Available), theme::ok()),
    }
}

/// Everything about one service's limits, as lines of a scrollable paragraph.
pub fn limit_lines(
    service: &Service,
    kind: ContractSearchKind,
    width: usize,
    ctx: &ViewCtx,
) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    if !kind.returns_limits() {
        return vec![Line::styled(
            i.fmt(T::LimitsNotReturned, &[("kind", i.kind(kind))]),
            theme::warn(),
        )];
    }
    let Some(limits) = &service.limits else {
        return vec![Line::styled(i.t(T::LimitsUnknown), theme::dim())];
    };
    let mut lines = Vec::new();
    if limits.is_blocked() {
        let groups: Vec<&str> = limits.blocking().map(|(g, _)| i.limit_group(g)).collect();
        let why = if groups.is_empty() {
            i.t(T::BlockedRoot).to_owned()
        } else {
            i.fmt(T::BlockedBy, &[("groups", &groups.join(", "))])
        };
        lines.push(Line::from(vec![
            badge(i.t(T::Blocked), theme::bad_badge()),
            Span::raw(" "),
            Span::styled(why, theme::bad()),
        ]));
        lines.push(Line::from(""));
    }
    if !limits.has_any() {
        lines.push(Line::styled(i.t(T::NoLimitsLong), theme::ok()));
        return lines;
    }
    let bar = width.saturating_sub(40).clamp(8, 24);
    for (group, limit) in limits.present() {
        lines.extend(group_lines(group, limit, bar, width, ctx));
        lines.push(Line::from(""));
    }
    lines
}

fn group_lines(
    group: LimitGroup,
    limit: &ServiceLimit,
    bar: usize,
    width: usize,
    ctx: &ViewCtx,
) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let blocked = limit.block_service == Some(true);
    let mut head = vec![Span::styled(
        i.limit_group(group).to_owned(),
        if blocked {
            theme::bad()
        } else {
            theme::strong()
        },
    )];
    if blocked {
        head.push(Span::raw(" "));
        head.push(badge(i.t(T::Blocked), theme::bad_badge()));
    }
    let mut lines = vec![Line::from(head)];

    if group == LimitGroup::WaitingPeriod {
        let text = match (limit.until(), limit.multiplans_until_date.as_deref()) {
            (Some(until), Some(raw)) => {
                let days = (until - ctx.today).num_days();
                if days > 0 {
                    Line::styled(
                        format!(
                            "  {}",
                            i.fmt(
                                T::WaitingUntil,
                                &[
                                    ("date", &crate::tui::numbers::day(raw, i.lang)),
                                    ("days", &days.to_string())
                                ]
                            )
                        ),
                        if blocked { theme::bad() } else { theme::warn() },
                    )
                } else {
                    Line::styled(
                        format!(
                            "  {}",
                            i.fmt(
                                T::WaitingOver,
                                &[("date", &crate::tui::numbers::day(raw, i.lang))]
                            )
                        ),
                        theme::ok(),
                    )
                }
            }
            (None, Some(raw)) => Line::raw(format!("  {}", i.fmt(T::Until, &[("date", raw)]))),
            _ => Line::styled(format!("  {}", i.t(T::WaitingNoDate)), theme::label()),
        };
        lines.push(text);
    } else if let Some(ratio) = limit.ratio() {
        // Said as the language writes numbers (1.500 / 1,500).
        let said = |v: f64| crate::tui::numbers::amount(v, i.lang);
        let progress = said(limit.multiplans_limit_progress.unwrap_or_default());
        let max = said(limit.limit_value().unwrap_or_default());
        let key = if group.counts_uses() {
            T::UsesOf
        } else if group.is_cost() {
            T::CostOf
        } else {
            T::ProgressOf
        };
        let label = i.fmt(key, &[("progress", &progress), ("limit", &max)]);
        lines.push(gauge_line(ratio, bar, label, blocked));
    } else if let Some(max) = limit.multiplans_limit.as_deref() {
        let label = i.fmt(T::ProgressOf, &[("progress", "—"), ("limit", max)]);
        lines.push(Line::raw(format!("  {label}")));
    }

    if group != LimitGroup::WaitingPeriod
        && let Some(date) = limit.multiplans_until_date.as_deref()
    {
        lines.push(Line::styled(
            format!(
                "  {}",
                i.fmt(
                    T::Until,
                    &[("date", &crate::tui::numbers::day(date, i.lang))]
                )
            ),
            theme::label(),
        ));
    }

    if let Some(tiers) = limit.copayment_tiers.as_deref() {
        lines.push(Line::styled(
            format!("  {}:", i.t(T::Tiers)),
            theme::label(),
        ));
        // The next use is the one after those counted so far.
        let next = (group == LimitGroup::VariableCopaymentByUsageByPeriod)
            .then(|| limit.multiplans_limit_progress.unwrap_or_default().floor() + 1.0);
        if tiers.is_empty() {
            lines.push(Line::styled(
                format!("    {}", i.t(T::NoTiers)),
                theme::dim(),
            ));
        } else if let Some(sentences) = crate::tui::numbers::tier_sentences(tiers, group, next, i) {
            for (text, here) in sentences {
                lines.push(if here {
                    Line::from(vec![
                        Span::styled(format!("  ▶ {text}"), theme::strong()),
                        Span::styled(format!(" {}", i.t(T::ShiftTierNext)), theme::warn()),
                    ])
                } else {
                    Line::raw(format!("    {text}"))
                });
            }
        } else {
            lines.extend(tier_table(tiers, width));
        }
    }
    lines
}

/// Copayment tiers as a text table: one column per key any tier has (first seen first),
/// so no key the server sends is hidden. Too wide for `width`, each tier becomes one
/// `key: value, …` line instead (wrapped by the paragraph).
pub fn tier_table(tiers: &[JsonObject], width: usize) -> Vec<Line<'static>> {
    let mut columns: Vec<String> = Vec::new();
    for tier in tiers {
        for key in tier.keys() {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let rows: Vec<Vec<String>> = tiers
        .iter()
        .map(|t| {
            columns
                .iter()
                .map(|c| t.get(c).map(cell_text).unwrap_or_else(|| "—".into()))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(n, c)| {
            rows.iter()
                .map(|r| r[n].chars().count())
                .chain([c.chars().count()])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let render = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        format!("    {}", padded.join(" │ ")).trim_end().to_owned()
    };
    let table_width = 4 + widths.iter().sum::<usize>() + 3 * widths.len().saturating_sub(1);
    if table_width > width {
        return rows
            .iter()
            .map(|r| {
                let pairs: Vec<String> = columns
                    .iter()
                    .zip(r)
                    .map(|(c, v)| format!("{c}: {v}"))
                    .collect();
                Line::raw(format!("    · {}", pairs.join(", ")))
            })
            .collect();
    }
    let mut lines = vec![Line::styled(render(&columns), theme::strong())];
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    lines.push(Line::styled(
        format!("    {}", rule.join("─┼─")),
        theme::dim(),
    ));
    lines.extend(rows.iter().map(|r| Line::raw(render(r))));
    lines
}

fn cell_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// `start → end` (dates only), in `lang`'s date format.
pub fn date_range(c: &Contract, lang: crate::config::Language) -> String {
    let day = |d: Option<&str>| match d {
        Some(d) if !d.trim().is_empty() => crate::tui::numbers::day(d, lang),
        other => or_dash(other).to_owned(),
    };
    format!(
        "{} → {}",
        day(c.start_date.as_deref()),
        day(c.end_date.as_deref())
    )
}

/// ACTIVE / INACTIVE / EXPIRED as words on colour, never colour alone.
pub fn status_badges(c: &Contract, ctx: &ViewCtx) -> Vec<Span<'static>> {
    let i = &ctx.i18n;
    let mut out = Vec::new();
    if c.active == Some(false) {
        out.push(badge(i.t(T::StatusInactive), theme::bad_badge()));
    }
    if c.is_expired(ctx.today) {
        out.push(badge(i.t(T::StatusExpired), theme::bad_badge()));
    }
    if out.is_empty() {
        out.push(badge(i.t(T::StatusActive), theme::ok_badge()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_table_shows_the_union_of_keys() {
        let tiers: Vec<JsonObject> = serde_json::from_str(
            r#"[{"from": 1, "to": 3, "amount": "10.0"}, {"from": 4, "percentage": 20, "note": null}]"#,
        )
        .unwrap();
        let lines = tier_table(&tiers, 200);
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        for key in ["from", "to", "amount", "percentage", "note"] {
            assert!(text[0].contains(key), "{key} missing in {}", text[0]);
        }
        assert!(text[2].contains("10.0"));
        assert!(text[3].contains("20"));
        assert_eq!(lines.len(), 4);
        // Narrow: one line per tier, still every key.
        let narrow = tier_table(&tiers, 30);
        assert_eq!(narrow.len(), 2);
        let second: String = narrow[1].spans.iter().map(|s| s.content.as_ref()).collect();
        for key in ["from", "to", "amount", "percentage", "note"] {
            assert!(
                second.contains(&format!("{key}: ")),
                "{key} missing in {second}"
            );
        }
    }
}
