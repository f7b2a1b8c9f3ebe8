use serde_json::json;

use super::*;
use crate::model::ServiceRequestCreate;

fn store() -> LocalStore {
    LocalStore::open_in_memory().unwrap()
}

#[test]
fn drafts_save_load_list_delete() {
    let s = store();
    assert_eq!(s.load_draft("new-request").unwrap(), None);
    s.save_draft("new-request", &json!({"origin_address": "Calle Mayor 1"}))
        .unwrap();
    s.save_draft("new-request", &json!({"origin_address": "Calle Mayor 12"}))
        .unwrap();
    s.save_draft("update-60", &json!({"status": "assigned"}))
        .unwrap();
    assert_eq!(
        s.load_draft("new-request").unwrap(),
        Some(json!({"origin_address": "Calle Mayor 12"}))
    );
    let keys: Vec<String> = s
        .list_drafts()
        .unwrap()
        .into_iter()
        .map(|d| d.key)
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&"update-60".to_string()));
    assert!(s.delete_draft("new-request").unwrap());
    assert!(!s.delete_draft("new-request").unwrap());
    assert_eq!(s.load_draft("new-request").unwrap(), None);
}

#[test]
fn enqueue_assigns_an_external_id_and_keeps_a_given_one() {
    let s = store();
    let generated = s.enqueue(ServiceRequestCreate::default()).unwrap();
    assert_eq!(
        uuid::Uuid::parse_str(&generated).unwrap().to_string(),
        generated
    );
    let given = s
        .enqueue(ServiceRequestCreate {
            external_id: Some("CC-2025-0001".into()),
            contract_id: Some(12),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(given, "CC-2025-0001");
    // The same request queued twice stays one item.
    s.enqueue(ServiceRequestCreate {
        external_id: Some("CC-2025-0001".into()),
        ..Default::default()
    })
    .unwrap();
    let pending = s.pending().unwrap();
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0].external_id, generated);
    assert_eq!(
        pending[0].body.external_id.as_deref(),
        Some(generated.as_str())
    );
    assert_eq!(pending[1].body.contract_id, Some(12));
}

#[test]
fn outbox_tracks_attempts_errors_and_states() {
    let s = store();
    let id = s.enqueue(ServiceRequestCreate::default()).unwrap();
    s.mark_failed(&id, "connection refused").unwrap();
    s.mark_failed(&id, "timed out").unwrap();
    let item = s.outbox_item(&id).unwrap().unwrap();
    assert_eq!(item.attempts, 2);
    assert_eq!(item.last_error.as_deref(), Some("timed out"));
    assert!(item.last_attempt_at.is_some());
    assert_eq!(item.state, OutboxState::Pending);

    s.mark_sent(&id, Some(4242)).unwrap();
    let item = s.outbox_item(&id).unwrap().unwrap();
    assert_eq!(item.state, OutboxState::Sent);
    assert_eq!(item.request_id, Some(4242));
    assert_eq!(item.last_error, None);
    assert!(s.pending().unwrap().is_empty());

    let bad = s.enqueue(ServiceRequestCreate::default()).unwrap();
    s.mark_rejected(&bad, "contract_id: not found").unwrap();
    assert!(s.pending().unwrap().is_empty());
    assert_eq!(s.outbox().unwrap().len(), 2);
    s.requeue(&bad).unwrap();
    assert_eq!(s.pending().unwrap()[0].attempts, 0);
    s.discard(&bad).unwrap();
    assert_eq!(s.outbox().unwrap().len(), 1);
    assert!(matches!(
        s.mark_failed("nope", "x"),
        Err(LocalError::UnknownItem(_))
    ));
}

#[test]
fn recent_lists_are_mru_capped_and_separate() {
    let s = store();
    for i in 0..(RECENT_CAP + 5) {
        s.push_recent(RecentList::Searches, &format!("DEMO-{i:04}"))
            .unwrap();
    }
    s.push_recent(RecentList::Searches, "DEMO-0010").unwrap();
    s.push_recent(RecentList::Searches, "   ").unwrap();
    s.push_recent(RecentList::Zones, "Z-MAD-01").unwrap();
    let searches = s.recent(RecentList::Searches).unwrap();
    assert_eq!(searches.len(), RECENT_CAP);
    assert_eq!(searches[0], "DEMO-0010");
    assert_eq!(searches[1], format!("DEMO-{:04}", RECENT_CAP + 4));
    assert!(!searches.contains(&"DEMO-0000".to_string()));
    assert_eq!(s.recent(RecentList::Zones).unwrap(), vec!["Z-MAD-01"]);
}

#[test]
fn file_database_survives_reopen_and_is_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir").join(DB_FILE);
    {
        let s = LocalStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        s.save_draft("k", &json!([1, 2])).unwrap();
        s.enqueue(ServiceRequestCreate::default()).unwrap();
        // Dropped without any explicit flush or close: each write was already committed.
        std::mem::forget(s);
    }
    let s = LocalStore::open(&path).unwrap();
    assert_eq!(s.load_draft("k").unwrap(), Some(json!([1, 2])));
    assert_eq!(s.pending().unwrap().len(), 1);
    let mode: String = s
        .with(|c| c.pragma_query_value(None, "journal_mode", |r| r.get(0)))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_newer_schema_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = LocalStore::open(&path).unwrap_err();
    assert!(err.to_string().contains("newer mok-console"), "{err}");
}

#[test]
fn a_corrupt_draft_is_an_error_not_a_panic() {
    let s = store();
    s.with(|c| c.execute("INSERT INTO drafts VALUES ('bad', '{nope', 0)", []))
        .unwrap();
    assert!(matches!(s.load_draft("bad"), Err(LocalError::Json(_))));
}
