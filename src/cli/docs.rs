//! `mok-console completions SHELL` and `mok-console man`: generated from the same clap
//! definitions that parse the command line, so they never drift from it.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;

/// The binary's name in completions and the man page.
const BIN: &str = "mok-console";

/// Shell completions for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut out = Vec::new();
    write_completions(shell, &mut out);
    finish(std::io::stdout().lock().write_all(&out))
}

/// `shell`'s completion script.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), BIN, out);
}

/// The man page (roff) on stdout.
pub fn man() -> ExitCode {
    match man_page() {
        Ok(page) => finish(std::io::stdout().lock().write_all(&page)),
        Err(e) => finish(Err(e)),
    }
}

/// The man page: clap_mangen's sections for the top level, then one entry for every
/// command at every depth (`requests create`, `admin points add`, …) with its usage, so
/// the nested commands are documented too.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command().name(BIN);
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    let mut commands = Vec::new();
    collect_commands(&cmd, &mut Vec::new(), &mut commands);
    out.extend_from_slice(b".SH COMMANDS\n");
    for c in commands {
        let mut entry = format!(
            ".TP\n\\fB{}\\fR\n{}\n.br\n{}\n",
            roff_escape(&format!("{BIN} {}", c.path)),
            roff_escape(&c.about),
            roff_escape(&c.usage)
        );
        for (name, help) in &c.args {
            entry.push_str(&format!(
                ".br\n\\fI{}\\fR  {}\n",
                roff_escape(name),
                roff_escape(help)
            ));
        }
        out.extend_from_slice(entry.as_bytes());
    }
    Ok(out)
}

/// One command at any depth, for the COMMANDS section.
struct CommandDoc {
    /// `requests create`
    path: String,
    about: String,
    usage: String,
    /// Its own arguments (not the global ones): `--since <DATE>` and what it does.
    args: Vec<(String, String)>,
}

/// Every subcommand below `cmd`, depth first.
fn collect_commands(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<CommandDoc>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        path.push(sub.get_name().to_owned());
        let usage = sub
            .clone()
            .bin_name(format!("{BIN} {}", path.join(" ")))
            .render_usage()
            .to_string();
        let args = sub
            .get_arguments()
            .filter(|a| !a.is_global_set() && !a.is_hide_set())
            .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
            .map(|a| {
                let value = a
                    .get_value_names()
                    .map(|v| v.iter().map(|n| format!(" <{n}>")).collect::<String>())
                    .unwrap_or_default();
                let name = match a.get_long() {
                    Some(long) => format!("--{long}{value}"),
                    None => format!("<{}>", a.get_id().as_str().to_uppercase()),
                };
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                (name, help)
            })
            .collect();
        out.push(CommandDoc {
            path: path.join(" "),
            about: sub.get_about().map(|a| a.to_string()).unwrap_or_default(),
            usage: usage.trim_start_matches("Usage: ").trim().to_owned(),
            args,
        });
        collect_commands(sub, path, out);
        path.pop();
    }
}

/// Text safe inside a roff line: backslashes and hyphens escaped, no line starting with
/// a control character.
fn roff_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\e"),
            '-' => escaped.push_str("\\-"),
            '\n' => escaped.push(' '),
            // Plain ASCII for any troff: others by code point.
            c if !c.is_ascii() => escaped.push_str(&format!("\\[u{:04X}]", c as u32)),
            c => escaped.push(c),
        }
    }
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

fn finish(written: std::io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_FAILED)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_escaping_keeps_lines_from_being_requests() {
        assert_eq!(roff_escape("--json"), "\\-\\-json");
        assert_eq!(roff_escape(".hidden"), "\\&.hidden");
        assert_eq!(roff_escape("a\\b"), "a\\eb");
        assert_eq!(roff_escape("A …"), "A \\[u2026]");
    }
}
