//! Connecting to NATS with `[relay]`'s auth, and opening the board's bucket. Secrets are
//! exposed only here, into the client's options, and never logged.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, kv};
use secrecy::ExposeSecret;

use crate::config::{RelaySection, Secret};

/// How long one connection attempt may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Where and how to reach the relay's NATS, shared between tasks.
#[derive(Debug, Clone)]
pub struct NatsSettings {
    pub url: String,
    pub bucket: String,
    pub auth: NatsAuth,
    /// Console: poll MOK directly while the relay is unreachable.
    pub fallback_poll: bool,
}

/// One kind of NATS auth (the config allows at most one).
#[derive(Clone, Default)]
pub enum NatsAuth {
    #[default]
    None,
    UserPassword(String, Secret),
    Token(Secret),
    CredsFile(PathBuf),
}

impl std::fmt::Debug for NatsAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NatsAuth::None => f.write_str("None"),
            NatsAuth::UserPassword(user, _) => write!(f, "UserPassword({user:?}, [REDACTED])"),
            NatsAuth::Token(_) => f.write_str("Token([REDACTED])"),
            NatsAuth::CredsFile(p) => write!(f, "CredsFile({})", p.display()),
        }
    }
}

impl NatsSettings {
    pub fn from_config(relay: &RelaySection) -> Arc<NatsSettings> {
        let auth = match (
            &relay.user,
            &relay.password,
            &relay.token,
            &relay.creds_file,
        ) {
            (Some(u), Some(p), _, _) => NatsAuth::UserPassword(u.clone(), p.clone()),
            (_, _, Some(t), _) => NatsAuth::Token(t.clone()),
            (_, _, _, Some(c)) => NatsAuth::CredsFile(c.clone()),
            _ => NatsAuth::None,
        };
        Arc::new(NatsSettings {
            url: relay.url.trim().to_owned(),
            bucket: relay.bucket.clone(),
            auth,
            fallback_poll: relay.fallback_poll,
        })
    }

    /// Settings for `url` with no auth and the default bucket (tests, scripts).
    pub fn plain(url: impl Into<String>) -> Arc<NatsSettings> {
        Arc::new(NatsSettings {
            url: url.into(),
            bucket: crate::config::default_relay_bucket(),
            auth: NatsAuth::None,
            fallback_poll: false,
        })
    }
}

/// Why NATS could not be used; the message names the server, never a secret.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct NatsError(pub String);

fn err(what: &str, e: impl std::fmt::Display) -> NatsError {
    NatsError(format!("{what}: {e}"))
}

/// Connects once (no retries here: callers back off and report). `events` gets the
/// client's connection events (disconnections above all).
pub async fn connect(
    settings: &NatsSettings,
    name: &str,
    events: Option<tokio::sync::mpsc::UnboundedSender<async_nats::Event>>,
) -> Result<async_nats::Client, NatsError> {
    let mut options = async_nats::ConnectOptions::new()
        .name(name)
        .connection_timeout(CONNECT_TIMEOUT);
    options = match &settings.auth {
        NatsAuth::None => options,
        NatsAuth::UserPassword(user, password) => {
            options.user_and_password(user.clone(), password.expose_secret().to_owned())
        }
        NatsAuth::Token(token) => options.token(token.expose_secret().to_owned()),
        NatsAuth::CredsFile(path) => options.credentials_file(path).await.map_err(|e| {
            NatsError(format!(
                "relay.creds_file {} unreadable: {e}",
                path.display()
            ))
        })?,
    };
    if let Some(tx) = events {
        options = options.event_callback(move |event| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(event);
            }
        });
    }
    let urls: Vec<&str> = settings.url.split(',').map(str::trim).collect();
    async_nats::connect_with_options(urls, options)
        .await
        .map_err(|e| err(&format!("NATS {}", settings.url), e))
}

/// The relay's bucket, created when missing: one value per key (the latest state), on
/// file storage so a NATS restart keeps it.
pub async fn create_bucket(
    client: async_nats::Client,
    bucket: &str,
) -> Result<kv::Store, NatsError> {
    let js = jetstream::new(client);
    if let Ok(store) = js.get_key_value(bucket).await {
        return Ok(store);
    }
    js.create_key_value(kv::Config {
        bucket: bucket.to_owned(),
        description: "mok-console team relay: the board, key = service request id".into(),
        history: 1,
        storage: jetstream::stream::StorageType::File,
        ..Default::default()
    })
    .await
    .map_err(|e| err(&format!("bucket {bucket}"), e))
}

/// The bucket as it is (consoles never create it: only a relay decides its settings).
pub async fn open_bucket(client: async_nats::Client, bucket: &str) -> Result<kv::Store, NatsError> {
    jetstream::new(client)
        .get_key_value(bucket)
        .await
        .map_err(|e| err(&format!("bucket {bucket} (has a relay run yet?)"), e))
}
