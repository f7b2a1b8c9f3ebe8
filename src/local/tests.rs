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
        let s = LocalStore::open(&path, ServerId::sandbox()).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        s.save_draft("k", &json!([1, 2])).unwrap();
        s.enqueue(ServiceRequestCreate::default()).unwrap();
        // Dropped without any explicit flush or close: each write was already committed.
        std::mem::forget(s);
    }
    let s = LocalStore::open(&path, ServerId::sandbox()).unwrap();
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
    let err = LocalStore::open(&path, ServerId::sandbox()).unwrap_err();
    assert!(err.to_string().contains("newer mok-console"), "{err}");
}

#[test]
fn a_corrupt_draft_is_an_error_not_a_panic() {
    let s = store();
    s.with(|c| {
        c.execute(
            "INSERT INTO drafts VALUES ('sandbox', 'bad', '{nope', 0)",
            [],
        )
    })
    .unwrap();
    assert!(matches!(s.load_draft("bad"), Err(LocalError::Json(_))));
}

fn real() -> ServerId {
    ServerId::remote("https://Partner.example/", "acme-cc")
}

#[test]
fn server_ids_are_stable_and_normalised() {
    assert_eq!(ServerId::sandbox().key(), "sandbox");
    assert_eq!(real().key(), "acme-cc@https://partner.example");
    assert_eq!(
        ServerId::remote(" https://partner.example ", "acme-cc"),
        real()
    );
    assert_ne!(ServerId::remote("https://partner.example", "other"), real());
    assert_ne!(
        ServerId::remote("https://staging.example", "acme-cc"),
        real()
    );
}

#[test]
fn each_server_sees_only_its_own_drafts_outbox_and_recent_lists() {
    let sandbox = store();
    let prod = sandbox.for_server(real());
    sandbox
        .save_draft("new-request", &json!({"extra_info": "demo"}))
        .unwrap();
    let demo = sandbox.enqueue(ServiceRequestCreate::default()).unwrap();
    sandbox
        .push_recent(RecentList::Searches, "DEMO-0001")
        .unwrap();

    assert_eq!(prod.load_draft("new-request").unwrap(), None);
    assert!(prod.list_drafts().unwrap().is_empty());
    assert!(prod.pending().unwrap().is_empty());
    assert!(prod.outbox().unwrap().is_empty());
    assert_eq!(prod.outbox_item(&demo).unwrap(), None);
    assert!(prod.recent(RecentList::Searches).unwrap().is_empty());
    // Nor can it change them.
    assert!(matches!(
        prod.mark_sent(&demo, Some(1)),
        Err(LocalError::UnknownItem(_))
    ));
    assert!(prod.discard(&demo).is_err());
    assert!(!prod.delete_draft("new-request").unwrap());

    // The same keys on the other server are separate rows.
    prod.save_draft("new-request", &json!({"extra_info": "real"}))
        .unwrap();
    prod.enqueue(ServiceRequestCreate {
        external_id: Some(demo.clone()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        sandbox.load_draft("new-request").unwrap(),
        Some(json!({"extra_info": "demo"}))
    );
    assert_eq!(sandbox.pending().unwrap().len(), 1);
    assert_eq!(prod.pending().unwrap().len(), 1);

    // Each is counted, by name, from the other side only.
    let from_prod = prod.elsewhere().unwrap();
    assert_eq!(
        from_prod,
        vec![Elsewhere {
            server: ServerId::sandbox(),
            drafts: 1,
            unsent: 1
        }]
    );
    sandbox.mark_sent(&demo, Some(7)).unwrap();
    let from_prod = prod.elsewhere().unwrap();
    assert_eq!(from_prod[0].items(), 1, "a sent item no longer waits");
    assert_eq!(sandbox.elsewhere().unwrap()[0].server, real());
}

/// A schema-1 file (no server recorded) as an older mok-console left it.
fn schema_1_file(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(MIGRATIONS[0]).unwrap();
    c.pragma_update(None, "user_version", 1).unwrap();
    c.execute(
        "INSERT INTO drafts (key, json, updated_at) VALUES ('new-request', '{\"a\":1}', 5)",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO outbox (external_id, body, created_at) VALUES ('old-1', '{}', 5)",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO recent (list, value, seq) VALUES ('zones', 'Z-MAD-01', 1)",
        [],
    )
    .unwrap();
}

#[test]
fn rows_from_before_servers_were_recorded_are_kept_but_never_offered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    schema_1_file(&path);
    for server in [ServerId::sandbox(), real()] {
        let s = LocalStore::open(&path, server).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert!(
            s.pending().unwrap().is_empty(),
            "never sent to a guessed server"
        );
        assert!(s.list_drafts().unwrap().is_empty());
        assert!(s.recent(RecentList::Zones).unwrap().is_empty());
        assert_eq!(
            s.elsewhere().unwrap(),
            vec![Elsewhere {
                server: ServerId::legacy(),
                drafts: 1,
                unsent: 1
            }]
        );
    }
}

#[cfg(unix)]
#[test]
fn the_database_file_is_0600_and_its_folder_0700() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mok-console");
    let path = folder.join(DB_FILE);
    let s = LocalStore::open(&path, ServerId::sandbox()).unwrap();
    s.save_draft("k", &json!(1)).unwrap();
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = folder.join(format!("{DB_FILE}-wal"));
    assert_eq!(mode(&wal), 0o600, "the WAL holds the same data");

    // An existing file and folder others could read are closed on open (the first handle
    // stays open so the WAL is still there).
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o644)).unwrap();
    let again = LocalStore::open(&path, ServerId::sandbox()).unwrap();
    assert_eq!(again.load_draft("k").unwrap(), Some(json!(1)));
    drop(s);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&wal), 0o600);
}
