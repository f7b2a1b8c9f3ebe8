//! The webhook receiver over real loopback HTTP.
use std::time::Duration;

use mok_console::config::WebhookSection;
use mok_console::model::{EVENT_CREATED, EVENT_UPDATED, Status, WebhookEvent};
use mok_console::webhook::{self, WebhookHandle};
use secrecy::SecretString;
use tokio::sync::mpsc;

const SECRET: &str = "whsec-test";

fn section(basic: bool, bearer: bool, limit: usize) -> WebhookSection {
    WebhookSection {
        listen: "127.0.0.1:0".into(),
        secret: Some(SecretString::from(SECRET)),
        basic_user: basic.then(|| "mok".to_owned()),
        basic_password: basic.then(|| SecretString::from("pa55")),
        bearer_token: bearer.then(|| SecretString::from("tok-123")),
        max_body_bytes: limit,
    }
}

async fn start(cfg: WebhookSection) -> (WebhookHandle, mpsc::Receiver<WebhookEvent>) {
    let (tx, rx) = mpsc::channel(16);
    let handle = webhook::serve(&cfg, tx).await.expect("receiver starts");
    (handle, rx)
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

fn event_body(event: &str, id: i64, status: &str) -> String {
    serde_json::json!({
        "event": event,
        "payload": {"id": id, "current_status": status, "public_id": format!("00032-{id:05}-X"), "unknown_extra": {"a": 1}}
    })
    .to_string()
}

async fn post(
    url: &str,
    body: &str,
    signature: Option<&str>,
    auth: Option<&str>,
) -> reqwest::StatusCode {
    let mut req = client()
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-from", "sandbox.test")
        .body(body.to_owned());
    if let Some(sig) = signature {
        req = req.header("x-signature", sig);
    }
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    req.send().await.expect("receiver answers").status()
}

#[tokio::test]
async fn valid_signed_event_is_accepted_and_delivered() {
    let (h, mut rx) = start(section(false, false, 64 * 1024)).await;
    let body = event_body(EVENT_UPDATED, 42, "on_hold");
    let sig = webhook::sign(SECRET.as_bytes(), body.as_bytes());
    assert_eq!(post(&h.url(), &body, Some(&sig), None).await, 200);
    let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("delivered in time")
        .expect("channel open");
    assert_eq!(ev.event.as_deref(), Some(EVENT_UPDATED));
    let payload = ev.payload.unwrap();
    assert_eq!(payload.id, Some(42));
    assert_eq!(payload.status(), Status::Other("on_hold".into()));
    h.shutdown().await;
}

#[tokio::test]
async fn unsigned_or_wrongly_signed_deliveries_get_401_and_nothing_is_delivered() {
    let (h, mut rx) = start(section(false, false, 64 * 1024)).await;
    let body = event_body(EVENT_CREATED, 1, "pending");
    let other_key = webhook::sign(b"not-the-secret", body.as_bytes());
    let other_body = webhook::sign(SECRET.as_bytes(), b"{}");
    assert_eq!(post(&h.url(), &body, None, None).await, 401);
    assert_eq!(post(&h.url(), &body, Some(&other_key), None).await, 401);
    assert_eq!(post(&h.url(), &body, Some(&other_body), None).await, 401);
    assert_eq!(post(&h.url(), &body, Some("not hex"), None).await, 401);
    assert!(
        rx.try_recv().is_err(),
        "a refused delivery reached the board"
    );
}

#[tokio::test]
async fn basic_credential_is_enforced() {
    use base64::Engine;
    let (h, mut rx) = start(section(true, false, 64 * 1024)).await;
    let body = event_body(EVENT_CREATED, 7, "pending");
    let sig = webhook::sign(SECRET.as_bytes(), body.as_bytes());
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let wrong = format!("Basic {}", b64("mok:wrong"));
    assert_eq!(post(&h.url(), &body, Some(&sig), Some(&wrong)).await, 401);
    assert_eq!(post(&h.url(), &body, Some(&sig), None).await, 401);
    let right = format!("Basic {}", b64("mok:pa55"));
    assert_eq!(post(&h.url(), &body, Some(&sig), Some(&right)).await, 200);
    // The right credential without a signature is still refused.
    assert_eq!(post(&h.url(), &body, None, Some(&right)).await, 401);
    let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ev.payload.unwrap().id, Some(7));
    assert!(rx.try_recv().is_err());
}

#[tokio::test]
async fn bearer_credential_is_enforced() {
    let (h, _rx) = start(section(false, true, 64 * 1024)).await;
    let body = event_body(EVENT_CREATED, 8, "pending");
    let sig = webhook::sign(SECRET.as_bytes(), body.as_bytes());
    assert_eq!(
        post(&h.url(), &body, Some(&sig), Some("Bearer nope")).await,
        401
    );
    assert_eq!(
        post(&h.url(), &body, Some(&sig), Some("Bearer tok-123")).await,
        200
    );
}

#[tokio::test]
async fn oversize_body_gets_413() {
    let (h, mut rx) = start(section(false, false, 1024)).await;
    let mut body = event_body(EVENT_CREATED, 9, "pending");
    body.insert_str(1, &format!("\"pad\": \"{}\", ", "x".repeat(4096)));
    let sig = webhook::sign(SECRET.as_bytes(), body.as_bytes());
    assert_eq!(post(&h.url(), &body, Some(&sig), None).await, 413);
    assert!(rx.try_recv().is_err());
}

#[tokio::test]
async fn malformed_json_with_a_valid_signature_gets_400() {
    let (h, mut rx) = start(section(false, false, 64 * 1024)).await;
    for body in [
        "{not json",
        "[1,2]",
        "\"text\"",
        "{\"event\": \"service_request.created\"}",
    ] {
        let sig = webhook::sign(SECRET.as_bytes(), body.as_bytes());
        assert_eq!(post(&h.url(), body, Some(&sig), None).await, 400, "{body}");
    }
    // An event kind the board does not handle is acknowledged (no retry storm) and dropped.
    let other = event_body("contract.updated", 3, "pending");
    let sig = webhook::sign(SECRET.as_bytes(), other.as_bytes());
    assert_eq!(post(&h.url(), &other, Some(&sig), None).await, 200);
    assert!(rx.try_recv().is_err());
}

#[tokio::test]
async fn bad_listen_address_is_a_clear_error() {
    let mut cfg = section(false, false, 1024);
    cfg.listen = "localhost-ish".into();
    let (tx, _rx) = mpsc::channel(1);
    let err = webhook::serve(&cfg, tx).await.err().expect("refused");
    assert!(err.to_string().contains("localhost-ish"), "{err}");
}

/// The sandbox's simulated dispatch, pointed at this receiver with the same secret, delivers
/// signed events that the receiver accepts and the board applies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_dispatch_events_are_accepted_and_reach_the_board() {
    use mok_console::board::{BoardStore, EventOutcome};
    use mok_console::sandbox::{self, SandboxConfig, WebhookTarget};

    let (h, mut rx) = start(section(false, false, 1024 * 1024)).await;
    let sb = sandbox::start(SandboxConfig {
        pace: Some(Duration::from_millis(200)),
        webhook: Some(WebhookTarget {
            url: h.url(),
            secret: SECRET.into(),
        }),
        ..Default::default()
    })
    .await
    .expect("sandbox starts");
    let mut board = BoardStore::new();
    let mut applied = 0;
    while applied < 3 {
        let ev = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("the sandbox delivers within a minute")
            .expect("channel open");
        let name = ev.event.clone().unwrap_or_default();
        assert!(name == EVENT_CREATED || name == EVENT_UPDATED, "{name}");
        let id = ev
            .payload
            .as_ref()
            .and_then(|p| p.id)
            .expect("payload has an id");
        match board.apply_event(ev) {
            EventOutcome::Added(got)
            | EventOutcome::Changed(got)
            | EventOutcome::Unchanged(got) => {
                assert_eq!(got, id)
            }
            EventOutcome::Ignored => panic!("a sandbox event was ignored"),
        }
        applied += 1;
    }
    assert!(!board.is_empty());
    drop(sb);
    h.shutdown().await;
}
