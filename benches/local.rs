//! Local store: the cost of saving a draft on every keystroke.
//! `cargo bench --bench local`
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mok_console::local::{LocalStore, ServerId};
use serde_json::json;

fn bench_drafts(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(&dir.path().join("bench.sqlite3"), ServerId::sandbox()).unwrap();
    // A realistic request form: fixed fields plus a dozen answers.
    let mut form = json!({
        "contract_id": 12, "service_external_id": "ROADSIDE-TOW",
        "origin_address": "Calle de Alcalá 45, Madrid", "origin_latitude": "40.4192",
        "origin_longitude": "-3.6970", "destination_address": "Taller Hermanos Ruiz, Getafe",
        "scheduled_date": "2025-06-01", "scheduled_time": "10:30",
        "answers": {"vehicle_plate": "1234 BCD", "vehicle_type": "car", "in_garage": "sí",
                    "parking_height": "1,90", "passengers": "2", "vehicle_starts": "no"}
    });
    let mut n = 0u64;
    c.bench_function("save_draft (file, WAL, one commit per keystroke)", |b| {
        b.iter(|| {
            n += 1;
            form["extra_info"] = json!(format!("El cliente espera en la puerta {n}"));
            store.save_draft("new-request", black_box(&form)).unwrap();
        })
    });
    c.bench_function("load_draft", |b| {
        b.iter(|| black_box(store.load_draft("new-request").unwrap()))
    });
}

criterion_group!(benches, bench_drafts);
criterion_main!(benches);
