//! Logging with tracing to a file in the platform's state dir, never to the terminal the
//! TUI draws on. (OWNER: issue 3.)
//!
//! What is logged: operation names, statuses, timings, retries. Never headers or bodies:
//! they carry credentials and personal data.

use std::path::PathBuf;
use tracing_subscriber::EnvFilter;

/// The log file's name inside [`log_dir`].
pub const LOG_FILE: &str = "mok-console.log";

/// The platform's state dir (`~/.local/state/mok-console`), else its local data dir.
pub fn log_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "mok-console")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf(),
    )
}

/// Starts logging at `level`; returns the guard that flushes the file on drop, and the
/// log file's path. When the dir cannot be made, nothing is logged (never the terminal).
pub fn init(
    level: &str,
) -> (
    Option<tracing_appender::non_blocking::WorkerGuard>,
    Option<std::path::PathBuf>,
) {
    let Some(dir) = log_dir() else {
        return (None, None);
    };
    init_in(&dir, level)
}

/// [`init`] into `dir`.
pub fn init_in(
    dir: &std::path::Path,
    level: &str,
) -> (
    Option<tracing_appender::non_blocking::WorkerGuard>,
    Option<std::path::PathBuf>,
) {
    if std::fs::create_dir_all(dir).is_err() {
        return (None, None);
    }
    let path = dir.join(LOG_FILE);
    let file = match std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(_) => return (None, None),
    };
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = filter_for(level);
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .with_target(true)
        .try_init()
        .is_ok();
    if !installed {
        // Someone else (a test harness) already owns the global subscriber.
        return (None, None);
    }
    (Some(guard), Some(path))
}

/// `level` for our crate, warnings for dependencies (their debug output may include
/// headers). An unknown level means `info`.
fn filter_for(level: &str) -> EnvFilter {
    let level = match level.trim().to_ascii_lowercase().as_str() {
        l @ ("error" | "warn" | "info" | "debug" | "trace" | "off") => l.to_owned(),
        _ => "info".to_owned(),
    };
    EnvFilter::new(format!("warn,mok_console={level}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn levels() {
        assert_eq!(
            super::filter_for("DEBUG").to_string(),
            "mok_console=debug,warn"
        );
        assert_eq!(
            super::filter_for("loud").to_string(),
            "mok_console=info,warn"
        );
    }
}
