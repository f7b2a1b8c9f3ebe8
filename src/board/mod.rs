//! The live board's model (issues 6 and 12), no drawing: every known service request, in
//! the compact form the board needs ([`Entry`]), keyed by id, merged from polling
//! refreshes and webhook events, counted by status, and viewed through a filter and a sort
//! as a list of row indices, so a redraw touches only the visible rows. [`feed`] is the
//! load-aware poller that keeps it current, with no UI types.

mod diff;
mod entry;
pub mod feed;
mod sla;
mod view;

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use crate::model::{EVENT_CREATED, EVENT_UPDATED, ServiceRequest, Status, WebhookEvent};

pub use diff::*;
pub use entry::*;
pub use sla::*;
pub use view::*;

/// One request on the board: its entry and when the board last saw it appear or change
/// (drives the highlight). Reads as its [`Entry`].
#[derive(Debug, Clone)]
pub struct Row {
    pub entry: Entry,
    pub changed_at: Instant,
}

impl std::ops::Deref for Row {
    type Target = Entry;
    fn deref(&self) -> &Entry {
        &self.entry
    }
}

impl Row {
    pub fn id(&self) -> i64 {
        self.entry.id
    }

    pub fn status(&self) -> Status {
        self.entry.status.clone()
    }

    /// Whether every folded word of the query (`text::fold`: no accents, no case) appears
    /// in some searchable field.
    /// `scratch` is a buffer reused across rows (no allocation per row).
    pub fn matches_words(&self, words: &[String], scratch: &mut String) -> bool {
        if words.is_empty() {
            return true;
        }
        scratch.clear();
        use std::fmt::Write;
        let _ = write!(scratch, "{}\u{1f}", self.entry.id);
        let names = [self.service_name(), self.provider_name()];
        let texts = entry::SEARCHED.map(|t| self.text(t));
        for part in names.into_iter().chain(texts).flatten() {
            crate::text::fold_into(part, scratch);
            // A separator no query contains, so a match never spans two fields.
            scratch.push('\u{1f}');
        }
        words.iter().all(|w| scratch.contains(w.as_str()))
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

/// At most this many requests are kept; a refresh beyond it keeps the first ones. A bound
/// against a runaway server, well above a network with a year of history (100,000+
/// requests, about 70 MiB of rows): at exactly 100,000 the newest requests were dropped.
pub const MAX_ROWS: usize = 250_000;

/// Every request the board knows.
#[derive(Debug, Default)]
pub struct BoardStore {
    rows: Vec<Row>,
    by_id: HashMap<i64, u32>,
    counts: BTreeMap<Status, usize>,
    /// Names of requests that arrive here whole (pushes, answers of a change).
    names: Interner,
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

    /// Where request `id`'s row sits (what a view lists), valid as [`row`](Self::row)'s.
    pub fn index_of(&self, id: i64) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    pub fn get(&self, id: i64) -> Option<&Row> {
        self.by_id.get(&id).map(|i| &self.rows[*i as usize])
    }

    fn count(&mut self, status: &Status, delta: isize) {
        match self.counts.get_mut(status) {
            Some(n) => *n = n.saturating_add_signed(delta),
            None => {
                self.counts.insert(status.clone(), delta.max(0) as usize);
            }
        }
    }

    /// Inserts or replaces; `None` when the fingerprint is the same as known.
    fn upsert(&mut self, entry: Entry, now: Instant) -> Option<bool> {
        match self.by_id.get(&entry.id) {
            Some(&i) => {
                let row = &self.rows[i as usize];
                if row.entry.fingerprint == entry.fingerprint {
                    return None;
                }
                let old = row.entry.status.clone();
                self.count(&old, -1);
                self.count(&entry.status, 1);
                self.rows[i as usize] = Row {
                    entry,
                    changed_at: now,
                };
                Some(false)
            }
            None => {
                if self.rows.len() >= MAX_ROWS {
                    return None;
                }
                self.count(&entry.status, 1);
                self.by_id.insert(entry.id, self.rows.len() as u32);
                self.rows.push(Row {
                    entry,
                    changed_at: now,
                });
                Some(true)
            }
        }
    }

    fn remove(&mut self, id: i64) {
        let Some(i) = self.by_id.remove(&id) else {
            return;
        };
        let row = self.rows.swap_remove(i as usize);
        self.count(&row.entry.status, -1);
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
            let Some(entry) = Entry::from_request(&request, &mut self.names) else {
                continue;
            };
            match self.upsert(entry, now) {
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

    /// Lays `request` over what is known of it (a field it lacks keeps its value) or adds
    /// it; `None` without an id.
    fn merge_request(&mut self, request: &ServiceRequest) -> Option<(i64, Option<bool>)> {
        let id = request.id?;
        let known = self.by_id.get(&id).map(|i| &self.rows[*i as usize].entry);
        let entry = match known {
            Some(entry) => entry.merged(request, &mut self.names),
            None => Entry::from_request(request, &mut self.names)?,
        };
        Some((id, self.upsert(entry, Instant::now())))
    }

    /// Applies a pushed `service_request.created|updated`, merging its payload into what
    /// is known: a field the payload lacks (absent or null) keeps its value, so an event
    /// carrying only id, status and provider does not blank the customer's name.
    pub fn apply_event(&mut self, event: WebhookEvent) -> EventOutcome {
        let known = matches!(event.event.as_deref(), Some(EVENT_CREATED | EVENT_UPDATED));
        let Some(request) = event.payload.filter(|_| known) else {
            return EventOutcome::Ignored;
        };
        match self.merge_request(&request) {
            Some((id, Some(true))) => EventOutcome::Added(id),
            Some((id, Some(false))) => EventOutcome::Changed(id),
            Some((id, None)) if self.by_id.contains_key(&id) => EventOutcome::Unchanged(id),
            _ => EventOutcome::Ignored,
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
#[cfg(test)]
mod view_tests;
