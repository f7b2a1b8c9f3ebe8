//! The sandbox: a spec-faithful MOK server embedded in the binary, with demo data.
//!
//! OWNER: issue 2. This file fixes the surface the console, the CLI and the tests use.

use std::net::SocketAddr;
use std::time::Duration;

/// Fixed points of PRODUCT.md.
pub const CLIENT_ID: &str = "sandbox-client";
pub const CLIENT_SECRET: &str = "sandbox-secret";
pub const ADMIN_EMAIL: &str = "admin@sandbox.test";
pub const ADMIN_TOKEN: &str = "sandbox-admin-token";
pub const DEMO_ACCESS_IDENTIFIER: &str = "DEMO-0001";
pub const DEMO_ZONE: &str = "Z-MAD-01";

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// 0 picks a free port.
    pub port: u16,
    /// How often the simulated dispatch changes a request; `None` stops it.
    pub pace: Option<Duration>,
    /// Tokens answer 401 after this long (no `expires_in` is sent).
    pub token_ttl: Duration,
    /// Where each change is POSTed, signed with the secret.
    pub webhook: Option<WebhookTarget>,
    /// Seed of the demo data's randomness, so tests are repeatable.
    pub seed: u64,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            port: 0,
            pace: None,
            token_ttl: Duration::from_secs(3600),
            webhook: None,
            seed: 7,
        }
    }
}

#[derive(Debug, Clone)]
pub struct WebhookTarget {
    pub url: String,
    pub secret: String,
}

/// A fault the sandbox injects into matching answers (tests only; off by default).
#[derive(Debug, Clone)]
pub struct Fault {
    pub kind: FaultKind,
    /// Only requests whose path starts with this (e.g. `/api/v1/provider_networks/service_requests`).
    pub path_prefix: Option<String>,
    /// Only this method (`"POST"`); `None` for any.
    pub method: Option<String>,
    /// How many matching requests it hits before it clears itself.
    pub times: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FaultKind {
    /// Answer normally after this delay.
    Latency(Duration),
    /// Answer this status (e.g. 500, 503) with a JSON error body, without handling.
    Status(u16),
    /// 429 with `Retry-After: secs`, without handling.
    TooManyRequests { retry_after_secs: u64 },
    /// 502 with an HTML page, as a proxy in front of the server would.
    HtmlError,
    /// 200 with a body that is not JSON, after handling.
    MalformedBody,
    /// Close the connection without answering, before handling.
    DropBeforeHandling,
    /// Handle the request (e.g. create it), then close the connection without answering:
    /// the client cannot know whether it worked.
    DropAfterHandling,
    /// Answer normally, with some fields turned to `null` and unknown fields added.
    NullsAndExtras,
}

/// A running sandbox. Dropping it stops the server.
pub struct SandboxHandle {
    pub addr: SocketAddr,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Adds a fault.
    pub fn inject(&self, fault: Fault) {
        let _ = fault;
        todo!()
    }

    pub fn clear_faults(&self) {
        todo!()
    }

    /// Every token issued so far answers 401 from now on.
    pub fn expire_tokens(&self) {
        todo!()
    }

    /// How many tokens `/oauth/token` has issued (to check renewals).
    pub fn tokens_issued(&self) -> usize {
        todo!()
    }

    /// Service requests whose `external_id` is this (to check for duplicates).
    pub fn requests_with_external_id(
        &self,
        external_id: &str,
    ) -> Vec<crate::model::ServiceRequest> {
        let _ = external_id;
        todo!()
    }

    /// Numbers the WhatsApp endpoint accepted, oldest first.
    pub fn whatsapp_sent(&self) -> Vec<String> {
        todo!()
    }

    /// Stops the server (the port stops answering) while keeping its data, to test outages.
    pub async fn pause(&self) {
        todo!()
    }

    /// Serves again on the same port after [`pause`](Self::pause).
    pub async fn resume(&self) {
        todo!()
    }
}

/// Starts the sandbox on 127.0.0.1 in the current tokio runtime.
pub async fn start(config: SandboxConfig) -> std::io::Result<SandboxHandle> {
    let _ = config;
    todo!()
}

/// `mok-console sandbox …`: serve until Ctrl-C, printing `listening on http://127.0.0.1:N`.
pub fn serve_cli(args: crate::cli::SandboxArgs) -> std::process::ExitCode {
    let _ = args;
    todo!()
}
