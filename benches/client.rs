#![recursion_limit = "256"]
//! Client figures: reading a full page of service requests, and whole round trips to the
//! sandbox over loopback (token cached, as in a session).
//!
//! Run: `cargo bench --bench client` (quick: `-- --warm-up-time 1 --measurement-time 3`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use mok_console::api::{AdminCredentials, ApiClient, ClientConfig, RawPage};
use mok_console::board::DiffTracker;
use mok_console::model::{ContractSearchKind, ServiceRequestList};
use mok_console::sandbox::{self, SandboxConfig};

/// A page of 100 requests shaped like the reference's examples: addresses, coordinates as
/// decimal strings, a status history and three answers each.
fn page_json() -> String {
    let statuses = [
        "pending",
        "assigned",
        "in_progress",
        "finished",
        "cancelled",
    ];
    let items: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            serde_json::json!({
                "id": 4_364_251_898i64 + i,
                "service_id": 2_431_434_880i64,
                "contract_id": 12_400 + i,
                "external_id": format!("0b7f5a52-8d3c-4d0e-9a51-{:012}", i),
                "public_id": format!("00042-{:05}-ext-{i}", 60 + i),
                "plan_code": "AUTO-PLUS",
                "current_status": statuses[(i % 5) as usize],
                "access_identifier": format!("AC-{:06}", 1000 + i),
                "access_identifier_kind": "document",
                "requested_at": "2026-11-28T08:15:00.000Z",
                "service_name": "Remolque",
                "status_history": {
                    "pending": "2026-11-28T08:15:00.000Z",
                    "assigned": "2026-11-28T08:21:13.000Z",
                    "in_progress": null
                },
                "extra_info": "Vehículo en el arcén, carril derecho",
                "origin_address": "Calle de Alcalá 123, 28009 Madrid",
                "origin_latitude": "40.4237",
                "origin_longitude": "-3.6752",
                "destination_address": "Taller Hermanos García, Av. de América 5, Madrid",
                "destination_latitude": "40.4381",
                "destination_longitude": "-3.6760",
                "scheduled_date": "2026-11-28",
                "scheduled_end_date": null,
                "scheduled_time": "09:30",
                "provider_name": "Grúas del Sur",
                "provider_phone": "+34612345678",
                "technician_name": "Manuel Ortega",
                "user_full_name": "Ana María López García",
                "user_email": "ana.lopez@example.com",
                "user_phone": "+34600111222",
                "source": "contact_center",
                "contact_center_phone": "+34900000000",
                "service_external_id": "roadside_tow",
                "user_first_name": "Ana María",
                "user_last_name": "López García",
                "external_plan_id": "EXT-PLAN-7",
                "document_identifier": "12345678Z",
                "answers": [
                    {"question_key": "people_inside", "question_text": "¿Cuántas personas?", "value": 2, "answer_text": "2", "type": "number"},
                    {"question_key": "vehicle_moves", "question_text": "¿Arranca?", "value": false, "answer_text": "No", "type": "boolean"},
                    {"question_key": "notes", "question_text": "Notas", "value": "Niño pequeño", "answer_text": "Niño pequeño", "type": "text"}
                ]
            })
        })
        .collect();
    serde_json::json!({ "service_requests": items }).to_string()
}

fn parse_page(c: &mut Criterion) {
    let body = page_json();
    c.bench_function("parse 100-item service request page", |b| {
        b.iter(|| {
            let list: ServiceRequestList = serde_json::from_str(black_box(&body)).unwrap();
            assert_eq!(list.service_requests.len(), 100);
            list
        })
    });
}

/// What the board's poll does with a page it already knows, the way it did before issue 15
/// (parse every item, diff by fingerprint) and now (recognise each item's text).
fn observe_known_page(c: &mut Criterion) {
    let body = page_json();
    let list: ServiceRequestList = serde_json::from_str(&body).unwrap();
    let mut parsed = DiffTracker::new();
    parsed.diff(&list.service_requests);
    c.bench_function(
        "poll: a known 100-item page, every item parsed (before)",
        |b| {
            b.iter(|| {
                let list: ServiceRequestList = serde_json::from_str(black_box(&body)).unwrap();
                let diff = parsed.diff(&list.service_requests);
                assert!(diff.is_empty());
                diff
            })
        },
    );
    let page = RawPage::from_json(body.clone()).unwrap();
    let mut raw = DiffTracker::new();
    let mut pass = raw.pass();
    page.items()
        .for_each(|item| drop(raw.observe_raw(&mut pass, item)));
    raw.finish_full(pass);
    c.bench_function("poll: a known 100-item page, read as text (after)", |b| {
        b.iter(|| {
            let page = RawPage::from_json(black_box(&body).clone()).unwrap();
            let mut pass = raw.pass();
            page.items()
                .for_each(|item| drop(raw.observe_raw(&mut pass, item)));
            let diff = raw.finish_full(pass);
            assert!(diff.is_empty());
            diff
        })
    });
}

fn round_trips(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (handle, client, id) = rt.block_on(async {
        let handle = sandbox::start(SandboxConfig::default()).await.unwrap();
        let client = ApiClient::new(ClientConfig {
            base_url: handle.base_url(),
            client_id: sandbox::CLIENT_ID.into(),
            client_secret: sandbox::CLIENT_SECRET.into(),
            admin: Some(AdminCredentials {
                email: sandbox::ADMIN_EMAIL.into(),
                token: sandbox::ADMIN_TOKEN.into(),
            }),
            timeout: Duration::from_secs(10),
            paths: Default::default(),
        })
        .unwrap();
        let first = client
            .list_service_requests(&Default::default())
            .await
            .unwrap();
        let id = first[0].id.unwrap();
        (handle, client, id)
    });
    c.bench_function("round trip get_service_request", |b| {
        b.to_async(&rt)
            .iter(|| async { client.get_service_request(black_box(id)).await.unwrap() })
    });
    c.bench_function(
        "round trip contracts search (DEMO-0001, with limits)",
        |b| {
            b.to_async(&rt).iter(|| async {
                client
                    .search_contracts(
                        ContractSearchKind::AccessIdentifier,
                        sandbox::DEMO_ACCESS_IDENTIFIER,
                    )
                    .await
                    .unwrap()
            })
        },
    );
    drop(handle);
}

criterion_group!(benches, parse_page, observe_known_page, round_trips);
criterion_main!(benches);
