//! The board's `update`: its keys' actions, the answers of its calls, the feed's and the
//! relay's news and pushed events, and what other panes route to it (open a request's
//! detail, a request changed elsewhere) — state changes in, [`Out`]s back.

use std::time::Instant;

use chrono::Utc;

use super::detail::RequestDetail;
use super::{BoardAction, BoardEffect, BoardPane, Notice, RelayState};
use crate::api::ApiError;
use crate::board::feed::{FeedUpdate, Part};
use crate::board::{BoardDiff, EventOutcome};
use crate::model::{ServiceRequest, Status};
use crate::relay::watch::WatchEvent;
use crate::tui::action::{Action, Effect, PaneId};
use crate::tui::panes::ranking::RankingAction;
use crate::tui::panes::{Out, Update};

impl From<BoardEffect> for Out {
    fn from(effect: BoardEffect) -> Self {
        Out::Run(Effect::Board(effect))
    }
}

impl From<BoardAction> for Action {
    fn from(action: BoardAction) -> Self {
        Action::Board(action)
    }
}

impl Update for BoardPane {
    type Msg = BoardAction;

    fn update(&mut self, action: BoardAction) -> Vec<Out> {
        match action {
            BoardAction::Open(id) => {
                // Shown first: a first visit starts the feed before the detail's fetch.
                let mut out = vec![Action::GoTo(PaneId::Board).into()];
                out.extend(self.open_detail(id).into_iter().map(Out::from));
                out
            }
            BoardAction::Changed { id, request } => {
                self.put_answer(id, &Ok(request));
                Vec::new()
            }
            BoardAction::Language(lang) => {
                self.lang = lang;
                if self.sort.column == crate::board::Column::Status {
                    self.refresh_view();
                }
                Vec::new()
            }
            BoardAction::Tick => {
                if self.expire_highlights(Instant::now()) {
                    Vec::new()
                } else {
                    vec![Out::Quiet]
                }
            }
            BoardAction::Relay(event) => self.on_relay(event).into_iter().map(Out::from).collect(),
            BoardAction::Polled(update) => {
                let swept = matches!(
                    update,
                    FeedUpdate::Refreshed {
                        part: Part::All,
                        ..
                    }
                );
                let refreshed = matches!(update, FeedUpdate::Refreshed { .. });
                self.on_feed(update);
                // The refresh's pages and diff are freed by now: without this the resident
                // size keeps each burst's high-water mark (see `crate::memory`). After
                // every sweep, and after the open part's polls at most once a minute.
                let now = Instant::now();
                let due = self
                    .trimmed_at
                    .is_none_or(|at| now.duration_since(at) >= super::TRIM_EVERY);
                if swept || (refreshed && due) {
                    self.trimmed_at = Some(now);
                    vec![Out::Run(Effect::ReturnFreedMemory)]
                } else {
                    Vec::new()
                }
            }
            BoardAction::Pushed(event) => {
                self.poll.pushed_at = Some(Utc::now());
                let keep = self.selected_id();
                if let EventOutcome::Added(id) | EventOutcome::Changed(id) =
                    self.store.apply_event(*event)
                {
                    self.note_unseen([id]);
                    self.quiet_before.get_or_insert_with(Instant::now);
                    self.note_changes(1);
                    self.update_view(keep, &[id]);
                    self.refresh_detail();
                }
                vec![BoardEffect::Pushed.into()]
            }
            BoardAction::WebhookListening(url) => {
                self.webhook = super::WebhookState::Listening(url);
                Vec::new()
            }
            BoardAction::WebhookFailed(error) => {
                self.webhook = super::WebhookState::Failed(error);
                Vec::new()
            }
            // Nothing is sent before the stale-edit guard's verdict (`guard`).
            BoardAction::SetStatus { id, status } => self.guard_status(id, status),
            BoardAction::Guarded(verdict) => self.on_verdict(verdict),
            BoardAction::Hidden => {
                self.hidden();
                Vec::new()
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
                Vec::new()
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
                Vec::new()
            }
            BoardAction::RefreshNow => vec![BoardEffect::PollNow.into()],
            BoardAction::RankFor(request) => {
                vec![Action::Ranking(RankingAction::ForRequest(request)).into()]
            }
        }
    }
}

impl BoardPane {
    /// What the first visit starts (the feed, or the relay's watcher), nothing afterwards.
    pub(super) fn first_show(&mut self) -> Vec<BoardEffect> {
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

    fn on_feed(&mut self, update: FeedUpdate) {
        match update {
            FeedUpdate::Refreshed {
                part,
                diff,
                at,
                requests,
            } => {
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
            FeedUpdate::Failed {
                error,
                failures,
                retry_in,
                ..
            } => self.poll.failing = Some((error, failures, retry_in)),
            FeedUpdate::Cadence {
                open_every,
                sweep_every,
                pushes,
            } => {
                self.poll.open_every = Some(open_every);
                self.poll.sweep_every = Some(sweep_every);
                self.poll.stretched = pushes;
            }
        }
    }

    /// A difference from the feed or the relay; the first full load highlights nothing.
    fn apply_feed(&mut self, diff: BoardDiff, first_load: bool) {
        // Read before the diff: a removal moves the last row into the gap, so the view's
        // indices no longer name the rows they did (the last one is even out of range).
        let keep = self.selected_id();
        let report = self.store.apply_diff(diff);
        self.poll.failing = None;
        // A row no longer on the board is no update to look at.
        for id in &report.removed {
            self.unseen.remove(id);
        }
        if first_load {
            self.quiet_before = Some(Instant::now());
        } else {
            self.note_changes(report.added.len() + report.changed.len());
            self.note_unseen(report.added.iter().chain(&report.changed).copied());
        }
        if !report.is_empty() {
            if report.removed.is_empty() {
                let changed: Vec<i64> = report
                    .added
                    .iter()
                    .chain(&report.changed)
                    .copied()
                    .collect();
                self.update_view(keep, &changed);
            } else {
                self.recompute_view(keep);
            }
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

    /// A request's latest version (an answer, or news from elsewhere): onto the board.
    pub(super) fn put_answer(&mut self, id: i64, result: &Result<Box<ServiceRequest>, ApiError>) {
        let keep = self.selected_id();
        if let Ok(r) = result
            && r.id == Some(id)
            && let EventOutcome::Added(_) | EventOutcome::Changed(_) =
                self.store.upsert_request(*r.clone())
        {
            self.quiet_before.get_or_insert_with(Instant::now);
            self.note_changes(1);
            self.update_view(keep, &[id]);
            self.refresh_detail();
        }
    }

    /// Opens the detail of `id` and asks for its latest version.
    fn open_detail(&mut self, id: i64) -> Vec<BoardEffect> {
        self.picker = None;
        self.looked_at(id);
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
}
