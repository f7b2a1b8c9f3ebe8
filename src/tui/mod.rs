//! The terminal console (issue 4).

/// Runs the TUI until the user quits.
pub fn run(global: &crate::cli::GlobalArgs) -> std::process::ExitCode {
    let _ = global;
    todo!()
}
