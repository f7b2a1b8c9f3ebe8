//! The sandbox's life over HTTP: the simulated dispatch moves requests at its pace, each
//! change is delivered to the webhook URL signed with HMAC-SHA256 and retried after a
//! non-2xx answer, and pause/resume takes the port down and up with the data kept.
mod sandbox_support;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode as AxStatus};
use axum::routing::post;
use hmac::{Hmac, Mac};
use mok_console::sandbox::{SandboxConfig, WebhookTarget};
use parking_lot::Mutex;
use reqwest::StatusCode;
use sandbox_support::*;
use serde_json::{Value, json};
use sha2::Sha256;

const SECRET: &str = "webhook-test-secret";

#[derive(Default)]
struct Received {
    /// (signature ok, Webhook-From present, body)
    deliveries: Vec<(bool, bool, Value)>,
    /// Answer this many deliveries with 500 first.
    fail_first: usize,
    attempts: usize,
}

/// A tiny receiver that verifies the signature of every delivery.
async fn receiver(fail_first: usize) -> (String, Arc<Mutex<Received>>) {
    let state = Arc::new(Mutex::new(Received {
        fail_first,
        ..Default::default()
    }));
    let s = state.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let s = s.clone();
            async move {
                let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
                mac.update(&body);
                let expected = hex::encode(mac.finalize().into_bytes());
                let got = headers
                    .get("x-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                let from = headers.get("webhook-from").is_some();
                let mut r = s.lock();
                r.attempts += 1;
                if r.attempts <= r.fail_first {
                    return AxStatus::INTERNAL_SERVER_ERROR;
                }
                let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                r.deliveries.push((got == expected, from, v));
                AxStatus::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/hook"), state)
}

fn with_webhook(url: String) -> SandboxConfig {
    SandboxConfig {
        webhook: Some(WebhookTarget {
            url,
            secret: SECRET.into(),
        }),
        ..SandboxConfig::default()
    }
}

#[tokio::test]
async fn create_and_update_are_delivered_signed() {
    let (url, received) = receiver(0).await;
    let sb = start_with(with_webhook(url.clone())).await;
    let (_, me) = sb.get(&format!("{PN}/me")).await;
    assert_eq!(me["provider_network"]["webhook_url"], url);
    let cid = sb
        .admin_contract("AUTO-PLUS", "HOOK-1", &days_ago(40))
        .await;
    let (_, created) = sb.create_request(cid, "SRV-GRUA").await;
    let id = created["service_request"]["id"].as_i64().unwrap();
    sb.patch(
        &format!("{PN}/service_requests/{id}"),
        json!({"service_request": {"current_status": "assigned"}}),
    )
    .await;
    let deliveries = eventually(20, || async {
        let r = received.lock();
        (r.deliveries.len() >= 2).then(|| r.deliveries.clone())
    })
    .await
    .expect("two deliveries");
    assert!(
        deliveries.iter().all(|(sig, from, _)| *sig && *from),
        "signed, with Webhook-From"
    );
    let events: Vec<&str> = deliveries
        .iter()
        .filter_map(|d| d.2["event"].as_str())
        .collect();
    assert!(events.contains(&"service_request.created"));
    assert!(events.contains(&"service_request.updated"));
    let updated = deliveries
        .iter()
        .find(|d| d.2["event"] == "service_request.updated")
        .unwrap();
    assert_eq!(updated.2["payload"]["id"], id);
    assert_eq!(updated.2["payload"]["current_status"], "assigned");
}

#[tokio::test]
async fn a_refused_delivery_is_retried() {
    let (url, received) = receiver(2).await;
    let sb = start_with(with_webhook(url)).await;
    let cid = sb
        .admin_contract("AUTO-PLUS", "HOOK-2", &days_ago(40))
        .await;
    let (status, _) = sb.create_request(cid, "SRV-BATERIA").await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the create did not wait for the webhook"
    );
    let delivered = eventually(30, || async {
        let r = received.lock();
        (!r.deliveries.is_empty()).then(|| (r.attempts, r.deliveries[0].clone()))
    })
    .await
    .expect("delivered after retries");
    assert_eq!(delivered.0, 3, "two refusals, then the delivery");
    assert!(delivered.1.0, "signature ok on the retry");
}

#[tokio::test]
async fn dispatch_moves_requests_and_creates_new_ones() {
    let (url, received) = receiver(0).await;
    let mut config = with_webhook(url);
    config.pace = Some(Duration::from_millis(50));
    let sb = start_with(config).await;
    let moved = eventually(30, || async {
        let r = received.lock();
        let updated = r
            .deliveries
            .iter()
            .filter(|d| d.2["event"] == "service_request.updated")
            .count();
        let created = r
            .deliveries
            .iter()
            .filter(|d| d.2["event"] == "service_request.created")
            .count();
        (updated >= 5 && created >= 1).then(|| r.deliveries.clone())
    })
    .await
    .expect("the dispatch changed requests and created some");
    for (_, _, d) in &moved {
        let p = &d["payload"];
        let id = p["id"].as_i64().unwrap();
        let status = p["current_status"].as_str().unwrap();
        assert!(
            [
                "pending",
                "assigned",
                "in_progress",
                "finished",
                "cancelled"
            ]
            .contains(&status)
        );
        assert!(
            p["status_history"][status].is_string(),
            "history has {status}"
        );
        if status == "assigned" {
            assert!(p["provider_name"].is_string() && p["technician_name"].is_string());
        }
        assert!(
            p["contract_id"].as_i64().unwrap() > 2,
            "DEMO-0001 is never touched"
        );
        // The server agrees with what was sent (or moved on since).
        let (code, _) = sb.get(&format!("{PN}/service_requests/{id}")).await;
        assert_eq!(code, StatusCode::OK);
    }
    // DEMO-0001 keeps its fixed points.
    let c = sb.contracts_of("DEMO-0001").await;
    let active = c.iter().find(|c| c["active"] == true).unwrap();
    assert_eq!(
        service(active, "SRV-CERRAJERIA")["limits"]["block_service"],
        true
    );
}

#[tokio::test]
async fn pause_closes_the_port_and_resume_serves_the_same_data() {
    let sb = start().await;
    let cid = sb
        .admin_contract("AUTO-PLUS", "PAUSE-1", &days_ago(40))
        .await;
    let (_, created) = sb.create_request(cid, "SRV-GRUA").await;
    let id = created["service_request"]["id"].as_i64().unwrap();
    sb.handle.pause().await;
    let fresh = client();
    let err = fresh.get(sb.url(&format!("{PN}/me"))).send().await;
    assert!(err.is_err(), "nothing answers while paused");
    // The already-open keep-alive connection is closed too.
    let old = sb
        .http
        .get(sb.url(&format!("{PN}/me")))
        .bearer_auth(&sb.token)
        .send()
        .await;
    assert!(old.is_err(), "no answer on an old connection");
    sb.handle.resume().await;
    let (status, body) = sb.get(&format!("{PN}/service_requests/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["service_request"]["contract_id"], cid);
}
