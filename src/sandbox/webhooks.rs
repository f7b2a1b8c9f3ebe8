//! Webhook delivery: each change is POSTed to the configured URL as
//! `{event, payload: service_request}`, signed (`X-Signature`: hex HMAC-SHA256 of the raw
//! body keyed with the secret, by [`crate::webhook::sign`], the receiver's own), with the
//! configured credential (Basic, a fixed Bearer, or a Bearer token fetched from the
//! receiver's token URL), and retried with exponential backoff on failure, each delivery in
//! its own task so nothing waits for it.

use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::mpsc;

use super::WebhookAuth;
use super::router::{Shared, WebhookJob};
use crate::api::auth::{Bearer, Fetched, TokenCache, lifetime};

/// Attempts per delivery (the first and its retries).
pub const MAX_ATTEMPTS: u32 = 6;
/// Wait before the first retry; doubles on each.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(300);
/// Longest wait between two attempts (six attempts never reach it).
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The credential deliveries carry; fetched tokens are shared by every delivery task and
/// renewed once for all (single flight).
struct Credential {
    auth: WebhookAuth,
    http: reqwest::Client,
    tokens: TokenCache,
}

impl Credential {
    /// The `Authorization` value for the next attempt, and the token generation it used.
    async fn header(&self) -> Result<Option<(String, u64)>, String> {
        use base64::Engine;
        Ok(match &self.auth {
            WebhookAuth::None => None,
            WebhookAuth::Basic { user, password } => {
                let pair = format!("{user}:{}", password.expose_secret());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                Some((format!("Basic {encoded}"), 0))
            }
            WebhookAuth::Bearer(token) => Some((format!("Bearer {}", token.expose_secret()), 0)),
            WebhookAuth::FetchedToken { .. } => {
                let b = self.tokens.get(|| self.fetch()).await?;
                Some(bearer(&b))
            }
        })
    }

    /// After a 401 to a fetched token of `generation`: a new one (unless another delivery
    /// already renewed it).
    async fn renew(&self, generation: u64) -> Result<Option<(String, u64)>, String> {
        match &self.auth {
            WebhookAuth::FetchedToken { .. } => {
                let b = self.tokens.renew(generation, || self.fetch()).await?;
                Ok(Some(bearer(&b)))
            }
            _ => Ok(None),
        }
    }

    /// The client_credentials grant, as a form body (RFC 6749 §4.4).
    async fn fetch(&self) -> Result<Fetched, String> {
        let WebhookAuth::FetchedToken {
            token_url,
            client_id,
            client_secret,
        } = &self.auth
        else {
            return Err("no token URL configured".into());
        };
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_id", client_id)
            .append_pair("client_secret", client_secret.expose_secret())
            .finish();
        let res = self
            .http
            .post(token_url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .map_err(|e| format!("token fetch failed: {e}"))?;
        let status = res.status();
        if !status.is_success() {
            return Err(format!("token URL answered HTTP {}", status.as_u16()));
        }
        let token: crate::model::Token = res
            .json()
            .await
            .map_err(|e| format!("token answer unreadable: {e}"))?;
        let value = token
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or("token answer without access_token")?;
        tracing::info!(expires_in = ?token.expires_in, "webhook token fetched");
        Ok(Fetched {
            value: SecretString::from(value),
            expires_in: lifetime(token.expires_in),
        })
    }
}

fn bearer(b: &Bearer) -> (String, u64) {
    (format!("Bearer {}", b.value.expose_secret()), b.generation)
}

pub async fn worker(shared: Arc<Shared>, mut rx: mpsc::UnboundedReceiver<WebhookJob>) {
    // The credential is fixed at start; the target is read per change (the embedded
    // sandbox is given its target after it started).
    let auth = shared.store.lock().config.webhook_auth.clone();
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Trust roots are read only if a delivery goes to an https:// URL (see `api::tls`).
    let client = match crate::api::tls::client_config()
        .map_err(|e| e.to_string())
        .and_then(|tls| {
            reqwest::Client::builder()
                .tls_backend_preconfigured(tls)
                .timeout(Duration::from_secs(10))
                .build()
                .map_err(|e| e.to_string())
        }) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("webhook client could not be built: {e}");
            while rx.recv().await.is_some() {}
            return;
        }
    };
    let credential = Arc::new(Credential {
        auth,
        http: client.clone(),
        tokens: TokenCache::default(),
    });
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
        let signature = crate::webhook::sign(target.secret.as_bytes(), &body);
        let client = client.clone();
        let url = target.url.clone();
        let from = from.clone();
        let credential = credential.clone();
        tokio::spawn(async move {
            let backoff = crate::backoff::Backoff::new(FIRST_BACKOFF, MAX_BACKOFF);
            let mut waits = 0;
            let mut renewed = false;
            let mut attempt = 0;
            let mut authorization = credential.header().await;
            while attempt < MAX_ATTEMPTS {
                attempt += 1;
                let mut req = client
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .header("X-Signature", &signature)
                    .header("Webhook-From", &from)
                    .body(body.clone());
                match &authorization {
                    Ok(Some((value, _))) => req = req.header("Authorization", value),
                    Ok(None) => {}
                    Err(e) => {
                        // No token, no delivery: the receiver would refuse it anyway.
                        tracing::warn!(event, attempt, "webhook not sent: {e}");
                        tokio::time::sleep(backoff.delay(waits)).await;
                        waits += 1;
                        authorization = credential.header().await;
                        continue;
                    }
                }
                match req.send().await {
                    Ok(res) if res.status().is_success() => {
                        tracing::info!(event, attempt, "webhook delivered");
                        return;
                    }
                    // A fetched token the receiver no longer takes (expired, receiver
                    // restarted): renew once and try again at once.
                    Ok(res) if res.status() == reqwest::StatusCode::UNAUTHORIZED && !renewed => {
                        if let Ok(Some((_, generation))) = &authorization
                            && matches!(credential.auth, WebhookAuth::FetchedToken { .. })
                        {
                            renewed = true;
                            tracing::info!(event, attempt, "webhook token refused; renewing");
                            authorization = credential.renew(*generation).await;
                            continue;
                        }
                        tracing::warn!(event, attempt, "webhook refused: 401");
                    }
                    Ok(res) => {
                        tracing::warn!(event, attempt, status = %res.status(), "webhook refused")
                    }
                    Err(e) => tracing::warn!(event, attempt, "webhook failed: {e}"),
                }
                if attempt < MAX_ATTEMPTS {
                    tokio::time::sleep(backoff.delay(waits)).await;
                    waits += 1;
                    // An expired token is renewed here (the cache knows its lifetime).
                    authorization = credential.header().await;
                }
            }
            tracing::error!(event, "webhook given up after {MAX_ATTEMPTS} attempts");
        });
    }
}
