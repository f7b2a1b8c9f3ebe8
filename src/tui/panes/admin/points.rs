//! Admin › Points: the transactions, one's detail, and the form to add or spend points. A
//! new transaction is followed live (polled until processed or failed).

use crate::tui::widgets::hit::{Gesture, ListHit, list_gesture, table_rows};
use crate::tui::widgets::list_table::render_list_table;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Wrap};

use super::contracts::{FORM_HELP, Listing, opt_id};
use super::field::{Form, FormKey, Framed, Msg};
use super::{AdminEffect, request};
use crate::api::ApiError;
use crate::model::{PointTransaction, or_dash};
use crate::points::{PointTransactionForm, validate_point_transaction};
use crate::tui::action::Action;
use crate::tui::i18n::{I18n, T};
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup, merged};
use crate::tui::numbers::moment_or_dash;
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::gauge::number;
use crate::tui::widgets::spinner;

const FIELDS: &[(&str, T)] = &[
    ("access_identifier", T::AdmFieldAccessId),
    ("transaction_type", T::AdmFieldType),
    ("points", T::AdmFieldPoints),
    ("comment", T::AdmFieldComment),
    ("expiration_date", T::AdmFieldExpiration),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    Up,
    Down,
    Open,
    New,
    Refresh,
    Back,
}

pub(super) const LIST_KEYS: Keys<Cmd> = Keys::new("admin_points", LIST_BINDINGS);
const LIST_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyMove,
        cmd: Cmd::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyMove,
        cmd: Cmd::Down,
    },
    Binding {
        keys: &[k::ENTER],
        what: T::KeyOpen,
        cmd: Cmd::Open,
    },
    Binding {
        keys: &[KeyPress::ch('n')],
        what: T::AdmKeyNewPoints,
        cmd: Cmd::New,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRefresh,
        cmd: Cmd::Refresh,
    },
];

pub(super) const DETAIL_KEYS: Keys<Cmd> = Keys::new("admin_points", DETAIL_BINDINGS);
const DETAIL_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ESC, k::ENTER],
        what: T::KeyBack,
        cmd: Cmd::Back,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRefresh,
        cmd: Cmd::Refresh,
    },
];

#[derive(Debug, Clone)]
pub struct PointForm {
    pub form: Form,
    pub sending: bool,
    pub failed: Option<ApiError>,
}

#[derive(Debug, Clone, Default)]
pub struct PointsView {
    pub list: Listing<PointTransaction>,
    selected: usize,
    detail: bool,
    pub form: Option<PointForm>,
    /// The transaction created here, followed until it settles.
    pub followed: Option<PointTransaction>,
    /// The last poll failed (the poll goes on).
    follow_error: Option<ApiError>,
}

impl PointsView {
    pub(super) fn load_if_new(&mut self) -> Option<AdminEffect> {
        matches!(self.list, Listing::Idle).then(|| {
            self.list = Listing::Loading;
            AdminEffect::LoadTransactions
        })
    }

    pub(super) fn on_not_configured(&mut self) {
        self.list = Listing::NotConfigured;
        if let Some(f) = &mut self.form {
            f.sending = false;
        }
    }

    pub(super) fn on_loaded(&mut self, result: Result<Vec<PointTransaction>, ApiError>) {
        self.list = match result {
            // Newest first.
            Ok(mut v) => {
                v.sort_by_key(|t| std::cmp::Reverse(t.id));
                Listing::Loaded(v)
            }
            Err(e) => Listing::Failed(e),
        };
        self.selected = self.selected.min(self.list.items().len().saturating_sub(1));
    }

    pub(super) fn on_created(
        &mut self,
        result: Result<PointTransaction, ApiError>,
    ) -> Vec<AdminEffect> {
        let Some(f) = &mut self.form else {
            return vec![];
        };
        f.sending = false;
        match result {
            Ok(tx) => {
                self.form = None;
                self.detail = false;
                self.follow_error = None;
                self.upsert_in_list(&tx);
                self.selected = 0;
                let follow = tx.id.filter(|_| tx.is_pending());
                self.followed = Some(tx);
                follow
                    .map(AdminEffect::FollowTransaction)
                    .into_iter()
                    .collect()
            }
            Err(e) => {
                f.failed = Some(e);
                vec![]
            }
        }
    }

    pub(super) fn on_polled(&mut self, result: Result<PointTransaction, ApiError>) {
        match result {
            Ok(tx) => {
                self.follow_error = None;
                self.upsert_in_list(&tx);
                if self.followed.as_ref().is_some_and(|f| f.id == tx.id) {
                    self.followed = Some(tx);
                }
            }
            Err(e) => self.follow_error = Some(e),
        }
    }

    fn upsert_in_list(&mut self, tx: &PointTransaction) {
        if let Listing::Loaded(list) = &mut self.list {
            match list.iter_mut().find(|t| t.id == tx.id) {
                Some(t) => *t = tx.clone(),
                None => list.insert(0, tx.clone()),
            }
        }
    }

    fn submit(&mut self) -> Option<Action> {
        let f = self.form.as_mut()?;
        if f.sending {
            return None;
        }
        f.form.clear_errors();
        f.failed = None;
        let typed = PointTransactionForm {
            access_identifier: f.form.value("access_identifier").to_owned(),
            transaction_type: f.form.value("transaction_type").to_owned(),
            points: f.form.value("points").to_owned(),
            comment: f.form.value("comment").to_owned(),
            expiration_date: f.form.value("expiration_date").to_owned(),
        };
        match validate_point_transaction(&typed) {
            Ok(input) => {
                f.sending = true;
                request(AdminEffect::CreateTransaction(input))
            }
            Err(errors) => {
                for (field, e) in errors {
                    f.form.add_error(field, Msg::Point(e));
                }
                None
            }
        }
    }

    pub(super) fn in_text_field(&self) -> bool {
        self.form.is_some()
    }

    pub(super) fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.form.has_input())
    }

    pub(super) fn is_busy(&self) -> bool {
        matches!(self.list, Listing::Loading)
            || self.form.as_ref().is_some_and(|f| f.sending)
            || self.followed.as_ref().is_some_and(|t| t.is_pending())
    }

    pub(super) fn help(&self) -> Vec<KeyHelp> {
        let mut all = help_of(LIST_KEYS);
        all.extend(help_of(DETAIL_KEYS));
        all.extend(help_of(FORM_HELP));
        all
    }

    pub(super) fn hints(&self) -> Vec<KeyHelp> {
        if self.form.is_some() {
            merged(&help_of(FORM_HELP))
        } else if self.detail {
            merged(&help_of(DETAIL_KEYS))
        } else {
            merged(&help_of(LIST_KEYS))
        }
    }

    pub(super) fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(f) = &mut self.form {
            return match f.form.handle_key(&key) {
                FormKey::Submit => self.submit(),
                FormKey::Cancel => {
                    self.form = None;
                    None
                }
                _ => None,
            };
        }
        let table = if self.detail { DETAIL_KEYS } else { LIST_KEYS };
        let last = self.list.items().len().saturating_sub(1);
        match lookup(table, &key)? {
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::Open => self.detail = !self.list.items().is_empty(),
            Cmd::Back => self.detail = false,
            Cmd::New => {
                let mut form = Form::new(FIELDS);
                form.set("transaction_type", "add");
                if let Some(t) = self.list.items().get(self.selected) {
                    form.set(
                        "access_identifier",
                        t.access_identifier.as_deref().unwrap_or(""),
                    );
                }
                self.form = Some(PointForm {
                    form,
                    sending: false,
                    failed: None,
                });
            }
            Cmd::Refresh => {
                self.list = Listing::Loading;
                return request(AdminEffect::LoadTransactions);
            }
        }
        None
    }

    /// The followed transaction's lines and the list (drawing and mouse hit-testing both
    /// use it).
    fn areas(&self, area: Rect, ctx: &ViewCtx) -> [Rect; 2] {
        Layout::vertical([
            Constraint::Length(self.followed_lines(ctx).len() as u16),
            Constraint::Min(0),
        ])
        .areas(area)
    }

    /// A click selects a transaction, on the selected one opens it; the wheel moves. In
    /// the form, a click focuses a field.
    pub(super) fn mouse(&mut self, gesture: Gesture, area: Rect, ctx: &ViewCtx) -> Option<Action> {
        let [_, list] = self.areas(area, ctx);
        if let Some(f) = &mut self.form {
            if let Gesture::Click(at) = gesture
                && !f.sending
            {
                f.form.click(list, at);
            }
            return None;
        }
        if self.detail {
            return None;
        }
        let len = self.list.items().len();
        let cmd = match list_gesture(gesture, table_rows(list), self.selected, len, 1)? {
            ListHit::Select(n) => {
                self.selected = n;
                return None;
            }
            ListHit::Open => Cmd::Open,
            ListHit::Up => Cmd::Up,
            ListHit::Down => Cmd::Down,
        };
        self.handle_key(LIST_KEYS.press_for(cmd)?)
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let followed: Vec<Line> = self.followed_lines(ctx);
        let [top, rest] = self.areas(area, ctx);
        frame.render_widget(Paragraph::new(followed), top);
        if let Some(f) = &self.form {
            let status = match &f.failed {
                Some(e) => Line::styled(i.api_error(e), theme::bad()),
                None => Line::styled(i.t(T::AdmPointFormHint), theme::label()),
            };
            let framed = Framed {
                title: i.t(T::AdmPointFormTitle).to_owned(),
                sending: f.sending,
                notes: Vec::new(),
                status,
            };
            f.form.draw_framed(frame, rest, ctx, framed);
            return;
        }
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {} ", i.t(T::AdmPointsTitle)));
        if let Some(line) = self.list.message(ctx, &LIST_KEYS.label(Cmd::Refresh)) {
            frame.render_widget(
                Paragraph::new(line).wrap(Wrap { trim: true }).block(block),
                rest,
            );
            return;
        }
        if self.detail
            && let Some(t) = self.list.items().get(self.selected)
        {
            let block = Block::bordered()
                .border_style(theme::border_focused())
                .title(format!(
                    " {} ",
                    i.fmt(T::AdmPointDetailTitle, &[("id", &opt_id(t.id))])
                ));
            frame.render_widget(
                Paragraph::new(detail_lines(t, i))
                    .wrap(Wrap { trim: true })
                    .block(block),
                rest,
            );
            return;
        }
        let wide = area.width >= 100;
        let rows = self.list.items().iter().map(|t| {
            let mut cells = vec![
                ratatui::text::Text::raw(opt_id(t.id)),
                ratatui::text::Text::raw(or_dash(t.access_identifier.as_deref()).to_owned()),
                ratatui::text::Text::raw(kind_text(t, i)),
                ratatui::text::Text::raw(t.points.map_or("—".into(), number)),
                status_text(t, i),
            ];
            if wide {
                cells.push(ratatui::text::Text::raw(moment_or_dash(
                    t.created_at.as_deref(),
                    i.lang,
                )));
                cells.push(ratatui::text::Text::raw(
                    or_dash(t.comment.as_deref()).to_owned(),
                ));
            }
            Row::new(cells)
        });
        let mut header = vec![
            "Id",
            i.t(T::AdmFieldAccessId),
            i.t(T::AdmFieldType),
            i.t(T::AdmFieldPoints),
            i.t(T::ColStatus),
        ];
        let mut widths = vec![
            Constraint::Length(5),
            Constraint::Length(14),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Min(12),
        ];
        if wide {
            header.push(i.t(T::AdmColCreated));
            header.push(i.t(T::AdmFieldComment));
            widths[4] = Constraint::Length(13);
            widths.push(Constraint::Length(21));
            widths.push(Constraint::Min(10));
        }
        render_list_table(frame, rest, rows, header, widths, block, self.selected);
    }

    /// The followed transaction's live status, above the list.
    fn followed_lines(&self, ctx: &ViewCtx) -> Vec<Line<'static>> {
        let i = &ctx.i18n;
        let Some(t) = &self.followed else {
            return vec![];
        };
        let mut spans = vec![Span::styled(
            i.fmt(
                T::AdmFollowed,
                &[
                    ("id", &opt_id(t.id)),
                    ("kind", &kind_text(t, i)),
                    ("points", &t.points.map_or("—".into(), number)),
                    ("who", or_dash(t.access_identifier.as_deref())),
                ],
            ),
            theme::strong(),
        )];
        spans.push(Span::raw(" "));
        if t.is_pending() {
            spans.push(Span::styled(spinner::frame(ctx.tick), theme::key()));
            spans.push(Span::raw(" "));
        }
        spans.extend(status_text(t, i).lines.into_iter().flat_map(|l| l.spans));
        let mut lines = vec![Line::from(spans)];
        if let Some(e) = &self.follow_error {
            lines.push(Line::styled(i.api_error(e), theme::warn()));
        }
        lines
    }
}

fn kind_text(t: &PointTransaction, i: &I18n) -> String {
    match t.transaction_type.as_deref() {
        Some("add") => i.t(T::AdmKindAdd).to_owned(),
        Some("spend") => i.t(T::AdmKindSpend).to_owned(),
        other => or_dash(other).to_owned(),
    }
}

fn status_text(t: &PointTransaction, i: &I18n) -> ratatui::text::Text<'static> {
    let (text, style) = match t.status.as_deref() {
        Some("processed") => (format!("✓ {}", i.t(T::AdmStatusProcessed)), theme::ok()),
        Some("failed") => (format!("✗ {}", i.t(T::AdmStatusFailed)), theme::bad()),
        None | Some("pending") | Some("processing") => {
            (i.t(T::AdmStatusPending).to_owned(), theme::warn())
        }
        Some(other) => (other.to_owned(), theme::label()),
    };
    ratatui::text::Text::styled(text, style)
}

fn detail_lines(t: &PointTransaction, i: &I18n) -> Vec<Line<'static>> {
    let row = |label: T, value: String| {
        Line::from(vec![
            Span::styled(format!("{:<18}", i.t(label)), theme::label()),
            Span::raw(value),
        ])
    };
    let status = status_text(t, i);
    vec![
        row(
            T::AdmFieldAccessId,
            or_dash(t.access_identifier.as_deref()).to_owned(),
        ),
        row(T::AdmFieldType, kind_text(t, i)),
        row(T::AdmFieldPoints, t.points.map_or("—".into(), number)),
        Line::from(
            std::iter::once(Span::styled(
                format!("{:<18}", i.t(T::ColStatus)),
                theme::label(),
            ))
            .chain(status.lines.into_iter().flat_map(|l| l.spans))
            .collect::<Vec<_>>(),
        ),
        row(T::AdmFieldComment, or_dash(t.comment.as_deref()).to_owned()),
        row(
            T::AdmFieldExpiration,
            moment_or_dash(t.expiration_date.as_deref(), i.lang),
        ),
        row(
            T::AdmColCreated,
            moment_or_dash(t.created_at.as_deref(), i.lang),
        ),
        row(
            T::AdmColUpdated,
            moment_or_dash(t.updated_at.as_deref(), i.lang),
        ),
        row(
            T::AdmColRule,
            t.recurrent_point_transaction_id
                .map_or("—".into(), |v| v.to_string()),
        ),
    ]
}
