//! Opening a session: load the config, then connect to the configured server or start the
//! embedded sandbox. Shared by the TUI and the headless CLI. (OWNER: issue 3.)

use crate::api::{AdminCredentials, ApiClient, ClientConfig};
use crate::config::Config;
use crate::sandbox::{self, SandboxConfig, SandboxHandle};

/// How often the embedded sandbox's simulated dispatch moves a request along.
pub const SANDBOX_PACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Client settings for a running sandbox: its demo credentials, admin included, the
/// configured timeout, and CONTRACT.md's paths (the sandbox serves no others).
pub fn sandbox_client_config(handle: &SandboxHandle, config: &Config) -> ClientConfig {
    ClientConfig {
        base_url: handle.base_url(),
        client_id: sandbox::CLIENT_ID.into(),
        client_secret: sandbox::CLIENT_SECRET.into(),
        admin: Some(AdminCredentials {
            email: sandbox::ADMIN_EMAIL.into(),
            token: sandbox::ADMIN_TOKEN.into(),
        }),
        timeout: std::time::Duration::from_secs(config.api.timeout_secs.max(1)),
        paths: Default::default(),
    }
}

/// A ready client, the config it came from, and the sandbox it runs on, if any (kept alive
/// as long as the connection).
/// Where to connect: the config file and whether to use the embedded sandbox.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// The config file (`--config`); `None`: the default path.
    pub config: Option<std::path::PathBuf>,
    /// `--sandbox`: the embedded sandbox even when credentials are configured.
    pub sandbox: bool,
}

impl ConnectOptions {
    /// The server a session with these options and `config` works for, without
    /// connecting: the embedded sandbox with `--sandbox` or without credentials (as the TUI
    /// runs then), else the configured base URL and client id (as [`Connection::server_id`]).
    pub fn server_id(&self, config: &Config) -> crate::local::ServerId {
        match (&config.api.base_url, &config.api.client_id, self.sandbox) {
            (Some(base_url), Some(client_id), false) if config.client_config().is_some() => {
                crate::local::ServerId::remote(base_url.trim().trim_end_matches('/'), client_id)
            }
            _ => crate::local::ServerId::sandbox(),
        }
    }
}

pub struct Connection {
    pub config: Config,
    pub client: ApiClient,
    pub sandbox: Option<SandboxHandle>,
}

impl Connection {
    /// `--sandbox`, or no credentials when `implicit_sandbox` (the TUI), starts the
    /// embedded sandbox with its demo credentials (admin included); otherwise the
    /// configured server. Must run inside a tokio runtime.
    pub async fn open(
        global: &ConnectOptions,
        implicit_sandbox: bool,
    ) -> Result<Connection, String> {
        let config = Config::load(global.config.as_deref()).map_err(|e| e.message)?;
        crate::model::PhoneRegion::configure(config.ui.phone_region.unwrap_or_default());
        let configured = config.client_config();
        match configured {
            Some(client_config) if !global.sandbox => {
                let client = ApiClient::new(client_config).map_err(|e| e.message)?;
                tracing::info!(
                    base_url = client.base_url(),
                    "connecting to the configured server"
                );
                Ok(Connection {
                    config,
                    client,
                    sandbox: None,
                })
            }
            None if !global.sandbox && !implicit_sandbox => {
                let file = config
                    .source
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .or_else(|| crate::config::default_path().map(|p| p.display().to_string()))
                    .unwrap_or_else(|| "the config file".into());
                Err(format!(
                    "no credentials configured: set [api] in {file} or MOK_CLIENT_ID/MOK_CLIENT_SECRET, or pass --sandbox"
                ))
            }
            _ => {
                let handle = sandbox::start(SandboxConfig {
                    pace: Some(SANDBOX_PACE),
                    ..SandboxConfig::default()
                })
                .await
                .map_err(|e| format!("could not start the embedded sandbox: {e}"))?;
                let client = ApiClient::new(sandbox_client_config(&handle, &config))
                    .map_err(|e| e.message)?;
                tracing::info!(
                    base_url = client.base_url(),
                    "running on the embedded sandbox"
                );
                Ok(Connection {
                    config,
                    client,
                    sandbox: Some(handle),
                })
            }
        }
    }

    /// Which server local data (drafts, outbox, recent lists) is kept for: the embedded
    /// sandbox is one server whatever its port, a real one is its base URL and client id.
    pub fn server_id(&self) -> crate::local::ServerId {
        match &self.sandbox {
            Some(_) => crate::local::ServerId::sandbox(),
            None => crate::local::ServerId::remote(self.client.base_url(), self.client.client_id()),
        }
    }

    /// "SANDBOX" or the API host, for the header.
    pub fn place(&self) -> String {
        match &self.sandbox {
            Some(_) => "SANDBOX".into(),
            None => self.client.base_url().to_owned(),
        }
    }
}
