use std::time::Duration as StdDuration;

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::config::BoardSection;

fn req(id: i64, status: &str) -> ServiceRequest {
    ServiceRequest {
        id: Some(id),
        public_id: Some(format!("00032-{id:05}-EXT{id}")),
        external_id: Some(format!("EXT{id}")),
        current_status: Some(Status::parse(status)),
        access_identifier: Some(format!("ACC-{}", id % 7)),
        user_first_name: Some("Lucía".into()),
        user_last_name: Some(format!("García{id}")),
        origin_address: Some(format!("Calle Mayor {id}, Madrid")),
        provider_name: Some(
            if id % 2 == 0 {
                "Grúas del Sur"
            } else {
                "Asistencia Norte"
            }
            .into(),
        ),
        service_name: Some("Grúa".into()),
        requested_at: Some(format!("2025-03-01T10:{:02}:00Z", id % 60)),
        ..Default::default()
    }
}

fn ids(store: &BoardStore, view: &[u32]) -> Vec<i64> {
    view.iter().map(|i| store.row(*i).id()).collect()
}

fn count(store: &BoardStore, status: &str) -> usize {
    let s = Status::parse(status);
    store
        .status_counts()
        .into_iter()
        .find(|(k, _)| *k == s)
        .map_or(0, |(_, n)| n)
}

#[test]
fn merge_reports_added_changed_removed() {
    let mut store = BoardStore::new();
    let first = store.merge_refresh(vec![
        req(1, "pending"),
        req(2, "pending"),
        req(3, "assigned"),
    ]);
    assert_eq!(first.added, vec![1, 2, 3]);
    assert!(first.changed.is_empty() && first.removed.is_empty());

    let mut changed = req(2, "in_progress");
    changed.provider_name = Some("Otro".into());
    let report = store.merge_refresh(vec![req(1, "pending"), changed, req(4, "pending")]);
    assert_eq!(report.added, vec![4]);
    assert_eq!(report.changed, vec![2]);
    assert_eq!(report.removed, vec![3]);
    assert_eq!(report.unchanged, 1);
    assert_eq!(store.len(), 3);
    assert!(store.get(3).is_none());
    assert_eq!(store.get(2).unwrap().status(), Status::InProgress);
    // Indices stay consistent after the swap-remove.
    for id in [1, 2, 4] {
        assert_eq!(store.get(id).unwrap().id(), id);
    }
    assert_eq!(count(&store, "pending"), 2);
    assert_eq!(count(&store, "in_progress"), 1);
    assert_eq!(count(&store, "assigned"), 0);
}

#[test]
fn changed_rows_get_a_fresh_timestamp_and_unchanged_keep_theirs() {
    let mut store = BoardStore::new();
    store.merge_refresh(vec![req(1, "pending"), req(2, "pending")]);
    let t1 = store.get(1).unwrap().changed_at;
    let t2 = store.get(2).unwrap().changed_at;
    std::thread::sleep(StdDuration::from_millis(5));
    store.merge_refresh(vec![req(1, "pending"), req(2, "assigned")]);
    assert_eq!(store.get(1).unwrap().changed_at, t1);
    assert!(store.get(2).unwrap().changed_at > t2);
    let now = Instant::now();
    assert!(
        store
            .get(2)
            .unwrap()
            .is_fresh(now, StdDuration::from_secs(60))
    );
    assert!(!store.get(2).unwrap().is_fresh(now, StdDuration::ZERO));
}

#[test]
fn refresh_skips_requests_without_id_and_duplicates() {
    let mut store = BoardStore::new();
    let mut no_id = req(9, "pending");
    no_id.id = None;
    let r = store.merge_refresh(vec![no_id, req(1, "pending"), req(1, "finished")]);
    assert_eq!(r.skipped_without_id, 1);
    assert_eq!(r.added, vec![1]);
    assert_eq!(store.len(), 1);
    assert_eq!(store.get(1).unwrap().status(), Status::Pending);
}

#[test]
fn a_pushed_event_merges_into_what_is_known() {
    let mut store = BoardStore::new();
    store.merge_refresh(vec![req(95, "pending")]);
    // The reference's webhook example: no names, no addresses, no provider.
    let event: WebhookEvent = serde_json::from_str(
        r#"{"event": "service_request.updated", "payload": {
            "id": 95, "service_id": 2862459925, "contract_id": 270,
            "external_id": "8970266001", "public_id": "00043-00095-8970266001",
            "plan_code": "h9qiujmt12", "current_status": "assigned",
            "access_identifier": "123456789", "access_identifier_kind": "national_id"}}"#,
    )
    .unwrap();
    assert_eq!(store.apply_event(event), EventOutcome::Changed(95));
    let row = store.get(95).unwrap();
    assert_eq!(row.status(), Status::Assigned);
    assert_eq!(row.text(Text::PublicId), Some("00043-00095-8970266001"));
    assert_eq!(row.text(Text::AccessIdentifier), Some("123456789"));
    assert_eq!(row.customer().as_deref(), Some("Lucía García95"));
    assert_eq!(row.text(Text::Origin), Some("Calle Mayor 95, Madrid"));
    assert_eq!(row.provider_name(), Some("Asistencia Norte"));
    assert_eq!(row.service_name(), Some("Grúa"));
    // Only id, status and provider (and a null name): the rest stays.
    let partial: WebhookEvent = serde_json::from_str(
        r#"{"event": "service_request.updated", "payload": {"id": 95,
            "current_status": "in_progress", "provider_name": "Grúas del Sur",
            "user_last_name": null}}"#,
    )
    .unwrap();
    assert_eq!(
        store.apply_event(partial.clone()),
        EventOutcome::Changed(95)
    );
    let row = store.get(95).unwrap();
    assert_eq!(row.status(), Status::InProgress);
    assert_eq!(row.provider_name(), Some("Grúas del Sur"));
    assert_eq!(row.customer().as_deref(), Some("Lucía García95"));
    assert_eq!(row.text(Text::PublicId), Some("00043-00095-8970266001"));
    assert_eq!(store.apply_event(partial), EventOutcome::Unchanged(95));
    assert_eq!(count(&store, "in_progress"), 1);
    assert_eq!(count(&store, "pending"), 0);
}

#[test]
fn events_upsert_and_unknown_statuses_are_counted() {
    let mut store = BoardStore::new();
    store.merge_refresh(vec![req(1, "pending")]);
    let ev = |name: &str, r: ServiceRequest| WebhookEvent {
        event: Some(name.into()),
        payload: Some(r),
    };
    assert_eq!(
        store.apply_event(ev(EVENT_CREATED, req(2, "pending"))),
        EventOutcome::Added(2)
    );
    assert_eq!(
        store.apply_event(ev(EVENT_UPDATED, req(1, "on_hold"))),
        EventOutcome::Changed(1)
    );
    assert_eq!(
        store.apply_event(ev(EVENT_UPDATED, req(1, "on_hold"))),
        EventOutcome::Unchanged(1)
    );
    assert_eq!(
        store.apply_event(ev("other.event", req(3, "x"))),
        EventOutcome::Ignored
    );
    let mut no_id = req(4, "pending");
    no_id.id = None;
    assert_eq!(
        store.apply_event(ev(EVENT_CREATED, no_id)),
        EventOutcome::Ignored
    );
    assert_eq!(
        store.apply_event(WebhookEvent {
            event: Some(EVENT_CREATED.into()),
            payload: None
        }),
        EventOutcome::Ignored
    );
    let counts = store.status_counts();
    assert_eq!(counts.len(), 6, "{counts:?}");
    assert_eq!(counts[5], (Status::Other("on_hold".into()), 1));
    assert_eq!(counts[0], (Status::Pending, 1));
}

#[test]
fn filter_by_status_and_words_across_fields() {
    let mut store = BoardStore::new();
    store.merge_refresh(
        (1..=20)
            .map(|i| req(i, if i % 4 == 0 { "finished" } else { "pending" }))
            .collect(),
    );
    let all = store.view(
        &Filter::default(),
        Sort {
            column: Column::Id,
            dir: SortDir::Asc,
        },
    );
    assert_eq!(ids(&store, &all), (1..=20).collect::<Vec<_>>());

    let open = Filter {
        statuses: Filter::open_statuses(),
        text: String::new(),
    };
    let v = store.view(
        &open,
        Sort {
            column: Column::Id,
            dir: SortDir::Desc,
        },
    );
    assert_eq!(v.len(), 15);
    assert_eq!(store.row(v[0]).id(), 19);

    let text = |t: &str| {
        let f = Filter {
            statuses: Default::default(),
            text: t.into(),
        };
        ids(
            &store,
            &store.view(
                &f,
                Sort {
                    column: Column::Id,
                    dir: SortDir::Asc,
                },
            ),
        )
    };
    assert_eq!(text("ext17"), vec![17]);
    assert_eq!(text("00032-00005"), vec![5]);
    assert_eq!(text("GARCÍA12"), vec![12]);
    assert_eq!(text("acc-3"), vec![3, 10, 17]);
    assert_eq!(text("norte mayor 1"), vec![1, 11, 13, 15, 17, 19]);
    assert_eq!(text("sur 13"), Vec::<i64>::new());
    assert_eq!(text("lucía"), (1..=20).collect::<Vec<_>>());
}

#[test]
fn sort_by_text_columns_with_blanks_last() {
    let mut store = BoardStore::new();
    let mut a = req(1, "pending");
    a.provider_name = Some("beta".into());
    let mut b = req(2, "pending");
    b.provider_name = None;
    let mut c = req(3, "pending");
    c.provider_name = Some("Alfa".into());
    store.merge_refresh(vec![a, b, c]);
    let by = |dir| {
        ids(
            &store,
            &store.view(
                &Filter::default(),
                Sort {
                    column: Column::Provider,
                    dir,
                },
            ),
        )
    };
    assert_eq!(by(SortDir::Asc), vec![3, 1, 2]);
    assert_eq!(by(SortDir::Desc), vec![1, 3, 2]);
    // Every column sorts without panicking and keeps every row.
    for col in Column::ALL {
        for dir in [SortDir::Asc, SortDir::Desc] {
            assert_eq!(
                store
                    .view(&Filter::default(), Sort { column: col, dir })
                    .len(),
                3
            );
        }
    }
}

#[test]
fn sort_by_status_in_workflow_order_and_by_age() {
    let mut store = BoardStore::new();
    let mut old = req(1, "assigned");
    old.requested_at = Some("2025-03-01T08:00:00Z".into());
    let mut new = req(2, "pending");
    new.requested_at = Some("2025-03-01T09:00:00Z".into());
    let mut weird = req(3, "on_hold");
    weird.requested_at = None;
    store.merge_refresh(vec![old, new, weird]);
    let by = |column, dir| {
        ids(
            &store,
            &store.view(&Filter::default(), Sort { column, dir }),
        )
    };
    assert_eq!(by(Column::Status, SortDir::Asc), vec![2, 1, 3]);
    assert_eq!(by(Column::RequestedAt, SortDir::Asc), vec![1, 2, 3]);
    assert_eq!(by(Column::RequestedAt, SortDir::Desc), vec![2, 1, 3]);
}

#[test]
fn sla_levels_follow_config_thresholds() {
    let sla = SlaThresholds::from_config(&BoardSection {
        poll_interval_secs: 5,
        sla_warn_minutes: 30,
        sla_breach_minutes: 60,
    });
    let mut store = BoardStore::new();
    let mut r = req(1, "pending");
    r.requested_at = Some("2025-03-01T10:00:00Z".into());
    let mut done = req(2, "finished");
    done.requested_at = Some("2025-03-01T08:00:00Z".into());
    store.merge_refresh(vec![r, done]);
    let at = |h, m| Utc.with_ymd_and_hms(2025, 3, 1, h, m, 0).unwrap();
    let row = store.get(1).unwrap();
    assert_eq!(row.sla_level(at(10, 29), &sla), SlaLevel::Ok);
    assert_eq!(row.sla_level(at(10, 30), &sla), SlaLevel::Warn);
    assert_eq!(row.sla_level(at(11, 0), &sla), SlaLevel::Breach);
    assert_eq!(row.open_age(at(9, 0)), Some(Duration::zero()));
    assert_eq!(
        store.get(2).unwrap().sla_level(at(12, 0), &sla),
        SlaLevel::NotApplicable
    );
    // A breach below the warning is raised to it.
    let odd = SlaThresholds::from_config(&BoardSection {
        poll_interval_secs: 5,
        sla_warn_minutes: 30,
        sla_breach_minutes: 10,
    });
    assert_eq!(odd.level(Duration::minutes(20)), SlaLevel::Ok);
    assert_eq!(odd.level(Duration::minutes(30)), SlaLevel::Breach);
}

#[test]
fn ages_format_compactly() {
    assert_eq!(format_age(Duration::minutes(45)), "45m");
    assert_eq!(format_age(Duration::minutes(125)), "2h 05m");
    assert_eq!(
        format_age(Duration::minutes(3 * 1440 + 4 * 60 + 5)),
        "3d 04h"
    );
    assert_eq!(format_age(Duration::minutes(-5)), "0m");
}

#[test]
fn holds_a_hundred_thousand_rows_and_caps_beyond() {
    let mut store = BoardStore::new();
    let r = store.merge_refresh(
        (1..=(MAX_ROWS as i64 + 10))
            .map(|i| req(i, "pending"))
            .collect(),
    );
    assert_eq!(store.len(), MAX_ROWS);
    assert_eq!(r.added.len(), MAX_ROWS);
    assert_eq!(count(&store, "pending"), MAX_ROWS);
    let v = store.view(
        &Filter {
            statuses: Default::default(),
            text: "ext99999".into(),
        },
        Sort::default(),
    );
    assert_eq!(ids(&store, &v), vec![99999]);
}
