//! A board watcher for scripts/measure_relay.sh: follows the team relay's bucket with the
//! console's own watcher ([`mok_console::relay::watch`]) into the console's board model
//! ([`BoardStore`]), as a console with `[relay]` does, without a terminal. Prints one line
//! per event (unix milliseconds first):
//!   `snapshot MS REQUESTS ROWS` after each full snapshot (requests in the bucket, rows the
//!   board keeps: it holds at most [`mok_console::board::MAX_ROWS`]), `change MS ID STATUS` per changed request,
//!   `live MS`, `down MS SINCE CAUSE`, and `rss MS KB` (VmRSS) every 5 s.
//! `cargo run --release --example relay_watch -- nats://127.0.0.1:4222 [BUCKET]`
use std::io::Write;
use std::time::Duration;

use mok_console::board::BoardStore;
use mok_console::relay::NatsSettings;
use mok_console::relay::watch::{WatchEvent, watch};

fn ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

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

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let Some(url) = args.next() else {
        eprintln!("usage: relay_watch nats://HOST:PORT [BUCKET]");
        std::process::exit(2);
    };
    let mut settings = (*NatsSettings::plain(url)).clone();
    if let Some(bucket) = args.next() {
        settings.bucket = bucket;
    }
    tokio::spawn(async {
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            println!("rss {} {}", ms(), vm_rss_kb());
        }
    });
    let mut board = BoardStore::new();
    watch(std::sync::Arc::new(settings), move |event| {
        let mut out = std::io::stdout().lock();
        let _ = match event {
            WatchEvent::Board { diff, snapshot } => {
                let now = ms();
                let received = diff.total;
                let changed: Vec<(i64, String)> = diff
                    .upserts
                    .iter()
                    .map(|e| (e.id, e.status.to_string()))
                    .collect();
                board.apply_diff(diff);
                if snapshot {
                    writeln!(out, "snapshot {now} {received} {}", board.len())
                } else {
                    changed
                        .iter()
                        .try_for_each(|(id, status)| writeln!(out, "change {now} {id} {status}"))
                }
            }
            WatchEvent::Live => writeln!(out, "live {}", ms()),
            WatchEvent::Down { since, cause } => {
                writeln!(out, "down {} {} {cause:?}", ms(), since.timestamp_millis())
            }
        };
        true
    })
    .await;
}
