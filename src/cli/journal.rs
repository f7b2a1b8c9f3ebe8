//! `mok-console journal [--since DATE] [--json|--csv]`: the local audit journal of the
//! current server (what this console did, when, by whom), read without connecting.

use std::process::ExitCode;

use super::output::Table;
use super::{EXIT_CONFIG, EXIT_FAILED};
use super::{GlobalArgs, JournalArgs};
use crate::config::Config;
use crate::local::{JournalEntry, LocalStore};

/// Lists the journal; exit 0, or 2 with one line on stderr (bad config or date), or 1 when
/// the database cannot be read.
pub fn run(global: &GlobalArgs, args: JournalArgs) -> ExitCode {
    match list(global, &args) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

fn list(global: &GlobalArgs, args: &JournalArgs) -> Result<(), (u8, String)> {
    if global.json && args.csv {
        return Err((EXIT_CONFIG, "choose one of --json and --csv".into()));
    }
    let since = match &args.since {
        Some(text) => Some(parse_since(text).map_err(|e| (EXIT_CONFIG, e))?),
        None => None,
    };
    let config = Config::load(global.config.as_deref()).map_err(|e| (EXIT_CONFIG, e.message))?;
    let server = global.connect().server_id(&config);
    let path = LocalStore::default_path().ok_or((
        EXIT_FAILED,
        "no platform data directory (set HOME)".to_owned(),
    ))?;
    // Nothing was ever journaled on this machine: an empty journal, and no file created.
    let entries = if path.exists() {
        LocalStore::open(&path, server.clone())
            .and_then(|store| store.journal(since))
            .map_err(|e| (EXIT_FAILED, e.to_string()))?
    } else {
        Vec::new()
    };
    let out = if global.json {
        let doc = serde_json::json!({ "server": server.name(), "entries": entries });
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    } else if args.csv {
        csv(&entries).map_err(|e| (EXIT_FAILED, e))?
    } else {
        table(server.name(), &entries)
    };
    print!("{out}");
    Ok(())
}

/// `2024-12-17` (from local midnight), `2024-12-17 16:24[:05]` (local time) or an RFC 3339
/// stamp, as milliseconds since the Unix epoch.
pub fn parse_since(text: &str) -> Result<i64, String> {
    use chrono::{Local, NaiveDate, NaiveDateTime, TimeZone};
    let t = text.trim();
    if let Ok(stamp) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(stamp.timestamp_millis());
    }
    let naive = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .or_else(|| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").ok())
        .or_else(|| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").ok())
        .or_else(|| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").ok());
    naive
        .and_then(|n| Local.from_local_datetime(&n).earliest())
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| {
            format!(
                "--since {t:?}: expected a date (2024-12-17), a local time (2024-12-17 16:24) or an RFC 3339 stamp"
            )
        })
}

/// What an entry says besides its columns: external id, detail, error.
fn note(e: &JournalEntry) -> String {
    let mut parts = Vec::new();
    if let Some(x) = &e.external_id {
        parts.push(format!("external_id {x}"));
    }
    parts.extend(e.detail.clone());
    if let Some(err) = &e.error {
        parts.push(format!("error: {err}"));
    }
    parts.join("; ")
}

fn table(server: &str, entries: &[JournalEntry]) -> String {
    if entries.is_empty() {
        return format!("no journal entries for {server}\n");
    }
    let mut t = Table::new(&[
        "time", "user", "via", "action", "target", "result", "fields", "note",
    ]);
    for e in entries {
        t.row(vec![
            e.local_time(),
            e.user.clone(),
            e.via.clone(),
            e.action.clone(),
            e.target.clone().unwrap_or_default(),
            e.result.clone(),
            e.fields.join(","),
            note(e),
        ]);
    }
    format!("journal of {server}\n\n{}", t.render())
}

fn csv(entries: &[JournalEntry]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| e.to_string();
    w.write_record([
        "seq",
        "at",
        "server",
        "user",
        "via",
        "action",
        "target",
        "external_id",
        "fields",
        "result",
        "detail",
        "error",
    ])
    .map_err(fail)?;
    for e in entries {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        w.write_record([
            e.seq.to_string(),
            e.at.clone(),
            e.server.clone(),
            e.user.clone(),
            e.via.clone(),
            e.action.clone(),
            opt(&e.target),
            opt(&e.external_id),
            e.fields.join(" "),
            e.result.clone(),
            opt(&e.detail),
            opt(&e.error),
        ])
        .map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_reads_dates_local_times_and_stamps() {
        let day = parse_since("2024-12-17").unwrap();
        let later = parse_since("2024-12-17 16:24").unwrap();
        assert_eq!(later - day, (16 * 60 + 24) * 60 * 1000);
        assert_eq!(
            parse_since("2024-12-17T16:24:05Z").unwrap(),
            1_734_452_645_000
        );
        let err = parse_since("yesterday").unwrap_err();
        assert!(
            err.contains("--since") && err.contains("2024-12-17"),
            "{err}"
        );
    }
}
