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
    pub relay: Option<RelaySection>,
    pub ui: UiSection,
    pub requests: RequestsSection,
    /// `[keys]`: action name → key or keys (`"board.filter" = "f"`), see `mok-console keys`.
    pub keys: BTreeMap<String, KeyValue>,
    /// Where the file was read from, when it was.
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// Problems worth telling the user that do not stop the program (a secrets file others
    /// can read). The headless CLI prints them on stderr; the TUI shows them.
    #[serde(skip)]
    pub warnings: Vec<String>,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSection {
    pub listen: String,
    pub secret: Option<Secret>,
    /// Optional credential the sender must carry: `basic` (user/password) or `bearer` (token).
    pub basic_user: Option<String>,
    pub basic_password: Option<Secret>,
    pub bearer_token: Option<Secret>,
    /// The sender's third mode: it fetches a Bearer token from `POST /webhooks/token` with
    /// these client credentials (client_credentials grant).
    pub token_client_id: Option<String>,
    pub token_client_secret: Option<Secret>,
    /// How long an issued token lives (default 3600).
    pub token_ttl_secs: Option<u64>,
    #[serde(default = "default_webhook_body_limit")]
    pub max_body_bytes: usize,
}

fn default_webhook_body_limit() -> usize {
    1024 * 1024
}

/// The example's address, no credential, the default body limit: lets code and tests
/// build a section with `..WebhookSection::default()` and keep compiling as keys are added.
impl Default for WebhookSection {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8787".into(),
            secret: None,
            basic_user: None,
            basic_password: None,
            bearer_token: None,
            token_client_id: None,
            token_client_secret: None,
            token_ttl_secs: None,
            max_body_bytes: default_webhook_body_limit(),
        }
    }
}

/// `[relay]`: the team relay's NATS server. The relay publishes the board there; a console
/// with this section watches it instead of polling MOK for the board.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelaySection {
    /// `nats://host:port` (several, comma-separated, for a cluster).
    pub url: String,
    /// The JetStream key-value bucket holding the board (key = request id).
    #[serde(default = "default_relay_bucket")]
    pub bucket: String,
    /// NATS auth, at most one kind: user and password, a token, or a creds file.
    pub user: Option<String>,
    pub password: Option<Secret>,
    pub token: Option<Secret>,
    pub creds_file: Option<PathBuf>,
    /// Console only: poll MOK itself while the relay is unreachable (off: keep the last board).
    #[serde(default)]
    pub fallback_poll: bool,
}

pub fn default_relay_bucket() -> String {
    "mok_board".into()
}

#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Es,
    En,
}

/// `[ui] theme`: how the console uses colour. Every theme tells the same things; `Mono`
/// tells them with words and bold / reverse / underline only (no colour escape at all).
#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    #[default]
    Default,
    HighContrast,
    Mono,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiSection {
    /// `None`: from the environment (`LANG`/`LC_ALL`), Spanish when unsure.
    pub language: Option<Language>,
    /// Region of phone numbers typed without `+` and country code (ISO 3166 code, `ES`
    /// when unset): agent-typed phones are checked for it and sent as E.164.
    pub phone_region: Option<crate::model::PhoneRegion>,
    /// `default | high-contrast | mono`; `NO_COLOR` in the environment means mono.
    pub theme: Theme,
    /// Mouse capture: click tabs, rows and fields, the wheel scrolls (default on; off
    /// leaves the terminal's own text selection alone).
    pub mouse: Option<bool>,
}

impl UiSection {
    pub fn mouse(&self) -> bool {
        self.mouse.unwrap_or(true)
    }
}

/// A `[keys]` value: one key, a list of keys, or (`[keys.board]`) a scope's actions.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "toml::Value")]
pub enum KeyValue {
    One(String),
    Many(Vec<String>),
    Scope(BTreeMap<String, KeyValue>),
}

impl TryFrom<toml::Value> for KeyValue {
    type Error = String;

    fn try_from(value: toml::Value) -> Result<Self, String> {
        const WHAT: &str = "a key is written as a string (\"ctrl-f\") or a list of strings";
        match value {
            toml::Value::String(s) => Ok(KeyValue::One(s)),
            toml::Value::Array(list) => list
                .into_iter()
                .map(|v| match v {
                    toml::Value::String(s) => Ok(s),
                    other => Err(format!("{other} is not a key: {WHAT}")),
                })
                .collect::<Result<_, _>>()
                .map(KeyValue::Many),
            toml::Value::Table(table) => table
                .into_iter()
                .map(|(k, v)| Ok((k, KeyValue::try_from(v)?)))
                .collect::<Result<_, String>>()
                .map(KeyValue::Scope),
            other => Err(format!("{other} is not a key: {WHAT}")),
        }
    }
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
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => default_path(),
        };
        let mut config = match &path {
            Some(p) => match std::fs::read_to_string(p) {
                Ok(text) => {
                    let mut c = Config::parse(&text, p)?;
                    c.source = Some(p.clone());
                    c.warnings.extend(permission_warning(p, &c));
                    c
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
                    Config::default()
                }
                Err(e) => {
                    return Err(ConfigError {
                        message: format!("{}: cannot be read: {e}", p.display()),
                    });
                }
            },
            None => Config::default(),
        };
        config.apply_env(|k| std::env::var(k).ok());
        config.validate()?;
        Ok(config)
    }

    /// Parses TOML text read from `path` (named in errors, with the key and the line).
    pub fn parse(text: &str, path: &std::path::Path) -> Result<Config, ConfigError> {
        let config: Config =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text, path))?;
        if let Err(e) = config.keymap() {
            let line = keys_line(text, &e.action);
            return Err(ConfigError {
                message: format!(
                    "{}: {}key keys.{}: {}",
                    path.display(),
                    line.map(|l| format!("line {l}: ")).unwrap_or_default(),
                    e.action,
                    e.message
                ),
            });
        }
        for (name, p) in &config.api.paths {
            if let Err(why) = crate::api::paths::check_override(name, p) {
                let line = find_line(text, name);
                return Err(ConfigError {
                    message: format!(
                        "{}: {}key api.paths.{name}: {why}",
                        path.display(),
                        line.map(|l| format!("line {l}: ")).unwrap_or_default()
                    ),
                });
            }
        }
        Ok(config)
    }

    /// Environment overrides; blank values are ignored.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) {
        let get = |k: &str| {
            var(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        // https://no-color.org: set and not empty means no colour, whatever the file says
        // (PRODUCT.md: the environment overrides the file).
        if get("NO_COLOR").is_some() {
            self.ui.theme = Theme::Mono;
        }
        if let Some(v) = get("MOK_BASE_URL") {
            self.api.base_url = Some(v);
        }
        if let Some(v) = get("MOK_CLIENT_ID") {
            self.api.client_id = Some(v);
        }
        if let Some(v) = get("MOK_CLIENT_SECRET") {
            self.api.client_secret = Some(Secret::from(v));
        }
        if let Some(v) = get("MOK_ADMIN_EMAIL") {
            self.admin.email = Some(v);
        }
        if let Some(v) = get("MOK_ADMIN_TOKEN") {
            self.admin.token = Some(Secret::from(v));
        }
        if let Some(w) = &mut self.webhook {
            if let Some(v) = get("MOK_WEBHOOK_SECRET") {
                w.secret = Some(Secret::from(v));
            }
            if let Some(v) = get("MOK_WEBHOOK_BASIC_PASSWORD") {
                w.basic_password = Some(Secret::from(v));
            }
            if let Some(v) = get("MOK_WEBHOOK_BEARER_TOKEN") {
                w.bearer_token = Some(Secret::from(v));
            }
            if let Some(v) = get("MOK_WEBHOOK_TOKEN_CLIENT_ID") {
                w.token_client_id = Some(v);
            }
            if let Some(v) = get("MOK_WEBHOOK_TOKEN_CLIENT_SECRET") {
                w.token_client_secret = Some(Secret::from(v));
            }
        }
        if let Some(r) = &mut self.relay {
            if let Some(v) = get("MOK_RELAY_PASSWORD") {
                r.password = Some(Secret::from(v));
            }
            if let Some(v) = get("MOK_RELAY_TOKEN") {
                r.token = Some(Secret::from(v));
            }
        }
    }

    /// Checks that need more than one key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let file = self
            .source
            .as_ref()
            .map(|p| format!("{}: ", p.display()))
            .unwrap_or_default();
        let err = |m: String| {
            Err(ConfigError {
                message: format!("{file}{m}"),
            })
        };
        let api = &self.api;
        match (&api.client_id, &api.client_secret) {
            (Some(_), None) => {
                return err(
                    "api.client_secret (or MOK_CLIENT_SECRET) is missing: client_id is set".into(),
                );
            }
            (None, Some(_)) => {
                return err(
                    "api.client_id (or MOK_CLIENT_ID) is missing: client_secret is set".into(),
                );
            }
            (Some(_), Some(_)) if api.base_url.is_none() => {
                return err(
                    "api.base_url (or MOK_BASE_URL) is missing: credentials are set".into(),
                );
            }
            _ => {}
        }
        if let Some(url) = &api.base_url {
            match reqwest::Url::parse(url.trim()) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => return err(format!("api.base_url {url:?} is not an http(s) URL")),
            }
        }
        if api.timeout_secs == 0 {
            return err("api.timeout_secs must be at least 1".into());
        }
        match (&self.admin.email, &self.admin.token) {
            (Some(_), None) => {
                return err(
                    "admin.token (or MOK_ADMIN_TOKEN) is missing: admin.email is set".into(),
                );
            }
            (None, Some(_)) => {
                return err(
                    "admin.email (or MOK_ADMIN_EMAIL) is missing: admin.token is set".into(),
                );
            }
            _ => {}
        }
        if self.board.poll_interval_secs == 0 {
            return err("board.poll_interval_secs must be at least 1".into());
        }
        if let Some(w) = &self.webhook {
            if w.listen.parse::<std::net::SocketAddr>().is_err() {
                return err(format!(
                    "webhook.listen {:?} is not an address like 127.0.0.1:8787",
                    w.listen
                ));
            }
            match (&w.basic_user, &w.basic_password) {
                (Some(_), None) => {
                    return err("webhook.basic_password (or MOK_WEBHOOK_BASIC_PASSWORD) is missing: basic_user is set".into());
                }
                (None, Some(_)) => {
                    return err("webhook.basic_user is missing: basic_password is set".into());
                }
                _ => {}
            }
            match (&w.token_client_id, &w.token_client_secret) {
                (Some(_), None) => {
                    return err("webhook.token_client_secret (or MOK_WEBHOOK_TOKEN_CLIENT_SECRET) is missing: token_client_id is set".into());
                }
                (None, Some(_)) => {
                    return err("webhook.token_client_id (or MOK_WEBHOOK_TOKEN_CLIENT_ID) is missing: token_client_secret is set".into());
                }
                _ => {}
            }
            if w.token_ttl_secs == Some(0) {
                return err("webhook.token_ttl_secs must be at least 1".into());
            }
        }
        if let Some(r) = &self.relay {
            let kinds = [
                r.user.is_some() || r.password.is_some(),
                r.token.is_some(),
                r.creds_file.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() > 1 {
                return err(
                    "relay: set one kind of NATS auth: user and password, token, or creds_file"
                        .into(),
                );
            }
            if r.user.is_some() != r.password.is_some() {
                return err(
                    "relay.user and relay.password (or MOK_RELAY_PASSWORD) go together".into(),
                );
            }
            if let Err(why) = crate::relay::check_url(&r.url) {
                return err(format!("relay.url {:?}: {why}", r.url));
            }
            if let Err(why) = crate::relay::check_bucket(&r.bucket) {
                return err(format!("relay.bucket {:?}: {why}", r.bucket));
            }
        }
        Ok(())
    }

    /// The client settings, or `None` when no credentials are configured (→ sandbox).
    pub fn client_config(&self) -> Option<crate::api::ClientConfig> {
        let api = &self.api;
        Some(crate::api::ClientConfig {
            base_url: api.base_url.clone()?,
            client_id: api.client_id.clone()?,
            client_secret: api.client_secret.clone()?,
            admin: self.admin_credentials(),
            timeout: std::time::Duration::from_secs(api.timeout_secs.max(1)),
            paths: api.paths.clone(),
        })
    }

    /// The admin credentials, when both are set.
    pub fn admin_credentials(&self) -> Option<crate::api::AdminCredentials> {
        Some(crate::api::AdminCredentials {
            email: self.admin.email.clone()?,
            token: self.admin.token.clone()?,
        })
    }

    /// `[keys]` read and checked (unknown actions, unreadable keys, conflicts).
    pub fn keymap(&self) -> Result<crate::tui::keymap::Keymap, crate::tui::keymap::KeymapError> {
        crate::tui::keymap::Keymap::from_config(&crate::tui::keymap::flatten(&self.keys))
    }

    /// The UI language: the config's, else from `LC_ALL`/`LANG`, else Spanish.
    pub fn language(&self) -> Language {
        self.ui
            .language
            .unwrap_or_else(|| language_from_env(|k| std::env::var(k).ok()))
    }
}

/// `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the first one set) starting with `en` → English;
/// anything else, Spanish.
pub fn language_from_env(var: impl Fn(&str) -> Option<String>) -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.trim().is_empty()));
    match locale {
        Some(l) if l.trim().to_ascii_lowercase().starts_with("en") => Language::En,
        _ => Language::Es,
    }
}

/// The platform's config file: e.g. `~/.config/mok-console/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "mok-console")
        .map(|d| d.config_dir().join("config.toml"))
}

impl ConfigError {
    /// "FILE: line N: key api.timeout_secs: invalid type: …".
    fn from_toml(e: &toml::de::Error, text: &str, path: &std::path::Path) -> ConfigError {
        let mut where_ = String::new();
        if let Some(span) = e.span() {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            where_.push_str(&format!("line {line}: "));
            if let Some(key) = key_at(text, span.start) {
                where_.push_str(&format!("key {key}: "));
            }
        }
        let message = e.message().trim().replace('\n', " ");
        ConfigError {
            message: format!("{}: {where_}{message}", path.display()),
        }
    }
}

/// The dotted key of the `key = value` line holding byte `offset`, with its `[table]`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim();
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    if line.starts_with('[') {
        return Some(
            line.trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_owned(),
        );
    }
    let key = line.split('=').next()?.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('#') {
        return table;
    }
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_owned(),
    })
}

/// The 1-based line of `[keys]` entry `action` (`board.filter`): written as
/// `"board.filter" = …` or `board.filter = …` under `[keys]`, or `filter = …` under
/// `[keys.board]`.
fn keys_line(text: &str, action: &str) -> Option<usize> {
    let (scope, name) = action.split_once('.')?;
    let mut table = String::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            table = line
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .replace(' ', "");
            continue;
        }
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().replace(['"', '\'', ' '], "");
        let full = match table.as_str() {
            "keys" => key,
            t => match t.strip_prefix("keys.") {
                Some(s) => format!("{s}.{key}"),
                None => continue,
            },
        };
        if full == action || full == format!("{scope}.{name}") {
            return Some(n + 1);
        }
    }
    None
}

/// The 1-based line where `key = ` first appears.
fn find_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// A warning when a file holding secrets can be read by group or others.
fn permission_warning(path: &std::path::Path, config: &Config) -> Option<String> {
    let holds_secrets = config.api.client_secret.is_some()
        || config.admin.token.is_some()
        || config.webhook.as_ref().is_some_and(|w| {
            w.secret.is_some()
                || w.basic_password.is_some()
                || w.bearer_token.is_some()
                || w.token_client_secret.is_some()
        })
        || config
            .relay
            .as_ref()
            .is_some_and(|r| r.password.is_some() || r.token.is_some());
    if !holds_secrets {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} holds secrets and other users can read it (mode {:o}); run: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests;
