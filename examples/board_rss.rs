//! Loads N service requests (default 100,000) into the board pane as one poll would, draws
//! it once at 200×50, and prints the process's resident memory (VmRSS) before and after.
//! `cargo run --release --example board_rss [N]`
use mok_console::board::BoardDiff;
use mok_console::board::feed::{FeedUpdate, Part};
use mok_console::config::Language;
use mok_console::model::{ServiceRequest, Status};
use mok_console::tui::i18n::I18n;
use mok_console::tui::panes::board::{BoardAction, BoardPane, BoardSettings};
use mok_console::tui::panes::{Pane, Update, ViewCtx};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn vm_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn request(id: i64) -> ServiceRequest {
    let statuses = [
        "pending",
        "assigned",
        "in_progress",
        "finished",
        "cancelled",
    ];
    ServiceRequest {
        id: Some(id),
        public_id: Some(format!("00032-{id:05}-EXT{id}")),
        external_id: Some(format!("EXT{id}")),
        current_status: Some(Status::parse(statuses[id as usize % 5])),
        access_identifier: Some(format!("ACC-{:06}", id * 7919 % 1_000_003)),
        user_first_name: Some("Lucía".into()),
        user_last_name: Some(format!("García {}", id % 997)),
        origin_address: Some(format!("Calle Mayor {}, 28013 Madrid", id % 300)),
        destination_address: Some(format!("Taller {}, Getafe", id % 50)),
        provider_name: Some("Grúas del Sur".into()),
        service_name: Some("Grúa".into()),
        service_external_id: Some("TOW".into()),
        requested_at: Some(format!("2025-03-{:02}T10:00:00Z", 1 + id % 28)),
        ..Default::default()
    }
}

fn main() {
    let n: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let before = vm_rss_kb();
    let mut pane = BoardPane::new(BoardSettings::default());
    pane.on_show();
    let upserts: Vec<ServiceRequest> = (0..n).map(request).collect();
    pane.update(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::All,
        diff: BoardDiff::of_requests(&upserts, Vec::new()),
        at: chrono::Utc::now(),
        requests: 0,
    }));
    let ctx = ViewCtx {
        i18n: I18n::new(Language::Es),
        today: chrono::Utc::now().date_naive(),
        sandbox: true,
        tick: 0,
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test terminal");
    let started = std::time::Instant::now();
    terminal
        .draw(|frame| pane.draw(frame, frame.area(), &ctx))
        .expect("draw");
    let drawn = started.elapsed();
    let after = vm_rss_kb();
    println!("requests on the board: {}", pane.store().len());
    println!("VmRSS before: {before} kB");
    println!("VmRSS after:  {after} kB ({} MiB)", after / 1024);
    println!(
        "board's share: {} kB (~{} bytes per request)",
        after.saturating_sub(before),
        after.saturating_sub(before) * 1024 / n.max(1) as u64
    );
    println!("one draw at 200x50: {} µs", drawn.as_micros());
}
