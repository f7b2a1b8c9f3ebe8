//! Board (F5): every service request of the network, live. Fed by the load-aware poller
//! ([`crate::board::feed`], in a task), pushed by the webhook receiver, counted by status, filtered, sorted and
//! drawn a screenful at a time ([`table`]); Enter opens the request's detail
//! ([`detail`]). Its background work (the feed, the webhook receiver, one-shot calls) is
//! in [`tasks`], run by the task runner.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Pane, ViewCtx};
use crate::api::ApiError;
use crate::board::feed::{FeedOptions, FeedUpdate, Part};
use crate::board::{BoardDiff, BoardStore, Column, EventOutcome, Filter, SlaThresholds, Sort};
use crate::config::{BoardSection, WebhookSection};
use crate::model::{ServiceRequest, Status, WebhookEvent};
use crate::relay::NatsSettings;
use crate::relay::watch::{DownCause, WatchEvent};
use crate::tui::action::Action;
use crate::tui::i18n::{I18n, T};
use crate::tui::keys::{KeyHelp, help_of, lookup, merged};
use detail::{DetailCmd, RequestDetail, StatusPicker};

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

#[derive(Debug, Clone)]
pub enum BoardAction {
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

pub mod detail;
mod keys;
pub mod table;
pub mod tasks;
use keys::*;

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
    Changing { request: String, status: Status },
    Changed { request: String, status: Status },
    Failed(ApiError),
}

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
    editing_filter: bool,
    pub(super) settings: BoardSettings,
    pub(super) poll: PollState,
    pub(super) webhook: WebhookState,
    pub(super) relay: RelayState,
    /// Rows changed before this instant are not highlighted (the first load).
    pub(super) quiet_before: Option<Instant>,
    /// When highlights end, in order: the app ticks only while this is not empty.
    expiries: VecDeque<Instant>,
    pub(super) detail: Option<RequestDetail>,
    pub(super) picker: Option<StatusPicker>,
    pub(super) notice: Option<Notice>,
    /// A fixed "now" for snapshots; the wall clock otherwise.
    pub(super) clock: Option<DateTime<Utc>>,
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
            editing_filter: false,
            settings,
            poll: PollState::default(),
            webhook: WebhookState::Off,
            relay: RelayState::Off,
            quiet_before: None,
            expiries: VecDeque::new(),
            detail: None,
            picker: None,
            notice: None,
            clock: None,
        }
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

    /// A tick: drops expired highlights; true when one expired (so the screen changes).
    pub fn expire_highlights(&mut self, now: Instant) -> bool {
        let mut expired = false;
        while self.expiries.front().is_some_and(|t| *t <= now) {
            self.expiries.pop_front();
            expired = true;
        }
        expired
    }

    fn note_changes(&mut self, changed: usize) {
        if changed > 0 && self.quiet_before.is_some() {
            self.expiries.push_back(Instant::now() + HIGHLIGHT);
        }
    }

    /// Effects the first visit asks for (polling), none afterwards.
    pub fn on_show(&mut self) -> Vec<BoardEffect> {
        if self.poll.started {
            return Vec::new();
        }
        self.poll.started = true;
        if let Some(relay) = &self.settings.relay {
            self.relay = RelayState::Connecting;
            return vec![BoardEffect::StartRelay(relay.clone())];
        }
        vec![BoardEffect::StartPolling(self.settings.feed_options())]
    }

    /// A difference from the feed or the relay; the first full load highlights nothing.
    fn apply_feed(&mut self, diff: BoardDiff, first_load: bool) {
        let report = self.store.apply_diff(diff);
        self.poll.failing = None;
        if first_load {
            self.quiet_before = Some(Instant::now());
        } else {
            self.note_changes(report.added.len() + report.changed.len());
        }
        if !report.is_empty() {
            self.refresh_view();
            self.refresh_detail();
        }
    }

    fn on_relay(&mut self, event: WatchEvent) -> Vec<BoardEffect> {
        let fallback = self
            .settings
            .relay
            .as_ref()
            .is_some_and(|r| r.0.fallback_poll);
        match event {
            WatchEvent::Board { diff, snapshot } => {
                let first_load = snapshot && self.poll.last_ok.is_none();
                self.poll.last_ok = Some(Utc::now());
                self.apply_feed(diff, first_load);
            }
            WatchEvent::Live => {
                let was_down = matches!(self.relay, RelayState::Down { .. });
                self.relay = RelayState::Live;
                if fallback && was_down {
                    return vec![BoardEffect::StopPolling];
                }
            }
            WatchEvent::Down { since, cause } => {
                let was_down = matches!(self.relay, RelayState::Down { .. });
                self.relay = RelayState::Down { since, cause };
                if fallback && !was_down {
                    return vec![BoardEffect::StartPolling(self.settings.feed_options())];
                }
            }
        }
        Vec::new()
    }

    /// Recomputes the view after data, filter or sort changed, keeping the selected request.
    pub(super) fn refresh_view(&mut self) {
        let keep = self.selected_id();
        self.view = self.store.view(&self.filter, self.sort);
        if let Some(id) = keep
            && let Some(pos) = self.view.iter().position(|i| self.store.row(*i).id() == id)
        {
            self.selected = pos;
        }
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    /// Applies a board action; returns effects to run and the action for the app, if any.
    pub fn update(&mut self, action: BoardAction) -> (Vec<BoardEffect>, Option<Action>) {
        let mut effects = Vec::new();
        match action {
            BoardAction::Relay(event) => effects.extend(self.on_relay(event)),
            BoardAction::Polled(FeedUpdate::Refreshed {
                part,
                diff,
                at,
                requests,
            }) => {
                // The first full load is not "changed" (even after early webhook pushes).
                let first_load = self.poll.swept_at.is_none() && part == Part::All;
                self.poll.last_ok = Some(at);
                match part {
                    Part::Open => {
                        self.poll.open_at = Some(at);
                        self.poll.calls.0 = requests;
                    }
                    Part::All => {
                        self.poll.swept_at = Some(at);
                        self.poll.open_at = Some(at);
                        self.poll.calls.1 = requests;
                    }
                }
                self.apply_feed(diff, first_load);
            }
            BoardAction::Polled(FeedUpdate::Failed {
                error,
                failures,
                retry_in,
                ..
            }) => self.poll.failing = Some((error, failures, retry_in)),
            BoardAction::Polled(FeedUpdate::Cadence {
                open_every,
                sweep_every,
                pushes,
            }) => {
                self.poll.open_every = Some(open_every);
                self.poll.sweep_every = Some(sweep_every);
                self.poll.stretched = pushes;
            }
            BoardAction::Pushed(event) => {
                self.poll.pushed_at = Some(Utc::now());
                effects.push(BoardEffect::Pushed);
                if let EventOutcome::Added(_) | EventOutcome::Changed(_) =
                    self.store.apply_event(*event)
                {
                    self.quiet_before.get_or_insert_with(Instant::now);
                    self.note_changes(1);
                    self.refresh_view();
                    self.refresh_detail();
                }
            }
            BoardAction::WebhookListening(url) => self.webhook = WebhookState::Listening(url),
            BoardAction::WebhookFailed(error) => self.webhook = WebhookState::Failed(error),
            BoardAction::SetStatus { id, status } => {
                self.picker = None;
                self.notice = Some(Notice::Changing {
                    request: self.request_label(id),
                    status: Status::parse(&status),
                });
                effects.push(BoardEffect::SetStatus { id, status });
            }
            BoardAction::StatusSet { id, status, result } => {
                self.put_answer(id, &result);
                self.notice = Some(match result {
                    Ok(_) => Notice::Changed {
                        request: self.request_label(id),
                        status: Status::parse(&status),
                    },
                    Err(e) => Notice::Failed(e),
                });
            }
            BoardAction::DetailLoaded { id, result } => {
                self.put_answer(id, &result);
                if let Some(d) = &mut self.detail
                    && d.id == id
                {
                    d.loading = false;
                    match result {
                        Ok(r) => d.request = Some(*r),
                        Err(e) => d.error = Some(e),
                    }
                }
            }
            BoardAction::RefreshNow => effects.push(BoardEffect::PollNow),
            BoardAction::RankFor(request) => {
                return (
                    effects,
                    Some(Action::Ranking(
                        crate::tui::panes::ranking::RankingAction::ForRequest(request),
                    )),
                );
            }
        }
        (effects, None)
    }

    /// A request's latest version from elsewhere (an assignment): onto the board at once.
    pub fn apply_request(&mut self, id: i64, request: ServiceRequest) {
        self.put_answer(id, &Ok(Box::new(request)));
    }

    fn put_answer(&mut self, id: i64, result: &Result<Box<ServiceRequest>, ApiError>) {
        if let Ok(r) = result
            && r.id == Some(id)
            && let EventOutcome::Added(_) | EventOutcome::Changed(_) =
                self.store.upsert_request(*r.clone())
        {
            self.quiet_before.get_or_insert_with(Instant::now);
            self.note_changes(1);
            self.refresh_view();
            self.refresh_detail();
        }
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

    /// Opens the detail of `id` and asks for its latest version.
    pub fn open_detail(&mut self, id: i64) -> Vec<BoardEffect> {
        self.picker = None;
        let request = self.store.get(id).map(|r| r.to_request());
        self.detail = Some(RequestDetail::new(id, request));
        vec![BoardEffect::FetchRequest { id }]
    }

    /// The detail follows the board when its request changes.
    fn refresh_detail(&mut self) {
        // The board knows only the fields it shows: they are laid over the detail's full
        // copy (fetched by id) rather than replacing it.
        if let Some(d) = &mut self.detail
            && let Some(row) = self.store.get(d.id)
        {
            let known = row.to_request();
            match &mut d.request {
                Some(full) => crate::board::lay_over(full, known),
                None => d.request = Some(known),
            }
        }
    }

    fn open_picker(&mut self, id: i64) {
        let current = self.store.get(id).map(|r| r.status()).or_else(|| {
            self.detail
                .as_ref()
                .and_then(|d| d.request.as_ref())
                .map(ServiceRequest::status)
        });
        self.picker = Some(StatusPicker::new(id, current));
    }

    fn move_to(&mut self, index: usize) {
        self.selected = index.min(self.view.len().saturating_sub(1));
    }

    fn run(&mut self, cmd: Cmd) -> Option<Action> {
        let page = self.page.get().max(1);
        match cmd {
            Cmd::Up => self.move_to(self.selected.saturating_sub(1)),
            Cmd::Down => self.move_to(self.selected + 1),
            Cmd::PageUp => self.move_to(self.selected.saturating_sub(page)),
            Cmd::PageDown => self.move_to(self.selected + page),
            Cmd::First => self.move_to(0),
            Cmd::Last => self.move_to(usize::MAX),
            Cmd::Open => return self.selected_id().map(Action::OpenRequest),
            Cmd::Status => {
                if let Some(id) = self.selected_id() {
                    self.open_picker(id);
                }
            }
            Cmd::EditFilter => self.editing_filter = !self.editing_filter,
            Cmd::ClearFilter => {
                self.editing_filter = false;
                if !self.filter.text.is_empty() {
                    self.filter.text.clear();
                    self.refresh_view();
                }
            }
            Cmd::Toggle(n) => {
                let status = Status::KNOWN[n].clone();
                if !self.filter.statuses.remove(&status) {
                    self.filter.statuses.insert(status);
                }
                self.refresh_view();
            }
            Cmd::AllStatuses => {
                self.filter.statuses.clear();
                self.refresh_view();
            }
            Cmd::SortNext => {
                let at = Column::ALL
                    .iter()
                    .position(|c| *c == self.sort.column)
                    .unwrap_or(0);
                self.sort.column = Column::ALL[(at + 1) % Column::ALL.len()];
                self.refresh_view();
            }
            Cmd::SortReverse => {
                self.sort.dir = match self.sort.dir {
                    crate::board::SortDir::Asc => crate::board::SortDir::Desc,
                    crate::board::SortDir::Desc => crate::board::SortDir::Asc,
                };
                self.refresh_view();
            }
            Cmd::Refresh => return Some(Action::Board(BoardAction::RefreshNow)),
            Cmd::Wall => return Some(Action::GoTo(crate::tui::action::PaneId::Wall)),
        }
        None
    }

    fn handle_filter_key(&mut self, key: KeyEvent) -> Option<Action> {
        if let Some(cmd) = lookup(FILTER_KEYS, &key) {
            return self.run(cmd);
        }
        match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .contains(crossterm::event::KeyModifiers::CONTROL) =>
            {
                self.filter.text.push(c);
                self.refresh_view();
            }
            KeyCode::Backspace if self.filter.text.pop().is_some() => self.refresh_view(),
            _ => {}
        }
        None
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
        if let Some(picker) = &mut self.picker {
            return match picker.handle_key(key) {
                Some(DetailCmd::Apply(id, status)) => {
                    Some(Action::Board(BoardAction::SetStatus { id, status }))
                }
                Some(DetailCmd::Close) => {
                    self.picker = None;
                    None
                }
                _ => None,
            };
        }
        if let Some(detail) = &mut self.detail {
            let id = detail.id;
            return match detail.handle_key(key)? {
                DetailCmd::Close => {
                    self.detail = None;
                    None
                }
                DetailCmd::Status => {
                    self.open_picker(id);
                    None
                }
                DetailCmd::Lookup(access_identifier) => {
                    Some(Action::LookupContract { access_identifier })
                }
                DetailCmd::Edit(request) => Some(Action::EditRequest(request)),
                DetailCmd::Rank(request) => Some(Action::Board(BoardAction::RankFor(request))),
                DetailCmd::Apply(..) => None,
            };
        }
        if self.editing_filter {
            return self.handle_filter_key(key);
        }
        let cmd = lookup(TABLE_KEYS, &key)?;
        self.run(cmd)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        table::draw(self, frame, area, ctx);
    }

    fn in_text_field(&self) -> bool {
        self.editing_filter && self.detail.is_none() && self.picker.is_none()
    }
}
