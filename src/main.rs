//! Entry point: parse the command line, then run the TUI, the sandbox or a headless command.

use clap::Parser;
use mok_console::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    mok_console::memory::configure();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Sandbox(args)) => mok_console::cli::serve_sandbox(args),
        Some(Command::Keys) => mok_console::cli::print_keys(&cli.global),
        Some(Command::Relay) => mok_console::relay::publish::run_cli(&cli.global),
        Some(Command::Journal(args)) => mok_console::cli::journal::run(&cli.global, args),
        Some(Command::Completions { shell }) => mok_console::cli::docs::completions(shell),
        Some(Command::Man) => mok_console::cli::docs::man(),
        Some(Command::Headless(cmd)) => mok_console::cli::run_headless(&cli.global, cmd),
        None => mok_console::tui::run(&cli.global.tui()),
    }
}
