//! The local store on a real file: keystroke-rate draft saving, crash survival.
use std::time::Instant;

use mok_console::local::{LocalStore, ServerId};
use serde_json::json;

#[test]
fn saving_a_draft_per_keystroke_is_cheap_and_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.sqlite3");
    let store = LocalStore::open(&path, ServerId::sandbox()).unwrap();
    let text =
        "Vehículo averiado en el carril derecho, el cliente espera junto al arcén con dos niños";
    let started = Instant::now();
    let mut typed = String::new();
    for ch in text.chars().cycle().take(1000) {
        typed.push(ch);
        store
            .save_draft(
                "new-request",
                &json!({"extra_info": typed, "contract_id": 12}),
            )
            .unwrap();
    }
    let per_op = started.elapsed() / 1000;
    // A figure for the report; the assertion is only a sanity bound for a loaded CI box.
    println!("save_draft: {per_op:?} per keystroke (1000 writes, file db, WAL)");
    assert!(per_op.as_millis() < 50, "save_draft took {per_op:?}");
    drop(store);
    let reopened = LocalStore::open(&path, ServerId::sandbox()).unwrap();
    let draft = reopened.load_draft("new-request").unwrap().unwrap();
    assert_eq!(draft["extra_info"].as_str().unwrap().chars().count(), 1000);
}
