//! New service request (F3, or `n` on a service of the contract detail), and the edit of an
//! existing one (`FormAction::Edit`, from a request's detail).
//!
//! - [`fields`]: the form's data (fixed fields, see `fixed.rs`, + the service's questions),
//!   validation and the create / update bodies.
//! - [`draw`]: drawing the hub (drafts, outbox, recent contracts), the form and the result.
//! - [`tasks`]: create (with the outbox fallback), update, the outbox worker — run by the
//!   task runner.
//!
//! The pane's own actions and effects are [`FormAction`] / [`FormEffect`], carried by
//! `Action::Form` / `Effect::Form`; App routes them to its [`Update`] impl, which answers
//! with [`Out`]s (effects, "show the form", "refresh Lookup"). Drafts are written off the
//! UI thread by the local store's [`DraftWriter`].

pub mod draw;
pub mod fields;
mod fixed;
mod guard;
mod keys;
mod mouse;
/// This pane's key tables, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] =
    &[&keys::FORM_KEYS, &keys::HUB_KEYS, &keys::DONE_KEYS];
pub mod tasks;

use keys::{DONE_KEYS, FORM_KEYS, HUB_KEYS};

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea};

use super::{Pane, ViewCtx};
use crate::api::ApiError;
use crate::forms::FormCatalog;
use crate::local::DraftWriter;
use crate::local::{Backoff, LocalStore, OutboxItem, OutboxReport, OutboxState};
use crate::model::{Contract, Service, ServiceRequest, ServiceRequestCreate, ServiceRequestUpdate};
use crate::tui::action::{Action, Effect, PaneId, RequestId};
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, merged};
use crate::tui::panes::{Out, Update};
use crate::tui::runner::new_request_id;
use crate::tui::theme;
pub use fields::{Context, FieldId, FormData, InputKind, Item, Mode, Prefill, Problem};

/// The form's actions (inside `Action::Form`).
#[derive(Debug, Clone)]
pub enum FormAction {
    /// `n` on a service of the contract detail.
    NewFor {
        contract: Box<Contract>,
        service: Box<Service>,
    },
    /// Another pane's intent (a request's detail): edit this request (only the fields an
    /// update may change); brings the form on top.
    Edit(Box<ServiceRequest>),
    /// A valid form, to send.
    Send(Box<Submission>),
    /// The stale-edit guard's verdict on the update waiting to be sent.
    Guarded(crate::tui::overlays::stale::Verdict),
    Created {
        request: RequestId,
        result: Result<CreateOutcome, ApiError>,
    },
    Updated {
        request: RequestId,
        result: Result<Box<ServiceRequest>, ApiError>,
    },
    /// The outbox as it now is, and what just happened to one of its items.
    OutboxChanged {
        items: Vec<OutboxItem>,
        report: Option<OutboxReport>,
    },
    Outbox(OutboxCommand),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Submission {
    Create(ServiceRequestCreate),
    Update { id: i64, body: ServiceRequestUpdate },
}

#[derive(Debug, Clone)]
pub enum CreateOutcome {
    Created {
        request: Box<ServiceRequest>,
        recovered: bool,
    },
    /// The server could not be reached: the create waits in the outbox.
    Queued {
        external_id: String,
        error: ApiError,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum OutboxCommand {
    Discard(String),
    Requeue(String),
}

/// The form's effects (inside `Effect::Form`).
#[derive(Debug, Clone, PartialEq)]
pub enum FormEffect {
    Create {
        request: RequestId,
        body: Box<ServiceRequestCreate>,
    },
    Update {
        request: RequestId,
        id: i64,
        body: Box<ServiceRequestUpdate>,
    },
    StartOutbox(OutboxSetup),
    Outbox(OutboxCommand),
}

/// The outbox worker's store and pace.
#[derive(Debug, Clone)]
pub struct OutboxSetup {
    pub store: LocalStore,
    pub interval: Duration,
    pub backoff: Backoff,
}

impl PartialEq for OutboxSetup {
    fn eq(&self, other: &Self) -> bool {
        self.store.path() == other.store.path()
            && self.interval == other.interval
            && self.backoff == other.backoff
    }
}

impl FormEffect {
    /// The id its answer carries (creates and updates).
    pub fn request(&self) -> Option<RequestId> {
        match self {
            FormEffect::Create { request, .. } | FormEffect::Update { request, .. } => {
                Some(*request)
            }
            FormEffect::StartOutbox(_) | FormEffect::Outbox(_) => None,
        }
    }
}

/// A request was created: re-run the last lookup so its limits are current.
fn refresh_lookup() -> Vec<Out> {
    vec![Action::from(crate::tui::panes::lookup::LookupAction::Refresh).into()]
}

/// What the console starts the form with.
pub struct RequestSetup {
    pub catalog: FormCatalog,
    /// Drafts and outbox; `None` keeps drafts in memory only.
    pub local: Option<LocalStore>,
    pub source: Option<String>,
    pub contact_center_phone: Option<String>,
    /// A fixed clock for `requested_at` (snapshot tests).
    pub fixed_now: Option<chrono::DateTime<chrono::Utc>>,
    pub outbox_interval: Duration,
    pub outbox_backoff: Backoff,
}

impl RequestSetup {
    pub fn new(catalog: FormCatalog, local: Option<LocalStore>) -> Self {
        Self {
            catalog,
            local,
            source: None,
            contact_center_phone: None,
            fixed_now: None,
            outbox_interval: Duration::from_secs(15),
            outbox_backoff: Backoff::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Drafts, outbox, recent contracts, blank form.
    Hub,
    Form,
    Done,
}

/// A dialog over the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    None,
    /// The options of a select, this one highlighted.
    List(usize),
    /// The service is blocked: send anyway?
    ConfirmBlocked,
    /// Esc in an edit with changes: discard them and go back to the request?
    ConfirmDiscard,
}

/// The form being filled.
pub struct FormState {
    /// Its draft's key in the local store.
    pub key: String,
    pub data: FormData,
    pub focus: FieldId,
    /// The cursor is in the focused text field.
    pub editing: bool,
    pub input: TextArea<'static>,
    /// The agent changed something since it was opened.
    pub changed: bool,
    pub popup: Popup,
    pub sending: Option<RequestId>,
    /// The server's refusal of the last send.
    pub error: Option<ApiError>,
    /// The "advanced" section (internal fields of a create) is open.
    pub advanced_open: bool,
}

/// What the last send did.
#[derive(Debug, Clone)]
pub enum Done {
    Created {
        request: Box<ServiceRequest>,
        recovered: bool,
    },
    Queued {
        external_id: String,
        error: ApiError,
    },
    Updated(Box<ServiceRequest>),
}

/// A line under the form or the hub.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub key: T,
    pub args: Vec<(&'static str, String)>,
    pub bad: bool,
    /// Fills `{field}` with this field's label, in the language on screen.
    pub field: Option<FieldId>,
}

impl Notice {
    fn good(key: T) -> Self {
        Self {
            key,
            args: Vec::new(),
            bad: false,
            field: None,
        }
    }
}

/// One selectable row of the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubRow {
    Draft(usize),
    Outbox(usize),
    Service { contract: usize, service: usize },
    Blank,
}

/// A draft kept in memory, mirrored to the local store by the writer.
#[derive(Debug, Clone)]
pub struct DraftEntry {
    pub key: String,
    pub data: FormData,
    /// Milliseconds since the Unix epoch.
    pub updated_at: i64,
}

pub struct RequestFormPane {
    catalog: Arc<FormCatalog>,
    source: Option<String>,
    contact_center_phone: Option<String>,
    fixed_now: Option<chrono::DateTime<chrono::Utc>>,
    writer: Option<DraftWriter>,
    view: View,
    form: Option<FormState>,
    drafts: Vec<DraftEntry>,
    outbox: Vec<OutboxItem>,
    recent: Vec<Contract>,
    hub_selected: usize,
    done: Option<Done>,
    notice: Option<Notice>,
    /// The update waiting for the stale-edit guard's verdict, with its form's draft key.
    guarding: Option<(String, Submission)>,
}

impl Default for RequestFormPane {
    fn default() -> Self {
        Self::new()
    }
}

fn new_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_owned()]);
    input.move_cursor(CursorMove::End);
    input.set_cursor_line_style(Style::default());
    input.set_cursor_style(theme::selected());
    input
}

impl RequestFormPane {
    pub fn new() -> Self {
        Self {
            catalog: Arc::new(
                FormCatalog::load(None).expect("the built-in question sets are valid"),
            ),
            source: None,
            contact_center_phone: None,
            fixed_now: None,
            writer: None,
            view: View::Hub,
            form: None,
            drafts: Vec::new(),
            outbox: Vec::new(),
            recent: Vec::new(),
            hub_selected: 0,
            done: None,
            notice: None,
            guarding: None,
        }
    }

    /// Installs the question sets, config defaults and the local store; restores the most
    /// recent draft (if any) and starts the outbox. Reads the store once, before the screen
    /// opens.
    pub fn setup(&mut self, setup: RequestSetup) -> Vec<Out> {
        self.catalog = Arc::new(setup.catalog);
        self.source = setup.source;
        self.contact_center_phone = setup.contact_center_phone;
        self.fixed_now = setup.fixed_now;
        let mut out = Vec::new();
        let Some(store) = setup.local else {
            return out;
        };
        match store.list_drafts() {
            Ok(list) => {
                for info in list {
                    match store.load_draft(&info.key) {
                        Ok(Some(json)) => match FormData::from_json(&json) {
                            Some(data) => self.drafts.push(DraftEntry {
                                key: info.key,
                                data,
                                updated_at: info.updated_at,
                            }),
                            None => tracing::warn!(draft = %info.key, "unreadable draft skipped"),
                        },
                        Ok(None) => {}
                        Err(e) => tracing::warn!(draft = %info.key, "draft not read: {e}"),
                    }
                }
            }
            Err(e) => tracing::warn!("drafts not read: {e}"),
        }
        self.outbox = store.outbox().unwrap_or_default();
        if let Some(latest) = self.drafts.first().cloned() {
            self.open_form(latest.key, latest.data);
            self.notice = Some(Notice::good(T::FormDraftRestored));
        }
        self.writer = Some(DraftWriter::new(store.clone()));
        out.push(Out::Run(Effect::Form(FormEffect::StartOutbox(
            OutboxSetup {
                store,
                interval: setup.outbox_interval,
                backoff: setup.outbox_backoff,
            },
        ))));
        out
    }

    // ---- read access (app, tests) ----

    pub fn view(&self) -> View {
        self.view
    }
    pub fn form(&self) -> Option<&FormState> {
        self.form.as_ref()
    }
    pub fn drafts(&self) -> &[DraftEntry] {
        &self.drafts
    }
    pub fn outbox(&self) -> &[OutboxItem] {
        &self.outbox
    }
    pub fn done(&self) -> Option<&Done> {
        self.done.as_ref()
    }
    pub fn catalog(&self) -> &FormCatalog {
        &self.catalog
    }
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }
    /// Creates waiting to be sent (the header shows the count).
    pub fn outbox_pending(&self) -> usize {
        self.outbox
            .iter()
            .filter(|i| i.state == OutboxState::Pending)
            .count()
    }
    /// Creates the server refused while in the outbox: the agent must act.
    pub fn outbox_rejected(&self) -> usize {
        self.outbox
            .iter()
            .filter(|i| i.state == OutboxState::Rejected)
            .count()
    }

    /// The contracts of the last lookup, offered in the hub.
    pub fn set_recent(&mut self, contracts: Vec<Contract>) {
        self.recent = contracts;
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.fixed_now.unwrap_or_else(chrono::Utc::now)
    }

    fn prefill(&self) -> Prefill {
        Prefill {
            source: self.source.clone(),
            contact_center_phone: self.contact_center_phone.clone(),
            now: self.now(),
        }
    }

    /// A new create for `context` (its own draft).
    pub fn new_form(&mut self, context: Context) {
        let key = format!(
            "request-{}-{}",
            self.now().timestamp_millis(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let mut data = FormData::create(context, &self.prefill());
        data.prefill_answers(&self.catalog);
        self.open_form(key, data);
    }

    /// The edit of `request` (its draft, when one was left).
    pub fn edit(&mut self, request: ServiceRequest) {
        let key = format!("edit-{}", request.id.unwrap_or_default());
        let data = self
            .drafts
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.data.clone())
            .unwrap_or_else(|| FormData::edit(request));
        self.open_form(key, data);
    }

    fn open_form(&mut self, key: String, data: FormData) {
        let fields = data.fields(&self.catalog);
        // The first field worth typing in: the first empty required one, else the first.
        let focus = fields
            .iter()
            .find(|f| data.is_required(&self.catalog, f) && data.raw(f).trim().is_empty())
            .or(fields.first())
            .cloned()
            .unwrap_or(FieldId::Fixed(fields::Fixed::ContractId));
        let mut state = FormState {
            key,
            data,
            focus: focus.clone(),
            editing: false,
            input: new_input(""),
            changed: false,
            popup: Popup::None,
            sending: None,
            error: None,
            advanced_open: false,
        };
        self.view = View::Form;
        self.notice = None;
        state.focus_on(&self.catalog, focus);
        self.form = Some(state);
    }
}

impl Update for RequestFormPane {
    type Msg = FormAction;

    /// Applies one of the pane's actions.
    fn update(&mut self, action: FormAction) -> Vec<Out> {
        match action {
            FormAction::NewFor { contract, service } => {
                self.new_form(Context {
                    contract: Some(*contract),
                    service: Some(*service),
                });
                vec![Action::GoTo(PaneId::NewRequest).into()]
            }
            FormAction::Edit(request) => {
                self.edit(*request);
                vec![Action::GoTo(PaneId::NewRequest).into()]
            }
            // An update waits for the stale-edit guard's verdict (`guard`); a create is new.
            FormAction::Send(submission) => match *submission {
                update @ Submission::Update { .. } => self.guard_update(update),
                create => self.send_now(create),
            },
            FormAction::Guarded(verdict) => self.on_verdict(verdict),
            FormAction::Created { request, result } => {
                if !self.is_pending(request) {
                    return Vec::new();
                }
                match result {
                    Ok(CreateOutcome::Created { request, recovered }) => {
                        let mine = guard::onto_board(&request);
                        self.finish(Done::Created { request, recovered });
                        let mut out = refresh_lookup();
                        out.extend(mine);
                        out
                    }
                    Ok(CreateOutcome::Queued { external_id, error }) => {
                        self.finish(Done::Queued { external_id, error });
                        Vec::new()
                    }
                    Err(e) => {
                        self.fail(e);
                        Vec::new()
                    }
                }
            }
            FormAction::Updated { request, result } => {
                if !self.is_pending(request) {
                    return Vec::new();
                }
                match result {
                    Ok(r) => {
                        let mine = guard::onto_board(&r);
                        self.finish(Done::Updated(r));
                        mine
                    }
                    Err(e) => {
                        self.fail(e);
                        Vec::new()
                    }
                }
            }
            FormAction::OutboxChanged { items, report } => {
                self.outbox = items;
                match report {
                    Some(OutboxReport::Sent {
                        request_id,
                        external_id,
                        ..
                    }) => {
                        self.notice = Some(Notice {
                            key: T::FormOutboxSent,
                            args: vec![
                                ("id", request_id.map_or("—".into(), |i| i.to_string())),
                                ("external_id", external_id),
                            ],
                            bad: false,
                            field: None,
                        });
                        refresh_lookup()
                    }
                    Some(OutboxReport::Rejected { error, .. }) => {
                        self.notice = Some(Notice {
                            key: T::FormOutboxRejected,
                            args: vec![("error", error)],
                            bad: true,
                            field: None,
                        });
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
            FormAction::Outbox(command) => {
                vec![Effect::Form(FormEffect::Outbox(command)).into()]
            }
        }
    }
}

impl RequestFormPane {
    /// Sends `submission` now.
    fn send_now(&mut self, submission: Submission) -> Vec<Out> {
        let request = new_request_id();
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        form.sending = Some(request);
        form.error = None;
        form.popup = Popup::None;
        let effect = match submission {
            Submission::Create(body) => FormEffect::Create {
                request,
                body: Box::new(body),
            },
            Submission::Update { id, body } => FormEffect::Update {
                request,
                id,
                body: Box::new(body),
            },
        };
        vec![Effect::Form(effect).into()]
    }

    fn is_pending(&self, request: RequestId) -> bool {
        self.form
            .as_ref()
            .is_some_and(|f| f.sending == Some(request))
    }

    /// The send went through (or into the outbox): the draft is done with.
    fn finish(&mut self, done: Done) {
        if let Some(form) = self.form.take() {
            self.forget_draft(&form.key);
        }
        self.done = Some(done);
        self.view = View::Done;
        self.notice = None;
    }

    fn fail(&mut self, e: ApiError) {
        if let Some(form) = &mut self.form {
            form.sending = None;
            form.error = Some(e);
        }
    }

    fn forget_draft(&mut self, key: &str) {
        self.drafts.retain(|d| d.key != key);
        if let Some(w) = &self.writer {
            w.delete(key);
        }
    }

    /// Writes the form's draft (off the UI thread) and mirrors it in the hub's list.
    fn save_draft(&mut self) {
        let Some(form) = &self.form else {
            return;
        };
        if let Some(w) = &self.writer {
            w.save(&form.key, form.data.to_json());
        }
        let entry = DraftEntry {
            key: form.key.clone(),
            data: form.data.clone(),
            updated_at: crate::local::now_ms(),
        };
        self.drafts.retain(|d| d.key != entry.key);
        self.drafts.insert(0, entry);
    }

    // ---- hub ----

    pub fn hub_rows(&self) -> Vec<HubRow> {
        let mut rows: Vec<HubRow> = (0..self.drafts.len()).map(HubRow::Draft).collect();
        rows.extend((0..self.outbox.len()).map(HubRow::Outbox));
        for (c, contract) in self.recent.iter().enumerate() {
            for s in 0..contract.services().len() {
                rows.push(HubRow::Service {
                    contract: c,
                    service: s,
                });
            }
        }
        rows.push(HubRow::Blank);
        rows
    }

    pub fn hub_selected(&self) -> usize {
        self.hub_selected
    }

    pub fn recent(&self) -> &[Contract] {
        &self.recent
    }
}

impl FormState {
    /// Puts the focus on `id`, loading its text into the input; a collapsed internal field
    /// (the first problem of a submit, say) opens the advanced section.
    fn focus_on(&mut self, catalog: &FormCatalog, id: FieldId) {
        if self.data.is_advanced(&id) {
            self.advanced_open = true;
        }
        if id != self.focus {
            self.data.visited.insert(FormData::key_of(&self.focus));
        }
        self.input = new_input(self.data.raw(&id));
        let i18n = crate::tui::i18n::I18n::new(crate::config::Language::Es);
        self.editing = self.data.input_kind(catalog, &id, &i18n) == InputKind::Text;
        self.focus = id;
    }

    /// The fields on screen (Tab walks through them).
    pub fn shown_fields(&self, catalog: &FormCatalog) -> Vec<FieldId> {
        self.data.shown_fields(catalog, self.advanced_open)
    }

    /// Index of the focus among the fields shown (the nearest one when it was hidden).
    pub fn focus_index(&self, catalog: &FormCatalog) -> usize {
        let fields = self.shown_fields(catalog);
        fields.iter().position(|f| *f == self.focus).unwrap_or(0)
    }

    /// Ctrl-A: opens or closes the advanced section; closing it with the focus inside
    /// moves the focus to the last field above it.
    fn toggle_advanced(&mut self, catalog: &FormCatalog) {
        self.advanced_open = !self.advanced_open;
        if !self.advanced_open && self.data.is_advanced(&self.focus) {
            let last = self.shown_fields(catalog).last().cloned();
            if let Some(last) = last {
                self.focus_on(catalog, last);
            }
        }
    }

    fn move_focus(&mut self, catalog: &FormCatalog, by: isize) {
        let fields = self.shown_fields(catalog);
        if fields.is_empty() {
            return;
        }
        let at = self.focus_index(catalog) as isize;
        let to = (at + by).clamp(0, fields.len() as isize - 1) as usize;
        self.focus_on(catalog, fields[to].clone());
    }

    fn set_value(&mut self, _catalog: &FormCatalog, text: String) {
        let focus = self.focus.clone();
        self.data.set_raw(&focus, text);
    }

    /// Unanswered → yes → no → unanswered…: an answer can always be taken back.
    fn toggle(&mut self, catalog: &FormCatalog) {
        let next = match crate::forms::parse_bool(self.data.raw(&self.focus)).ok() {
            None => "true",
            Some(true) => "false",
            Some(false) => "",
        };
        self.set_value(catalog, next.to_owned());
    }

    /// The next option, with "no value" between the last and the first: a chosen value
    /// can always be set back to empty.
    fn cycle(&mut self, catalog: &FormCatalog, options: &[(String, String)], forward: bool) {
        if options.is_empty() {
            return;
        }
        let n = options.len();
        let at = options
            .iter()
            .position(|(v, _)| v == self.data.raw(&self.focus));
        let next = match (at, forward) {
            (None, true) => Some(0),
            (None, false) => Some(n - 1),
            (Some(i), true) => (i + 1 < n).then_some(i + 1),
            (Some(i), false) => i.checked_sub(1),
        };
        let value = next.map(|i| options[i].0.clone()).unwrap_or_default();
        self.set_value(catalog, value);
    }

    /// Backspace / Delete on a choice: back to no value.
    fn clear(&mut self, catalog: &FormCatalog) {
        self.set_value(catalog, String::new());
    }

    /// The focused field takes text right now.
    pub fn in_text(&self, catalog: &FormCatalog) -> bool {
        let i18n = crate::tui::i18n::I18n::new(crate::config::Language::Es);
        self.editing && self.data.input_kind(catalog, &self.focus, &i18n) == InputKind::Text
    }
}

impl Pane for RequestFormPane {
    fn title(&self) -> T {
        T::PaneNewRequest
    }

    fn help(&self) -> Vec<KeyHelp> {
        match self.view {
            View::Hub => help_of(HUB_KEYS),
            View::Form => help_of(FORM_KEYS),
            View::Done => help_of(DONE_KEYS),
        }
    }

    fn hints(&self) -> Vec<KeyHelp> {
        let all = merged(&self.help());
        if self.view != View::Form {
            return all;
        }
        // The form's line is short: the keys an agent needs most.
        let wanted = [T::KeyNextField, T::KeySubmit, T::KeyLeaveFieldOrForm];
        all.into_iter()
            .filter(|h| wanted.contains(&h.what))
            .collect()
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        match self.view {
            View::Hub => self.hub_key(key),
            View::Form if self.form.is_some() => self.form_key(key),
            View::Form => {
                self.view = View::Hub;
                None
            }
            View::Done => self.done_key(key),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        draw::draw(self, frame, area, ctx);
    }

    fn on_mouse(
        &mut self,
        ev: crossterm::event::MouseEvent,
        area: Rect,
        ctx: &ViewCtx,
    ) -> Option<Action> {
        self.mouse(ev, area, ctx)
    }

    fn in_text_field(&self) -> bool {
        self.view == View::Form
            && self
                .form
                .as_ref()
                .is_some_and(|f| f.in_text(&self.catalog) || f.popup != Popup::None)
    }

    fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.changed)
    }

    fn is_animating(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.sending.is_some())
    }
}
