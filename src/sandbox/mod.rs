//! The sandbox: a spec-faithful MOK server embedded in the binary, with demo data.
//!
//! OWNER: issue 2. This file fixes the surface the console, the CLI and the tests use.
//!
//! - `server`: the accept loop (hyper per connection, so faults can drop a connection;
//!   pause/resume).
//! - `router`: routes, shared state, request/answer helpers; `handlers/`: one file per
//!   resource (`auth`, `provider`, `requests`, `admin`, `points`).
//! - `store`: the state behind one lock; `demo`: the data of `assets/demo/*.toml`;
//!   `limits`: usage limits computed from requests (ISO 8601 periods are
//!   `crate::points::Period`, the console's).
//! - `dispatch`: the simulated life; `webhooks`: signed delivery with backoff; `points`:
//!   the asynchronous points worker; `faults`: fault injection.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

mod demo;
mod dispatch;
mod faults;
mod handlers;
mod limits;
mod points;
mod router;
mod server;
mod store;
mod webhooks;

pub use faults::FaultSpec;

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
    /// The credential each delivery carries besides its signature.
    pub webhook_auth: WebhookAuth,
    /// Seed of the demo data's randomness, so tests are repeatable.
    pub seed: u64,
    /// Generated service requests (`--requests N`): about 5 % open, the rest finished or
    /// cancelled over the last year. `None`: the small demo set.
    pub requests: Option<usize>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            port: 0,
            pace: None,
            token_ttl: Duration::from_secs(3600),
            webhook: None,
            webhook_auth: WebhookAuth::None,
            seed: 7,
            requests: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct WebhookTarget {
    pub url: String,
    pub secret: String,
}

/// The sender's auth modes (besides the HMAC signature every delivery carries).
#[derive(Debug, Clone, Default)]
pub enum WebhookAuth {
    /// The signature alone.
    #[default]
    None,
    /// `Authorization: Basic …`.
    Basic {
        user: String,
        password: secrecy::SecretString,
    },
    /// A fixed `Authorization: Bearer …`.
    Bearer(secrecy::SecretString),
    /// A Bearer token fetched from `token_url` (client_credentials), renewed when it
    /// expires or a delivery answers 401.
    FetchedToken {
        token_url: String,
        client_id: String,
        client_secret: secrecy::SecretString,
    },
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
    /// Handle the request at once (e.g. create it), then hold the answer this long: the
    /// window in which a client killed mid-call has sent something it never heard back of.
    LatencyAfterHandling(Duration),
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
    /// Answer exactly this, without handling: a hostile or careless server's values
    /// (`Retry-After: 1e20`, `expires_in` near `i64::MAX`) for the client to survive.
    Raw {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
}

/// A running sandbox. Dropping it stops the server.
pub struct SandboxHandle {
    pub addr: SocketAddr,
    shared: Arc<router::Shared>,
    server: Arc<server::Server>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Adds a fault.
    pub fn inject(&self, fault: Fault) {
        self.shared.store.lock().faults.push(fault);
    }

    pub fn clear_faults(&self) {
        self.shared.store.lock().faults.clear();
    }

    /// Every token issued so far answers 401 from now on.
    pub fn expire_tokens(&self) {
        self.shared.store.lock().tokens_valid_after = Some(std::time::Instant::now());
    }

    /// How many tokens `/oauth/token` has issued (to check renewals).
    pub fn tokens_issued(&self) -> usize {
        self.shared.store.lock().tokens_issued
    }

    /// Every token `/oauth/token` has handed out (to check none is stored or shown).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared.store.lock().tokens.keys().cloned().collect()
    }

    /// Service requests whose `external_id` is this (to check for duplicates).
    pub fn requests_with_external_id(
        &self,
        external_id: &str,
    ) -> Vec<crate::model::ServiceRequest> {
        self.shared
            .store
            .lock()
            .requests
            .values()
            .filter(|r| r.external_id.as_deref() == Some(external_id))
            .cloned()
            .collect()
    }

    /// Puts a service request into the store as given (a reference example, say, with its
    /// dashed phones and out-of-range coordinates), replacing any with its id; returns the
    /// id. The value is read as the client reads answers: leniently.
    pub fn put_request(&self, request: serde_json::Value) -> i64 {
        let r: crate::model::ServiceRequest =
            serde_json::from_value(request).expect("a service request object");
        let id = r.id.expect("the request has an id");
        let mut store = self.shared.store.lock();
        store.next_request_id = store.next_request_id.max(id + 1);
        store.requests.insert(id, r);
        id
    }

    /// The `service_request` objects of the updates received for request `id`, oldest
    /// first, exactly as they arrived.
    pub fn update_bodies(&self, id: i64) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.shared
            .store
            .lock()
            .update_bodies
            .iter()
            .filter(|(r, _)| *r == id)
            .map(|(_, body)| body.clone())
            .collect()
    }

    /// Listings served so far, by their `current_status` filter ("" for none).
    pub fn list_calls(&self) -> std::collections::BTreeMap<String, usize> {
        self.shared.store.lock().list_calls.clone()
    }

    /// `GET …/service_requests/{id}` served so far.
    pub fn get_calls(&self) -> usize {
        self.shared.store.lock().get_calls
    }

    /// Sends every change to `target` from now on (or stops sending, with `None`): the
    /// embedded sandbox learns the console's own receiver after both started.
    pub fn set_webhook(&self, target: Option<WebhookTarget>) {
        self.shared.store.lock().config.webhook = target;
    }

    /// Changes a stored request's status as the dispatch would, and sends the change to the
    /// webhook URL (tests: a reopening, a status no client may set).
    pub fn set_request_status(
        &self,
        id: i64,
        status: &str,
    ) -> Option<crate::model::ServiceRequest> {
        let request = {
            let mut store = self.shared.store.lock();
            let r = store.requests.get_mut(&id)?;
            handlers::requests::set_status(r, crate::model::Status::parse(status));
            r.clone()
        };
        self.shared.notify(crate::model::EVENT_UPDATED, &request);
        Some(request)
    }

    /// Numbers the WhatsApp endpoint accepted, oldest first.
    pub fn whatsapp_sent(&self) -> Vec<String> {
        self.shared.store.lock().whatsapp_sent.clone()
    }

    /// Stops the server (the port stops answering) while keeping its data, to test outages.
    pub async fn pause(&self) {
        self.server.pause().await;
    }

    /// Serves again on the same port after [`pause`](Self::pause).
    pub async fn resume(&self) {
        if let Err(e) = self.server.resume().await {
            tracing::error!("sandbox could not listen again on {}: {e}", self.addr);
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
        self.server.shutdown();
    }
}

/// Starts the sandbox on 127.0.0.1 in the current tokio runtime.
pub async fn start(config: SandboxConfig) -> std::io::Result<SandboxHandle> {
    let listener = server::bind(SocketAddr::from(([127, 0, 0, 1], config.port)))?;
    let addr = listener.local_addr()?;
    let (shared, webhook_rx) = router::Shared::new(config.clone(), addr);
    let app = router::app(shared.clone());
    let server = server::Server::start(listener, app);
    let mut tasks = vec![
        tokio::spawn(points::worker(shared.clone())),
        tokio::spawn(webhooks::worker(shared.clone(), webhook_rx)),
    ];
    if let Some(pace) = config.pace.filter(|p| !p.is_zero()) {
        tasks.push(tokio::spawn(dispatch::run(shared.clone(), pace)));
    }
    tracing::info!("sandbox listening on http://{addr}");
    Ok(SandboxHandle {
        addr,
        shared,
        server,
        tasks,
    })
}

/// `mok-console sandbox …`: serve `config` until Ctrl-C, printing the demo credentials and
/// `listening on http://127.0.0.1:N`.
pub fn serve(config: SandboxConfig) -> std::process::ExitCode {
    use std::io::Write;
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
    let port = config.port;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let handle = match start(config).await {
            Ok(h) => h,
            Err(e) => {
                eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        let mut out = std::io::stdout().lock();
        // The demo credentials are public fixed points (PRODUCT.md), not secrets.
        let _ = writeln!(out, "MOK sandbox: demo credentials");
        let _ = writeln!(out, "  client id      {CLIENT_ID}");
        let _ = writeln!(out, "  client secret  {CLIENT_SECRET}");
        let _ = writeln!(out, "  admin email    {ADMIN_EMAIL}");
        let _ = writeln!(out, "  admin token    {ADMIN_TOKEN}");
        let _ = writeln!(
            out,
            "  demo customer  {DEMO_ACCESS_IDENTIFIER}, zone {DEMO_ZONE}"
        );
        let _ = writeln!(out, "listening on {}", handle.base_url());
        let _ = out.flush();
        drop(out);
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("sandbox stopping");
        drop(handle);
        std::process::ExitCode::SUCCESS
    })
}
