//! The wallboard's cost: its figures computed from a board of 10,000 and 100,000 requests
//! (one pass; done when the feed brings something and once a second while it is shown), and
//! the wall drawn at 80×24 and 400×120 (a 4K terminal) into a TestBackend.
//! `cargo bench --bench wall`
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mok_console::board::{BoardDiff, BoardStore, SlaThresholds};
use mok_console::config::Language;
use mok_console::model::{ServiceRequest, Status};
use mok_console::tui::i18n::I18n;
use mok_console::tui::panes::wall::figures::{FeedState, compute};
use mok_console::tui::panes::wall::{WallHeader, WallPane};
use mok_console::tui::panes::{Pane, ViewCtx};
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
const SERVICES: [&str; 4] = ["Grúa", "Cerrajería", "Fontanería", "Orientación médica"];

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-06-15T12:00:00Z".parse().unwrap()
}

fn board(n: i64) -> BoardStore {
    let requests: Vec<ServiceRequest> = (0..n)
        .map(|id| {
            let at = (now() - chrono::Duration::minutes(id % 600)).to_rfc3339();
            serde_json::from_value(serde_json::json!({
                "id": id,
                "current_status": STATUSES[id as usize % 6],
                "service_name": SERVICES[id as usize % 4],
                "requested_at": at,
                "status_history": {"pending": at, "finished": at},
            }))
            .unwrap()
        })
        .collect();
    let mut store = BoardStore::new();
    store.apply_diff(BoardDiff::of_requests(&requests, Vec::new()));
    assert_eq!(store.len(), n as usize);
    store
}

fn benches(c: &mut Criterion) {
    let sla = SlaThresholds::default();
    for n in [10_000, 100_000] {
        let store = board(n);
        c.bench_function(&format!("wall figures of {n} requests"), |b| {
            b.iter(|| black_box(compute(store.rows(), now(), &sla)))
        });
    }
    let store = board(10_000);
    let mut wall = WallPane::new(false);
    let feed = FeedState {
        last_data: Some(now()),
        interval: std::time::Duration::from_secs(5),
        ..Default::default()
    };
    let header = WallHeader {
        network: Some("Red Asistencia Demo".into()),
        place: "SANDBOX".into(),
        sandbox: true,
    };
    wall.refresh(store.rows(), &feed, sla, header, now());
    let ctx = ViewCtx {
        i18n: I18n::new(Language::En),
        today: now().date_naive(),
        sandbox: true,
        tick: 0,
    };
    assert!(
        wall.figures()
            .open
            .iter()
            .any(|(s, n)| *s == Status::Pending && *n > 0)
    );
    for (w, h) in [(80, 24), (400, 120)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(&format!("wall draw {w}x{h}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| wall.draw(frame, frame.area(), &ctx))
                    .unwrap();
            })
        });
    }
}

criterion_group!(wall_benches, benches);
criterion_main!(wall_benches);
