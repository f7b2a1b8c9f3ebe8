//! Board (F5): every service request of the network, live. Fed by the load-aware poller
//! ([`crate::board::feed`]), pushed by the webhook receiver, counted by status, filtered,
//! sorted and drawn a screenful at a time; Enter opens the request's detail.
//!
//! - here: its messages and effects, its state and the [`Pane`] side;
//! - `update`: its `update` (keys' actions, answers, feed and relay news, routed intents);
//! - `keys`: its key tables and what each key does; [`table`]: drawing the board;
//!   [`detail`]: a request's detail and the status picker;
//! - [`tasks`]: its background work (feed, relay, webhooks, calls) as jobs the runner spawns.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Out, Pane, ViewCtx};
use crate::api::ApiError;
use crate::board::feed::{FeedOptions, FeedUpdate};
use crate::board::{BoardStore, Filter, SlaThresholds, Sort};
use crate::config::{BoardSection, Language, WebhookSection};
use crate::model::{ServiceRequest, Status, WebhookEvent};
use crate::relay::NatsSettings;
use crate::relay::watch::{DownCause, WatchEvent};
use crate::tui::action::Action;
use crate::tui::i18n::{I18n, T};
use crate::tui::keys::{KeyHelp, help_of, merged};
use detail::{RequestDetail, StatusPicker};

/// How long a changed row stays highlighted.
pub const HIGHLIGHT: Duration = Duration::from_secs(4);

/// The webhook section, shared (it holds secrets, so it is never printed or compared by
/// content).
#[derive(Debug, Clone)]
pub struct WebhookConfig(pub Arc<WebhookSection>);

impl PartialEq for WebhookConfig {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// `[relay]`, shared (it may hold secrets: never printed, compared by identity).
#[derive(Debug, Clone)]
pub struct RelayConfig(pub Arc<NatsSettings>);

impl PartialEq for RelayConfig {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What the board is configured with.
#[derive(Debug, Clone)]
pub struct BoardSettings {
    pub poll_interval: Duration,
    /// The sweep of every page (closed requests included); rare.
    pub sweep_interval: Duration,
    pub sla: SlaThresholds,
    /// `[webhook]`: start the receiver at console start.
    pub webhook: Option<WebhookConfig>,
    /// `[relay]`: the board comes from the team relay instead of polls.
    pub relay: Option<RelayConfig>,
}

impl BoardSettings {
    pub fn from_config(board: &BoardSection, webhook: Option<&WebhookSection>) -> Self {
        Self {
            poll_interval: Duration::from_secs(board.poll_interval_secs.max(1)),
            sweep_interval: FeedOptions::new(Duration::from_secs(board.poll_interval_secs.max(1)))
                .sweep_interval,
            sla: SlaThresholds::from_config(board),
            webhook: webhook.map(|w| WebhookConfig(Arc::new(w.clone()))),
            relay: None,
        }
    }

    /// With `[relay]` set, the board follows the relay and makes no polls of its own.
    pub fn with_relay(mut self, relay: Option<&crate::config::RelaySection>) -> Self {
        self.relay = relay.map(|r| RelayConfig(NatsSettings::from_config(r)));
        self
    }
}

impl BoardSettings {
    /// The feed's options for these settings.
    pub fn feed_options(&self) -> FeedOptions {
        FeedOptions {
            sweep_interval: self.sweep_interval,
            ..FeedOptions::new(self.poll_interval)
        }
    }
}

impl Default for BoardSettings {
    fn default() -> Self {
        Self::from_config(&BoardSection::default(), None)
    }
}

/// The board's own messages: its keys', its tasks' answers, the feed's and the relay's
/// news, and what other panes route to it.
#[derive(Debug, Clone)]
pub enum BoardAction {
    /// Open a request's detail (Enter on a row; another pane's intent, e.g. the form's
    /// "open the request" after sending): brings the board on top.
    Open(i64),
    /// A request's latest version from elsewhere (an assignment in the ranking): onto the
    /// board at once, without waiting for a poll.
    Changed {
        id: i64,
        request: Box<ServiceRequest>,
    },
    /// The app's tick: highlights that expired redraw once.
    Tick,
    /// The UI language (at start and when it changes): statuses sort by their label.
    Language(Language),
    /// News from the feed (a listing's difference, a failure, a new pace).
    Polled(FeedUpdate),
    /// A valid event from the webhook receiver.
    Pushed(Box<WebhookEvent>),
    WebhookListening(String),
    WebhookFailed(String),
    /// From the team relay's watcher.
    Relay(WatchEvent),
    /// The picker chose a status for a request.
    SetStatus {
        id: i64,
        status: String,
    },
    StatusSet {
        id: i64,
        status: String,
        result: Result<Box<ServiceRequest>, ApiError>,
    },
    DetailLoaded {
        id: i64,
        result: Result<Box<ServiceRequest>, ApiError>,
    },
    RefreshNow,
    /// From the detail: rank providers for this request (Ranking pane).
    RankFor(Box<ServiceRequest>),
    /// The stale-edit guard's verdict on the status change waiting to be sent.
    Guarded(crate::tui::overlays::stale::Verdict),
    /// The board left the screen (another pane came on top): what it showed was looked at.
    Hidden,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BoardEffect {
    /// Start the feed (once), diffing in its task.
    StartPolling(FeedOptions),
    /// Poll everything at once (closed requests included) instead of waiting.
    PollNow,
    /// A webhook event arrived: the feed stretches its polls while they keep coming.
    Pushed,
    StartWebhook(WebhookConfig),
    /// Follow the team relay instead of polling (once).
    StartRelay(RelayConfig),
    /// Stop the poll loop (the relay is back after a fallback).
    StopPolling,
    FetchRequest {
        id: i64,
    },
    SetStatus {
        id: i64,
        status: String,
    },
}

impl BoardAction {
    /// News that changes the board in the background: redrawn only while it is on screen.
    pub fn is_background(&self) -> bool {
        matches!(
            self,
            BoardAction::Polled(_)
                | BoardAction::Pushed(_)
                | BoardAction::WebhookListening(_)
                | BoardAction::WebhookFailed(_)
                | BoardAction::Tick
        )
    }
}

pub mod detail;
mod guard;
mod keys;
mod mouse;
/// This pane's key tables, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] = &[
    &keys::TABLE_KEYS,
    &keys::FILTER_KEYS,
    &detail::DETAIL_KEYS,
    &detail::PICKER_KEYS,
];
pub mod table;
pub mod tasks;
mod update;
use keys::{FILTER_KEYS, TABLE_KEYS};

/// Where polling stands, for the status line: how fresh each part of the board is.
#[derive(Debug, Clone, Default)]
pub struct PollState {
    pub started: bool,
    /// The last listing that succeeded (either part).
    pub last_ok: Option<DateTime<Utc>>,
    /// The open statuses' last listing.
    pub open_at: Option<DateTime<Utc>>,
    /// The last sweep of everything (the first one is the first complete board).
    pub swept_at: Option<DateTime<Utc>>,
    /// The last pushed event the board took.
    pub pushed_at: Option<DateTime<Utc>>,
    /// The feed's pace: open part every…, sweep every…, stretched for pushes.
    pub open_every: Option<Duration>,
    pub sweep_every: Option<Duration>,
    pub stretched: bool,
    /// The current run of failures: error, how many, next try in.
    pub failing: Option<(ApiError, u32, Duration)>,
    /// API calls of the last listing of each part (open, all).
    pub calls: (u32, u32),
}

impl PollState {
    /// Whether the server asked us to slow down (429) in the current run of failures.
    pub fn rate_limited(&self) -> bool {
        self.failing
            .as_ref()
            .is_some_and(|(e, ..)| e.kind == crate::api::ErrorKind::RateLimited)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum WebhookState {
    #[default]
    Off,
    Listening(String),
    Failed(String),
}

/// Where the team relay stands, when the board follows one.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum RelayState {
    #[default]
    Off,
    Connecting,
    Live,
    Down {
        since: DateTime<Utc>,
        cause: DownCause,
    },
}

/// A notice under the table: how a status change goes.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Re-reading the request before the change is sent (the stale-edit guard).
    Checking {
        request: String,
    },
    /// The guard's "reload theirs": nothing sent, the server's copy shown.
    Reloaded {
        request: String,
    },
    /// The guard's "cancel": nothing sent.
    NotSent {
        request: String,
    },
    Changing {
        request: String,
        status: Status,
    },
    Changed {
        request: String,
        status: Status,
    },
    Failed(ApiError),
}

/// How often, at most, the open part's polls give freed memory back (sweeps always do).
pub(super) const TRIM_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

pub struct BoardPane {
    pub(super) store: BoardStore,
    pub(super) filter: Filter,
    pub(super) sort: Sort,
    /// The filtered, sorted row indices; recomputed only when data, filter or sort change.
    pub(super) view: Vec<u32>,
    /// Index into `view`.
    pub(super) selected: usize,
    /// First visible row and rows per screen, as of the last draw.
    pub(super) offset: Cell<usize>,
    pub(super) page: Cell<usize>,
    /// The table's width at the last draw: which columns `o` cycles through.
    pub(super) table_width: Cell<u16>,
    /// The UI language: statuses sort by their label in it.
    lang: Language,
    editing_filter: bool,
    pub(super) settings: BoardSettings,
    pub(super) poll: PollState,
    pub(super) webhook: WebhookState,
    pub(super) relay: RelayState,
    /// Rows changed before this instant are not highlighted (the first load).
    pub(super) quiet_before: Option<Instant>,
    /// When highlights end, in order: the app ticks only while this is not empty.
    expiries: VecDeque<Instant>,
    /// When the allocator was last asked to give freed pages back.
    pub(super) trimmed_at: Option<Instant>,
    pub(super) detail: Option<RequestDetail>,
    pub(super) picker: Option<StatusPicker>,
    pub(super) notice: Option<Notice>,
    /// A fixed "now" for snapshots; the wall clock otherwise.
    pub(super) clock: Option<DateTime<Utc>>,
    /// The request as the agent saw it when the status picker opened (the guard compares
    /// the server's copy with it before the change is sent).
    pub(super) opened: Option<guard::Opened>,
    /// The status change waiting for the guard's verdict.
    pub(super) guarding: Option<(i64, String)>,
    /// Rows changed while the agent was not looking ([`guard`] says what "looking" is).
    pub(super) unseen: std::collections::HashSet<i64>,
    /// The board is the pane on top.
    pub(super) on_screen: bool,
}

impl Default for BoardPane {
    fn default() -> Self {
        Self::new(BoardSettings::default())
    }
}

impl BoardPane {
    pub fn new(settings: BoardSettings) -> Self {
        Self {
            store: BoardStore::new(),
            filter: Filter::default(),
            sort: Sort::default(),
            view: Vec::new(),
            selected: 0,
            offset: Cell::new(0),
            page: Cell::new(10),
            table_width: Cell::new(0),
            lang: Language::Es,
            editing_filter: false,
            settings,
            poll: PollState::default(),
            webhook: WebhookState::Off,
            relay: RelayState::Off,
            quiet_before: None,
            trimmed_at: None,
            expiries: VecDeque::new(),
            detail: None,
            picker: None,
            notice: None,
            clock: None,
            opened: None,
            guarding: None,
            unseen: Default::default(),
            on_screen: false,
        }
    }

    /// What the board starts with the console, before it is ever shown: the webhook
    /// receiver, when `[webhook]` is set, so pushed events arrive from the start.
    pub fn start(&self) -> Vec<Out> {
        let webhook = self.settings.webhook.clone();
        webhook
            .map(|w| BoardEffect::StartWebhook(w).into())
            .into_iter()
            .collect()
    }

    // ---- read access (tests) ----

    pub fn store(&self) -> &BoardStore {
        &self.store
    }
    pub fn settings(&self) -> &BoardSettings {
        &self.settings
    }
    pub fn poll_state(&self) -> &PollState {
        &self.poll
    }
    pub fn webhook_state(&self) -> &WebhookState {
        &self.webhook
    }
    pub fn relay_state(&self) -> &RelayState {
        &self.relay
    }
    pub fn filter(&self) -> &Filter {
        &self.filter
    }
    pub fn sort(&self) -> Sort {
        self.sort
    }
    /// The ids shown, in order (all of them, not just the visible screenful).
    pub fn shown_ids(&self) -> Vec<i64> {
        self.view.iter().map(|i| self.store.row(*i).id()).collect()
    }
    pub fn selected_id(&self) -> Option<i64> {
        self.view
            .get(self.selected)
            .map(|i| self.store.row(*i).id())
    }
    pub fn detail(&self) -> Option<&RequestDetail> {
        self.detail.as_ref()
    }
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }
    /// Fixes "now" (ages, SLA colours) for snapshots.
    pub fn set_clock(&mut self, now: DateTime<Utc>) {
        self.clock = Some(now);
    }
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.unwrap_or_else(Utc::now)
    }

    /// Whether row `id` is drawn highlighted (changed in the last few seconds, after the
    /// first load).
    pub fn is_highlighted(&self, id: i64) -> bool {
        self.store.get(id).is_some_and(|row| self.row_is_fresh(row))
    }

    pub(super) fn row_is_fresh(&self, row: &crate::board::Row) -> bool {
        self.quiet_before
            .is_some_and(|quiet| row.changed_at > quiet && row.is_fresh(Instant::now(), HIGHLIGHT))
    }

    /// True while some highlight has yet to expire (the app then ticks).
    pub fn has_highlights(&self) -> bool {
        !self.expiries.is_empty()
    }

    /// Drops expired highlights; true when one expired (so the screen changes). A tick
    /// ([`BoardAction::Tick`]) calls it; tests call it with a later "now".
    pub fn expire_highlights(&mut self, now: Instant) -> bool {
        let mut expired = false;
        while self.expiries.front().is_some_and(|t| *t <= now) {
            self.expiries.pop_front();
            expired = true;
        }
        expired
    }

    pub(super) fn note_changes(&mut self, changed: usize) {
        if changed > 0 && self.quiet_before.is_some() {
            self.expiries.push_back(Instant::now() + HIGHLIGHT);
        }
    }

    /// Recomputes the view after data, filter or sort changed, keeping the selected request.
    pub(super) fn refresh_view(&mut self) {
        let keep = self.selected_id();
        self.recompute_view(keep);
    }

    fn recompute_view(&mut self, keep: Option<i64>) {
        let i18n = I18n::new(self.lang);
        let label = |s: &Status| status_label(&i18n, s).to_owned();
        self.view = self
            .store
            .view_labelled(&self.filter, self.sort, Some(&label));
        self.follow(keep);
    }

    /// The view after the store upserted only `changed` (a poll's few changes, a push, an
    /// answer) and removed nothing: updated in place rather than filtering and sorting
    /// every row again (6 ms at 100,000 rows, every poll), or recomputed when the change
    /// is large. `keep` is the request selected before the store changed.
    pub(super) fn update_view(&mut self, keep: Option<i64>, changed: &[i64]) {
        let i18n = I18n::new(self.lang);
        let label = |s: &Status| status_label(&i18n, s).to_owned();
        if self.store.update_view(
            &mut self.view,
            changed,
            &self.filter,
            self.sort,
            Some(&label),
        ) {
            self.follow(keep);
        } else {
            self.recompute_view(keep);
        }
    }

    /// The selection stays on request `keep` wherever it moved; without it (gone, or
    /// filtered out) on the same line, within the view.
    fn follow(&mut self, keep: Option<i64>) {
        // Compared as row indices: the view's own numbers, not a row read per entry.
        if let Some(at) = keep.and_then(|id| self.store.index_of(id))
            && let Some(pos) = self.view.iter().position(|i| *i == at)
        {
            self.selected = pos;
        }
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    /// `#id (public id)`, for notices and titles.
    pub fn request_label(&self, id: i64) -> String {
        match self
            .store
            .get(id)
            .and_then(|r| r.text(crate::board::Text::PublicId))
        {
            Some(p) if !p.is_empty() => format!("#{id} ({p})"),
            _ => format!("#{id}"),
        }
    }

    pub(super) fn is_editing_filter(&self) -> bool {
        self.editing_filter
    }
}

/// The label of a status in the UI language; unknown ones as they came.
pub fn status_label<'a>(i: &I18n, status: &'a Status) -> &'a str {
    match status {
        Status::Pending => i.t(T::StatusPending),
        Status::Assigned => i.t(T::StatusAssigned),
        Status::InProgress => i.t(T::StatusInProgress),
        Status::Finished => i.t(T::StatusFinished),
        Status::Cancelled => i.t(T::StatusCancelled),
        Status::Other(s) if s.is_empty() => i.t(T::StatusNone),
        Status::Other(s) => s,
    }
}

impl Pane for BoardPane {
    fn title(&self) -> T {
        T::PaneBoard
    }

    fn help(&self) -> Vec<KeyHelp> {
        let mut all = help_of(TABLE_KEYS);
        all.extend(detail::help());
        all
    }

    fn hints(&self) -> Vec<KeyHelp> {
        if self.picker.is_some() {
            return merged(&detail::picker_help());
        }
        if self.detail.is_some() {
            return merged(&detail::help());
        }
        if self.editing_filter {
            return merged(&help_of(FILTER_KEYS));
        }
        merged(&help_of(TABLE_KEYS))
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        self.on_key(key)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        table::draw(self, frame, area, ctx);
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
        self.editing_filter && self.detail.is_none() && self.picker.is_none()
    }

    /// Highlights are on screen until they expire (the app ticks meanwhile).
    fn is_animating(&self) -> bool {
        self.has_highlights()
    }

    /// The first visit starts the feed (or the relay's watcher).
    fn on_show(&mut self) -> Vec<Out> {
        self.on_screen = true;
        self.first_show().into_iter().map(Out::from).collect()
    }

    /// `r` or the palette's Refresh: poll everything now.
    fn refresh(&mut self) -> Vec<Out> {
        vec![BoardEffect::PollNow.into()]
    }
}
