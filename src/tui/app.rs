//! The app: it only routes. It holds the panes and the chrome (header, tabs, notes,
//! status line) and which pane and overlay are on top; `handle_key` turns a key into an
//! action (global keys, the overlay, else the pane on top), and `update` routes an action
//! to the pane it belongs to, applying what the pane's `update` hands back
//! ([`Out`]: effects are queued for the task runner, intents are routed on). It owns no
//! terminal and no network, so tests drive it directly.

use crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Paragraph;

use super::action::{Action, Effect, PaneId};
use super::i18n::I18n;
use super::keymap::{self, Keymap};
use super::keys::{KeyHelp, help_of, lookup};
use super::panes::admin::AdminPane;
use super::panes::board::{BoardAction, BoardPane, BoardSettings};
use super::panes::contract::ContractPane;
use super::panes::lookup::LookupPane;
use super::panes::ranking::{RankingAction, RankingPane};
use super::panes::request_form::{RequestFormPane, RequestSetup};
use super::panes::wall::WallPane;
use super::panes::{Out, Pane, Update, ViewCtx};
use super::theme;
use super::widgets::key_hints::{fit_hints, hints_line};
use crate::api::ApiError;
use crate::config::Language;
use crate::model::ProviderNetwork;

/// The chrome: header, tabs, notes, status line, the quit confirmation.
mod chrome;
/// The keys that work in every pane.
mod global_keys;
/// Clicks and the wheel: tabs here, the rest to the pane on top.
mod mouse;
/// The dialogs over the panes: their keys, their messages, their drawing.
mod overlay_glue;
/// The wallboard: opening it, and feeding it the board's data.
mod wall_glue;

use chrome::draw_confirm;
use global_keys::{GLOBAL_KEYS, Global};
pub use overlay_glue::Overlay;
use overlay_glue::cancels;

/// How long a status-line message (the last error, an assignment done) stays.
pub const TRANSIENT: std::time::Duration = std::time::Duration::from_secs(12);
/// The global keys' table, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn super::keymap::KeyTable] = &[&GLOBAL_KEYS];

/// What the app is started with.
#[derive(Debug, Clone)]
pub struct Deps {
    pub language: Language,
    /// `SANDBOX` or the API host (`Connection::place`).
    pub place: String,
    pub sandbox: bool,
    pub today: chrono::NaiveDate,
    /// Config warnings to show once the screen is up.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum ConnectionState {
    Connecting,
    Connected(ProviderNetwork),
    Failed(ApiError),
}

pub struct App {
    i18n: I18n,
    place: String,
    sandbox: bool,
    today: chrono::NaiveDate,
    tick: u64,
    connection: ConnectionState,
    current: PaneId,
    /// The pane shown before the current one (Esc in Ranking goes back to it).
    previous: PaneId,
    lookup: LookupPane,
    contract: ContractPane,
    new_request: RequestFormPane,
    ranking: RankingPane,
    board: BoardPane,
    admin: AdminPane,
    wall: WallPane,
    /// `[ui] theme` (mono under `NO_COLOR`), set for the drawing thread at each draw.
    theme: theme::Theme,
    overlay: Overlay,
    last_error: Option<ApiError>,
    /// When the status line's error appeared: it goes after [`TRANSIENT`].
    last_error_at: Option<std::time::Instant>,
    warnings: Vec<String>,
    /// Local items kept for other servers: (server, count), said at start.
    elsewhere: Vec<(crate::local::ServerId, usize)>,
    effects: Vec<Effect>,
    dirty: bool,
    should_quit: bool,
    /// `[keys]`: what the key tables are read with while the app works.
    keymap: std::sync::Arc<Keymap>,
    /// `[ui] mouse`: clicks and the wheel are taken.
    mouse: bool,
    /// The screen's size at the last draw (mouse hit-testing lays it out again).
    screen: ratatui::layout::Rect,
}

impl App {
    /// A new app; it asks for `me` at once (see [`take_effects`](Self::take_effects)).
    pub fn new(deps: Deps) -> Self {
        let mut app = Self {
            i18n: I18n::new(deps.language),
            place: deps.place,
            sandbox: deps.sandbox,
            today: deps.today,
            tick: 0,
            connection: ConnectionState::Connecting,
            current: PaneId::Lookup,
            previous: PaneId::Lookup,
            lookup: LookupPane::new(),
            contract: ContractPane::new(deps.today),
            new_request: RequestFormPane::new(),
            ranking: RankingPane::new(),
            board: BoardPane::default(),
            admin: AdminPane::new(),
            wall: WallPane::default(),
            theme: theme::Theme::Default,
            overlay: Overlay::None,
            last_error: None,
            last_error_at: None,
            warnings: deps.warnings,
            elsewhere: Vec::new(),
            effects: vec![Effect::FetchMe],
            dirty: true,
            should_quit: false,
            keymap: Default::default(),
            mouse: true,
            screen: ratatui::layout::Rect::default(),
        };
        app.update(BoardAction::Language(app.i18n.lang).into());
        app
    }

    /// Runs with the keys `[keys]` rebinds (dispatch, help, hints, palette and tabs).
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = std::sync::Arc::new(keymap);
        self.dirty = true;
    }

    // ---- read access (tests, event loop) ----

    pub fn current(&self) -> PaneId {
        self.current
    }
    pub fn language(&self) -> Language {
        self.i18n.lang
    }
    /// The colour theme every draw uses from now on.
    pub fn set_theme(&mut self, theme: theme::Theme) {
        self.theme = theme;
        theme::set(theme);
        self.dirty = true;
    }
    pub fn theme(&self) -> theme::Theme {
        self.theme
    }
    pub fn connection(&self) -> &ConnectionState {
        &self.connection
    }
    pub fn lookup(&self) -> &LookupPane {
        &self.lookup
    }
    pub fn contract(&self) -> &ContractPane {
        &self.contract
    }
    pub fn admin(&self) -> &AdminPane {
        &self.admin
    }
    /// Tests set the import's batch size through it.
    #[cfg(any(test, feature = "test-support"))]
    pub fn admin_mut(&mut self) -> &mut AdminPane {
        &mut self.admin
    }
    pub fn request_form(&self) -> &RequestFormPane {
        &self.new_request
    }
    pub fn board(&self) -> &BoardPane {
        &self.board
    }
    /// For tests and snapshots (e.g. fixing the board's clock).
    #[cfg(any(test, feature = "test-support"))]
    pub fn board_mut(&mut self) -> &mut BoardPane {
        &mut self.board
    }
    pub fn ranking(&self) -> &RankingPane {
        &self.ranking
    }

    /// Configures the board (poll interval, SLA, webhooks, relay); with `[webhook]` set,
    /// the receiver starts at once so pushed events reach the board from the start.
    pub fn configure_board(&mut self, settings: BoardSettings) {
        self.board = BoardPane::new(settings);
        let outs = self.board.start();
        self.apply(outs);
        self.update(BoardAction::Language(self.i18n.lang).into());
    }
    /// Question sets, config defaults and the local store of the request form; restores
    /// the last draft of this session's server, starts the outbox worker, and says when
    /// items wait for another server.
    /// Says on the status line that drafts or outbox items wait for another server (they
    /// are neither shown nor sent here).
    pub fn note_elsewhere(&mut self, elsewhere: &[crate::local::Elsewhere]) {
        self.elsewhere = elsewhere
            .iter()
            .filter(|e| e.items() > 0)
            .map(|e| (e.server.clone(), e.items()))
            .collect();
        self.dirty = true;
    }

    pub fn setup_requests(&mut self, setup: RequestSetup) {
        // What waits for another server is only counted, never offered.
        if let Some(store) = &setup.local {
            match store.elsewhere() {
                Ok(elsewhere) => self.note_elsewhere(&elsewhere),
                Err(e) => tracing::warn!("local items of other servers not counted: {e}"),
            }
        }
        let outs = self.new_request.setup(setup);
        self.apply(outs);
    }
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }
    pub fn last_error(&self) -> Option<&ApiError> {
        self.last_error.as_ref()
    }
    pub fn should_quit(&self) -> bool {
        self.should_quit
    }
    /// True when something changed since the last draw.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }
    /// True while a visible timer runs (a spinner, a message waiting to expire): only
    /// then does the loop tick.
    pub fn is_animating(&self) -> bool {
        // The pane on top may animate without redrawing on every tick (board highlights);
        // a status-line message ticks until it expires.
        self.is_spinning() || self.pane(self.current).is_animating() || self.has_transients()
    }

    fn set_last_error(&mut self, error: Option<ApiError>) {
        self.last_error_at = error.as_ref().map(|_| std::time::Instant::now());
        self.last_error = error;
    }

    /// A status-line message is showing that has not yet had its time (then a tick
    /// expires it; past that time nothing is left to tick for, tick or not).
    fn has_transients(&self) -> bool {
        self.last_error_at
            .is_some_and(|at| at.elapsed() < TRANSIENT)
            || self.ranking.has_transient_notice(TRANSIENT)
    }

    /// Clears the status-line messages older than [`TRANSIENT`] at `now`; true when one
    /// went. (The pane that failed keeps saying so; the line under it does not shout for
    /// ever.)
    pub fn expire_transients(&mut self, now: std::time::Instant) -> bool {
        let mut expired = self.ranking.expire_notice(now, TRANSIENT);
        if self
            .last_error_at
            .is_some_and(|at| now.saturating_duration_since(at) >= TRANSIENT)
        {
            self.last_error = None;
            self.last_error_at = None;
            expired = true;
        }
        expired
    }
    /// A spinner is on screen (every tick redraws).
    fn is_spinning(&self) -> bool {
        matches!(self.connection, ConnectionState::Connecting)
            || self.lookup.is_animating()
            || self.ranking.is_animating()
            || matches!(&self.overlay, Overlay::WhatsApp(d) if d.pending_request().is_some())
            || matches!(&self.overlay, Overlay::Stale(d) if d.is_checking())
            || self.admin.is_animating()
            || self.new_request.is_animating()
    }
    /// How often the event loop should tick, if at all: fast while something spins, once
    /// a second on the wallboard (ages, staleness), never otherwise.
    pub fn tick_every(&self) -> Option<std::time::Duration> {
        if self.is_animating() {
            Some(super::event_loop::TICK)
        } else if self.current == PaneId::Wall {
            Some(wall_glue::WALL_TICK)
        } else {
            None
        }
    }
    /// The work asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    fn pane(&self, id: PaneId) -> &dyn Pane {
        match id {
            PaneId::Lookup => &self.lookup,
            PaneId::Contract => &self.contract,
            PaneId::NewRequest => &self.new_request,
            PaneId::Ranking => &self.ranking,
            PaneId::Board => &self.board,
            PaneId::Admin => &self.admin,
            PaneId::Wall => &self.wall,
        }
    }

    fn pane_mut(&mut self, id: PaneId) -> &mut dyn Pane {
        match id {
            PaneId::Lookup => &mut self.lookup,
            PaneId::Contract => &mut self.contract,
            PaneId::NewRequest => &mut self.new_request,
            PaneId::Ranking => &mut self.ranking,
            PaneId::Board => &mut self.board,
            PaneId::Admin => &mut self.admin,
            PaneId::Wall => &mut self.wall,
        }
    }

    // ---- keys ----

    /// A key from the terminal: the overlay, the global keys or the current pane turns it
    /// into an action, which is then applied.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.dirty = true;
        let map = self.keymap.clone();
        if let Some(action) = keymap::scoped(&map, || self.key_to_action(key)) {
            self.update(action);
        }
    }

    fn key_to_action(&mut self, key: KeyEvent) -> Option<Action> {
        let global = lookup(GLOBAL_KEYS, &key);
        // A printable key is text in a field (and in the palette and dialogs), whatever
        // `[keys]` binds it to; Ctrl-, Alt- and function keys are commands everywhere.
        let text = is_text(&key);
        let in_overlay_field = matches!(
            self.overlay,
            Overlay::Palette(_) | Overlay::WhatsApp(_) | Overlay::Journal(_)
        );
        if global == Some(Global::ForceQuit) && !(text && in_overlay_field) {
            return Some(Action::Quit);
        }
        if let Some(taken) = self.overlay_key(key, global) {
            return taken;
        }
        // The wallboard takes every key (any key returns to the board).
        if self.current == PaneId::Wall {
            return self.wall.handle_key(key);
        }
        let live = !(text && self.pane(self.current).in_text_field());
        match global {
            Some(Global::Go(id)) if live => return Some(Action::GoTo(id)),
            Some(Global::Help) if live => return Some(Action::ToggleHelp),
            Some(Global::Palette) if live => return Some(Action::OpenPalette),
            Some(Global::Quit) if live => return Some(Action::RequestQuit),
            Some(Global::ForceQuit) if live => return Some(Action::Quit),
            _ => {}
        }
        self.pane_mut(self.current).handle_key(key)
    }

    // ---- update ----

    /// Routes one action: App's own (quit, overlays, which pane is on top, the chrome) are
    /// applied here; a pane's are handed to that pane's `update`. An action that cancels a
    /// request waits for the agent's yes.
    pub fn update(&mut self, action: Action) {
        let map = self.keymap.clone();
        keymap::scoped(&map, || self.route(action));
    }

    fn route(&mut self, action: Action) {
        self.dirty = true;
        if let Some(id) = cancels(&action) {
            self.overlay = Overlay::ConfirmCancel {
                id,
                then: Box::new(action),
            };
            return;
        }
        self.dispatch(action);
    }

    /// Applies an action (past the cancel confirmation).
    fn dispatch(&mut self, action: Action) {
        match action {
            Action::Confirmed(_)
            | Action::ToggleHelp
            | Action::OpenPalette
            | Action::CloseOverlay
            | Action::OpenJournal
            | Action::Journal(_)
            | Action::OpenWhatsApp { .. }
            | Action::WhatsApp(_)
            | Action::Stale(_) => self.dispatch_overlay(action),
            Action::GoBack => {
                let back = match self.previous {
                    id if id == self.current => PaneId::Lookup,
                    id => id,
                };
                self.update(Action::GoTo(back));
            }
            Action::Quit => self.should_quit = true,
            Action::RequestQuit => {
                let unsaved = PaneId::TABS
                    .iter()
                    .any(|id| self.pane(*id).has_unsaved_input());
                if unsaved {
                    self.overlay = Overlay::ConfirmQuit;
                } else {
                    self.should_quit = true;
                }
            }
            Action::Tick => {
                self.tick = self.tick.wrapping_add(1);
                // Highlights and messages expiring redraw once each, not on every tick.
                let messages = self.expire_transients(std::time::Instant::now());
                self.update(BoardAction::Tick.into());
                self.dirty |= self.is_spinning() || messages;
                if self.tick_wall() {
                    self.dirty = true;
                }
            }
            Action::Resize => {}
            Action::GoTo(id) => {
                self.overlay = Overlay::None;
                if id != self.current {
                    self.previous = self.current;
                }
                if self.current == PaneId::Board && id != PaneId::Board {
                    // Leaving the board: what it showed was looked at.
                    self.board.update(BoardAction::Hidden);
                }
                self.current = id;
                if id == PaneId::NewRequest {
                    // The form's hub offers the services of the contracts Lookup found
                    // that can take a request (not an expired or inactive one's).
                    let usable = self
                        .lookup
                        .contracts()
                        .iter()
                        .filter(|c| c.is_usable(self.today));
                    self.new_request.set_recent(usable.cloned().collect());
                }
                let outs = self.pane_mut(id).on_show();
                self.apply(outs);
                if id == PaneId::Wall {
                    self.show_wall();
                }
            }
            Action::ToggleLanguage => {
                self.i18n = self.i18n.toggled();
                self.overlay = Overlay::None;
                self.update(BoardAction::Language(self.i18n.lang).into());
            }
            Action::Refresh => {
                self.overlay = Overlay::None;
                if matches!(self.connection, ConnectionState::Failed(_)) {
                    self.connection = ConnectionState::Connecting;
                    self.effects.push(Effect::FetchMe);
                }
                let outs = self.pane_mut(self.current).refresh();
                self.apply(outs);
            }
            Action::LastError(error) => self.set_last_error(error),
            Action::Lookup(msg) => {
                let outs = self.lookup.update(msg);
                self.apply(outs);
            }
            Action::Contract(msg) => {
                let outs = self.contract.update(msg);
                self.apply(outs);
            }
            Action::Form(msg) => {
                let outs = self.new_request.update(msg);
                self.apply(outs);
            }
            Action::Admin(msg) => {
                let outs = self.admin.update(*msg);
                self.apply(outs);
            }
            Action::Board(msg) => {
                // Background news (polls, pushes, ticks) redraw only when the board is on
                // screen.
                let background = msg.is_background();
                // A tick's wall refresh is paced by `tick_wall` (figures every 10 s).
                let news = !matches!(msg, BoardAction::Tick);
                let unseen = self.board.unseen_count();
                let outs = self.board.update(msg);
                self.apply(outs);
                // Off the board only the header's "N updates since you looked" may change.
                if background
                    && self.current != PaneId::Board
                    && self.board.unseen_count() == unseen
                {
                    self.dirty = false;
                }
                // The wallboard follows the board's news at once.
                if news && self.follow_board() {
                    self.dirty = true;
                }
            }
            Action::Ranking(msg) => {
                let outs = self.ranking.update(msg);
                self.apply(outs);
            }
            Action::MeLoaded(result) => match result {
                Ok(me) => {
                    let services = me.services.clone().unwrap_or_default();
                    self.connection = ConnectionState::Connected(me);
                    self.update(RankingAction::Services(services).into());
                }
                Err(e) => {
                    self.set_last_error(Some(e.clone()));
                    self.connection = ConnectionState::Failed(e);
                }
            },
        }
    }

    /// Applies what a pane's `update` handed back: effects go to the runner's queue,
    /// intents are routed like any action.
    fn apply(&mut self, outs: Vec<Out>) {
        let mut changed = outs.is_empty();
        for out in outs {
            match out {
                Out::Run(effect) => {
                    changed = true;
                    self.effects.push(effect);
                }
                Out::Route(action) => {
                    changed = true;
                    self.update(action);
                }
                Out::Quiet => {}
            }
        }
        if !changed {
            self.dirty = false;
        }
    }

    // ---- draw ----

    fn ctx(&self) -> ViewCtx {
        ViewCtx {
            i18n: self.i18n,
            today: self.today,
            sandbox: self.sandbox,
            tick: self.tick,
        }
    }

    /// Draws the whole screen and clears the dirty flag.
    pub fn draw(&mut self, frame: &mut Frame) {
        let map = self.keymap.clone();
        keymap::scoped(&map, || self.draw_screen(frame));
    }

    fn draw_screen(&mut self, frame: &mut Frame) {
        self.dirty = false;
        theme::set(self.theme);
        let ctx = self.ctx();
        let area = frame.area();
        self.screen = area;
        if self.current == PaneId::Wall {
            // Full screen: the wall draws its own header (staleness, network, SANDBOX).
            self.wall.draw(frame, area, &ctx);
            if let Overlay::ConfirmQuit = self.overlay {
                draw_confirm(frame, area, &ctx);
            }
            return;
        }
        let notes = self.notes(&ctx);
        let [header, tabs, body, notes_area, status] = screen_layout(area, notes.len());
        frame.render_widget(
            Paragraph::new(self.header_line(&ctx)).style(theme::header()),
            header,
        );
        frame.render_widget(Paragraph::new(self.tabs_line(&ctx)), tabs);
        self.pane(self.current).draw(frame, body, &ctx);
        frame.render_widget(Paragraph::new(notes), notes_area);
        frame.render_widget(
            Paragraph::new(hints_line(
                &fit_hints(self.status_hints(), &self.i18n, status.width),
                &self.i18n,
            ))
            .style(theme::status_line()),
            status,
        );
        self.draw_overlay(frame, body, &ctx);
    }

    /// The pane shown before the current one.
    pub fn previous(&self) -> PaneId {
        self.previous
    }

    /// The help overlay's content for the current pane (tests use it to check that help
    /// lists every key).
    pub fn help_entries(&self) -> (Vec<KeyHelp>, Vec<KeyHelp>) {
        keymap::scoped(&self.keymap, || {
            (self.pane(self.current).help(), help_of(GLOBAL_KEYS))
        })
    }
}

/// The screen's rows: header, tabs, the pane, notes, status line (drawing and mouse
/// hit-testing both use it).
fn screen_layout(area: ratatui::layout::Rect, notes: usize) -> [ratatui::layout::Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(notes as u16),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// A key that types a character (no Ctrl or Alt).
fn is_text(key: &KeyEvent) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}
