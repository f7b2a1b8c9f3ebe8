//! One call, start to finish: path, authentication, timeouts, retries, error reading.
//! Every operation of [`ApiClient`](super::ApiClient) goes through [`ApiClient::send`].

use futures::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use std::time::Instant;

use super::auth::{Bearer, Fetched};
use super::paths::{Audience, Operation};
use super::retry::{RetryAfter, parse_retry_after};
use super::{ApiClient, ApiError, ApiResult, ErrorKind};
use crate::model::{Token, TokenRequest};

/// What to send.
#[derive(Debug, Clone)]
pub struct Call {
    pub op: Operation,
    pub id: Option<i64>,
    pub query: Vec<(String, String)>,
    /// Serialised once, resent as is.
    pub body: Option<Vec<u8>>,
    /// Journaled when it is an action (see [`super::audit`]); off for a call whose caller
    /// journals the whole of it (a create with its recovery).
    pub audited: bool,
}

impl Call {
    pub fn new(op: Operation) -> Call {
        Call {
            op,
            id: None,
            query: Vec::new(),
            body: None,
            audited: true,
        }
    }

    pub fn id(mut self, id: i64) -> Call {
        self.id = Some(id);
        self
    }

    pub fn query(mut self, query: Vec<(String, String)>) -> Call {
        self.query = query;
        self
    }

    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> ApiResult<Call> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ApiError::invalid(format!("could not encode the request: {e}")))?;
        self.body = Some(bytes);
        Ok(self)
    }
}

/// A 2xx answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    /// The body as `T`, or a readable decode error.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> ApiResult<T> {
        serde_json::from_str(&self.body).map_err(|e| ApiError::decode(self.status, &e, &self.body))
    }

    /// The body as JSON; an empty body is `null`.
    pub fn json(&self) -> ApiResult<serde_json::Value> {
        if self.body.trim().is_empty() {
            return Ok(serde_json::Value::Null);
        }
        self.decode()
    }
}

/// Whether a failed call may be retried without knowing if it was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Idempotent operations: retry on timeouts, dropped connections and 5xx.
    WhenSafe,
    /// Never repeat once the request may have reached the server (connection refused and
    /// 429 are still retried: nothing was handled).
    OnlyIfNotSent,
}

/// The outcome of one HTTP exchange.
enum Attempt {
    Answered {
        status: u16,
        retry_after: Option<String>,
        body: String,
    },
    /// No answer; `sent` is false when the connection could not even be made.
    Failed { error: ApiError, sent: bool },
}

impl ApiClient {
    /// Sends `call` with authentication and retries; 2xx answers come back, everything else
    /// is one readable error.
    pub(crate) async fn send(&self, call: &Call) -> ApiResult<Answer> {
        let repeat = if call.op.is_idempotent() {
            Repeat::WhenSafe
        } else {
            Repeat::OnlyIfNotSent
        };
        self.send_with(call, repeat).await
    }

    pub(crate) async fn send_with(&self, call: &Call, repeat: Repeat) -> ApiResult<Answer> {
        let result = self
            .send_inner(call, repeat)
            .await
            .map_err(|e| self.redact(e));
        // Every action both the TUI and the CLI take passes here: one journal entry each.
        if call.audited
            && let Some(entry) = super::audit::describe(call, &result)
        {
            self.audit(entry);
        }
        result
    }

    async fn send_inner(&self, call: &Call, repeat: Repeat) -> ApiResult<Answer> {
        let policy = &self.inner.retry;
        let audience = call.op.audience();
        if audience == Audience::Admin && self.inner.admin.is_none() {
            return Err(ApiError::invalid(
                "admin credentials are not configured: set [admin] email and token, or MOK_ADMIN_EMAIL/MOK_ADMIN_TOKEN",
            ));
        }
        let mut bearer: Option<Bearer> = None;
        let mut renewed = false;
        let mut tries = 0u32;
        loop {
            if audience == Audience::ProviderNetwork && bearer.is_none() {
                bearer = Some(self.inner.tokens.get(|| self.fetch_token()).await?);
            }
            tries += 1;
            let last = tries >= policy.max_attempts;
            let (error, may_retry, wait) = match self.attempt(call, bearer.as_ref()).await {
                Attempt::Answered { status, body, .. } if (200..300).contains(&status) => {
                    return Ok(Answer { status, body });
                }
                Attempt::Answered { status: 401, .. }
                    if audience == Audience::ProviderNetwork && !renewed =>
                {
                    // The token was refused: one renewal (shared with concurrent callers
                    // that saw the same token refused), then the call once more. This try
                    // does not count against the retry budget.
                    renewed = true;
                    tries -= 1;
                    let stale = bearer.as_ref().map_or(0, |b| b.generation);
                    tracing::info!(op = call.op.name(), "token refused; renewing once");
                    bearer = Some(
                        self.inner
                            .tokens
                            .renew(stale, || self.fetch_token())
                            .await?,
                    );
                    continue;
                }
                Attempt::Answered {
                    status: 429,
                    retry_after,
                    body,
                } => {
                    let wait = policy.retry_after(retry_after.as_deref(), tries - 1);
                    let mut error = ApiError::from_status(429, &body);
                    // What the server asked for, for whoever paces itself (the board's feed);
                    // an absurd ask is kept as the longest wait rather than dropped.
                    error.retry_after = match retry_after.as_deref().map(parse_retry_after) {
                        Some(RetryAfter::Wait(d)) => Some(d),
                        Some(RetryAfter::TooLong) => Some(std::time::Duration::MAX),
                        Some(RetryAfter::Unreadable) | None => None,
                    };
                    (error, wait.is_some(), wait)
                }
                Attempt::Answered { status, body, .. } if status >= 500 => {
                    let ok = repeat == Repeat::WhenSafe;
                    (ApiError::from_status(status, &body), ok, None)
                }
                Attempt::Answered { status, body, .. } => {
                    return Err(ApiError::from_status(status, &body));
                }
                Attempt::Failed { error, sent } => {
                    let ok = repeat == Repeat::WhenSafe || !sent;
                    (error, ok, None)
                }
            };
            if last || !may_retry {
                return Err(error);
            }
            let wait = wait.unwrap_or_else(|| policy.delay(tries - 1));
            tracing::warn!(
                op = call.op.name(),
                error = %error.message,
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One HTTP exchange.
    async fn attempt(&self, call: &Call, bearer: Option<&Bearer>) -> Attempt {
        let inner = &self.inner;
        let url = format!("{}{}", inner.base_url, inner.paths.render(call.op, call.id));
        let mut req = inner
            .http
            .request(call.op.method().as_reqwest(), &url)
            .header(reqwest::header::ACCEPT, "application/json");
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(b) = bearer {
            req = req.bearer_auth(b.value.expose_secret());
        }
        if call.op.audience() == Audience::Admin
            && let Some(admin) = &inner.admin
        {
            req = req
                .header("X-Admin-User-Email", &admin.email)
                .header("X-Admin-User-Token", admin.token.expose_secret());
        }
        if let Some(body) = &call.body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let started = Instant::now();
        // Headers and bodies are never logged: they carry credentials and personal data.
        let result = req.send().await;
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                let error = ApiError::transport(&e, &inner.base_url);
                tracing::debug!(op = call.op.name(), error = %error.message, "no answer");
                return Attempt::Failed {
                    error,
                    sent: !e.is_connect(),
                };
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        match response.text().await {
            Ok(body) => {
                tracing::debug!(
                    op = call.op.name(),
                    status,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    bytes = body.len(),
                    "answered"
                );
                Attempt::Answered {
                    status,
                    retry_after,
                    body,
                }
            }
            Err(e) => Attempt::Failed {
                error: ApiError::transport(&e, &inner.base_url),
                sent: true,
            },
        }
    }

    /// The client-credentials exchange (JSON body, as the reference shows).
    fn fetch_token(&self) -> BoxFuture<'_, ApiResult<Fetched>> {
        Box::pin(async move {
            let body = TokenRequest {
                grant_type: "client_credentials".into(),
                client_id: self.inner.client_id.clone(),
                client_secret: self.inner.client_secret.expose_secret().to_owned(),
                scope: "provider_networks".into(),
            };
            let call = Call::new(Operation::CreateToken).json(&body)?;
            let answer = self.send(&call).await.map_err(|e| ApiError {
                message: format!("could not sign in: {}", e.message),
                ..e
            })?;
            let token: Token = answer.decode()?;
            let value = token.access_token.filter(|t| !t.is_empty()).ok_or_else(|| {
                ApiError::new(
                    ErrorKind::Decode,
                    Some(answer.status),
                    format!(
                        "HTTP {}: the server's answer could not be read: no access_token in the token answer",
                        answer.status
                    ),
                )
            })?;
            tracing::info!(expires_in = ?token.expires_in, "signed in");
            Ok(Fetched {
                value: SecretString::from(value),
                expires_in: super::auth::lifetime(token.expires_in),
            })
        })
    }

    fn redact(&self, e: ApiError) -> ApiError {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        e.redact(&refs)
    }

    /// The client secret, the admin token and the current bearer token.
    pub(super) fn secrets(&self) -> Vec<String> {
        let mut secrets: Vec<String> = vec![self.inner.client_secret.expose_secret().to_owned()];
        if let Some(a) = &self.inner.admin {
            secrets.push(a.token.expose_secret().to_owned());
        }
        secrets.extend(self.inner.tokens.current_secret());
        secrets
    }
}
