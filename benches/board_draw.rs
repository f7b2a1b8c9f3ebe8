//! Drawing the board pane with 10,000 and 100,000 requests at 200×50 into a TestBackend
//! (only the visible rows are built, so both should cost the same), and applying a
//! 10,000-request refresh: the diff computed in the poll task, then applied by the UI.
//! `cargo bench --bench board_draw`
use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mok_console::board::feed::{FeedUpdate, Part};
use mok_console::board::{BoardDiff, BoardStore, DiffTracker};
use mok_console::config::Language;
use mok_console::model::{ServiceRequest, Status};
use mok_console::tui::i18n::I18n;
use mok_console::tui::panes::board::{BoardAction, BoardPane, BoardSettings};
use mok_console::tui::panes::{Pane, Update, ViewCtx};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const STATUSES: [&str; 6] = [
    "pending",
    "assigned",
    "in_progress",
    "finished",
    "cancelled",
    "on_hold",
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
        provider_name: Some("Grúas del Sur".into()),
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

fn loaded_pane(n: i64) -> BoardPane {
    let mut pane = BoardPane::new(BoardSettings::default());
    pane.on_show();
    let upserts: Vec<ServiceRequest> = (0..n).map(|i| request(i, 0)).collect();
    pane.update(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::All,
        diff: BoardDiff::of_requests(&upserts, Vec::new()),
        at: chrono::Utc::now(),
        requests: 0,
    }));
    pane
}

fn ctx() -> ViewCtx {
    ViewCtx {
        i18n: I18n::new(Language::Es),
        today: chrono::Utc::now().date_naive(),
        sandbox: true,
        tick: 0,
    }
}

fn bench_draw(c: &mut Criterion) {
    for n in [10_000, 100_000] {
        let pane = loaded_pane(n);
        let ctx = ctx();
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
        c.bench_function(&format!("draw board pane {n} requests at 200x50"), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| pane.draw(frame, frame.area(), &ctx))
                    .unwrap();
                black_box(terminal.backend().buffer().area);
            })
        });
    }
}

fn bench_refresh(c: &mut Criterion) {
    // The board holds 10,000; the next poll: 10% changed, 1% new, 1% gone.
    let base: Vec<ServiceRequest> = (0..10_000).map(|i| request(i, 0)).collect();
    let next: Vec<ServiceRequest> = (100..10_100)
        .map(|i| request(i, u32::from(i % 10 == 0)))
        .collect();
    c.bench_function("poll task: diff a 10k refresh", |b| {
        b.iter_batched(
            || {
                let mut t = DiffTracker::new();
                t.diff(&base);
                t
            },
            // The tracker and the diff are returned, so dropping them is not timed; the
            // listing is read, not consumed (the feed drops its pages as they come).
            |mut t| {
                let diff = t.diff(&next);
                (t, black_box(diff))
            },
            BatchSize::LargeInput,
        )
    });
    let mut tracker = DiffTracker::new();
    tracker.diff(&base);
    let diff = tracker.diff(&next);
    c.bench_function("UI: apply the diff of a 10k refresh to the store", |b| {
        b.iter_batched(
            || {
                let mut s = BoardStore::new();
                s.merge_refresh(base.clone());
                (s, diff.clone())
            },
            // The store is returned, so dropping it is not timed.
            |(mut s, diff)| {
                let report = s.apply_diff(diff);
                (s, black_box(report))
            },
            BatchSize::LargeInput,
        )
    });
    c.bench_function(
        "UI: apply the diff of a 10k refresh + recompute the view",
        |b| {
            b.iter_batched(
                || (loaded_pane(10_000), diff.clone()),
                |(mut pane, diff)| {
                    let out = pane.update(BoardAction::Polled(FeedUpdate::Refreshed {
                        part: Part::Open,
                        diff,
                        at: chrono::Utc::now(),
                        requests: 0,
                    }));
                    (pane, black_box(out))
                },
                BatchSize::LargeInput,
            )
        },
    );
}

criterion_group!(benches, bench_draw, bench_refresh);
criterion_main!(benches);
