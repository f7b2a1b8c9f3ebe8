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
    /// Of what the board shows of it ([`request_fingerprint`]).
    fingerprint: u64,
    /// Of the item's text as last listed ([`raw_fingerprint`]); 0 when it was not listed
    /// as text (fetched by id, or given parsed).
    text: u64,
    /// The number of the last pass that listed it (0: none did).
    listed_in: u32,
}

/// One listing in progress: its number and what changed so far. Which requests it listed
/// is marked on the tracker's own records, so a sweep of 100,000 requests allocates no
/// set of ids beside them.
#[derive(Debug)]
pub struct Pass {
    number: u32,
    listed: usize,
    upserts: Vec<Entry>,
}

/// The fingerprint of an item's JSON text: equal text, equal request.
pub fn raw_fingerprint(item: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(item.as_bytes())
}

/// Remembers the fingerprint of every request seen, to diff the next listing against it.
#[derive(Debug, Default)]
pub struct DiffTracker {
    known: HashMap<i64, Known>,
    /// Text fingerprint → id: an item whose text is known is recognised without parsing.
    by_text: HashMap<u64, i64>,
    /// The requests known open: an open listing checks these for what left, not all.
    open: HashSet<i64>,
    passes: u32,
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

    /// A listing starting.
    pub fn pass(&mut self) -> Pass {
        // 0 stays "never listed"; at one pass a second this wraps after 136 years.
        self.passes = self.passes.wrapping_add(1).max(1);
        Pass {
            number: self.passes,
            listed: 0,
            upserts: Vec::new(),
        }
    }

    /// Records `id` as listed by `pass`; false when the pass already listed it (a repeated
    /// id counts once: the first).
    fn list(&mut self, pass: &mut Pass, id: i64) -> bool {
        match self.known.get_mut(&id) {
            Some(k) if k.listed_in == pass.number => false,
            Some(k) => {
                k.listed_in = pass.number;
                pass.listed += 1;
                true
            }
            None => {
                pass.listed += 1;
                true
            }
        }
    }

    /// Remembers what is known of `request` now (its text's fingerprint when it came as
    /// text); whether what the board shows of it changed (or it is new).
    fn remember(
        &mut self,
        id: i64,
        request: &ServiceRequest,
        text: u64,
        listed_in: Option<u32>,
    ) -> bool {
        let fingerprint = request_fingerprint(request);
        let open = is_open(request);
        let before = self.known.get(&id).copied();
        let listed_in = listed_in.or(before.map(|k| k.listed_in)).unwrap_or(0);
        self.known.insert(
            id,
            Known {
                fingerprint,
                text,
                listed_in,
            },
        );
        if let Some(b) = before
            && b.text != text
            && self.by_text.get(&b.text) == Some(&id)
        {
            self.by_text.remove(&b.text);
        }
        if text != 0 {
            self.by_text.insert(text, id);
        }
        if open {
            self.open.insert(id);
        } else {
            self.open.remove(&id);
        }
        before.is_none_or(|b| b.fingerprint != fingerprint)
    }

    /// Notes one listed request in `pass`: an entry when it is new or changed. Requests
    /// without an id are skipped, and a repeated id counts once (the first).
    pub fn observe(&mut self, pass: &mut Pass, request: &ServiceRequest) {
        let Some(id) = request.id else { return };
        if !self.list(pass, id) {
            return;
        }
        if self.remember(id, request, 0, Some(pass.number)) {
            pass.upserts
                .extend(Entry::from_request(request, &mut self.names));
        }
    }

    /// Notes one listed item given as its JSON text: an item whose text is known (the
    /// same request, unchanged) costs a hash and a lookup; any other is parsed, noted like
    /// [`observe`](Self::observe) (an entry only when what the board shows changed) and
    /// returned, so the caller can read it. An item that is not an object, or has no id,
    /// is skipped.
    pub fn observe_raw(&mut self, pass: &mut Pass, item: &str) -> Option<ServiceRequest> {
        let text = raw_fingerprint(item);
        if let Some(&id) = self.by_text.get(&text)
            && self.known.get(&id).is_some_and(|k| k.text == text)
        {
            self.list(pass, id);
            return None;
        }
        // As a whole page is read (`model::de::vec`): anything but an object is skipped.
        if !item.trim_start().starts_with('{') {
            return None;
        }
        let request: ServiceRequest = serde_json::from_str(item).ok()?;
        let id = request.id?;
        if !self.list(pass, id) {
            return None;
        }
        if self.remember(id, &request, text, Some(pass.number)) {
            pass.upserts
                .extend(Entry::from_request(&request, &mut self.names));
        }
        Some(request)
    }

    /// One request outside a listing (e.g. fetched by id): its entry when new or changed.
    pub fn observe_one(&mut self, request: &ServiceRequest) -> Option<Entry> {
        let id = request.id?;
        if !self.remember(id, request, 0, None) {
            return None;
        }
        Entry::from_request(request, &mut self.names)
    }

    /// Forgets `id` (the server no longer has it).
    pub fn forget(&mut self, id: i64) -> bool {
        let Some(known) = self.known.remove(&id) else {
            return false;
        };
        if self.by_text.get(&known.text) == Some(&id) {
            self.by_text.remove(&known.text);
        }
        self.open.remove(&id);
        true
    }

    /// Ends a listing of everything: what it did not list is gone.
    pub fn finish_full(&mut self, pass: Pass) -> BoardDiff {
        let mut removed: Vec<i64> = self
            .known
            .iter()
            .filter(|(_, k)| k.listed_in != pass.number)
            .map(|(id, _)| *id)
            .collect();
        removed.sort_unstable();
        for id in &removed {
            self.forget(*id);
        }
        BoardDiff {
            total: pass.listed,
            upserts: pass.upserts,
            removed,
        }
    }

    /// Ends a listing of the open statuses: requests known open that it did not list
    /// left the open statuses (or the server) and are returned to be looked up by id.
    pub fn finish_open(&mut self, pass: Pass) -> (BoardDiff, Vec<i64>) {
        let mut vanished: Vec<i64> = self
            .open
            .iter()
            .filter(|id| {
                self.known
                    .get(id)
                    .is_some_and(|k| k.listed_in != pass.number)
            })
            .copied()
            .collect();
        vanished.sort_unstable();
        let diff = BoardDiff {
            total: pass.listed,
            upserts: pass.upserts,
            removed: Vec::new(),
        };
        (diff, vanished)
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

/// Open unless its status says finished or cancelled (no status counts as open).
fn is_open(request: &ServiceRequest) -> bool {
    request.current_status.as_ref().is_none_or(|s| s.is_open())
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
        let mut pass = tracker.pass();
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
    fn a_known_text_is_recognised_unread_and_a_changed_one_is_read() {
        let mut tracker = DiffTracker::new();
        let one = r#"{"id": 1, "current_status": "pending", "service_name": "Grúa"}"#;
        let two = r#"{"id": "2", "current_status": "assigned", "extra": {"x": [1]}}"#;
        let mut pass = tracker.pass();
        assert!(tracker.observe_raw(&mut pass, one).is_some(), "new: read");
        assert!(tracker.observe_raw(&mut pass, two).is_some());
        assert!(
            tracker.observe_raw(&mut pass, one).is_none(),
            "repeated: once"
        );
        for skipped in ["null", "[1, 2]", "\"x\"", r#"{"id": null}"#, "{}"] {
            assert!(
                tracker.observe_raw(&mut pass, skipped).is_none(),
                "{skipped}"
            );
        }
        let first = tracker.finish_full(pass);
        assert_eq!((ids(&first.upserts), first.total), (vec![1, 2], 2));

        // The same texts: recognised, not read, nothing to send.
        let mut pass = tracker.pass();
        assert!(tracker.observe_raw(&mut pass, one).is_none());
        assert!(tracker.observe_raw(&mut pass, two).is_none());
        let same = tracker.finish_full(pass);
        assert!(same.is_empty() && same.total == 2);

        // Text changed, but nothing the board shows: read, no entry.
        let two_extra = r#"{"id": "2", "current_status": "assigned", "extra": {"x": [2]}}"#;
        let mut pass = tracker.pass();
        tracker.observe_raw(&mut pass, one);
        assert!(tracker.observe_raw(&mut pass, two_extra).is_some());
        assert!(tracker.finish_full(pass).is_empty());

        // An open listing without 1: it is looked up; 2 finished is not open any more.
        let two_done = r#"{"id": 2, "current_status": "finished"}"#;
        let mut pass = tracker.pass();
        tracker.observe_raw(&mut pass, two_done);
        let (diff, vanished) = tracker.finish_open(pass);
        assert_eq!(ids(&diff.upserts), vec![2]);
        assert_eq!(vanished, vec![1]);
        let mut pass = tracker.pass();
        tracker.observe_raw(&mut pass, one);
        let (_, vanished) = tracker.finish_open(pass);
        assert!(
            vanished.is_empty(),
            "2 is closed, 1 was listed: {vanished:?}"
        );
    }

    #[test]
    fn answers_that_make_a_request_urgent_change_its_row() {
        let mut tracker = DiffTracker::new();
        let calm = r#"{"id": 7, "current_status": "pending",
            "answers": [{"question_key": "urgent", "value": false}]}"#;
        let urgent = r#"{"id": 7, "current_status": "pending",
            "answers": [{"question_key": "urgent", "value": true}]}"#;
        let mut pass = tracker.pass();
        tracker.observe_raw(&mut pass, calm);
        assert!(!tracker.finish_full(pass).upserts[0].urgent);
        let mut pass = tracker.pass();
        tracker.observe_raw(&mut pass, urgent);
        let diff = tracker.finish_full(pass);
        assert_eq!(ids(&diff.upserts), vec![7], "only the answers changed");
        assert!(diff.upserts[0].urgent);
        let mut store = BoardStore::new();
        store.apply_diff(BoardDiff::of_requests(
            &[serde_json::from_str(calm).unwrap()],
            vec![],
        ));
        assert_eq!(
            store.apply_diff(diff).changed,
            vec![7],
            "the store takes it"
        );
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
