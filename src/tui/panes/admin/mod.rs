//! Admin (F6): sponsors' admins load contracts (one by one or from a CSV file), point
//! transactions and recurring point rules. Four sub-tabs, one file each; this file holds
//! the pane's actions and effects and the sub-tab switch; [`tasks`] runs the effects.
//!
//! Present only with admin credentials: the first effect run without them answers
//! [`AdminAction::NotConfigured`] and the pane says how to configure them.

pub mod contracts;
pub mod field;
pub mod import;
pub mod points;
pub mod recurrent;
pub mod tasks;
/// This pane's key tables, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] = &[
    &TAB_KEYS,
    &contracts::LIST_KEYS,
    &import::PATH_KEYS,
    &import::IDLE_KEYS,
    &import::PREVIEW_KEYS,
    &import::RUNNING_KEYS,
    &import::DONE_KEYS,
    &points::LIST_KEYS,
    &points::DETAIL_KEYS,
    &recurrent::LIST_KEYS,
];

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Out, Pane, Update, ViewCtx};
use crate::api::ApiError;
use crate::import::{Outcome, Progress};
use crate::model::{
    AdminContract, AdminContractInput, PointTransaction, PointTransactionInput,
    RecurrentPointTransaction, RecurrentPointTransactionInput,
};
use crate::tui::action::{Action, Effect};
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, lookup};
use crate::tui::theme;
use crate::tui::widgets::hit::Gesture;

pub use contracts::ContractsView;
pub use field::{Form, FormKey, LineInput};
pub use import::{ImportPreview, ImportView, complete_path};
pub use points::PointsView;
pub use recurrent::RecurrentView;

/// The sub-tabs, in order (keys 1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminTab {
    Contracts,
    Import,
    Points,
    Recurrent,
}

impl AdminTab {
    pub const ALL: [AdminTab; 4] = [
        AdminTab::Contracts,
        AdminTab::Import,
        AdminTab::Points,
        AdminTab::Recurrent,
    ];

    fn title(self) -> T {
        match self {
            AdminTab::Contracts => T::AdmTabContracts,
            AdminTab::Import => T::AdmTabImport,
            AdminTab::Points => T::AdmTabPoints,
            AdminTab::Recurrent => T::AdmTabRecurrent,
        }
    }
}

/// Asks a running import to stop after the batch in flight (what was sent stays recorded,
/// so the import can be resumed). Equal only to itself.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

impl PartialEq for CancelFlag {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The Admin pane's network and file work.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminEffect {
    LoadContracts,
    UpsertContract(Box<AdminContractInput>),
    /// Read the CSV's header and rows, validate them, and count what a run would send.
    PreviewImport(PathBuf),
    RunImport {
        path: PathBuf,
        batch_size: usize,
        cancel: CancelFlag,
    },
    LoadTransactions,
    CreateTransaction(PointTransactionInput),
    /// Poll the transaction with a short backoff until it is processed or failed.
    FollowTransaction(i64),
    LoadRules,
    SaveRule {
        /// `None` creates.
        id: Option<i64>,
        rule: RecurrentPointTransactionInput,
    },
}

/// The Admin pane's actions: its keys' requests and the answers of its tasks.
#[derive(Debug, Clone)]
pub enum AdminAction {
    /// A key asked for this work.
    Request(AdminEffect),
    /// No admin credentials: nothing was sent.
    NotConfigured,
    ContractsLoaded(Result<Vec<AdminContract>, ApiError>),
    ContractSaved(Result<AdminContract, ApiError>),
    PreviewLoaded(Result<ImportPreview, String>),
    ImportProgress(Progress),
    ImportFinished(Result<Outcome, String>),
    TransactionsLoaded(Result<Vec<PointTransaction>, ApiError>),
    TransactionCreated(Result<PointTransaction, ApiError>),
    TransactionPolled(Result<PointTransaction, ApiError>),
    RulesLoaded(Result<Vec<RecurrentPointTransaction>, ApiError>),
    RuleSaved(Result<RecurrentPointTransaction, ApiError>),
}

impl From<AdminAction> for Action {
    fn from(a: AdminAction) -> Action {
        Action::Admin(Box::new(a))
    }
}

/// Wraps a request as the action a key returns.
pub(crate) fn request(effect: AdminEffect) -> Option<Action> {
    Some(AdminAction::Request(effect).into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TabCmd {
    Go(usize),
}

const TAB_KEYS: Keys<TabCmd> = Keys::new("admin", TAB_BINDINGS);
const TAB_BINDINGS: &[Binding<TabCmd>] = &[
    Binding {
        keys: &[KeyPress::ch('1')],
        what: T::AdmKeyTabContracts,
        cmd: TabCmd::Go(0),
    },
    Binding {
        keys: &[KeyPress::ch('2')],
        what: T::AdmKeyTabImport,
        cmd: TabCmd::Go(1),
    },
    Binding {
        keys: &[KeyPress::ch('3')],
        what: T::AdmKeyTabPoints,
        cmd: TabCmd::Go(2),
    },
    Binding {
        keys: &[KeyPress::ch('4')],
        what: T::AdmKeyTabRecurrent,
        cmd: TabCmd::Go(3),
    },
];

/// The sub-tabs' keys for the status line: `1-4`, or the keys `[keys]` binds them to.
fn tab_keys_label() -> String {
    let first: Vec<String> = TAB_KEYS
        .bindings
        .iter()
        .filter_map(|b| TAB_KEYS.keys_of(b).first().map(KeyPress::label))
        .collect();
    if first == ["1", "2", "3", "4"] {
        "1-4".into()
    } else {
        first.join(" ")
    }
}

pub struct AdminPane {
    /// `Some(false)` once a task found no admin credentials.
    configured: Option<bool>,
    tab: AdminTab,
    pub contracts: ContractsView,
    pub import: ImportView,
    pub points: PointsView,
    pub recurrent: RecurrentView,
}

impl Default for AdminPane {
    fn default() -> Self {
        Self::new()
    }
}

impl AdminPane {
    pub fn new() -> Self {
        Self {
            configured: None,
            tab: AdminTab::Contracts,
            contracts: ContractsView::default(),
            import: ImportView::default(),
            points: PointsView::default(),
            recurrent: RecurrentView::default(),
        }
    }

    pub fn tab(&self) -> AdminTab {
        self.tab
    }

    /// False once a task reported that admin credentials are missing.
    pub fn is_configured(&self) -> bool {
        self.configured != Some(false)
    }

    fn load_if_new(&mut self) -> Option<AdminEffect> {
        if self.configured == Some(false) {
            return None;
        }
        match self.tab {
            AdminTab::Contracts => self.contracts.load_if_new(),
            AdminTab::Import => None,
            AdminTab::Points => self.points.load_if_new(),
            AdminTab::Recurrent => self.recurrent.load_if_new(),
        }
    }
}

impl Update for AdminPane {
    type Msg = AdminAction;

    /// Applies an action; returns the effects to run.
    fn update(&mut self, action: AdminAction) -> Vec<Out> {
        let effects: Vec<AdminEffect> = match action {
            AdminAction::Request(effect) => vec![effect],
            AdminAction::NotConfigured => {
                self.configured = Some(false);
                self.contracts.on_not_configured();
                self.points.on_not_configured();
                self.recurrent.on_not_configured();
                self.import.on_not_configured();
                vec![]
            }
            AdminAction::ContractsLoaded(r) => {
                self.configured = Some(true);
                self.contracts.on_loaded(r);
                vec![]
            }
            AdminAction::ContractSaved(r) => self.contracts.on_saved(r),
            AdminAction::PreviewLoaded(r) => {
                self.import.on_preview(r);
                vec![]
            }
            AdminAction::ImportProgress(p) => {
                self.import.on_progress(p);
                vec![]
            }
            AdminAction::ImportFinished(r) => {
                let done = self.import.on_finished(r);
                // Contracts changed: the list reloads next time it is shown.
                if done {
                    self.contracts.mark_stale();
                }
                vec![]
            }
            AdminAction::TransactionsLoaded(r) => {
                self.points.on_loaded(r);
                vec![]
            }
            AdminAction::TransactionCreated(r) => self.points.on_created(r),
            AdminAction::TransactionPolled(r) => {
                self.points.on_polled(r);
                vec![]
            }
            AdminAction::RulesLoaded(r) => {
                self.recurrent.on_loaded(r);
                vec![]
            }
            AdminAction::RuleSaved(r) => self.recurrent.on_saved(r),
        };
        effects.into_iter().map(Out::from).collect()
    }
}

impl AdminPane {
    fn in_form(&self) -> bool {
        match self.tab {
            AdminTab::Contracts => self.contracts.in_text_field(),
            AdminTab::Import => self.import.in_text_field(),
            AdminTab::Points => self.points.in_text_field(),
            AdminTab::Recurrent => self.recurrent.in_text_field(),
        }
    }

    fn draw_tabs(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        frame.render_widget(Paragraph::new(self.tabs_line(ctx)), area);
    }

    /// The sub-tabs (drawing and mouse hit-testing both use it).
    fn tabs_line(&self, ctx: &ViewCtx) -> Line<'static> {
        let mut spans = Vec::new();
        for (n, tab) in AdminTab::ALL.iter().enumerate() {
            let style = if *tab == self.tab {
                theme::tab_active()
            } else {
                theme::tab()
            };
            spans.push(Span::styled(
                format!(" {} {} ", n + 1, ctx.i18n.t(tab.title())),
                style,
            ));
        }
        Line::from(spans)
    }

    /// The sub-tab bar above the view, and the view (drawing and mouse both use it).
    fn areas(area: Rect) -> [Rect; 2] {
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area)
    }

    /// A click on a sub-tab opens it; clicks and the wheel in a list or a form go to its
    /// view.
    fn mouse(
        &mut self,
        ev: crossterm::event::MouseEvent,
        area: Rect,
        ctx: &ViewCtx,
    ) -> Option<Action> {
        let gesture = Gesture::of(&ev)?;
        if self.configured == Some(false) {
            return None;
        }
        let [tabs, body] = Self::areas(area);
        // Like 1-4, the sub-tabs do not take a form's clicks away from it.
        if tabs.contains(gesture.at()) && !self.in_form() {
            let Gesture::Click(at) = gesture else {
                return None;
            };
            let mut left = tabs.x;
            for (span, tab) in self.tabs_line(ctx).spans.iter().zip(AdminTab::ALL) {
                let right = left + span.width() as u16;
                if (left..right).contains(&at.x) {
                    self.tab = tab;
                    return self.load_if_new().and_then(request);
                }
                left = right;
            }
            return None;
        }
        match self.tab {
            AdminTab::Contracts => self.contracts.mouse(gesture, body),
            AdminTab::Import => None,
            AdminTab::Points => self.points.mouse(gesture, body, ctx),
            AdminTab::Recurrent => self.recurrent.mouse(gesture, body),
        }
    }

    fn draw_not_configured(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let block = Block::bordered()
            .border_style(theme::border())
            .title(format!(" {} ", i.t(T::PaneAdmin)));
        let text = vec![
            Line::from(""),
            Line::styled(i.t(T::AdmNotConfigured), theme::warn()),
            Line::from(""),
            Line::styled(i.t(T::AdmHowToConfigure), theme::strong()),
            Line::from("  [admin]"),
            Line::from("  email = \"admin@example.com\""),
            Line::from("  token = \"…\""),
            Line::from(""),
            Line::styled(i.t(T::AdmHowToConfigureEnv), theme::label()),
        ];
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
            area,
        );
    }
}

impl From<AdminEffect> for Out {
    fn from(effect: AdminEffect) -> Self {
        Out::Run(Effect::Admin(Box::new(effect)))
    }
}

impl Pane for AdminPane {
    /// The pane was opened: load the current sub-tab's list the first time.
    fn on_show(&mut self) -> Vec<Out> {
        self.load_if_new().into_iter().map(Out::from).collect()
    }

    fn title(&self) -> T {
        T::PaneAdmin
    }

    fn help(&self) -> Vec<KeyHelp> {
        let mut all = help_of(TAB_KEYS);
        let view = match self.tab {
            AdminTab::Contracts => self.contracts.help(),
            AdminTab::Import => self.import.help(),
            AdminTab::Points => self.points.help(),
            AdminTab::Recurrent => self.recurrent.help(),
        };
        for entry in view {
            if !all.contains(&entry) {
                all.push(entry);
            }
        }
        all
    }

    fn hints(&self) -> Vec<KeyHelp> {
        if self.configured == Some(false) {
            return Vec::new();
        }
        let mut hints = match self.tab {
            AdminTab::Contracts => self.contracts.hints(),
            AdminTab::Import => self.import.hints(),
            AdminTab::Points => self.points.hints(),
            AdminTab::Recurrent => self.recurrent.hints(),
        };
        if !self.in_form() {
            hints.push(KeyHelp {
                keys: tab_keys_label(),
                what: T::AdmKeyTabs,
            });
        }
        hints
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if self.configured == Some(false) {
            return None;
        }
        if !self.in_form()
            && let Some(TabCmd::Go(n)) = lookup(TAB_KEYS, &key)
        {
            self.tab = AdminTab::ALL[n];
            return self.load_if_new().and_then(request);
        }
        match self.tab {
            AdminTab::Contracts => self.contracts.handle_key(key),
            AdminTab::Import => self.import.handle_key(key),
            AdminTab::Points => self.points.handle_key(key),
            AdminTab::Recurrent => self.recurrent.handle_key(key),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        if self.configured == Some(false) {
            self.draw_not_configured(frame, area, ctx);
            return;
        }
        let [tabs, body] = Self::areas(area);
        self.draw_tabs(frame, tabs, ctx);
        match self.tab {
            AdminTab::Contracts => self.contracts.draw(frame, body, ctx),
            AdminTab::Import => self.import.draw(frame, body, ctx),
            AdminTab::Points => self.points.draw(frame, body, ctx),
            AdminTab::Recurrent => self.recurrent.draw(frame, body, ctx),
        }
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
        self.configured != Some(false) && self.in_form()
    }

    fn has_unsaved_input(&self) -> bool {
        self.contracts.has_unsaved_input()
            || self.points.has_unsaved_input()
            || self.recurrent.has_unsaved_input()
            || self.import.is_running()
    }

    fn is_animating(&self) -> bool {
        self.contracts.is_busy()
            || self.import.is_busy()
            || self.points.is_busy()
            || self.recurrent.is_busy()
    }
}
