//! The live board's model (issue 6), no drawing: every known service request keyed by id,
//! merged from polling refreshes and webhook events, counted by status, and viewed through
//! a filter and a sort as a list of row indices, so a redraw touches only the visible rows.

mod diff;
mod sla;
mod view;

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::model::{EVENT_CREATED, EVENT_UPDATED, ServiceRequest, Status, WebhookEvent};

pub use diff::*;
pub use sla::*;
pub use view::*;

/// One request on the board, with what the board derives from it once per change.
#[derive(Debug, Clone)]
pub struct Row {
    pub request: ServiceRequest,
    /// When the board last saw it appear or change (drives the highlight).
    pub changed_at: Instant,
    /// `requested_at`, parsed.
    pub requested: Option<DateTime<Utc>>,
    /// Lowercased text of every searchable field, for the free-text filter.
    haystack: String,
}

impl Row {
    fn new(request: ServiceRequest, changed_at: Instant) -> Row {
        let r = &request;
        let id = r.id.map(|i| i.to_string());
        let parts = [
            id.as_deref(),
            r.public_id.as_deref(),
            r.external_id.as_deref(),
            r.access_identifier.as_deref(),
            r.user_first_name.as_deref(),
            r.user_last_name.as_deref(),
            r.user_full_name.as_deref(),
            r.origin_address.as_deref(),
            r.destination_address.as_deref(),
            r.provider_name.as_deref(),
            r.service_name.as_deref(),
        ];
        let mut haystack = String::new();
        for p in parts.into_iter().flatten() {
            haystack.push_str(&p.to_lowercase());
            // A separator no query contains, so a match never spans two fields.
            haystack.push('\u{1f}');
        }
        Row {
            requested: r.requested_time(),
            request,
            changed_at,
            haystack,
        }
    }

    pub fn id(&self) -> i64 {
        self.request.id.unwrap_or_default()
    }

    pub fn status(&self) -> Status {
        self.request.status()
    }

    /// The status without cloning it; `Other("")` when the server sent none.
    pub fn status_ref(&self) -> &Status {
        const NONE: &Status = &Status::Other(String::new());
        self.request.current_status.as_ref().unwrap_or(NONE)
    }

    /// Whether every lowercased word of the query appears in some searchable field.
    pub fn matches_words(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.haystack.contains(w.as_str()))
    }

    /// Changed within `window` of `now`: the UI highlights it.
    pub fn is_fresh(&self, now: Instant, window: std::time::Duration) -> bool {
        now.saturating_duration_since(self.changed_at) < window
    }
}

/// What a refresh changed, by request id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub added: Vec<i64>,
    pub changed: Vec<i64>,
    pub removed: Vec<i64>,
    pub unchanged: usize,
    /// Requests without an id cannot be keyed and are skipped.
    pub skipped_without_id: usize,
}

impl MergeReport {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// What one webhook event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    Added(i64),
    Changed(i64),
    /// Same content as already known (e.g. the poll saw it first).
    Unchanged(i64),
    /// No payload, no id, or an event name the board does not handle.
    Ignored,
}

/// At most this many requests are kept; a refresh beyond it keeps the first ones.
pub const MAX_ROWS: usize = 100_000;

/// Every request the board knows.
#[derive(Debug, Default)]
pub struct BoardStore {
    rows: Vec<Row>,
    by_id: HashMap<i64, u32>,
    counts: BTreeMap<Status, usize>,
}

impl BoardStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row at an index of a view. Indices are valid until the next merge or event.
    pub fn row(&self, index: u32) -> &Row {
        &self.rows[index as usize]
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn get(&self, id: i64) -> Option<&Row> {
        self.by_id.get(&id).map(|i| &self.rows[*i as usize])
    }

    fn count(&mut self, status: Status, delta: isize) {
        let n = self.counts.entry(status).or_default();
        *n = n.saturating_add_signed(delta);
    }

    /// Inserts or replaces; `None` when the content is the same as known.
    fn upsert(&mut self, request: ServiceRequest, now: Instant) -> Option<bool> {
        let id = request.id?;
        match self.by_id.get(&id) {
            Some(&i) => {
                let row = &self.rows[i as usize];
                if row.request == request {
                    return None;
                }
                let old = row.status();
                self.count(old, -1);
                self.count(request.status(), 1);
                self.rows[i as usize] = Row::new(request, now);
                Some(false)
            }
            None => {
                if self.rows.len() >= MAX_ROWS {
                    return None;
                }
                self.count(request.status(), 1);
                self.by_id.insert(id, self.rows.len() as u32);
                self.rows.push(Row::new(request, now));
                Some(true)
            }
        }
    }

    fn remove(&mut self, id: i64) {
        let Some(i) = self.by_id.remove(&id) else {
            return;
        };
        let row = self.rows.swap_remove(i as usize);
        self.count(row.status(), -1);
        if let Some(moved) = self.rows.get(i as usize) {
            self.by_id.insert(moved.id(), i);
        }
    }

    /// Makes the board hold exactly `fresh` (a full poll), reporting what changed.
    pub fn merge_refresh(&mut self, fresh: Vec<ServiceRequest>) -> MergeReport {
        let now = Instant::now();
        let mut report = MergeReport::default();
        let mut seen: std::collections::HashSet<i64> =
            std::collections::HashSet::with_capacity(fresh.len());
        for request in fresh {
            let Some(id) = request.id else {
                report.skipped_without_id += 1;
                continue;
            };
            if !seen.insert(id) {
                continue; // the same id twice in one poll: the first one counts
            }
            match self.upsert(request, now) {
                Some(true) => report.added.push(id),
                Some(false) => report.changed.push(id),
                None if self.by_id.contains_key(&id) => report.unchanged += 1,
                None => {} // over MAX_ROWS
            }
        }
        let gone: Vec<i64> = self
            .by_id
            .keys()
            .filter(|id| !seen.contains(id))
            .copied()
            .collect();
        for id in gone {
            self.remove(id);
            report.removed.push(id);
        }
        report.removed.sort_unstable();
        report
    }

    /// Applies a pushed `service_request.created|updated`.
    pub fn apply_event(&mut self, event: WebhookEvent) -> EventOutcome {
        let known = matches!(event.event.as_deref(), Some(EVENT_CREATED | EVENT_UPDATED));
        let Some(request) = event.payload.filter(|_| known) else {
            return EventOutcome::Ignored;
        };
        let Some(id) = request.id else {
            return EventOutcome::Ignored;
        };
        match self.upsert(request, Instant::now()) {
            Some(true) => EventOutcome::Added(id),
            Some(false) => EventOutcome::Changed(id),
            None if self.by_id.contains_key(&id) => EventOutcome::Unchanged(id),
            None => EventOutcome::Ignored,
        }
    }

    /// Requests per status: the five known ones first (zero included), then any other
    /// status as it came, alphabetically.
    pub fn status_counts(&self) -> Vec<(Status, usize)> {
        let mut out: Vec<(Status, usize)> = Status::KNOWN
            .iter()
            .map(|s| (s.clone(), self.counts.get(s).copied().unwrap_or(0)))
            .collect();
        out.extend(
            self.counts
                .iter()
                .filter(|(s, n)| !s.is_known() && **n > 0)
                .map(|(s, n)| (s.clone(), *n)),
        );
        out
    }
}

#[cfg(test)]
mod tests;
