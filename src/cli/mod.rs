//! Headless subcommands: every API operation from the command line. The top level below is
//! shared with `main.rs`; [`args`] holds the subcommands, [`run`] runs them, [`output`]
//! prints tables.

pub mod args;
mod import;
pub mod output;
mod run;

pub use args::HeadlessCommand;
pub use run::{EXIT_CONFIG, EXIT_FAILED, EXIT_REFUSED, EXIT_UNREACHABLE, run_headless};

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "mok-console",
    version,
    about = "Terminal console for MOK partner provider networks",
    after_help = "Exit codes of headless commands: 0 done; 1 partly failed (an import with failed rows); \
2 bad usage, configuration or input (refused before sending); 3 refused by the server (4xx); \
4 server unreachable, timed out, 5xx or unreadable answer."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every mode understands.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Use this config file instead of the platform default.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Run on the embedded sandbox, whatever the config says.
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// Print the server's JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// error, warn, info, debug or trace (the log goes to a file, never to the terminal).
    #[arg(long, global = true, value_name = "LEVEL", default_value = "info")]
    pub log_level: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the sandbox server alone on 127.0.0.1.
    Sandbox(SandboxArgs),
    /// The team relay: follow MOK once (polls, plus webhooks when [webhook] is set) and
    /// publish the board to [relay]'s NATS JetStream for every console whose config has [relay].
    Relay,
    #[command(flatten)]
    Headless(HeadlessCommand),
}

#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 18080)]
    pub port: u16,
    /// The simulated dispatch changes a request about every SECS seconds (0 stops it).
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub pace: f64,
    /// POST every change to this URL, signed.
    #[arg(long, value_name = "URL", requires = "webhook_secret")]
    pub webhook_url: Option<String>,
    /// Secret the webhook signature (X-Signature, HMAC-SHA256) is keyed with.
    #[arg(
        long,
        value_name = "S",
        env = "MOK_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<String>,
    /// Generate N service requests (about 5 % open, the rest finished or cancelled over
    /// the last months), to try the board at scale.
    #[arg(long, value_name = "N")]
    pub requests: Option<usize>,
    /// Tokens answer 401 after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 3600)]
    pub token_ttl: u64,
}
