//! Drawing the request pane: the hub (drafts, outbox, recent contracts), the form (one line
//! per field: label, input, message beside it) and the result of a send.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::fields::{FieldId, Fixed, FormData, InputKind, Item};
use super::keys::{DONE_KEYS, DoneCmd, FORM_KEYS, FormCmd, HUB_KEYS, HubCmd};
use super::{Done, FormState, HubRow, Notice, Popup, RequestFormPane, View};
use crate::config::Language;
use crate::forms::FormCatalog;
use crate::local::OutboxState;
use crate::model::or_dash;
use crate::tui::i18n::{I18n, T};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::{badge::badge, popup, spinner};
use unicode_width::UnicodeWidthStr;

pub fn draw(pane: &RequestFormPane, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    match (pane.view, &pane.form) {
        (View::Form, Some(form)) => draw_form(pane, form, frame, area, ctx),
        (View::Done, _) => draw_done(pane, frame, area, ctx),
        _ => draw_hub(pane, frame, area, ctx),
    }
}

/// `text` cut to `width` characters, with `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A field's label in `lang`.
pub fn field_label(data: &FormData, catalog: &FormCatalog, id: &FieldId, lang: Language) -> String {
    match id {
        FieldId::Fixed(f) => I18n::new(lang).t(f.label()).to_owned(),
        FieldId::Question(k) => data
            .question(catalog, k)
            .map_or_else(|| k.clone(), |q| q.text.get(lang).to_owned()),
    }
}

fn notice_line(notice: &Notice, pane: &RequestFormPane, ctx: &ViewCtx) -> Line<'static> {
    let i = &ctx.i18n;
    let mut args: Vec<(&str, String)> = notice.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    if let (Some(field), Some(form)) = (&notice.field, &pane.form) {
        args.push((
            "field",
            field_label(&form.data, &pane.catalog, field, i.lang),
        ));
    }
    let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let text = i.fmt(notice.key, &refs);
    if notice.bad {
        Line::styled(format!("✗ {text}"), theme::bad())
    } else {
        Line::styled(format!("✓ {text}"), theme::ok())
    }
}

// ---- form ----

/// The lines above the fields: the title, and the blocked and urgent notes.
fn head_lines(pane: &RequestFormPane, form: &FormState, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let catalog = &pane.catalog;
    let data = &form.data;
    let mut head: Vec<Line> = vec![title_line(data, ctx)];
    let blocked = data.is_blocked() && !data.is_edit();
    if blocked {
        let groups: Vec<&str> = data
            .blocking_groups()
            .into_iter()
            .map(|g| i.limit_group(g))
            .collect();
        let why = if groups.is_empty() {
            i.t(T::BlockedRoot).to_owned()
        } else {
            i.fmt(T::BlockedBy, &[("groups", &groups.join(", "))])
        };
        head.push(Line::from(vec![
            badge(i.t(T::Blocked), theme::bad_badge()),
            Span::raw(" "),
            Span::styled(
                format!("{why} · {}", i.t(T::FormBlockedConfirm)),
                theme::bad(),
            ),
        ]));
    }
    if !data.is_edit() && data.question_set(catalog).is_urgent(&data.answers) {
        head.push(Line::from(vec![
            badge(i.t(T::FormUrgent), theme::bad_badge()),
            Span::raw(" "),
            Span::styled(i.t(T::FormUrgentHint), theme::warn()),
        ]));
    }
    head
}

/// Where the form's parts go: head lines, the fields' box, the two lines under it
/// (drawing and mouse hit-testing both use it).
pub(super) fn form_areas(
    pane: &RequestFormPane,
    form: &FormState,
    area: Rect,
    ctx: &ViewCtx,
) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(head_lines(pane, form, ctx).len() as u16),
        Constraint::Min(3),
        Constraint::Length(2 + u16::from(error_detail(form, ctx).is_some())),
    ])
    .areas(area)
}

/// A refused send takes a third line under the form: the HTTP details under the agent's
/// words.
fn error_detail(form: &FormState, ctx: &ViewCtx) -> Option<String> {
    form.error
        .as_ref()
        .filter(|_| form.sending.is_none())
        .and_then(|e| ctx.i18n.api_error_parts(e).1)
}

/// The first item line shown in `height` rows: the focused line kept in view, with a
/// line of context below it when there is one.
pub(super) fn fields_offset(items: usize, focus_line: usize, height: usize) -> usize {
    (focus_line + 2)
        .saturating_sub(height)
        .min(items.saturating_sub(height))
}

fn draw_form(
    pane: &RequestFormPane,
    form: &FormState,
    frame: &mut Frame,
    area: Rect,
    ctx: &ViewCtx,
) {
    let i = &ctx.i18n;
    let catalog = &pane.catalog;
    let data = &form.data;
    let [head_area, body, foot] = form_areas(pane, form, area, ctx);
    frame.render_widget(Paragraph::new(head_lines(pane, form, ctx)), head_area);

    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {} ", i.t(T::FormFieldsTitle)));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    draw_fields(pane, form, frame, inner, ctx);

    // Under the form: the focused field's hint, then the notice or the send's state.
    let hint = focus_hint(pane, form, ctx);
    let status = if let Some(req) = form.sending {
        let _ = req;
        Line::from(vec![
            Span::styled(spinner::frame(ctx.tick), theme::key()),
            Span::raw(format!(" {}", i.t(T::FormSending))),
        ])
    } else if let Some(e) = &form.error {
        let (what, _) = i.api_error_parts(e);
        Line::styled(
            format!("✗ {}", i.fmt(T::FormRefused, &[("error", &what)])),
            theme::bad(),
        )
    } else if let Some(n) = &pane.notice {
        notice_line(n, pane, ctx)
    } else {
        let count = data.problems(catalog).len();
        // The send key as `[keys]` binds it, not as the catalogue was written.
        let send = FORM_KEYS.label(FormCmd::Submit);
        if count == 0 {
            Line::styled(
                format!("✓ {}", i.fmt(T::FormReady, &[("key", &send)])),
                theme::ok(),
            )
        } else {
            Line::styled(
                i.fmt(
                    T::FormToFix,
                    &[("count", &count.to_string()), ("key", &send)],
                ),
                theme::label(),
            )
        }
    };
    let mut foot_lines = vec![hint, status];
    if let Some(detail) = error_detail(form, ctx) {
        foot_lines.push(Line::styled(format!("  {detail}"), theme::dim()));
    }
    frame.render_widget(Paragraph::new(foot_lines), foot);

    match &form.popup {
        Popup::None => {}
        Popup::List(selected) => draw_options(pane, form, *selected, frame, body, ctx),
        Popup::ConfirmBlocked => draw_confirm_blocked(data, frame, body, ctx),
        Popup::ConfirmDiscard => draw_confirm_discard(frame, body, ctx),
    }
}

fn title_line(data: &FormData, ctx: &ViewCtx) -> Line<'static> {
    let i = &ctx.i18n;
    let (title, who) = match &data.mode {
        super::Mode::Edit(r) => (
            i.fmt(
                T::FormEditTitle,
                &[("id", &r.id.unwrap_or_default().to_string())],
            ),
            format!(
                "{} · {}",
                or_dash(r.public_id.as_deref()),
                or_dash(r.service_name.as_deref())
            ),
        ),
        super::Mode::Create => (i.t(T::FormNewTitle).to_owned(), data.summary()),
    };
    Line::from(vec![
        Span::styled(format!("{title} "), theme::strong()),
        Span::styled(who, theme::label()),
    ])
}

fn focus_hint(pane: &RequestFormPane, form: &FormState, ctx: &ViewCtx) -> Line<'static> {
    let i = &ctx.i18n;
    let label = field_label(&form.data, &pane.catalog, &form.focus, i.lang);
    let hint = match &form.focus {
        FieldId::Fixed(f) => f.hint().map(|t| i.t(t).to_owned()),
        FieldId::Question(k) => form
            .data
            .question(&pane.catalog, k)
            .and_then(|q| q.help.as_ref())
            .map(|h| h.get(i.lang).to_owned()),
    };
    let required = if form.data.is_required(&pane.catalog, &form.focus) {
        " *"
    } else {
        ""
    };
    // The whole label, and the whole message of the focused field: cut beside it, never
    // here.
    let mut spans = vec![Span::styled(format!("{label}{required}"), theme::strong())];
    let problem = form
        .data
        .validate(&pane.catalog, &form.focus)
        .err()
        .filter(|_| form.data.shows_problem(&form.focus));
    if let Some(p) = problem {
        spans.push(Span::styled(format!(" · ✗ {}", p.message(i)), theme::bad()));
    } else if form.data.soft_warning(&pane.catalog, &form.focus).is_some() {
        // A server value that fails the strict check: say why it is not refused.
        spans.push(Span::styled(
            format!(" · ⚠ {}", i.t(T::FormServerValue)),
            theme::warn(),
        ));
    } else if let Some(h) = hint {
        spans.push(Span::styled(format!(" · {h}"), theme::label()));
    }
    Line::from(spans)
}

/// Column widths: label, input, message. The label column is as wide as the widest label
/// shown (marker and `*` included), up to 45 % of the width; the input takes what is
/// left up to 46, the message the rest.
fn columns(width: u16, widest_label: usize) -> (u16, u16, u16) {
    let label = (widest_label as u16).clamp(14, (width * 45 / 100).max(14));
    let input = (width.saturating_sub(label) * 55 / 100).clamp(12, 46);
    let message = width.saturating_sub(label + input + 2);
    (label, input, message)
}

/// `▶ label *` in `width` columns: when too long the label text is cut, never the `*`.
fn label_cell(label: &str, focused: bool, required: bool, width: usize) -> String {
    let marker = if focused { "▶ " } else { "  " };
    let star = if required { " *" } else { "" };
    let room = width.saturating_sub(marker.chars().count() + star.chars().count());
    format!("{marker}{}{star}", fit(label, room))
}

fn draw_fields(
    pane: &RequestFormPane,
    form: &FormState,
    frame: &mut Frame,
    area: Rect,
    ctx: &ViewCtx,
) {
    let i = &ctx.i18n;
    let catalog = &pane.catalog;
    let data = &form.data;
    let items = data.shown_items(catalog, form.advanced_open);
    let focus_line = items
        .iter()
        .position(|it| *it == Item::Field(form.focus.clone()))
        .unwrap_or(0);
    let height = area.height as usize;
    let offset = fields_offset(items.len(), focus_line, height);
    let widest = items
        .iter()
        .filter_map(|it| match it {
            Item::Field(id) => Some(
                UnicodeWidthStr::width(field_label(data, catalog, id, i.lang).as_str())
                    + 2
                    + if data.is_required(catalog, id) { 2 } else { 0 },
            ),
            Item::Section(_) => None,
        })
        .max()
        .unwrap_or(14);
    let (label_w, input_w, msg_w) = columns(area.width, widest);
    for (row, item) in items.iter().skip(offset).take(height).enumerate() {
        let y = area.y + row as u16;
        let line_area = Rect {
            y,
            height: 1,
            ..area
        };
        let id = match item {
            // The collapsed section says how to open it, and whether something in it
            // needs fixing.
            Item::Section(t @ T::ShiftFormSecAdvanced) => {
                let (mark, key) = if form.advanced_open {
                    ("▾", T::ShiftAdvancedHide)
                } else {
                    ("▸", T::ShiftAdvancedShow)
                };
                let hidden_problems = data
                    .problems(catalog)
                    .iter()
                    .filter(|(id, _)| data.is_advanced(id))
                    .count();
                let mut spans = vec![
                    Span::styled(format!("── {mark} {} ", i.t(*t)), theme::key()),
                    Span::styled(
                        format!(
                            "({})",
                            i.fmt(key, &[("key", &FORM_KEYS.label(FormCmd::Advanced))])
                        ),
                        theme::label(),
                    ),
                ];
                if hidden_problems > 0 && data.show_all {
                    spans.push(Span::styled(
                        format!(
                            " ✗ {}",
                            i.fmt(
                                T::ShiftAdvancedProblems,
                                &[("count", &hidden_problems.to_string())]
                            )
                        ),
                        theme::bad(),
                    ));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), line_area);
                continue;
            }
            Item::Section(t) => {
                frame.render_widget(
                    Paragraph::new(Line::styled(format!("── {} ", i.t(*t)), theme::key())),
                    line_area,
                );
                continue;
            }
            Item::Field(id) => id,
        };
        let focused = *id == form.focus;
        let required = data.is_required(catalog, id);
        let label = label_cell(
            &field_label(data, catalog, id, i.lang),
            focused,
            required,
            label_w as usize,
        );
        let label_style = if focused {
            theme::selected()
        } else {
            theme::label()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(label, label_style)),
            Rect {
                x: area.x,
                y,
                width: label_w,
                height: 1,
            },
        );
        let input_area = Rect {
            x: area.x + label_w + 1,
            y,
            width: input_w,
            height: 1,
        };
        let kind = data.input_kind(catalog, id, i);
        if focused && form.editing && kind == InputKind::Text {
            frame.render_widget(&form.input, input_area);
        } else {
            frame.render_widget(
                Paragraph::new(value_span(data, id, &kind, focused, input_w, i)),
                input_area,
            );
        }
        let warning = data.soft_warning(catalog, id);
        let message = match data.validate(catalog, id) {
            _ if data.is_cleared(id) => Span::styled(
                fit(&format!("∅ {}", i.t(T::FormCleared)), msg_w as usize),
                theme::warn(),
            ),
            Err(p) if data.shows_problem(id) => Span::styled(
                fit(&format!("✗ {}", p.message(i)), msg_w as usize),
                theme::bad(),
            ),
            // Beside the field, what is odd; the focus hint says why it is not refused.
            Ok(()) if let Some(w) = warning => Span::styled(
                fit(&format!("⚠ {}", w.message(i)), msg_w as usize),
                theme::warn(),
            ),
            Ok(()) if !data.raw(id).trim().is_empty() => Span::styled("✓", theme::ok()),
            _ => Span::raw(""),
        };
        frame.render_widget(
            Paragraph::new(message),
            Rect {
                x: area.x + label_w + input_w + 2,
                y,
                width: msg_w,
                height: 1,
            },
        );
    }
}

fn value_span(
    data: &FormData,
    id: &FieldId,
    kind: &InputKind,
    focused: bool,
    width: u16,
    i: &I18n,
) -> Span<'static> {
    let raw = data.raw(id).trim();
    let style = if focused {
        theme::strong()
    } else {
        ratatui::style::Style::default()
    };
    match kind {
        InputKind::Toggle => {
            let text = match crate::forms::parse_bool(raw) {
                Ok(true) => format!("[✓] {}", i.t(T::FormYes)),
                Ok(false) => format!("[ ] {}", i.t(T::FormNo)),
                Err(_) => format!("[ ] {}", i.t(T::FormUnanswered)),
            };
            Span::styled(text, style)
        }
        InputKind::Select(options) => {
            let label = options.iter().find(|(v, _)| v == raw).map_or_else(
                || {
                    if raw.is_empty() {
                        "—".to_owned()
                    } else {
                        raw.to_owned()
                    }
                },
                |(_, l)| l.clone(),
            );
            Span::styled(fit(&format!("◀ {label} ▶"), width as usize), style)
        }
        InputKind::Text if raw.is_empty() => {
            let placeholder = match id {
                FieldId::Fixed(Fixed::ExternalId) => i.t(T::FormAutoUuid),
                _ => "·",
            };
            Span::styled(fit(placeholder, width as usize), theme::dim())
        }
        // A timestamp (requested at) in the agent's local time, not ISO; typing shows
        // the text itself.
        InputKind::Text
            if matches!(id, FieldId::Fixed(Fixed::RequestedAt))
                && crate::model::parse_time(raw).is_some() =>
        {
            Span::styled(
                fit(&crate::tui::numbers::moment(raw, i.lang), width as usize),
                style,
            )
        }
        InputKind::Text => Span::styled(fit(raw, width as usize), style),
    }
}

fn draw_options(
    pane: &RequestFormPane,
    form: &FormState,
    selected: usize,
    frame: &mut Frame,
    area: Rect,
    ctx: &ViewCtx,
) {
    let i = &ctx.i18n;
    let InputKind::Select(options) = form.data.input_kind(&pane.catalog, &form.focus, i) else {
        return;
    };
    let title = field_label(&form.data, &pane.catalog, &form.focus, i.lang);
    let rect = popup::centered(area, 48, options.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let items: Vec<ListItem> = options
        .iter()
        .map(|(_, l)| ListItem::new(l.clone()))
        .collect();
    let list = List::new(items)
        .block(
            Block::bordered()
                .border_style(theme::border_focused())
                .title(format!(" {} ", fit(&title, 40))),
        )
        .highlight_symbol("▶ ")
        .highlight_style(theme::selected());
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, rect, &mut state);
}

/// "Discard the changes to this request?" before Esc leaves an edit.
fn draw_confirm_discard(frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let rect = popup::centered(area, 56, 6);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {} ", i.t(T::ShiftDiscardTitle)));
    frame.render_widget(
        Paragraph::new(i.t(T::ShiftDiscard))
            .wrap(Wrap { trim: true })
            .block(block),
        rect,
    );
}

fn draw_confirm_blocked(data: &FormData, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let groups: Vec<&str> = data
        .blocking_groups()
        .into_iter()
        .map(|g| i.limit_group(g))
        .collect();
    let groups = if groups.is_empty() {
        i.t(T::BlockedRoot).to_owned()
    } else {
        groups.join(", ")
    };
    let rect = popup::centered(area, 60, 7);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {} ", i.t(T::FormConfirmBlockedTitle)));
    frame.render_widget(
        Paragraph::new(i.fmt(T::FormConfirmBlocked, &[("groups", &groups)]))
            .wrap(Wrap { trim: true })
            .block(block),
        rect,
    );
}

// ---- hub ----

/// The hub's list as drawn: each line a heading (`Err`) or a hub row's index (`Ok`).
pub(super) fn hub_lines(rows: &[HubRow]) -> Vec<Result<usize, T>> {
    let mut lines = Vec::new();
    let mut last_heading: Option<T> = None;
    for (n, row) in rows.iter().enumerate() {
        let heading = match row {
            HubRow::Draft(_) => T::FormHubDrafts,
            HubRow::Outbox(_) => T::FormHubOutbox,
            HubRow::Service { .. } => T::FormHubRecent,
            HubRow::Blank => T::FormHubOther,
        };
        if last_heading != Some(heading) {
            lines.push(Err(heading));
            last_heading = Some(heading);
        }
        lines.push(Ok(n));
    }
    lines
}

/// The hub's list and the hint under it (drawing and mouse hit-testing both use it).
pub(super) fn hub_areas(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area)
}

fn draw_hub(pane: &RequestFormPane, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let rows = pane.hub_rows();
    let selected = pane.hub_selected().min(rows.len().saturating_sub(1));
    let width = area.width.saturating_sub(6) as usize;
    let lines = hub_lines(&rows);
    let selected_item = lines.iter().position(|l| *l == Ok(selected)).unwrap_or(0);
    let items: Vec<ListItem> = lines
        .iter()
        .map(|line| match line {
            Err(heading) => {
                let count = match heading {
                    T::FormHubDrafts => format!(" ({})", pane.drafts().len()),
                    T::FormHubOutbox => format!(" ({})", pane.outbox().len()),
                    _ => String::new(),
                };
                ListItem::new(Line::styled(
                    format!("── {}{count}", i.t(*heading)),
                    theme::key(),
                ))
            }
            Ok(n) => ListItem::new(hub_line(pane, rows[*n], width, ctx)),
        })
        .collect();
    let [list_area, foot] = hub_areas(area);
    let list = List::new(items)
        .block(
            Block::bordered()
                .border_style(theme::border_focused())
                .title(format!(" {} ", i.t(T::FormHubTitle))),
        )
        .highlight_symbol("▶ ")
        .highlight_style(theme::selected());
    let mut state = ListState::default().with_selected(Some(selected_item));
    frame.render_stateful_widget(list, list_area, &mut state);
    let hint = i.fmt(
        T::FormHubHint,
        &[
            ("open", &HUB_KEYS.label(HubCmd::Open)),
            ("discard", &HUB_KEYS.label(HubCmd::Discard)),
            ("retry", &HUB_KEYS.label(HubCmd::Retry)),
            ("new", &crate::tui::panes::contract::new_request_key()),
        ],
    );
    let mut lines = vec![Line::styled(hint, theme::label())];
    if let Some(n) = &pane.notice {
        lines.push(notice_line(n, pane, ctx));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), foot);
}

fn hub_line(pane: &RequestFormPane, row: HubRow, width: usize, ctx: &ViewCtx) -> Line<'static> {
    let i = &ctx.i18n;
    match row {
        HubRow::Draft(n) => {
            let d = &pane.drafts()[n];
            let open = pane.form().is_some_and(|f| f.key == d.key);
            let mark = if open { i.t(T::FormHubOpen) } else { "" };
            Line::raw(fit(&format!("✎ {} {mark}", d.data.summary()), width))
        }
        HubRow::Outbox(n) => {
            let item = &pane.outbox()[n];
            let state = match item.state {
                OutboxState::Pending => i.t(T::FormOutboxPending),
                OutboxState::Sent => i.t(T::FormOutboxDone),
                OutboxState::Rejected => i.t(T::FormOutboxRefused),
            };
            let body = &item.body;
            let who = body
                .access_identifier
                .clone()
                .or(body.contract_id.map(|c| c.to_string()));
            let what = format!(
                "{} · {}",
                or_dash(who.as_deref()),
                or_dash(
                    body.service_name
                        .as_deref()
                        .or(body.service_external_id.as_deref())
                )
            );
            let mut text = format!(
                "✉ {what} · {state} · {}",
                i.fmt(T::FormOutboxAttempts, &[("n", &item.attempts.to_string())])
            );
            if let Some(id) = item.request_id {
                text.push_str(&format!(" · #{id}"));
            }
            if let (Some(e), true) = (&item.last_error, item.state != OutboxState::Sent) {
                text.push_str(&format!(" · {e}"));
            }
            let style = match item.state {
                OutboxState::Rejected => theme::bad(),
                OutboxState::Pending => theme::warn(),
                OutboxState::Sent => theme::ok(),
            };
            Line::styled(fit(&text, width), style)
        }
        HubRow::Service { contract, service } => {
            let c = &pane.recent()[contract];
            let s = &c.services()[service];
            let mut spans = vec![Span::raw(fit(
                &format!(
                    "{} ({}) · {}",
                    or_dash(
                        Some(&c.full_name())
                            .filter(|n| !n.is_empty())
                            .map(|s| s.as_str())
                    ),
                    c.id.map_or("—".into(), |i| i.to_string()),
                    or_dash(s.name.as_deref())
                ),
                width.saturating_sub(12),
            ))];
            if s.is_blocked() {
                spans.push(Span::raw(" "));
                spans.push(badge(i.t(T::Blocked), theme::bad_badge()));
            }
            Line::from(spans)
        }
        HubRow::Blank => Line::raw(format!("+ {}", i.t(T::FormHubBlank))),
    }
}

// ---- result ----

fn draw_done(pane: &RequestFormPane, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let Some(done) = pane.done() else {
        return;
    };
    let mut lines = Vec::new();
    match done {
        Done::Created { request, recovered } => {
            lines.push(Line::styled(
                format!("✓ {}", i.t(T::FormCreated)),
                theme::ok(),
            ));
            lines.push(Line::from(""));
            lines.extend(request_lines(request, &pane.catalog, ctx));
            if *recovered {
                lines.push(Line::styled(i.t(T::FormRecovered), theme::warn()));
            }
            lines.push(Line::from(""));
            lines.push(Line::styled(i.t(T::FormLimitsRefreshed), theme::label()));
        }
        Done::Updated(request) => {
            lines.push(Line::styled(
                format!("✓ {}", i.t(T::FormUpdated)),
                theme::ok(),
            ));
            lines.push(Line::from(""));
            lines.extend(request_lines(request, &pane.catalog, ctx));
        }
        Done::Queued { external_id, error } => {
            lines.push(Line::styled(
                format!("✉ {}", i.t(T::FormQueued)),
                theme::warn(),
            ));
            lines.push(Line::from(""));
            lines.push(Line::raw(
                i.fmt(T::FormQueuedWhy, &[("error", &i.api_error(error))]),
            ));
            lines.push(Line::raw(
                i.fmt(T::FormQueuedId, &[("external_id", external_id)]),
            ));
        }
    }
    lines.push(Line::from(""));
    let hint = i.fmt(
        T::FormDoneHint,
        &[
            ("open", &DONE_KEYS.label(DoneCmd::Open)),
            ("new", &DONE_KEYS.label(DoneCmd::New)),
        ],
    );
    lines.push(Line::styled(hint, theme::label()));
    if let Some(n) = &pane.notice {
        lines.push(notice_line(n, pane, ctx));
    }
    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {} ", i.t(T::PaneNewRequest)));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn request_lines(
    r: &crate::model::ServiceRequest,
    catalog: &FormCatalog,
    ctx: &ViewCtx,
) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let field = |label: T, value: String| {
        Line::from(vec![
            Span::styled(format!("{:<18}", i.t(label)), theme::label()),
            Span::styled(value, theme::strong()),
        ])
    };
    let mut lines = vec![
        field(T::FormResultId, r.id.map_or("—".into(), |v| v.to_string())),
        field(
            T::FormResultPublicId,
            or_dash(r.public_id.as_deref()).to_owned(),
        ),
        field(
            T::FfExternalId,
            or_dash(r.external_id.as_deref()).to_owned(),
        ),
        field(
            T::FfServiceName,
            or_dash(r.service_name.as_deref()).to_owned(),
        ),
        field(
            T::FfCurrentStatus,
            r.current_status.as_ref().map_or("—".into(), |s| {
                crate::tui::panes::board::status_label(i, s).to_owned()
            }),
        ),
    ];
    // The answers as said: the question's words and the option's label, not its code.
    let set = catalog.for_service(r.service_external_id.as_deref());
    for a in r.answers.iter().flatten() {
        let key = a.question_key.clone().unwrap_or_default();
        let value = a.value.clone().unwrap_or(serde_json::Value::Null);
        let (question, answer) = set.say(&key, &value, i.lang).unwrap_or_else(|| {
            (
                a.question_text.clone().unwrap_or(key),
                a.answer_text.clone().unwrap_or_else(|| a.value_text()),
            )
        });
        lines.push(Line::from(vec![
            Span::styled(format!("{question}: "), theme::label()),
            Span::raw(answer),
        ]));
    }
    lines
}
