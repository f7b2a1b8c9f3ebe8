//! `mok-console completions SHELL` and `mok-console man` through the built binary: each
//! generates and names the real subcommands.

use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_mok-console"))
        .args(args)
        // Neither needs a config, a server or a data dir.
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{args:?}: nothing on stderr");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Subcommands at each level, as a user completes them.
const NAMES: [&str; 12] = [
    "sandbox",
    "journal",
    "completions",
    "contracts",
    "requests",
    "whatsapp",
    "providers",
    "admin",
    "search",
    "create",
    "update",
    "recurrent",
];

#[test]
fn every_shell_gets_completions_naming_the_real_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = run(&["completions", shell]);
        for name in NAMES {
            assert!(script.contains(name), "{shell}: no {name}");
        }
        // Flags too, the global ones included.
        for flag in ["access-identifier", "since", "csv", "json", "sandbox"] {
            assert!(script.contains(flag), "{shell}: no --{flag}");
        }
    }
    // Shell-specific shapes, so a script for one shell is not handed to another.
    assert!(run(&["completions", "bash"]).contains("complete -F"));
    assert!(run(&["completions", "zsh"]).starts_with("#compdef mok-console"));
    assert!(run(&["completions", "fish"]).contains("complete -c mok-console"));
    assert!(run(&["completions", "powershell"]).contains("Register-ArgumentCompleter"));
    assert!(run(&["completions", "elvish"]).contains("edit:completion:arg-completer"));
}

#[test]
fn an_unknown_shell_is_refused_with_the_known_ones() {
    let out = Command::new(env!("CARGO_BIN_EXE_mok-console"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bash") && err.contains("powershell"), "{err}");
}

#[test]
fn the_man_page_is_roff_and_documents_every_command() {
    let page = run(&["man"]);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH mok-console"),
        "{page}"
    );
    assert!(page.contains(".TH mok\\-console") || page.contains(".TH mok-console"));
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH COMMANDS",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    // Nested commands with their usage, hyphens escaped for roff.
    for command in [
        "mok\\-console requests create",
        "mok\\-console admin contracts import",
        "mok\\-console admin recurrent update",
        "mok\\-console journal",
        "mok\\-console completions",
    ] {
        assert!(page.contains(command), "no {command}");
    }
    assert!(page.contains("\\-\\-since"), "journal's --since");
    // No line of ours starts like a roff request by accident.
    for line in page.lines().filter(|l| l.starts_with('.')) {
        let request = line[1..].split_whitespace().next().unwrap_or("");
        assert!(
            request.len() <= 3 || request.starts_with("ie") || request.starts_with("el"),
            "odd request line: {line}"
        );
    }
}
