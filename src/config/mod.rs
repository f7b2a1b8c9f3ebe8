//! Configuration: TOML at the platform config path (or `--config`), then environment
//! overrides (`MOK_*`). Secrets are [`Secret`]s so they cannot be printed by accident.
//!
//! OWNER: the client/config/CLI work (issue 3) fills in loading and validation; the shapes
//! below are what every other part reads.

use secrecy::SecretString;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A secret string: `Debug` prints `[REDACTED]`, reading it needs `expose_secret()`.
pub type Secret = SecretString;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub api: ApiSection,
    pub admin: AdminSection,
    pub board: BoardSection,
    pub webhook: Option<WebhookSection>,
    pub ui: UiSection,
    pub requests: RequestsSection,
    /// Where the file was read from, when it was.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiSection {
    pub base_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub timeout_secs: u64,
    /// Operation name → path, overriding CONTRACT.md's.
    pub paths: BTreeMap<String, String>,
}

impl Default for ApiSection {
    fn default() -> Self {
        Self {
            base_url: None,
            client_id: None,
            client_secret: None,
            timeout_secs: 10,
            paths: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminSection {
    pub email: Option<String>,
    pub token: Option<Secret>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BoardSection {
    pub poll_interval_secs: u64,
    /// Age (minutes) after which an open request turns amber, then red.
    pub sla_warn_minutes: u64,
    pub sla_breach_minutes: u64,
}

impl Default for BoardSection {
    fn default() -> Self {
        Self {
            poll_interval_secs: 5,
            sla_warn_minutes: 30,
            sla_breach_minutes: 60,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSection {
    pub listen: String,
    pub secret: Option<Secret>,
    /// Optional credential the sender must carry: `basic` (user/password) or `bearer` (token).
    pub basic_user: Option<String>,
    pub basic_password: Option<Secret>,
    pub bearer_token: Option<Secret>,
    #[serde(default = "default_webhook_body_limit")]
    pub max_body_bytes: usize,
}

fn default_webhook_body_limit() -> usize {
    1024 * 1024
}

#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Es,
    En,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiSection {
    /// `None`: from the environment (`LANG`/`LC_ALL`), Spanish when unsure.
    pub language: Option<Language>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RequestsSection {
    /// `source` sent with every create.
    pub source: Option<String>,
    /// `contact_center_phone` sent with every create.
    pub contact_center_phone: Option<String>,
    /// A TOML file of question sets overriding the default `assets/forms.toml`.
    pub forms_file: Option<PathBuf>,
}

/// A configuration problem, naming the file, the key and the line when there is one.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
}

impl Config {
    /// Reads `explicit` or the platform default path (a missing default file is an empty
    /// config), then applies `MOK_*` environment overrides and validates.
    pub fn load(explicit: Option<&std::path::Path>) -> Result<Config, ConfigError> {
        let _ = explicit;
        todo!()
    }

    /// The client settings, or `None` when no credentials are configured (→ sandbox).
    pub fn client_config(&self) -> Option<crate::api::ClientConfig> {
        todo!()
    }

    /// The UI language: the config's, else from `LC_ALL`/`LANG`, else Spanish.
    pub fn language(&self) -> Language {
        todo!()
    }
}
