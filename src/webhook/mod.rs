//! The webhook receiver (issue 6): `POST /webhooks` for `service_request.created|updated`,
//! feeding the live board over an mpsc channel.
//!
//! Every delivery must carry `X-Signature`, the hex HMAC-SHA256 of the raw body keyed with
//! `[webhook] secret` (checked in constant time), and, when configured, the Basic or Bearer
//! credential, or a live Bearer token fetched from `POST /webhooks/token` (see [`token`]). Unsigned or wrongly signed → 401, over `max_body_bytes` → 413, a body
//! slower than [`BODY_TIMEOUT`] → 408 (headers slower than [`HEADER_TIMEOUT`]: closed), unreadable
//! JSON → 400, a valid event → 200 and onto the channel. Events of other names are answered
//! 200 and dropped, so a sender with new event kinds does not retry forever.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Bytes, to_bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use tokio::sync::{mpsc, oneshot};

use crate::config::WebhookSection;
use crate::model::{EVENT_CREATED, EVENT_UPDATED, WebhookEvent};

mod server;
pub mod token;
pub use server::HEADER_TIMEOUT;
pub use token::TOKEN_PATH;

/// How long a delivery may take to send its body: a slow (slowloris) body is answered 408
/// and its connection closed instead of held open.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The path deliveries are POSTed to.
pub const PATH: &str = "/webhooks";
/// The signature header.
pub const SIGNATURE_HEADER: &str = "x-signature";

type HmacSha256 = Hmac<Sha256>;

/// Why the receiver could not start.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("[webhook] secret (or MOK_WEBHOOK_SECRET) is required to verify deliveries")]
    NoSecret,
    #[error("[webhook] listen = {0:?} is not an address like 127.0.0.1:8787")]
    BadListen(String),
    #[error("cannot listen for webhooks on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// The hex HMAC-SHA256 of `body` keyed with `secret`: what a sender puts in `X-Signature`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature` (hex, optionally `sha256=`-prefixed) signs `body`, in constant time.
pub fn verify_signature(secret: &[u8], body: &[u8], signature: &str) -> bool {
    let sig = signature.trim();
    let sig = sig.strip_prefix("sha256=").unwrap_or(sig);
    let Ok(bytes) = hex::decode(sig) else {
        return false;
    };
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    mac.verify_slice(&bytes).is_ok()
}

/// What the receiver checks; built once from the config so secrets are read once.
struct Receiver {
    secret: Vec<u8>,
    /// The exact `Authorization` values accepted, when a credential is configured.
    authorizations: Vec<Vec<u8>>,
    /// The token issuer, when the sender fetches its Bearer token from us.
    tokens: Option<token::Issuer>,
    max_body_bytes: usize,
    tx: mpsc::Sender<WebhookEvent>,
}

impl Receiver {
    fn from_config(
        config: &WebhookSection,
        tx: mpsc::Sender<WebhookEvent>,
    ) -> Result<Self, WebhookError> {
        use base64::Engine;
        let secret = config
            .secret
            .as_ref()
            .map(|s| s.expose_secret().as_bytes().to_vec())
            .filter(|s| !s.is_empty())
            .ok_or(WebhookError::NoSecret)?;
        let mut authorizations = Vec::new();
        if let (Some(user), Some(pass)) = (&config.basic_user, &config.basic_password) {
            let pair = format!("{user}:{}", pass.expose_secret());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            authorizations.push(format!("Basic {encoded}").into_bytes());
        }
        if let Some(token) = &config.bearer_token {
            authorizations.push(format!("Bearer {}", token.expose_secret()).into_bytes());
        }
        let tokens = match (&config.token_client_id, &config.token_client_secret) {
            (Some(id), Some(secret)) => Some(token::Issuer::new(
                id,
                secret,
                config
                    .token_ttl_secs
                    .map_or(token::DEFAULT_TTL, std::time::Duration::from_secs),
            )),
            _ => None,
        };
        Ok(Receiver {
            secret,
            authorizations,
            tokens,
            max_body_bytes: config.max_body_bytes,
            tx,
        })
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        if self.authorizations.is_empty() && self.tokens.is_none() {
            return true;
        }
        let Some(given) = headers.get(header::AUTHORIZATION) else {
            return false;
        };
        let given = given.as_bytes();
        // Compare against every accepted value so the time does not say which one is set.
        let fixed = self.authorizations.iter().fold(false, |ok, want| {
            ok | bool::from(want.as_slice().ct_eq(given))
        });
        let fetched = self.tokens.as_ref().is_some_and(|t| t.authorizes(headers));
        fixed | fetched
    }
}

async fn issue_token(State(rx): State<Arc<Receiver>>, headers: HeaderMap, body: Bytes) -> Response {
    match &rx.tokens {
        Some(issuer) => issuer.answer(&headers, &body),
        None => reply(StatusCode::NOT_FOUND, "no token endpoint configured"),
    }
}

fn reply(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

async fn receive(State(rx): State<Arc<Receiver>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let from = headers
        .get("webhook-from")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("?")
        .to_owned();
    if !rx.authorized(&headers) {
        tracing::warn!(%from, "webhook refused: missing or wrong credential");
        let mut r = reply(StatusCode::UNAUTHORIZED, "missing or wrong credential");
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Basic realm=\"webhooks\", Bearer"),
        );
        return r;
    }
    // Everything the headers can refuse is refused before the body is read: a forged
    // flood costs no body buffering.
    let Some(signature) = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()) else {
        tracing::warn!(%from, "webhook refused: no X-Signature");
        return reply(StatusCode::UNAUTHORIZED, "missing X-Signature");
    };
    let body = match tokio::time::timeout(BODY_TIMEOUT, to_bytes(body, rx.max_body_bytes)).await {
        Ok(Ok(body)) => body,
        Ok(Err(_)) => {
            tracing::warn!(%from, "webhook refused: body over the limit or broken");
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body too large or unreadable",
            );
        }
        Err(_) => {
            tracing::warn!(%from, "webhook refused: body too slow");
            let mut r = reply(StatusCode::REQUEST_TIMEOUT, "body too slow");
            r.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
            return r;
        }
    };
    if !verify_signature(&rx.secret, &body, signature) {
        tracing::warn!(%from, "webhook refused: bad signature");
        return reply(StatusCode::UNAUTHORIZED, "bad X-Signature");
    }
    let event: WebhookEvent = match serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .filter(serde_json::Value::is_object)
        .and_then(|v| serde_json::from_value(v).ok())
    {
        Some(e) => e,
        None => return reply(StatusCode::BAD_REQUEST, "body is not a JSON event object"),
    };
    match event.event.as_deref() {
        Some(EVENT_CREATED | EVENT_UPDATED) => {}
        other => {
            tracing::info!(%from, event = ?other, "webhook event ignored");
            return (
                StatusCode::OK,
                axum::Json(serde_json::json!({ "ignored": true })),
            )
                .into_response();
        }
    }
    if event.payload.is_none() {
        return reply(
            StatusCode::BAD_REQUEST,
            "event without a service request payload",
        );
    }
    tracing::debug!(%from, event = ?event.event, "webhook event accepted");
    if rx.tx.send(event).await.is_err() {
        // Nobody listens any more: let the sender retry later.
        return reply(StatusCode::SERVICE_UNAVAILABLE, "receiver is shutting down");
    }
    (
        StatusCode::OK,
        axum::Json(serde_json::json!({ "ok": true })),
    )
        .into_response()
}

/// The router alone (for embedding or tests without a socket).
pub fn router(
    config: &WebhookSection,
    tx: mpsc::Sender<WebhookEvent>,
) -> Result<Router, WebhookError> {
    let receiver = Arc::new(Receiver::from_config(config, tx)?);
    let mut app = Router::new().route(PATH, post(receive));
    if receiver.tokens.is_some() {
        app = app.route(TOKEN_PATH, post(issue_token));
    }
    Ok(app
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .with_state(receiver))
}

/// A running receiver. Dropping it stops the server.
pub struct WebhookHandle {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl WebhookHandle {
    /// `http://ADDR/webhooks`
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// `http://ADDR/webhooks/token`: where a sender fetches its token, when configured.
    pub fn token_url(&self) -> String {
        format!("http://{}{TOKEN_PATH}", self.addr)
    }

    /// Stops accepting and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for WebhookHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Binds `config.listen` and serves in the current tokio runtime; valid events go to `tx`.
pub async fn serve(
    config: &WebhookSection,
    tx: mpsc::Sender<WebhookEvent>,
) -> Result<WebhookHandle, WebhookError> {
    let app = router(config, tx)?;
    let addr: SocketAddr = config
        .listen
        .trim()
        .parse()
        .map_err(|_| WebhookError::BadListen(config.listen.clone()))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| WebhookError::Bind {
            addr: config.listen.clone(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| WebhookError::Bind {
        addr: config.listen.clone(),
        source,
    })?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server::run(listener, app, stopped));
    tracing::info!(%addr, "webhook receiver listening");
    Ok(WebhookHandle {
        addr,
        shutdown: Some(stop),
        task: Some(task),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_the_exact_body_and_key() {
        let sig = sign(b"s3cret", b"{\"a\":1}");
        assert_eq!(sig.len(), 64);
        assert!(verify_signature(b"s3cret", b"{\"a\":1}", &sig));
        assert!(verify_signature(
            b"s3cret",
            b"{\"a\":1}",
            &format!("sha256={sig}")
        ));
        assert!(verify_signature(
            b"s3cret",
            b"{\"a\":1}",
            &sig.to_uppercase()
        ));
        assert!(!verify_signature(b"other", b"{\"a\":1}", &sig));
        assert!(!verify_signature(b"s3cret", b"{\"a\": 1}", &sig));
        assert!(!verify_signature(b"s3cret", b"{\"a\":1}", "zz"));
        assert!(!verify_signature(b"s3cret", b"{\"a\":1}", &sig[..62]));
    }

    #[test]
    fn known_vector() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_secret_is_required() {
        let (tx, _rx) = mpsc::channel(1);
        let cfg = WebhookSection {
            listen: "127.0.0.1:0".into(),
            secret: None,
            basic_user: None,
            basic_password: None,
            bearer_token: None,
            token_client_id: None,
            token_client_secret: None,
            token_ttl_secs: None,
            max_body_bytes: 1024,
        };
        assert!(matches!(router(&cfg, tx), Err(WebhookError::NoSecret)));
    }
}
