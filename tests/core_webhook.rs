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
        token_client_id: None,
        token_client_secret: None,
        token_ttl_secs: None,
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

// ---- the sender's auth modes (issue 10 §2) ----

const TOKEN_ID: &str = "mok-hooks";
const TOKEN_SECRET: &str = "t0ken-s3cret";

fn token_section(ttl_secs: Option<u64>) -> WebhookSection {
    WebhookSection {
        token_client_id: Some(TOKEN_ID.into()),
        token_client_secret: Some(SecretString::from(TOKEN_SECRET)),
        token_ttl_secs: ttl_secs,
        ..section(false, false, 64 * 1024)
    }
}

/// `POST /webhooks/token`: (status, JSON answer, Cache-Control).
async fn fetch_token(
    url: &str,
    content_type: &str,
    body: String,
    basic: Option<(&str, &str)>,
) -> (u16, serde_json::Value, Option<String>) {
    let mut req = client()
        .post(url)
        .header("content-type", content_type)
        .body(body);
    if let Some((id, secret)) = basic {
        use base64::Engine;
        let pair = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        req = req.header("authorization", format!("Basic {pair}"));
    }
    let res = req.send().await.expect("receiver answers");
    let status = res.status().as_u16();
    let cache = res
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, res.json().await.unwrap_or_default(), cache)
}

fn json_grant(id: &str, secret: &str) -> String {
    serde_json::json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret})
        .to_string()
}

fn form_grant(id: &str, secret: &str) -> String {
    format!("grant_type=client_credentials&client_id={id}&client_secret={secret}")
}

async fn token_from(h: &WebhookHandle) -> String {
    let (status, answer, _) = fetch_token(
        &h.token_url(),
        "application/json",
        json_grant(TOKEN_ID, TOKEN_SECRET),
        None,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    answer["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn token_endpoint_answers_client_credentials_in_json_form_or_basic() {
    let (h, _rx) = start(token_section(Some(120))).await;
    let json = "application/json";
    let form = "application/x-www-form-urlencoded";
    for (ct, body, basic) in [
        (json, json_grant(TOKEN_ID, TOKEN_SECRET), None),
        (form, form_grant(TOKEN_ID, TOKEN_SECRET), None),
        (
            form,
            "grant_type=client_credentials".to_owned(),
            Some((TOKEN_ID, TOKEN_SECRET)),
        ),
    ] {
        let (status, answer, cache) = fetch_token(&h.token_url(), ct, body, basic).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["token_type"], "Bearer");
        assert_eq!(answer["expires_in"], 120);
        assert!(answer["access_token"].as_str().unwrap().len() >= 32);
        assert_eq!(cache.as_deref(), Some("no-store"));
    }
    // Two fetches, two different tokens.
    assert_ne!(token_from(&h).await, token_from(&h).await);
}

#[tokio::test]
async fn token_endpoint_refuses_wrong_or_missing_credentials_with_401() {
    let (h, _rx) = start(token_section(None)).await;
    let json = "application/json";
    let form = "application/x-www-form-urlencoded";
    for (ct, body, basic) in [
        (json, json_grant(TOKEN_ID, "wrong"), None),
        (json, json_grant("someone-else", TOKEN_SECRET), None),
        (
            json,
            json_grant(TOKEN_ID, &format!("{TOKEN_SECRET} ")),
            None,
        ),
        (form, form_grant(TOKEN_ID, ""), None),
        (form, "grant_type=client_credentials".to_owned(), None),
        (
            form,
            "grant_type=client_credentials".to_owned(),
            Some((TOKEN_ID, "wrong")),
        ),
    ] {
        let (status, answer, _) = fetch_token(&h.token_url(), ct, body.clone(), basic).await;
        assert_eq!(status, 401, "{body}: {answer}");
        assert_eq!(answer["error"], "invalid_client");
        assert!(answer.get("access_token").is_none());
    }
    let (status, answer, _) = fetch_token(
        &h.token_url(),
        form,
        format!("grant_type=password&client_id={TOKEN_ID}&client_secret={TOKEN_SECRET}"),
        None,
    )
    .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    let (status, _, _) = fetch_token(&h.token_url(), json, "{not json".into(), None).await;
    assert_eq!(status, 400);
    // Without token credentials configured there is no token endpoint at all.
    let (plain, _rx2) = start(section(false, false, 1024)).await;
    let (status, _, _) = fetch_token(
        &plain.token_url(),
        json,
        json_grant(TOKEN_ID, TOKEN_SECRET),
        None,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn deliveries_need_a_live_token_of_this_receiver() {
    let (h, mut rx) = start(token_section(Some(2))).await;
    let (other, _rx2) = start(token_section(Some(3600))).await;
    let body = event_body(EVENT_UPDATED, 11, "assigned");
    let sig = webhook::sign(SECRET.as_bytes(), body.as_bytes());
    let token = token_from(&h).await;
    let bearer = format!("Bearer {token}");

    // Forgeries: none, made up, tampered, another receiver's (same credentials), or the
    // right token without the signature.
    assert_eq!(post(&h.url(), &body, Some(&sig), None).await, 401);
    assert_eq!(
        post(&h.url(), &body, Some(&sig), Some("Bearer made-up")).await,
        401
    );
    let mut tampered = token.clone();
    tampered.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
    let tampered = format!("Bearer {tampered}");
    assert_eq!(
        post(&h.url(), &body, Some(&sig), Some(&tampered)).await,
        401
    );
    let foreign = format!("Bearer {}", token_from(&other).await);
    assert_eq!(post(&h.url(), &body, Some(&sig), Some(&foreign)).await, 401);
    assert_eq!(post(&h.url(), &body, None, Some(&bearer)).await, 401);
    let basic_with_token_creds = {
        use base64::Engine;
        let pair =
            base64::engine::general_purpose::STANDARD.encode(format!("{TOKEN_ID}:{TOKEN_SECRET}"));
        format!("Basic {pair}")
    };
    assert_eq!(
        post(&h.url(), &body, Some(&sig), Some(&basic_with_token_creds)).await,
        401,
        "the client credentials are for the token endpoint, not for deliveries"
    );
    assert!(
        rx.try_recv().is_err(),
        "a refused delivery reached the board"
    );

    // The live token, signed body: accepted.
    assert_eq!(post(&h.url(), &body, Some(&sig), Some(&bearer)).await, 200);
    let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ev.payload.unwrap().id, Some(11));

    // Once it has expired (2 s), refused.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    assert_eq!(post(&h.url(), &body, Some(&sig), Some(&bearer)).await, 401);
    assert!(rx.try_recv().is_err());
}

#[test]
fn webhook_secrets_are_not_printed_by_debug() {
    let cfg = WebhookSection {
        basic_user: Some("mok".into()),
        basic_password: Some(SecretString::from("pa55")),
        bearer_token: Some(SecretString::from("tok-123")),
        ..token_section(None)
    };
    let shown = format!("{cfg:?}");
    for secret in [SECRET, "pa55", "tok-123", TOKEN_SECRET] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// A sender auth mode to try: its name, the receiver's config, and the sender's credential
/// (which may need the running receiver's token URL).
type AuthCase = (
    &'static str,
    WebhookSection,
    Box<dyn Fn(&WebhookHandle) -> mok_console::sandbox::WebhookAuth>,
);

/// The sandbox's sender, in each auth mode, against the receiver configured for it:
/// deliveries are accepted and reach the channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_sender_is_accepted_in_every_auth_mode() {
    use mok_console::sandbox::{self, SandboxConfig, WebhookAuth, WebhookTarget};

    let modes: Vec<AuthCase> = vec![
        (
            "hmac only",
            section(false, false, 1024 * 1024),
            Box::new(|_| WebhookAuth::None),
        ),
        (
            "basic",
            section(true, false, 1024 * 1024),
            Box::new(|_| WebhookAuth::Basic {
                user: "mok".into(),
                password: SecretString::from("pa55"),
            }),
        ),
        (
            "static bearer",
            section(false, true, 1024 * 1024),
            Box::new(|_| WebhookAuth::Bearer(SecretString::from("tok-123"))),
        ),
        (
            "fetched token",
            token_section(None),
            Box::new(|h| WebhookAuth::FetchedToken {
                token_url: h.token_url(),
                client_id: TOKEN_ID.into(),
                client_secret: SecretString::from(TOKEN_SECRET),
            }),
        ),
    ];
    for (name, cfg, auth) in modes {
        let (h, mut rx) = start(cfg).await;
        let sb = sandbox::start(SandboxConfig {
            pace: Some(Duration::from_millis(150)),
            webhook: Some(WebhookTarget {
                url: h.url(),
                secret: SECRET.into(),
            }),
            webhook_auth: auth(&h),
            ..Default::default()
        })
        .await
        .expect("sandbox starts");
        for _ in 0..2 {
            let ev = tokio::time::timeout(Duration::from_secs(60), rx.recv())
                .await
                .unwrap_or_else(|_| panic!("{name}: no delivery accepted within a minute"))
                .expect("channel open");
            assert!(ev.payload.and_then(|p| p.id).is_some(), "{name}");
        }
        drop(sb);
        h.shutdown().await;
    }
}

/// A sender with the wrong credential gets nothing through, in each mode.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_sender_with_a_wrong_credential_is_refused() {
    use mok_console::sandbox::{self, SandboxConfig, WebhookAuth, WebhookTarget};

    let cases: Vec<AuthCase> = vec![
        (
            "basic",
            section(true, false, 1024 * 1024),
            Box::new(|_| WebhookAuth::Basic {
                user: "mok".into(),
                password: SecretString::from("guess"),
            }),
        ),
        (
            "static bearer",
            section(false, true, 1024 * 1024),
            Box::new(|_| WebhookAuth::Bearer(SecretString::from("tok-124"))),
        ),
        (
            "fetched token, wrong client secret",
            token_section(None),
            Box::new(|h| WebhookAuth::FetchedToken {
                token_url: h.token_url(),
                client_id: TOKEN_ID.into(),
                client_secret: SecretString::from("guess"),
            }),
        ),
        (
            "no credential",
            token_section(None),
            Box::new(|_| WebhookAuth::None),
        ),
    ];
    for (name, cfg, auth) in cases {
        let (h, mut rx) = start(cfg).await;
        let sb = sandbox::start(SandboxConfig {
            pace: Some(Duration::from_millis(100)),
            webhook: Some(WebhookTarget {
                url: h.url(),
                secret: SECRET.into(),
            }),
            webhook_auth: auth(&h),
            ..Default::default()
        })
        .await
        .expect("sandbox starts");
        let got = tokio::time::timeout(Duration::from_millis(1500), rx.recv()).await;
        assert!(got.is_err(), "{name}: a delivery got through: {got:?}");
        drop(sb);
        h.shutdown().await;
    }
}

/// The receiver restarts (new token key): the sender's token is refused with 401, it
/// fetches a new one and deliveries go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_sender_renews_its_token_after_a_401() {
    use mok_console::sandbox::{self, SandboxConfig, WebhookAuth, WebhookTarget};

    let (h, mut rx) = start(token_section(None)).await;
    let addr = h.addr;
    let sb = sandbox::start(SandboxConfig {
        pace: Some(Duration::from_millis(150)),
        webhook: Some(WebhookTarget {
            url: h.url(),
            secret: SECRET.into(),
        }),
        webhook_auth: WebhookAuth::FetchedToken {
            token_url: h.token_url(),
            client_id: TOKEN_ID.into(),
            client_secret: SecretString::from(TOKEN_SECRET),
        },
        ..Default::default()
    })
    .await
    .expect("sandbox starts");
    tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .expect("first delivery")
        .expect("channel open");
    h.shutdown().await;
    drop(rx);

    // Same address, a new receiver: every token issued before is foreign to it.
    let cfg = WebhookSection {
        listen: addr.to_string(),
        ..token_section(None)
    };
    let (h, mut rx) = start(cfg).await;
    tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .expect("deliveries go on with a renewed token")
        .expect("channel open");
    drop(sb);
    h.shutdown().await;
}
