//! What changed between two polls, computed where the poll runs (a tokio task) so the UI
//! applies only the difference and never compares 100,000 requests on its own thread.

use std::collections::HashMap;

use crate::model::ServiceRequest;

use super::{BoardStore, MergeReport};

/// A poll's difference from the previous poll.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardDiff {
    /// New or changed requests (all of them on the first poll).
    pub upserts: Vec<ServiceRequest>,
    /// Ids the previous poll had and this one has not.
    pub removed: Vec<i64>,
    /// How many requests this poll returned (with an id).
    pub total: usize,
}

impl BoardDiff {
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removed.is_empty()
    }
}

/// Remembers the last poll, to diff the next one against it.
#[derive(Debug, Default)]
pub struct DiffTracker {
    last: HashMap<i64, ServiceRequest>,
}

impl DiffTracker {
    pub fn new() -> Self {
        Self::default()
    }

    /// The difference between `fresh` and the previous poll; `fresh` becomes the previous.
    /// Requests without an id are skipped, and a repeated id counts once (the first).
    pub fn diff(&mut self, fresh: Vec<ServiceRequest>) -> BoardDiff {
        let mut next: HashMap<i64, ServiceRequest> = HashMap::with_capacity(fresh.len());
        let mut upserts = Vec::new();
        for request in fresh {
            let Some(id) = request.id else { continue };
            if next.contains_key(&id) {
                continue;
            }
            if self.last.get(&id) != Some(&request) {
                upserts.push(request.clone());
            }
            next.insert(id, request);
        }
        let mut removed: Vec<i64> = self
            .last
            .keys()
            .filter(|id| !next.contains_key(id))
            .copied()
            .collect();
        removed.sort_unstable();
        let total = next.len();
        self.last = next;
        BoardDiff {
            upserts,
            removed,
            total,
        }
    }
}

impl BoardStore {
    /// Applies a poll's difference: upserts (content equal to what is known changes
    /// nothing, so no highlight) and removals.
    pub fn apply_diff(&mut self, diff: BoardDiff) -> MergeReport {
        let now = std::time::Instant::now();
        let mut report = MergeReport::default();
        for request in diff.upserts {
            let Some(id) = request.id else {
                report.skipped_without_id += 1;
                continue;
            };
            match self.upsert(request, now) {
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

    /// Puts one request on the board (the answer of a status change or an assignment).
    pub fn upsert_request(&mut self, request: ServiceRequest) -> super::EventOutcome {
        use super::EventOutcome;
        let Some(id) = request.id else {
            return EventOutcome::Ignored;
        };
        match self.upsert(request, std::time::Instant::now()) {
            Some(true) => EventOutcome::Added(id),
            Some(false) => EventOutcome::Changed(id),
            None if self.get(id).is_some() => EventOutcome::Unchanged(id),
            None => EventOutcome::Ignored,
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

    #[test]
    fn only_what_changed_is_sent_and_applied() {
        let mut tracker = DiffTracker::new();
        let first = tracker.diff(vec![req(1, "pending"), req(2, "pending"), req(3, "x")]);
        assert_eq!(first.upserts.len(), 3);
        assert_eq!(first.total, 3);
        let mut store = BoardStore::new();
        assert_eq!(store.apply_diff(first).added, vec![1, 2, 3]);

        let second = tracker.diff(vec![
            req(1, "pending"),
            req(2, "assigned"),
            req(4, "on_hold"),
        ]);
        assert_eq!(
            second
                .upserts
                .iter()
                .map(|r| r.id.unwrap())
                .collect::<Vec<_>>(),
            vec![2, 4]
        );
        assert_eq!(second.removed, vec![3]);
        let report = store.apply_diff(second);
        assert_eq!(report.added, vec![4]);
        assert_eq!(report.changed, vec![2]);
        assert_eq!(report.removed, vec![3]);
        assert_eq!(store.len(), 3);
        assert!(
            tracker
                .diff(vec![
                    req(1, "pending"),
                    req(2, "assigned"),
                    req(4, "on_hold")
                ])
                .is_empty()
        );
    }

    #[test]
    fn an_upsert_already_known_changes_nothing() {
        let mut store = BoardStore::new();
        assert_eq!(
            store.upsert_request(req(1, "pending")),
            crate::board::EventOutcome::Added(1)
        );
        assert_eq!(
            store.upsert_request(req(1, "pending")),
            crate::board::EventOutcome::Unchanged(1)
        );
        assert_eq!(
            store.upsert_request(req(1, "assigned")),
            crate::board::EventOutcome::Changed(1)
        );
        assert_eq!(
            store.upsert_request(ServiceRequest::default()),
            crate::board::EventOutcome::Ignored
        );
    }
}
