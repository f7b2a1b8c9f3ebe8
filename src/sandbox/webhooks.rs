//! Webhook delivery: each change is POSTed to the configured URL as
//! `{event, payload: service_request}`, signed (`X-Signature`: hex HMAC-SHA256 of the raw
//! body keyed with the secret), and retried with exponential backoff on failure, each
//! delivery in its own task so nothing waits for it.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::mpsc;

use super::router::{Shared, WebhookJob};

/// Attempts per delivery (the first and its retries).
pub const MAX_ATTEMPTS: u32 = 6;
/// Wait before the first retry; doubles on each.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(300);

pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

pub async fn worker(shared: Arc<Shared>, mut rx: mpsc::UnboundedReceiver<WebhookJob>) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("webhook client could not be built: {e}");
            while rx.recv().await.is_some() {}
            return;
        }
    };
    let from = shared.addr.to_string();
    while let Some((event, request)) = rx.recv().await {
        // Read per change: the embedded sandbox is given its target after it started.
        let Some(target) = shared.store.lock().config.webhook.clone() else {
            continue;
        };
        let body =
            match serde_json::to_vec(&serde_json::json!({"event": event, "payload": request})) {
                Ok(b) => b,
                Err(_) => continue,
            };
        let signature = sign(&target.secret, &body);
        let client = client.clone();
        let url = target.url.clone();
        let from = from.clone();
        tokio::spawn(async move {
            let mut wait = FIRST_BACKOFF;
            for attempt in 1..=MAX_ATTEMPTS {
                let sent = client
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .header("X-Signature", &signature)
                    .header("Webhook-From", &from)
                    .body(body.clone())
                    .send()
                    .await;
                match sent {
                    Ok(res) if res.status().is_success() => {
                        tracing::info!(event, attempt, "webhook delivered");
                        return;
                    }
                    Ok(res) => {
                        tracing::warn!(event, attempt, status = %res.status(), "webhook refused")
                    }
                    Err(e) => tracing::warn!(event, attempt, "webhook failed: {e}"),
                }
                if attempt < MAX_ATTEMPTS {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
            }
            tracing::error!(event, "webhook given up after {MAX_ATTEMPTS} attempts");
        });
    }
}
