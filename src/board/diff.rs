//! What changed between polls, computed where the poll runs (a tokio task) so the UI
//! applies only the difference and never compares 100,000 requests on its own thread.
//! Requests are compared by fingerprint ([`request_fingerprint`]): the tracker keeps one
//! integer per request, not a copy of it, and builds an [`Entry`] only for what changed.

use std::collections::{HashMap, HashSet};

use crate::model::ServiceRequest;

use super::{BoardStore, Entry, EventOutcome, Interner, MergeReport, request_fingerprint};

/// A poll's difference from what the tracker knew.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardDiff {
    /// New or changed requests (all of them on the first poll).
    pub upserts: Vec<Entry>,
    /// Ids that are gone from the server.
    pub removed: Vec<i64>,
    /// How many requests this poll returned (with an id).
    pub total: usize,
}

impl BoardDiff {
    /// A difference upserting `requests` (those with an id) and removing `removed`: for
    /// tests, benches and callers holding whole requests.
    pub fn of_requests(requests: &[ServiceRequest], removed: Vec<i64>) -> BoardDiff {
        let mut names = Interner::default();
        let upserts: Vec<Entry> = requests
            .iter()
            .filter_map(|r| Entry::from_request(r, &mut names))
            .collect();
        BoardDiff {
            total: upserts.len(),
            upserts,
            removed,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removed.is_empty()
    }
}

/// What the tracker remembers of one request.
#[derive(Debug, Clone, Copy)]
struct Known {
    fingerprint: u64,
    open: bool,
}

/// One listing in progress: what it saw and what changed so far.
#[derive(Debug, Default)]
pub struct Pass {
    seen: HashSet<i64>,
    upserts: Vec<Entry>,
}

/// Remembers the fingerprint of every request seen, to diff the next listing against it.
#[derive(Debug, Default)]
pub struct DiffTracker {
    known: HashMap<i64, Known>,
    names: Interner,
}

impl DiffTracker {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many requests it knows.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Notes one listed request in `pass`: an entry when it is new or changed. Requests
    /// without an id are skipped, and a repeated id counts once (the first).
    pub fn observe(&mut self, pass: &mut Pass, request: &ServiceRequest) {
        let Some(id) = request.id else { return };
        if !pass.seen.insert(id) {
            return;
        }
        if let Some(entry) = self.observe_one(request) {
            pass.upserts.push(entry);
        }
    }

    /// One request outside a listing (e.g. fetched by id): its entry when new or changed.
    pub fn observe_one(&mut self, request: &ServiceRequest) -> Option<Entry> {
        let id = request.id?;
        let fingerprint = request_fingerprint(request);
        let open = request.current_status.as_ref().is_none_or(|s| s.is_open());
        let known = self.known.insert(id, Known { fingerprint, open });
        if known.is_some_and(|k| k.fingerprint == fingerprint) {
            return None;
        }
        Entry::from_request(request, &mut self.names)
    }

    /// Forgets `id` (the server no longer has it).
    pub fn forget(&mut self, id: i64) -> bool {
        self.known.remove(&id).is_some()
    }

    /// Ends a listing of everything: what it did not list is gone.
    pub fn finish_full(&mut self, pass: Pass) -> BoardDiff {
        let mut removed: Vec<i64> = self
            .known
            .keys()
            .filter(|id| !pass.seen.contains(id))
            .copied()
            .collect();
        removed.sort_unstable();
        for id in &removed {
            self.known.remove(id);
        }
        BoardDiff {
            total: pass.seen.len(),
            upserts: pass.upserts,
            removed,
        }
    }

    /// Ends a listing of the open statuses: requests known open that it did not list
    /// left the open statuses (or the server) and are returned to be looked up by id.
    pub fn finish_open(&mut self, pass: Pass) -> (BoardDiff, Vec<i64>) {
        let mut vanished: Vec<i64> = self
            .known
            .iter()
            .filter(|(id, k)| k.open && !pass.seen.contains(id))
            .map(|(id, _)| *id)
            .collect();
        vanished.sort_unstable();
        let diff = BoardDiff {
            total: pass.seen.len(),
            upserts: pass.upserts,
            removed: Vec::new(),
        };
        (diff, vanished)
    }

    /// A listing starting, sized for what is known.
    pub fn pass(&self) -> Pass {
        Pass {
            seen: HashSet::with_capacity(self.known.len()),
            upserts: Vec::new(),
        }
    }

    /// The difference between `fresh` (a listing of everything) and what was known. It
    /// reads `fresh` and keeps none of it: the caller drops its pages when it likes.
    pub fn diff(&mut self, fresh: &[ServiceRequest]) -> BoardDiff {
        let mut pass = self.pass();
        for request in fresh {
            self.observe(&mut pass, request);
        }
        self.finish_full(pass)
    }
}

impl BoardStore {
    /// Applies a poll's difference: upserts (an equal fingerprint changes nothing, so no
    /// highlight) and removals.
    pub fn apply_diff(&mut self, diff: BoardDiff) -> MergeReport {
        let now = std::time::Instant::now();
        let mut report = MergeReport::default();
        for entry in diff.upserts {
            let id = entry.id;
            match self.upsert(entry, now) {
                Some(true) => report.added.push(id),
                Some(false) => report.changed.push(id),
                None => report.unchanged += 1,
            }
        }
        for id in diff.removed {
            if self.get(id).is_some() {
                self.remove(id);
                report.removed.push(id);
            }
        }
        report
    }

    /// Puts one request on the board (the answer of a status change or an assignment),
    /// merged into what is known.
    pub fn upsert_request(&mut self, request: ServiceRequest) -> EventOutcome {
        match self.merge_request(&request) {
            Some((id, Some(true))) => EventOutcome::Added(id),
            Some((id, Some(false))) => EventOutcome::Changed(id),
            Some((id, None)) if self.get(id).is_some() => EventOutcome::Unchanged(id),
            _ => EventOutcome::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn req(id: i64, status: &str) -> ServiceRequest {
        ServiceRequest {
            id: Some(id),
            current_status: Some(Status::parse(status)),
            ..Default::default()
        }
    }

    fn ids(entries: &[Entry]) -> Vec<i64> {
        entries.iter().map(|e| e.id).collect()
    }

    #[test]
    fn only_what_changed_is_sent_and_applied() {
        let mut tracker = DiffTracker::new();
        let first = tracker.diff(&[req(1, "pending"), req(2, "pending"), req(3, "x")]);
        assert_eq!(first.upserts.len(), 3);
        assert_eq!(first.total, 3);
        let mut store = BoardStore::new();
        assert_eq!(store.apply_diff(first).added, vec![1, 2, 3]);

        let second = tracker.diff(&[req(1, "pending"), req(2, "assigned"), req(4, "on_hold")]);
        assert_eq!(ids(&second.upserts), vec![2, 4]);
        assert_eq!(second.removed, vec![3]);
        let report = store.apply_diff(second);
        assert_eq!(report.added, vec![4]);
        assert_eq!(report.changed, vec![2]);
        assert_eq!(report.removed, vec![3]);
        assert_eq!(store.len(), 3);
        assert!(
            tracker
                .diff(&[req(1, "pending"), req(2, "assigned"), req(4, "on_hold")])
                .is_empty()
        );
    }

    #[test]
    fn an_open_listing_reports_requests_that_left_the_open_statuses() {
        let mut tracker = DiffTracker::new();
        tracker.diff(&[
            req(1, "pending"),
            req(2, "assigned"),
            req(3, "finished"),
            req(4, "on_hold"),
        ]);
        let mut pass = Pass::default();
        tracker.observe(&mut pass, &req(1, "pending"));
        tracker.observe(&mut pass, &req(4, "in_progress"));
        let (diff, vanished) = tracker.finish_open(pass);
        assert_eq!(ids(&diff.upserts), vec![4]);
        assert!(diff.removed.is_empty(), "an open listing removes nothing");
        assert_eq!(vanished, vec![2], "the closed request 3 is not looked up");
        // Looked up: it finished.
        let entry = tracker.observe_one(&req(2, "finished")).unwrap();
        assert_eq!(entry.status, Status::Finished);
        assert!(tracker.observe_one(&req(2, "finished")).is_none());
    }

    #[test]
    fn an_upsert_already_known_changes_nothing() {
        let mut store = BoardStore::new();
        assert_eq!(
            store.upsert_request(req(1, "pending")),
            EventOutcome::Added(1)
        );
        assert_eq!(
            store.upsert_request(req(1, "pending")),
            EventOutcome::Unchanged(1)
        );
        assert_eq!(
            store.upsert_request(req(1, "assigned")),
            EventOutcome::Changed(1)
        );
        assert_eq!(
            store.upsert_request(ServiceRequest::default()),
            EventOutcome::Ignored
        );
    }
}
