//! The wallboard's figures, computed from the board's rows by one pure function
//! ([`compute`]): no clock of its own, no UI types, so it is tested with fixed data and a
//! fixed "now". Also how fresh the data is ([`freshness`]).

use std::collections::BTreeMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::board::{Row, SlaLevel, SlaThresholds};
use crate::model::Status;

/// "Created / finished in the last hour".
pub const RECENT: Duration = Duration::hours(1);

/// How far ahead of our clock a time may be and still count as now.
pub const CLOCK_SKEW: Duration = Duration::minutes(2);

/// What the wallboard shows, for one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Open requests per status: pending, assigned, in progress (always, zero included),
    /// then any other open status seen, alphabetically.
    pub open: Vec<(Status, usize)>,
    /// The open request waiting longest (by `requested_at`): its id and wait.
    pub oldest: Option<(i64, Duration)>,
    /// Open requests at or past the SLA warning (breached ones included).
    pub past_warn: usize,
    /// Open requests at or past the SLA breach.
    pub past_breach: usize,
    /// Requested within the last hour.
    pub created_last_hour: usize,
    /// Finished within the last hour.
    pub finished_last_hour: usize,
    /// One row per service with open requests or activity in the last hour, busiest first.
    pub services: Vec<ServiceFigures>,
}

impl Figures {
    pub fn total_open(&self) -> usize {
        self.open.iter().map(|(_, n)| n).sum()
    }
}

/// A service's line on the wallboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFigures {
    /// The service's name; `None` when the requests do not say.
    pub name: Option<String>,
    pub open: usize,
    pub pending: usize,
    pub oldest: Option<Duration>,
    pub past_warn: usize,
    pub past_breach: usize,
    pub created_last_hour: usize,
    pub finished_last_hour: usize,
}

/// The wallboard's figures for `rows` at `now` against `sla`. One pass over the rows.
pub fn compute<'a>(
    rows: impl IntoIterator<Item = &'a Row>,
    now: DateTime<Utc>,
    sla: &SlaThresholds,
) -> Figures {
    let mut open: BTreeMap<Status, usize> = Status::KNOWN
        .iter()
        .filter(|s| s.is_open())
        .map(|s| (s.clone(), 0))
        .collect();
    let mut figures = Figures::default();
    let mut services: BTreeMap<Option<&str>, ServiceFigures> = BTreeMap::new();
    // Clocks differ: a time a little ahead of ours (the server's, or our "now" cut to the
    // second) is "just now"; one far ahead is not recent.
    let recent =
        |t: Option<DateTime<Utc>>| t.is_some_and(|t| now - t < RECENT && t - now <= CLOCK_SKEW);
    for row in rows {
        let status = row.status_ref();
        let created = recent(row.entry.requested);
        let finished = *status == Status::Finished && recent(row.entry.finished);
        let is_open = status.is_open();
        if !is_open && !created && !finished {
            continue;
        }
        let service = services.entry(row.service_name()).or_default();
        if created {
            figures.created_last_hour += 1;
            service.created_last_hour += 1;
        }
        if finished {
            figures.finished_last_hour += 1;
            service.finished_last_hour += 1;
        }
        if !is_open {
            continue;
        }
        *open.entry(status.clone()).or_default() += 1;
        service.open += 1;
        if *status == Status::Pending {
            service.pending += 1;
        }
        if let Some(age) = row.open_age(now) {
            if figures.oldest.is_none_or(|(_, a)| age > a) {
                figures.oldest = Some((row.id(), age));
            }
            if service.oldest.is_none_or(|a| age > a) {
                service.oldest = Some(age);
            }
            match sla.level(age) {
                SlaLevel::Breach => {
                    figures.past_warn += 1;
                    figures.past_breach += 1;
                    service.past_warn += 1;
                    service.past_breach += 1;
                }
                SlaLevel::Warn => {
                    figures.past_warn += 1;
                    service.past_warn += 1;
                }
                SlaLevel::Ok | SlaLevel::NotApplicable => {}
            }
        }
    }
    // The three known open statuses first, in their usual order, then the others.
    let known: Vec<Status> = Status::KNOWN
        .iter()
        .filter(|s| s.is_open())
        .cloned()
        .collect();
    for s in &known {
        figures.open.push((s.clone(), open[s]));
    }
    figures
        .open
        .extend(open.into_iter().filter(|(s, _)| !known.contains(s)));
    figures.services = services
        .into_iter()
        .map(|(name, mut f)| {
            f.name = name.map(str::to_owned);
            f
        })
        .collect();
    // Busiest first: most breached, then most open, then by name.
    figures.services.sort_by(|a, b| {
        (b.past_breach, b.open, b.created_last_hour)
            .cmp(&(a.past_breach, a.open, a.created_last_hour))
            .then_with(|| a.name.cmp(&b.name))
    });
    figures
}

/// How fresh the wallboard's data is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// Nothing received yet.
    Waiting,
    /// Current: the last data came `age` ago.
    Live { age: Duration },
    /// Not current: the last data came `age` ago (`None`: never), for `why`.
    Stale {
        age: Option<Duration>,
        why: StaleWhy,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaleWhy {
    /// Nothing for longer than [`STALE_AFTER`] poll intervals.
    Silent,
    /// The last listings failed (this many in a row).
    Failing(u32),
    /// The team relay is down.
    RelayDown,
}

/// Data older than this many poll intervals is stale.
pub const STALE_AFTER: u32 = 3;

/// What the freshness is computed from (the board's feed state, as plain values).
#[derive(Debug, Clone, Default)]
pub struct FeedState {
    /// The last listing or relay update that succeeded, or the last push taken.
    pub last_data: Option<DateTime<Utc>>,
    /// The feed's interval now (stretched while pushes arrive).
    pub interval: StdDuration,
    /// Failures in a row of the feed, when failing.
    pub failures: Option<u32>,
    /// The board follows a team relay: `Some(true)` while it is live.
    pub relay_live: Option<bool>,
}

/// Live, or stale (and why) at `now`.
pub fn freshness(feed: &FeedState, now: DateTime<Utc>) -> Freshness {
    let age = feed.last_data.map(|t| (now - t).max(Duration::zero()));
    if feed.relay_live == Some(false) {
        return Freshness::Stale {
            age,
            why: StaleWhy::RelayDown,
        };
    }
    if let Some(n) = feed.failures {
        return Freshness::Stale {
            age,
            why: StaleWhy::Failing(n),
        };
    }
    let Some(age) = age else {
        return Freshness::Waiting;
    };
    // A live relay only sends changes: quiet is not stale.
    let limit = Duration::from_std(feed.interval * STALE_AFTER).unwrap_or(Duration::MAX);
    if feed.relay_live != Some(true) && age > limit {
        return Freshness::Stale {
            age: Some(age),
            why: StaleWhy::Silent,
        };
    }
    Freshness::Live { age }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::{BoardDiff, BoardStore};
    use crate::model::ServiceRequest;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap()
    }

    fn request(
        id: i64,
        status: &str,
        minutes_ago: i64,
        service: Option<&str>,
        finished_ago: Option<i64>,
    ) -> ServiceRequest {
        let at = |m: i64| (now() - Duration::minutes(m)).to_rfc3339();
        let mut history = serde_json::json!({"pending": at(minutes_ago)});
        if let Some(f) = finished_ago {
            history["finished"] = at(f).into();
        }
        serde_json::from_value(serde_json::json!({
            "id": id,
            "current_status": status,
            "service_name": service,
            // The seed's shape: milliseconds and a Z.
            "requested_at": (now() - Duration::minutes(minutes_ago))
                .format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            "status_history": history,
        }))
        .unwrap()
    }

    fn store(requests: &[ServiceRequest]) -> BoardStore {
        let mut store = BoardStore::new();
        store.apply_diff(BoardDiff::of_requests(requests, Vec::new()));
        store
    }

    fn sla() -> SlaThresholds {
        SlaThresholds {
            warn: Duration::minutes(30),
            breach: Duration::minutes(60),
        }
    }

    #[test]
    fn counts_open_statuses_waits_sla_and_the_last_hour() {
        let board = store(&[
            request(1, "pending", 10, Some("Grúa"), None),
            request(2, "pending", 45, Some("Grúa"), None),
            request(3, "assigned", 90, Some("Cerrajería"), None),
            request(4, "in_progress", 59, Some("Grúa"), None),
            request(5, "finished", 120, Some("Grúa"), Some(20)),
            request(6, "finished", 30, Some("Cerrajería"), Some(61)),
            request(7, "cancelled", 5, None, None),
            request(8, "on_hold", 200, None, None),
        ]);
        let f = compute(board.rows(), now(), &sla());
        assert_eq!(
            f.open,
            vec![
                (Status::Pending, 2),
                (Status::Assigned, 1),
                (Status::InProgress, 1),
                (Status::parse("on_hold"), 1),
            ]
        );
        assert_eq!(f.total_open(), 5);
        assert_eq!(f.oldest, Some((8, Duration::minutes(200))));
        // 45 and 59 minutes warn; 90 and 200 breach (and count as past the warning too).
        assert_eq!((f.past_warn, f.past_breach), (4, 2));
        // Requested within the hour: 1, 2, 4, 6 (finished or not), 7 (cancelled).
        assert_eq!(f.created_last_hour, 5);
        // Finished 20 minutes ago counts; 61 minutes ago does not.
        assert_eq!(f.finished_last_hour, 1);

        let grua = f
            .services
            .iter()
            .find(|s| s.name.as_deref() == Some("Grúa"));
        let grua = grua.unwrap();
        assert_eq!((grua.open, grua.pending), (3, 2));
        assert_eq!(grua.oldest, Some(Duration::minutes(59)));
        assert_eq!((grua.past_warn, grua.past_breach), (2, 0));
        assert_eq!((grua.created_last_hour, grua.finished_last_hour), (3, 1));
        // The unnamed service (8 is breached) sorts first: most breached first.
        assert_eq!(f.services[0].name, None);
        assert_eq!(f.services[0].past_breach, 1);
    }

    #[test]
    fn an_empty_board_has_zero_figures_and_the_known_open_statuses() {
        let f = compute(BoardStore::new().rows(), now(), &sla());
        assert_eq!(f.total_open(), 0);
        assert_eq!(f.open.len(), 3);
        assert_eq!(f.oldest, None);
        assert!(f.services.is_empty());
    }

    #[test]
    fn future_and_missing_times_are_not_recent_nor_negative() {
        let mut odd = request(1, "pending", 0, None, None);
        odd.requested_at = Some((now() + Duration::minutes(5)).to_rfc3339());
        let mut none = request(2, "pending", 0, None, None);
        none.requested_at = None;
        let f = compute(store(&[odd, none]).rows(), now(), &sla());
        assert_eq!(f.total_open(), 2);
        assert_eq!(f.created_last_hour, 0, "5 minutes ahead is not recent");
        // Clocks differ: a request "from the future" has waited zero, not a negative time.
        assert_eq!(f.oldest, Some((1, Duration::zero())));
    }

    #[test]
    fn a_time_just_ahead_of_our_clock_is_now() {
        let mut r = request(1, "finished", 0, None, None);
        r.requested_at = Some((now() + Duration::milliseconds(400)).to_rfc3339());
        let mut history = crate::model::JsonObject::new();
        history.insert(
            "finished".into(),
            (now() + Duration::seconds(90)).to_rfc3339().into(),
        );
        r.status_history = Some(history);
        let f = compute(store(&[r]).rows(), now(), &sla());
        assert_eq!((f.created_last_hour, f.finished_last_hour), (1, 1));
    }

    #[test]
    fn a_push_that_finishes_without_a_history_counts_as_finished_now() {
        let mut board = store(&[request(1, "in_progress", 50, Some("Grúa"), None)]);
        let pushed: ServiceRequest =
            serde_json::from_value(serde_json::json!({"id": 1, "current_status": "finished"}))
                .unwrap();
        board.upsert_request(pushed);
        let f = compute(board.rows(), Utc::now(), &sla());
        assert_eq!(f.finished_last_hour, 1);
        assert_eq!(f.total_open(), 0);
    }

    #[test]
    fn stale_after_three_intervals_on_failure_or_with_the_relay_down() {
        let feed = |ago: Option<i64>, failures, relay_live| FeedState {
            last_data: ago.map(|s| now() - Duration::seconds(s)),
            interval: StdDuration::from_secs(5),
            failures,
            relay_live,
        };
        assert_eq!(
            freshness(&feed(None, None, None), now()),
            Freshness::Waiting
        );
        assert_eq!(
            freshness(&feed(Some(15), None, None), now()),
            Freshness::Live {
                age: Duration::seconds(15)
            }
        );
        assert_eq!(
            freshness(&feed(Some(16), None, None), now()),
            Freshness::Stale {
                age: Some(Duration::seconds(16)),
                why: StaleWhy::Silent
            }
        );
        assert_eq!(
            freshness(&feed(Some(2), Some(1), None), now()),
            Freshness::Stale {
                age: Some(Duration::seconds(2)),
                why: StaleWhy::Failing(1)
            }
        );
        assert_eq!(
            freshness(&feed(None, Some(3), None), now()),
            Freshness::Stale {
                age: None,
                why: StaleWhy::Failing(3)
            }
        );
        // A live relay is quiet when nothing changes: not stale.
        assert!(matches!(
            freshness(&feed(Some(600), None, Some(true)), now()),
            Freshness::Live { .. }
        ));
        assert!(matches!(
            freshness(&feed(Some(1), None, Some(false)), now()),
            Freshness::Stale {
                why: StaleWhy::RelayDown,
                ..
            }
        ));
    }
}
