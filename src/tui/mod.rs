//! The terminal console (issue 4), built on one pane protocol (issue 11).
//!
//! - [`panes`]: the protocol ([`panes::Pane`], [`panes::Update`], [`panes::Out`]) and one
//!   folder per pane (state and update, keys, view, the tasks it asks for).
//! - [`overlays`]: help, palette, the WhatsApp dialog (they speak the same protocol).
//! - [`app`]: routing only — global keys, which pane and overlay are on top, the chrome,
//!   and intents passed from pane to pane as actions.
//! - [`action`]: App's own actions (one nested enum per pane) and the effects panes ask for.
//! - [`runner`]: the one task runner: spawns every effect, hands out request ids, cancels.
//! - [`event_loop`]: terminal setup/restore, events + task answers + ticks, draw when dirty.
//! - [`i18n`]: every user-visible string, Spanish and English; [`theme`]: styles.
//! - [`keys`]: key binding tables (dispatch and help from one source); [`widgets`]: drawing.
//! - `harness` (tests, or the `test-support` feature): drives the app without a terminal.

pub mod action;
pub mod app;
pub mod event_loop;
#[cfg(any(test, feature = "test-support"))]
pub mod harness;
pub mod i18n;
pub mod keymap;
pub mod keys;
/// Amounts and copayment tiers in words an agent can say.
pub mod numbers;
pub mod overlays;
pub mod panes;
pub mod runner;
pub mod theme;
pub mod widgets;

use std::process::ExitCode;

use crate::connection::{ConnectOptions, Connection};

/// What the console is started with (the command line's flags, as plain options).
#[derive(Debug, Clone)]
pub struct TuiOptions {
    pub connect: ConnectOptions,
    /// The log file's level (`--log-level`).
    pub log_level: String,
    /// `--wall`: open on the wallboard.
    pub wall: bool,
}

/// Runs the TUI until the user quits.
pub fn run(options: &TuiOptions) -> ExitCode {
    let (_log_guard, log_path) = crate::logging::init(&options.log_level);
    if let Err(e) = color_eyre::install() {
        eprintln!("warning: {e}");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        // Config and connection errors are reported before the screen opens.
        let connection = match Connection::open(&options.connect, true).await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let deps = app::Deps {
            language: connection.config.language(),
            place: connection.place(),
            sandbox: connection.sandbox.is_some(),
            today: chrono::Local::now().date_naive(),
            warnings: connection.config.warnings.clone(),
        };
        // A bad question-set file is reported before the screen opens.
        let requests = &connection.config.requests;
        let catalog = match crate::forms::FormCatalog::load(requests.forms_file.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        // The board reads urgency with the same sets the form flags it with.
        crate::forms::urgency::install(catalog.clone());
        let mut deps = deps;
        let server = connection.server_id();
        let local = match crate::local::LocalStore::open_default(server.clone()) {
            Ok(store) => Some(store),
            Err(e) => {
                deps.warnings
                    .push(format!("{e}; drafts and outbox are kept in memory only"));
                crate::local::LocalStore::open_in_memory()
                    .ok()
                    .map(|s| s.for_server(server))
            }
        };

        // Every action of the panes and the outbox is journaled for this server, through
        // the client they all share.
        if let Some(store) = &local {
            connection
                .client
                .journal_to(std::sync::Arc::new(crate::local::Journal::new(
                    store.clone(),
                    "tui",
                )));
        }
        let mut setup = panes::request_form::RequestSetup::new(catalog, local.clone());
        setup.source = requests.source.clone();
        setup.contact_center_phone = requests.contact_center_phone.clone();
        tracing::info!(place = %deps.place, "console starting");
        // `[keys]` was checked as the config was read; a problem still stops here.
        let keymap = match connection.config.keymap() {
            Ok(k) => k,
            Err(e) => {
                eprintln!("error: keys.{}: {}", e.action, e.message);
                return ExitCode::FAILURE;
            }
        };
        let mouse = connection.config.ui.mouse();
        let mut app = app::App::new(deps);
        app.set_keymap(keymap);
        app.set_mouse(mouse);
        app.set_theme(connection.config.ui.theme);
        app.setup_requests(setup);
        // `[webhook]` set: the receiver starts with the console and feeds the board. On the
        // embedded sandbox without one, the sandbox pushes to a receiver of our own.
        // `[relay]` set: the board follows the team relay instead of polling MOK.
        let webhook = match (&connection.config.webhook, &connection.sandbox) {
            (Some(w), _) => Some(w.clone()),
            (None, Some(sandbox)) => embedded_pushes(sandbox),
            (None, None) => None,
        };
        app.configure_board(
            panes::board::BoardSettings::from_config(&connection.config.board, webhook.as_ref())
                .with_relay(connection.config.relay.as_ref()),
        );
        if options.wall {
            app.open_wall(true);
        }
        let result = event_loop::run_with(app, connection.client.clone(), local).await;
        drop(connection);
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: terminal: {e}");
                if let Some(path) = &log_path {
                    eprintln!("log: {}", path.display());
                }
                ExitCode::FAILURE
            }
        }
    })
}

/// Wires the embedded sandbox's signed webhooks to a receiver of the console's own, on a
/// free loopback port with a fresh secret, so a newcomer sees pushed updates with no
/// set-up. `None` (polling only) when no port is free.
pub fn embedded_pushes(
    sandbox: &crate::sandbox::SandboxHandle,
) -> Option<crate::config::WebhookSection> {
    // The port is picked here, not by the receiver, so the sandbox can be told it now; the
    // sandbox retries deliveries until the receiver listens.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| tracing::warn!("no port for the embedded sandbox's webhooks: {e}"))
        .ok()?;
    let secret = hex::encode(rand::random::<[u8; 32]>());
    // Read as a config file would be, so the section's other keys keep their defaults.
    let section: crate::config::WebhookSection = toml::from_str(&format!(
        "listen = \"127.0.0.1:{port}\"\nsecret = \"{secret}\"\n"
    ))
    .map_err(|e| tracing::warn!("embedded webhook section: {e}"))
    .ok()?;
    sandbox.set_webhook(Some(crate::sandbox::WebhookTarget {
        url: format!("http://127.0.0.1:{port}{}", crate::webhook::PATH),
        secret,
    }));
    tracing::info!(
        port,
        "embedded sandbox pushes to the console's own receiver"
    );
    Some(section)
}
