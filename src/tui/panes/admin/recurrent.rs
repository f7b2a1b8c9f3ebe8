//! Admin › Recurring rules: the list, and the form to create or edit one, with its ISO 8601
//! periods checked as typed and the next issue dates previewed ([`crate::points`]).

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
use crate::forms::parse_typed_date;
use crate::model::{RecurrentPointTransaction, or_dash};
use crate::points::{
    Period, PointFieldError, RecurrentRuleForm, next_issue_dates, validate_recurrent_rule,
};
use crate::tui::action::Action;
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup, merged};
use crate::tui::numbers;
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::gauge::number;

const FIELDS: &[(&str, T)] = &[
    ("access_identifier", T::AdmFieldAccessId),
    ("transaction_type", T::AdmFieldType),
    ("points", T::AdmFieldPoints),
    ("recurrence_start_date", T::AdmFieldStart),
    ("recurrence_end_date", T::AdmFieldEnd),
    ("recurrence_period", T::AdmFieldPeriod),
    ("point_expiration_period", T::AdmFieldExpirationPeriod),
    ("comment", T::AdmFieldComment),
];

/// The period fields, checked on every keystroke.
const PERIOD_FIELDS: [&str; 2] = ["recurrence_period", "point_expiration_period"];

/// Issue dates previewed under the form.
const PREVIEW: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    Up,
    Down,
    New,
    Edit,
    Refresh,
}

pub(super) const LIST_KEYS: Keys<Cmd> = Keys::new("admin_recurrent", LIST_BINDINGS);
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
        keys: &[KeyPress::ch('n')],
        what: T::AdmKeyNew,
        cmd: Cmd::New,
    },
    Binding {
        keys: &[k::ENTER, KeyPress::ch('e')],
        what: T::AdmKeyEdit,
        cmd: Cmd::Edit,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRefresh,
        cmd: Cmd::Refresh,
    },
];

#[derive(Debug, Clone)]
pub struct RuleForm {
    /// The rule edited; `None` creates one.
    pub id: Option<i64>,
    pub form: Form,
    pub sending: bool,
    pub failed: Option<ApiError>,
}

impl RuleForm {
    fn typed(&self) -> RecurrentRuleForm {
        let v = |k: &str| self.form.value(k).to_owned();
        RecurrentRuleForm {
            access_identifier: v("access_identifier"),
            transaction_type: v("transaction_type"),
            points: v("points"),
            recurrence_start_date: v("recurrence_start_date"),
            recurrence_end_date: v("recurrence_end_date"),
            recurrence_period: v("recurrence_period"),
            point_expiration_period: v("point_expiration_period"),
            comment: v("comment"),
        }
    }

    /// Checks the period fields as typed: what is wrong, or what the period means.
    fn check_periods(&mut self) {
        for key in PERIOD_FIELDS {
            let text = self.form.value(key).trim().to_owned();
            if text.is_empty() {
                self.form.set_errors(key, vec![]);
                self.form.set_note(key, None);
                continue;
            }
            match Period::parse(&text) {
                Ok(p) => {
                    self.form.set_errors(key, vec![]);
                    self.form
                        .set_note(key, Some(Msg::NoteWith(T::AdmPeriodOk, p.to_string())));
                }
                Err(e) => {
                    self.form
                        .set_errors(key, vec![Msg::Point(PointFieldError::Period(e))]);
                    self.form.set_note(key, None);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RecurrentView {
    pub list: Listing<RecurrentPointTransaction>,
    selected: usize,
    pub form: Option<RuleForm>,
    /// The last save, shown above the list.
    saved: Option<(bool, Option<i64>)>,
}

impl RecurrentView {
    pub(super) fn load_if_new(&mut self) -> Option<AdminEffect> {
        matches!(self.list, Listing::Idle).then(|| {
            self.list = Listing::Loading;
            AdminEffect::LoadRules
        })
    }

    pub(super) fn on_not_configured(&mut self) {
        self.list = Listing::NotConfigured;
        if let Some(f) = &mut self.form {
            f.sending = false;
        }
    }

    pub(super) fn on_loaded(&mut self, result: Result<Vec<RecurrentPointTransaction>, ApiError>) {
        self.list = match result {
            Ok(v) => Listing::Loaded(v),
            Err(e) => Listing::Failed(e),
        };
        self.selected = self.selected.min(self.list.items().len().saturating_sub(1));
    }

    pub(super) fn on_saved(
        &mut self,
        result: Result<RecurrentPointTransaction, ApiError>,
    ) -> Vec<AdminEffect> {
        let Some(f) = &mut self.form else {
            return vec![];
        };
        f.sending = false;
        match result {
            Ok(rule) => {
                self.saved = Some((f.id.is_none(), rule.id));
                self.form = None;
                self.list = Listing::Loading;
                vec![AdminEffect::LoadRules]
            }
            Err(e) => {
                f.failed = Some(e);
                vec![]
            }
        }
    }

    fn open_form(&mut self, from: Option<RecurrentPointTransaction>) {
        let mut form = Form::new(FIELDS);
        form.set("transaction_type", "add");
        let id = from.as_ref().and_then(|r| r.id);
        if let Some(r) = from {
            let ai = r.raw_access_identifier.or(r.access_identifier);
            form.set("access_identifier", ai.as_deref().unwrap_or(""));
            form.set(
                "transaction_type",
                r.transaction_type.as_deref().unwrap_or("add"),
            );
            form.set("points", &r.points.map(number).unwrap_or_default());
            let day = |d: Option<String>| d.map(|d| d.chars().take(10).collect::<String>());
            form.set(
                "recurrence_start_date",
                &day(r.recurrence_start_date).unwrap_or_default(),
            );
            form.set(
                "recurrence_end_date",
                &day(r.recurrence_end_date).unwrap_or_default(),
            );
            form.set(
                "recurrence_period",
                r.recurrence_period.as_deref().unwrap_or(""),
            );
            form.set(
                "point_expiration_period",
                r.point_expiration_period.as_deref().unwrap_or(""),
            );
            form.set("comment", r.comment.as_deref().unwrap_or(""));
        }
        let mut rule = RuleForm {
            id,
            form,
            sending: false,
            failed: None,
        };
        rule.check_periods();
        self.form = Some(rule);
        self.saved = None;
    }

    /// The shared validation of `admin recurrent create|update`: nothing is sent unless
    /// every field passes.
    fn submit(&mut self) -> Option<Action> {
        let f = self.form.as_mut()?;
        if f.sending {
            return None;
        }
        f.form.clear_errors();
        f.failed = None;
        match validate_recurrent_rule(&f.typed()) {
            Ok(rule) => {
                f.sending = true;
                request(AdminEffect::SaveRule { id: f.id, rule })
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
        matches!(self.list, Listing::Loading) || self.form.as_ref().is_some_and(|f| f.sending)
    }

    pub(super) fn help(&self) -> Vec<KeyHelp> {
        let mut all = help_of(LIST_KEYS);
        all.extend(help_of(FORM_HELP));
        all
    }

    pub(super) fn hints(&self) -> Vec<KeyHelp> {
        if self.form.is_some() {
            merged(&help_of(FORM_HELP))
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
                FormKey::Edited => {
                    if PERIOD_FIELDS.contains(&f.form.focused_key()) {
                        f.check_periods();
                    }
                    None
                }
                _ => None,
            };
        }
        let last = self.list.items().len().saturating_sub(1);
        match lookup(LIST_KEYS, &key)? {
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::New => self.open_form(None),
            Cmd::Edit => {
                let chosen = self.list.items().get(self.selected).cloned();
                if chosen.is_some() {
                    self.open_form(chosen);
                }
            }
            Cmd::Refresh => {
                self.list = Listing::Loading;
                return request(AdminEffect::LoadRules);
            }
        }
        None
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        match &self.form {
            Some(f) => draw_form(f, frame, area, ctx),
            None => self.draw_list(frame, area, ctx),
        }
    }

    /// The saved-rule line (when there is one) and the list (drawing and mouse
    /// hit-testing both use it).
    fn list_areas(&self, area: Rect) -> [Rect; 2] {
        Layout::vertical([
            Constraint::Length(u16::from(self.saved.is_some())),
            Constraint::Min(0),
        ])
        .areas(area)
    }

    /// A click selects a rule, on the selected one edits it; the wheel moves. In the
    /// form, a click focuses a field.
    pub(super) fn mouse(&mut self, gesture: Gesture, area: Rect) -> Option<Action> {
        if let Some(f) = &mut self.form {
            if let Gesture::Click(at) = gesture
                && !f.sending
            {
                f.form.click(area, at);
            }
            return None;
        }
        let [_, list] = self.list_areas(area);
        let len = self.list.items().len();
        let cmd = match list_gesture(gesture, table_rows(list), self.selected, len, 1)? {
            ListHit::Select(n) => {
                self.selected = n;
                return None;
            }
            ListHit::Open => Cmd::Edit,
            ListHit::Up => Cmd::Up,
            ListHit::Down => Cmd::Down,
        };
        self.handle_key(LIST_KEYS.press_for(cmd)?)
    }

    fn draw_list(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let [top, rest] = self.list_areas(area);
        if let Some((created, id)) = self.saved {
            let t = if created {
                T::AdmRuleCreated
            } else {
                T::AdmRuleUpdated
            };
            frame.render_widget(
                Paragraph::new(Line::styled(i.fmt(t, &[("id", &opt_id(id))]), theme::ok())),
                top,
            );
        }
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {} ", i.t(T::AdmRulesTitle)));
        if let Some(line) = self.list.message(ctx, &LIST_KEYS.label(Cmd::Refresh)) {
            frame.render_widget(
                Paragraph::new(line).wrap(Wrap { trim: true }).block(block),
                rest,
            );
            return;
        }
        let wide = area.width >= 100;
        let rows = self.list.items().iter().map(|r| {
            let kind = match r.transaction_type.as_deref() {
                Some("add") => i.t(T::AdmKindAdd).to_owned(),
                Some("spend") => i.t(T::AdmKindSpend).to_owned(),
                other => or_dash(other).to_owned(),
            };
            let day = |d: &Option<String>| match d.as_deref().map(str::trim) {
                Some(d) if !d.is_empty() => numbers::day(d, i.lang),
                _ => crate::model::MISSING.to_owned(),
            };
            let mut cells = vec![
                opt_id(r.id),
                or_dash(
                    r.raw_access_identifier
                        .as_deref()
                        .or(r.access_identifier.as_deref()),
                )
                .to_owned(),
                format!("{kind} {}", r.points.map_or("—".into(), number)),
                or_dash(r.recurrence_period.as_deref()).to_owned(),
                format!(
                    "{} → {}",
                    day(&r.recurrence_start_date),
                    day(&r.recurrence_end_date)
                ),
            ];
            if wide {
                cells.push(day(&r.last_recurrence_date));
                cells.push(or_dash(r.comment.as_deref()).to_owned());
            }
            Row::new(cells)
        });
        let mut header = vec![
            "Id",
            i.t(T::AdmFieldAccessId),
            i.t(T::AdmFieldPoints),
            i.t(T::AdmFieldPeriod),
            i.t(T::ColDates),
        ];
        let mut widths = vec![
            Constraint::Length(4),
            Constraint::Length(14),
            Constraint::Length(12),
            Constraint::Length(8),
            Constraint::Min(23),
        ];
        if wide {
            header.push(i.t(T::AdmColLastIssue));
            header.push(i.t(T::AdmFieldComment));
            widths[4] = Constraint::Length(23);
            widths.push(Constraint::Length(12));
            widths.push(Constraint::Min(10));
        }
        render_list_table(frame, rest, rows, header, widths, block, self.selected);
    }
}

fn draw_form(f: &RuleForm, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let title = match f.id {
        Some(id) => i.fmt(T::AdmRuleEditTitle, &[("id", &id.to_string())]),
        None => i.t(T::AdmRuleNewTitle).to_owned(),
    };
    let status = match &f.failed {
        Some(e) => Line::styled(i.api_error(e), theme::bad()),
        None => Line::styled(i.t(T::AdmRuleFormHint), theme::label()),
    };
    let framed = Framed {
        title,
        sending: f.sending,
        notes: preview_lines(f, ctx),
        status,
    };
    f.form.draw_framed(frame, area, ctx, framed);
}

/// The next issue dates after today, once the start date and the period are valid.
fn preview_lines(f: &RuleForm, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let start = parse_typed_date(f.form.value("recurrence_start_date")).ok();
    let period = Period::parse(f.form.value("recurrence_period")).ok();
    let end = parse_typed_date(f.form.value("recurrence_end_date")).ok();
    let (Some(start), Some(period)) = (start, period) else {
        return vec![Line::styled(i.t(T::AdmPreviewNeeds), theme::dim())];
    };
    let after = ctx.today.and_time(chrono::NaiveTime::MIN);
    let dates = next_issue_dates(start, &period, end, after, PREVIEW);
    if dates.is_empty() {
        return vec![Line::styled(i.t(T::AdmPreviewNone), theme::warn())];
    }
    let shown: Vec<String> = dates
        .iter()
        .map(|d| {
            if d.time() == chrono::NaiveTime::MIN {
                d.format("%Y-%m-%d").to_string()
            } else {
                d.format("%Y-%m-%d %H:%M").to_string()
            }
        })
        .collect();
    vec![Line::from(vec![
        Span::styled(format!("{} ", i.t(T::AdmNextIssues)), theme::label()),
        Span::styled(shown.join(" · "), theme::strong()),
    ])]
}
