//! Admin › Contracts: the list (filtered with `/`) and the create-or-update form, which
//! shows whether the server created or updated the contract and its errors per field.

use crate::tui::widgets::hit::{Gesture, ListHit, list_gesture, table_rows};
use crate::tui::widgets::list_table::render_list_table;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Wrap};

use super::field::{Form, FormKey, Framed, LineInput, Msg};
use super::{AdminEffect, request};
use crate::api::ApiError;
use crate::model::{AdminContract, or_dash};
use crate::tui::action::Action;
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup, merged};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::spinner;

/// The form's fields, in order: API name and label.
const FIELDS: &[(&str, T)] = &[
    ("application_code", T::AdmFieldPlan),
    ("access_identifier", T::AdmFieldAccessId),
    ("first_name", T::AdmFieldFirstName),
    ("surname", T::AdmFieldSurname),
    ("second_surname", T::AdmFieldSecondSurname),
    ("email", T::AdmFieldEmail),
    ("mobile_phone_number", T::AdmFieldMobile),
    ("start_date", T::AdmFieldStart),
    ("end_date", T::AdmFieldEnd),
    ("active", T::AdmFieldActive),
    ("client_contract", T::AdmFieldClientContract),
    ("external_extra_data", T::AdmFieldExtra),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    Up,
    Down,
    Filter,
    New,
    Edit,
    Refresh,
}

pub(super) const LIST_KEYS: Keys<Cmd> = Keys::new("admin_contracts", LIST_BINDINGS);
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
        keys: &[KeyPress::ch('/')],
        what: T::AdmKeyFilter,
        cmd: Cmd::Filter,
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

/// The form's keys, for help (the form handles them itself).
pub(super) const FORM_HELP: &[Binding<()>] = &[
    Binding {
        keys: &[k::TAB, k::DOWN, k::ENTER],
        what: T::AdmKeyNextField,
        cmd: (),
    },
    Binding {
        keys: &[k::BACKTAB, k::UP],
        what: T::AdmKeyPrevField,
        cmd: (),
    },
    Binding {
        keys: &[KeyPress::ctrl('s')],
        what: T::KeySend,
        cmd: (),
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyBack,
        cmd: (),
    },
];

/// A list loaded from the server.
#[derive(Debug, Clone, Default)]
pub enum Listing<I> {
    #[default]
    Idle,
    Loading,
    Loaded(Vec<I>),
    Failed(ApiError),
    NotConfigured,
}

impl<I> Listing<I> {
    pub fn items(&self) -> &[I] {
        match self {
            Listing::Loaded(v) => v,
            _ => &[],
        }
    }

    /// A one-line message for every state but a loaded list; `refresh` is the list's
    /// refresh key as bound.
    pub fn message(&self, ctx: &ViewCtx, refresh: &str) -> Option<Line<'static>> {
        let i = &ctx.i18n;
        Some(match self {
            Listing::Idle => Line::styled(
                i.fmt(T::AdmPressRefresh, &[("key", refresh)]),
                theme::label(),
            ),
            Listing::Loading => Line::from(vec![
                Span::styled(spinner::frame(ctx.tick), theme::key()),
                Span::raw(format!(" {}", i.t(T::AdmLoading))),
            ]),
            Listing::Failed(e) => Line::styled(
                format!(
                    "{} {}",
                    i.api_error(e),
                    i.fmt(T::RetryHint, &[("key", refresh)])
                ),
                theme::bad(),
            ),
            Listing::NotConfigured => Line::styled(i.t(T::AdmNotConfigured), theme::warn()),
            Listing::Loaded(_) => return None,
        })
    }
}

/// What the last save of the form gave.
#[derive(Debug, Clone)]
pub enum Saved {
    Created(Option<i64>),
    Updated(Option<i64>),
    /// `success?` false: the errors are beside the fields.
    Refused,
    Failed(ApiError),
}

#[derive(Debug, Clone)]
pub struct ContractForm {
    pub form: Form,
    pub sending: bool,
    pub saved: Option<Saved>,
    /// After a save: fields the server took but did not call valid, with its status.
    pub flagged: Vec<(String, String)>,
    /// Opened from the list: the fields the list does not return are said to be empty
    /// for that reason, not because the contract has none.
    pub from_list: bool,
}

/// The form's fields the admin list never returns (`GET /admin/contracts`): an edit
/// cannot prefill them.
pub const NOT_LISTED: [&str; 5] = [
    "application_code",
    "first_name",
    "surname",
    "second_surname",
    "client_contract",
];

#[derive(Debug, Clone, Default)]
pub struct ContractsView {
    pub list: Listing<AdminContract>,
    stale: bool,
    filter: LineInput,
    filtering: bool,
    selected: usize,
    pub form: Option<ContractForm>,
}

impl ContractsView {
    pub(super) fn load_if_new(&mut self) -> Option<AdminEffect> {
        if matches!(self.list, Listing::Idle) || self.stale {
            self.stale = false;
            self.list = Listing::Loading;
            Some(AdminEffect::LoadContracts)
        } else {
            None
        }
    }

    pub(super) fn mark_stale(&mut self) {
        self.stale = true;
    }

    pub(super) fn on_not_configured(&mut self) {
        self.list = Listing::NotConfigured;
        if let Some(f) = &mut self.form {
            f.sending = false;
        }
    }

    pub(super) fn on_loaded(&mut self, result: Result<Vec<AdminContract>, ApiError>) {
        self.list = match result {
            Ok(v) => Listing::Loaded(v),
            Err(e) => Listing::Failed(e),
        };
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    pub(super) fn on_saved(&mut self, result: Result<AdminContract, ApiError>) -> Vec<AdminEffect> {
        let Some(f) = &mut self.form else {
            return vec![];
        };
        f.sending = false;
        f.form.clear_errors();
        f.flagged = result
            .as_ref()
            .map(AdminContract::flagged)
            .unwrap_or_default();
        f.saved = Some(match result {
            Ok(c) if c.succeeded() => {
                if c.new_contract == Some(true) {
                    Saved::Created(c.id)
                } else {
                    Saved::Updated(c.id)
                }
            }
            Ok(c) => {
                for (field, messages) in c.errors.iter().flatten() {
                    for m in messages {
                        f.form.add_error(field, Msg::Server(m.clone()));
                    }
                }
                if !f.form.has_errors() {
                    f.form.add_error("base", Msg::Note(T::AdmRefusedNoReason));
                }
                Saved::Refused
            }
            Err(e) => Saved::Failed(e),
        });
        if matches!(f.saved, Some(Saved::Created(_) | Saved::Updated(_))) {
            self.stale = true;
            return self.load_if_new().into_iter().collect();
        }
        vec![]
    }

    /// Contracts matching the filter (any of id, identifier, name, email, mobile), without
    /// accents and case.
    pub fn visible(&self) -> Vec<&AdminContract> {
        let needle = crate::text::fold(self.filter.text().trim());
        self.list
            .items()
            .iter()
            .filter(|c| {
                needle.is_empty()
                    || [
                        c.id.map(|v| v.to_string()),
                        c.access_identifier.clone(),
                        c.web_app_name.clone(),
                        c.email.clone(),
                        c.mobile_phone_number.clone(),
                    ]
                    .iter()
                    .flatten()
                    .any(|v| crate::text::fold(v).contains(&needle))
            })
            .collect()
    }

    fn open_form(&mut self, from: Option<AdminContract>) {
        let mut form = Form::new(FIELDS);
        let from_list = from.is_some();
        if let Some(c) = from {
            form.set(
                "access_identifier",
                c.access_identifier.as_deref().unwrap_or(""),
            );
            form.set("email", c.email.as_deref().unwrap_or(""));
            form.set(
                "mobile_phone_number",
                c.mobile_phone_number.as_deref().unwrap_or(""),
            );
            form.set("start_date", c.start_date.as_deref().unwrap_or(""));
            form.set("end_date", c.end_date.as_deref().unwrap_or(""));
            if let Some(a) = c.active {
                form.set("active", if a { "true" } else { "false" });
            }
            if let Some(extra) = &c.external_extra_data {
                form.set(
                    "external_extra_data",
                    &serde_json::Value::Object(extra.clone()).to_string(),
                );
            }
        }
        self.form = Some(ContractForm {
            form,
            sending: false,
            saved: None,
            flagged: Vec::new(),
            from_list,
        });
    }

    /// Validates with the same rules as `admin contracts upsert`; errors go beside fields.
    fn submit(&mut self) -> Option<Action> {
        let f = self.form.as_mut()?;
        if f.sending {
            return None;
        }
        f.form.clear_errors();
        f.saved = None;
        let header: Vec<String> = FIELDS.iter().map(|(k, _)| (*k).to_owned()).collect();
        let cells: Vec<String> = FIELDS
            .iter()
            .map(|(k, _)| f.form.value(k).to_owned())
            .collect();
        match crate::import::validate_row(&header, &cells) {
            Ok(input) => {
                f.sending = true;
                request(AdminEffect::UpsertContract(Box::new(input)))
            }
            Err(problems) => {
                for p in problems.0 {
                    let field = FIELDS
                        .iter()
                        .map(|(k, _)| *k)
                        .find(|k| *k == p.field())
                        .unwrap_or("base");
                    f.form.add_error(field, Msg::Contract(p));
                }
                None
            }
        }
    }

    pub(super) fn in_text_field(&self) -> bool {
        self.form.is_some() || self.filtering
    }

    pub(super) fn has_unsaved_input(&self) -> bool {
        self.form
            .as_ref()
            .is_some_and(|f| f.form.has_input() && f.saved.is_none())
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
        } else if self.filtering {
            vec![KeyHelp {
                keys: "Enter Esc".into(),
                what: T::KeyLeaveField,
            }]
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
                    f.saved = None;
                    None
                }
                _ => None,
            };
        }
        if self.filtering {
            match key.code {
                crossterm::event::KeyCode::Enter | crossterm::event::KeyCode::Esc => {
                    self.filtering = false
                }
                _ => {
                    self.filter.handle(&key);
                    self.selected = 0;
                }
            }
            return None;
        }
        let last = self.visible().len().saturating_sub(1);
        match lookup(LIST_KEYS, &key)? {
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::Filter => self.filtering = true,
            Cmd::New => self.open_form(None),
            Cmd::Edit => {
                let chosen = self.visible().get(self.selected).map(|c| (*c).clone());
                if chosen.is_some() {
                    self.open_form(chosen);
                }
            }
            Cmd::Refresh => {
                self.list = Listing::Loading;
                return request(AdminEffect::LoadContracts);
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

    /// The filter line and the list (drawing and mouse hit-testing both use it).
    fn list_areas(area: Rect) -> [Rect; 2] {
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area)
    }

    /// A click selects a contract, on the selected one edits it; the wheel moves. In the
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
        if self.filtering {
            return None;
        }
        let [_, list] = Self::list_areas(area);
        let len = self.visible().len();
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
        let [filter_area, list_area] = Self::list_areas(area);
        let mut spans = vec![Span::styled(
            format!("{}: ", i.t(T::AdmFilter)),
            theme::label(),
        )];
        if self.filter.text().is_empty() && !self.filtering {
            spans.push(Span::styled(i.t(T::AdmFilterHint), theme::dim()));
        } else {
            spans.extend(self.filter.spans(self.filtering, 40));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), filter_area);
        let visible = self.visible();
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(
                " {} ",
                i.fmt(
                    T::AdmContractsTitle,
                    &[
                        ("shown", &visible.len().to_string()),
                        ("total", &self.list.items().len().to_string())
                    ]
                )
            ));
        if let Some(line) = self.list.message(ctx, &LIST_KEYS.label(Cmd::Refresh)) {
            frame.render_widget(
                Paragraph::new(line).wrap(Wrap { trim: true }).block(block),
                list_area,
            );
            return;
        }
        let wide = area.width >= 100;
        let header = if wide {
            vec![
                "Id",
                i.t(T::AdmFieldAccessId),
                i.t(T::ColName),
                i.t(T::ColStatus),
                i.t(T::ColDates),
                i.t(T::AdmFieldEmail),
                i.t(T::AdmFieldMobile),
            ]
        } else {
            vec![
                "Id",
                i.t(T::AdmFieldAccessId),
                i.t(T::ColName),
                i.t(T::ColStatus),
                i.t(T::ColDates),
            ]
        };
        let rows = visible.iter().map(|c| {
            let active = match c.active {
                Some(false) => i.t(T::StatusInactive),
                _ => i.t(T::StatusActive),
            };
            let dates = format!(
                "{} → {}",
                or_dash(c.start_date.as_deref()),
                or_dash(c.end_date.as_deref())
            );
            let mut cells = vec![
                c.id.map_or("—".into(), |v| v.to_string()),
                or_dash(c.access_identifier.as_deref()).to_owned(),
                or_dash(c.web_app_name.as_deref()).to_owned(),
                active.to_owned(),
                dates,
            ];
            if wide {
                cells.push(with_status(
                    c.email.as_deref(),
                    c.email_validation_status.as_deref(),
                ));
                cells.push(with_status(
                    c.mobile_phone_number.as_deref(),
                    c.mobile_phone_number_validation_status.as_deref(),
                ));
            }
            Row::new(cells)
        });
        // The mobile column grows only when a status is shown beside a number.
        let mobile_w = visible
            .iter()
            .map(|c| {
                with_status(
                    c.mobile_phone_number.as_deref(),
                    c.mobile_phone_number_validation_status.as_deref(),
                )
                .chars()
                .count() as u16
            })
            .max()
            .unwrap_or(0)
            .clamp(14, 26);
        let widths: Vec<Constraint> = if wide {
            vec![
                Constraint::Length(5),
                Constraint::Length(14),
                Constraint::Min(16),
                Constraint::Length(9),
                Constraint::Length(23),
                Constraint::Min(18),
                Constraint::Length(mobile_w),
            ]
        } else {
            vec![
                Constraint::Length(5),
                Constraint::Length(13),
                Constraint::Min(12),
                Constraint::Length(9),
                Constraint::Length(23),
            ]
        };
        render_list_table(frame, list_area, rows, header, widths, block, self.selected);
    }
}

fn draw_form(f: &ContractForm, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let i = &ctx.i18n;
    let status = match &f.saved {
        None => Line::styled(i.t(T::AdmContractFormHint), theme::label()),
        Some(Saved::Created(id)) => saved_line(
            i.fmt(T::AdmContractCreated, &[("id", &opt_id(*id))]),
            &f.flagged,
            ctx,
        ),
        Some(Saved::Updated(id)) => saved_line(
            i.fmt(T::AdmContractUpdated, &[("id", &opt_id(*id))]),
            &f.flagged,
            ctx,
        ),
        Some(Saved::Refused) => Line::styled(i.t(T::AdmContractRefused), theme::bad()),
        Some(Saved::Failed(e)) => Line::styled(i.api_error(e), theme::bad()),
    };
    let notes = if f.from_list {
        let names: Vec<&str> = NOT_LISTED
            .iter()
            .filter_map(|k| FIELDS.iter().find(|(key, _)| key == k))
            .map(|(_, t)| i.t(*t))
            .collect();
        vec![Line::styled(
            i.fmt(T::ShiftAdmNotListed, &[("fields", &names.join(", "))]),
            theme::warn(),
        )]
    } else {
        Vec::new()
    };
    let framed = Framed {
        title: i.t(T::AdmContractFormTitle).to_owned(),
        sending: f.sending,
        notes,
        status,
    };
    f.form.draw_framed(frame, area, ctx, framed);
}

/// The save's outcome, then what the server's validation statuses flag (it took the
/// contract all the same).
fn saved_line(done: String, flagged: &[(String, String)], ctx: &ViewCtx) -> Line<'static> {
    let i = &ctx.i18n;
    let mut spans = vec![Span::styled(done, theme::ok())];
    for (field, status) in flagged {
        let label = FIELDS
            .iter()
            .find(|(k, _)| k == field)
            .map_or(field.as_str(), |(_, t)| i.t(*t));
        spans.push(Span::styled(
            format!(
                " · ⚠ {}",
                i.fmt(T::AdmServerFlagged, &[("field", label), ("status", status)])
            ),
            theme::warn(),
        ));
    }
    Line::from(spans)
}

/// A value with the server's validation status beside it when it is not `valid`.
fn with_status(value: Option<&str>, status: Option<&str>) -> String {
    match status
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "valid")
    {
        Some(s) => format!("{} ({s})", or_dash(value)),
        None => or_dash(value).to_owned(),
    }
}

pub(super) fn opt_id(id: Option<i64>) -> String {
    id.map_or("—".into(), |v| v.to_string())
}
