//! Headless subcommands: every API operation from the command line. The top level below is
//! shared with `main.rs`; [`args`] holds the subcommands, [`run`] runs them, [`output`]
//! prints tables, [`journal`] lists the audit journal, [`docs`] writes completions and the
//! man page.

pub mod args;
pub mod docs;
mod import;
pub mod journal;
mod keys;
pub mod output;
mod run;
mod sandbox;

pub use args::HeadlessCommand;
pub use keys::print_keys;
pub use run::{EXIT_CONFIG, EXIT_FAILED, EXIT_REFUSED, EXIT_UNREACHABLE, run_headless};
pub use sandbox::serve_sandbox;

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

impl GlobalArgs {
    /// Where these flags say to connect.
    pub fn connect(&self) -> crate::connection::ConnectOptions {
        crate::connection::ConnectOptions {
            config: self.config.clone(),
            sandbox: self.sandbox,
        }
    }

    /// What the TUI is started with.
    pub fn tui(&self) -> crate::tui::TuiOptions {
        crate::tui::TuiOptions {
            connect: self.connect(),
            log_level: self.log_level.clone(),
            wall: self.wall,
        }
    }
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
    /// Open the console on the wallboard: the board as big figures for a shared screen
    /// (Esc goes to the board, q quits).
    #[arg(long)]
    pub wall: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the sandbox server alone on 127.0.0.1.
    Sandbox(SandboxArgs),
    /// The team relay: follow MOK once (polls, plus webhooks when [webhook] is set) and
    /// publish the board to [relay]'s NATS JetStream for every console whose config has [relay].
    Relay,
    /// Every action name with the key(s) it is bound to now (after [keys]) and what it does.
    Keys,
    /// The local audit journal: what this console did against the current server (creates,
    /// updates, status changes, assignments, WhatsApp messages, admin actions), when, by whom.
    Journal(JournalArgs),
    /// Shell completions on stdout: `mok-console completions bash > ~/.local/share/bash-completion/completions/mok-console`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The man page (roff) on stdout: `mok-console man | man -l -`.
    Man,
    #[command(flatten)]
    Headless(HeadlessCommand),
}

#[derive(Debug, Clone, Args)]
pub struct JournalArgs {
    /// Only entries from then on: 2024-12-17 (local midnight), "2024-12-17 16:24" or an
    /// RFC 3339 stamp.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// CSV with a header row (--json: one JSON document).
    #[arg(long)]
    pub csv: bool,
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
    /// Deliveries carry HTTP Basic with this user (and --webhook-basic-password).
    #[arg(long, value_name = "USER", requires_all = ["webhook_url", "webhook_basic_password"])]
    pub webhook_basic_user: Option<String>,
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "MOK_WEBHOOK_BASIC_PASSWORD",
        hide_env_values = true,
        requires = "webhook_basic_user"
    )]
    pub webhook_basic_password: Option<String>,
    /// Deliveries carry this fixed Bearer token.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "MOK_WEBHOOK_BEARER_TOKEN",
        hide_env_values = true,
        requires = "webhook_url",
        conflicts_with_all = ["webhook_basic_user", "webhook_token_url"]
    )]
    pub webhook_bearer_token: Option<String>,
    /// Deliveries carry a Bearer token fetched from this URL (client_credentials grant with
    /// --webhook-token-client-id / --webhook-token-client-secret), renewed when it expires or
    /// a delivery answers 401. The console's receiver serves it at /webhooks/token.
    #[arg(
        long,
        value_name = "URL",
        requires_all = ["webhook_url", "webhook_token_client_id", "webhook_token_client_secret"],
        conflicts_with = "webhook_basic_user"
    )]
    pub webhook_token_url: Option<String>,
    #[arg(
        long,
        value_name = "ID",
        env = "MOK_WEBHOOK_TOKEN_CLIENT_ID",
        requires = "webhook_token_url"
    )]
    pub webhook_token_client_id: Option<String>,
    #[arg(
        long,
        value_name = "SECRET",
        env = "MOK_WEBHOOK_TOKEN_CLIENT_SECRET",
        hide_env_values = true,
        requires = "webhook_token_url"
    )]
    pub webhook_token_client_secret: Option<String>,
    /// Generate N service requests (about 5 % open, the rest finished or cancelled over
    /// the last months), to try the board at scale.
    #[arg(long, value_name = "N")]
    pub requests: Option<usize>,
    /// Tokens answer 401 after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 3600)]
    pub token_ttl: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    fn sandbox(extra: &[&str]) -> Result<SandboxArgs, clap::Error> {
        let mut argv = vec![
            "mok-console",
            "sandbox",
            "--webhook-url",
            "http://127.0.0.1:1/webhooks",
            "--webhook-secret",
            "s",
        ];
        argv.extend_from_slice(extra);
        match Cli::try_parse_from(argv)?.command {
            Some(Command::Sandbox(a)) => Ok(a),
            _ => panic!("not the sandbox command"),
        }
    }

    #[test]
    fn the_sandbox_takes_one_webhook_auth_mode() {
        let a = sandbox(&[
            "--webhook-basic-user",
            "mok",
            "--webhook-basic-password",
            "p",
        ])
        .unwrap();
        assert_eq!(a.webhook_basic_user.as_deref(), Some("mok"));
        let a = sandbox(&["--webhook-bearer-token", "t"]).unwrap();
        assert_eq!(a.webhook_bearer_token.as_deref(), Some("t"));
        let a = sandbox(&[
            "--webhook-token-url",
            "http://127.0.0.1:1/webhooks/token",
            "--webhook-token-client-id",
            "id",
            "--webhook-token-client-secret",
            "sec",
        ])
        .unwrap();
        assert_eq!(a.webhook_token_client_id.as_deref(), Some("id"));
        // Half a credential, or two modes at once, is refused before anything starts.
        assert!(sandbox(&["--webhook-basic-user", "mok"]).is_err());
        assert!(sandbox(&["--webhook-token-url", "http://127.0.0.1:1/webhooks/token"]).is_err());
        assert!(
            sandbox(&[
                "--webhook-bearer-token",
                "t",
                "--webhook-basic-user",
                "mok",
                "--webhook-basic-password",
                "p"
            ])
            .is_err()
        );
    }
}
