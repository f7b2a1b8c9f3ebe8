//! Live board model: merging a 10,000-request poll, and filtering/sorting 100,000 rows.
//! `cargo bench --bench board`
use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mok_console::board::{BoardDiff, BoardStore, Column, Filter, Sort, SortDir};
use mok_console::model::{ServiceRequest, Status};

const STATUSES: [&str; 6] = [
    "pending",
    "assigned",
    "in_progress",
    "finished",
    "cancelled",
    "on_hold",
];
const PROVIDERS: [&str; 5] = [
    "Grúas del Sur",
    "Asistencia Norte",
    "Cerrajería Rápida",
    "Fontanería 24h",
    "Auxilio Madrid",
];

fn request(id: i64, version: u32) -> ServiceRequest {
    ServiceRequest {
        id: Some(id),
        public_id: Some(format!("00032-{id:05}-EXT{id}")),
        external_id: Some(format!("EXT{id}")),
        current_status: Some(Status::parse(
            STATUSES[(id as usize + version as usize) % 6],
        )),
        access_identifier: Some(format!("ACC-{:06}", id * 7919 % 1_000_003)),
        user_first_name: Some("Lucía".into()),
        user_last_name: Some(format!("García {}", id % 997)),
        origin_address: Some(format!("Calle Mayor {}, Madrid", id % 300)),
        destination_address: Some(format!("Taller {}, Getafe", id % 50)),
        provider_name: Some(PROVIDERS[id as usize % 5].into()),
        service_name: Some("Grúa".into()),
        requested_at: Some(format!(
            "2025-03-{:02}T{:02}:{:02}:00Z",
            1 + id % 28,
            id % 24,
            id % 60
        )),
        ..Default::default()
    }
}

fn bench_merge(c: &mut Criterion) {
    // A board holding 10,000 requests receives the next poll: 10% changed, 1% new, 1% gone.
    let base: Vec<ServiceRequest> = (0..10_000).map(|i| request(i, 0)).collect();
    let next: Vec<ServiceRequest> = (100..10_100)
        .map(|i| request(i, u32::from(i % 10 == 0)))
        .collect();
    c.bench_function("merge_refresh 10k (10% changed, 1% new, 1% removed)", |b| {
        b.iter_batched(
            || {
                let mut s = BoardStore::new();
                s.merge_refresh(base.clone());
                (s, next.clone())
            },
            |(mut s, next)| {
                let report = s.merge_refresh(next);
                // Returned, so dropping the store is not timed.
                (s, black_box(report))
            },
            BatchSize::LargeInput,
        )
    });
    c.bench_function("merge_refresh 10k unchanged", |b| {
        b.iter_batched(
            || {
                let mut s = BoardStore::new();
                s.merge_refresh(base.clone());
                (s, base.clone())
            },
            |(mut s, next)| {
                let report = s.merge_refresh(next);
                // Returned, so dropping the store is not timed.
                (s, black_box(report))
            },
            BatchSize::LargeInput,
        )
    });
}

fn bench_view(c: &mut Criterion) {
    let mut store = BoardStore::new();
    store.merge_refresh((0..100_000).map(|i| request(i, 0)).collect());
    let all = Filter::default();
    let open = Filter {
        statuses: Filter::open_statuses(),
        text: String::new(),
    };
    let text = Filter {
        statuses: Default::default(),
        text: "mayor 12".into(),
    };
    let asc = |column| Sort {
        column,
        dir: SortDir::Asc,
    };
    c.bench_function("view 100k: no filter, sort by requested_at", |b| {
        b.iter(|| black_box(store.view(&all, asc(Column::RequestedAt))))
    });
    c.bench_function("view 100k: open statuses, sort by status", |b| {
        b.iter(|| black_box(store.view(&open, asc(Column::Status))))
    });
    c.bench_function("view 100k: no filter, sort by provider (text)", |b| {
        b.iter(|| {
            black_box(store.view(
                &all,
                Sort {
                    column: Column::Provider,
                    dir: SortDir::Desc,
                },
            ))
        })
    });
    c.bench_function("view 100k: free text \"mayor 12\", sort by id", |b| {
        b.iter(|| black_box(store.view(&text, asc(Column::Id))))
    });
}

/// What an open-part poll costs the UI thread: a few rows changed on a 100,000-row board.
/// Each changed row moves (its status, and so its wait, changes); the update starts from
/// the view as it was before the diff.
fn bench_view_update(c: &mut Criterion) {
    let mut store = BoardStore::new();
    store.merge_refresh((0..100_000).map(|i| request(i, 0)).collect());
    let all = Filter::default();
    let sort = Sort {
        column: Column::RequestedAt,
        dir: SortDir::Asc,
    };
    let before = store.view(&all, sort);
    for (name, changed) in [
        ("view 100k: update after 5 changed rows (incremental)", 5),
        (
            "view 100k: update after 3,000 changed rows (incremental)",
            3_000,
        ),
    ] {
        let mut store = BoardStore::new();
        store.merge_refresh((0..100_000).map(|i| request(i, 0)).collect());
        let ids: Vec<i64> = (0..changed).map(|n| n * 99_991 % 100_000).collect();
        let moved: Vec<ServiceRequest> = ids.iter().map(|id| request(*id, 1)).collect();
        let report = store.apply_diff(BoardDiff::of_requests(&moved, Vec::new()));
        assert_eq!(report.changed.len(), changed as usize);
        let mut check = before.clone();
        assert!(store.update_view(&mut check, &ids, &all, sort, None));
        assert_eq!(check, store.view(&all, sort), "the update is the recompute");
        c.bench_function(name, |b| {
            b.iter_batched(
                || before.clone(),
                |mut view| {
                    store.update_view(&mut view, &ids, &all, sort, None);
                    view
                },
                BatchSize::LargeInput,
            )
        });
    }
}

criterion_group!(benches, bench_merge, bench_view, bench_view_update);
criterion_main!(benches);
