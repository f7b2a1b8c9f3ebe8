//! The audit journal (issue 14): every action this console took against MOK, appended one
//! committed row at a time to the same private database as the drafts and the outbox, for
//! the server it went to, with the OS user and the time.
//!
//! Append-only from the console's side: the schema refuses `UPDATE` and `DELETE` on it
//! (triggers), and this module only inserts and reads. What an entry holds is decided by
//! [`crate::api::audit`]: names, ids and outcomes, never values or secrets.

use std::path::PathBuf;
use std::sync::OnceLock;

use rusqlite::params;
use serde::Serialize;

use super::{LocalError, LocalResult, LocalStore, ServerId, now_ms};
use crate::api::audit::{AuditEntry, AuditSink};

/// One journaled action, as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalEntry {
    /// Order of writing (unique in the file).
    pub seq: i64,
    /// When, in milliseconds since the Unix epoch.
    #[serde(skip)]
    pub at_ms: i64,
    /// When, RFC 3339 in UTC (what `--json` and `--csv` print).
    pub at: String,
    pub server: String,
    /// The OS user the console ran as.
    pub user: String,
    /// Which side of the console acted: `tui` (panes and the outbox) or `cli`.
    pub via: String,
    pub action: String,
    pub target: Option<String>,
    pub external_id: Option<String>,
    pub fields: Vec<String>,
    pub result: String,
    pub detail: Option<String>,
    pub error: Option<String>,
}

impl JournalEntry {
    /// The time in the reader's local zone, to the second.
    pub fn local_time(&self) -> String {
        chrono::DateTime::from_timestamp_millis(self.at_ms)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|| self.at.clone())
    }

    /// Every text of the entry in one lowercase string, for a filter.
    pub fn haystack(&self) -> String {
        [
            self.local_time().as_str(),
            &self.user,
            &self.via,
            &self.action,
            self.target.as_deref().unwrap_or(""),
            self.external_id.as_deref().unwrap_or(""),
            &self.fields.join(" "),
            &self.result,
            self.detail.as_deref().unwrap_or(""),
            self.error.as_deref().unwrap_or(""),
        ]
        .join(" ")
        .to_lowercase()
    }
}

/// Fields are stored as one text, separated by this (field names hold no spaces).
const FIELD_SEPARATOR: &str = " ";

impl LocalStore {
    /// Appends one entry for this handle's server, committed before it returns.
    pub fn journal_append(&self, user: &str, via: &str, entry: &AuditEntry) -> LocalResult<i64> {
        let server = self.server.key().to_owned();
        self.with(|c| {
            c.prepare_cached(
                "INSERT INTO journal (server, at, os_user, via, action, target, external_id,
                                      fields, result, detail, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                server,
                now_ms(),
                user,
                via,
                entry.action.name(),
                entry.target,
                entry.external_id,
                entry.fields.join(FIELD_SEPARATOR),
                entry.result.name(),
                entry.detail,
                entry.error,
            ])?;
            Ok(c.last_insert_rowid())
        })
    }

    /// This server's entries from `since_ms` on (all when `None`), oldest first.
    pub fn journal(&self, since_ms: Option<i64>) -> LocalResult<Vec<JournalEntry>> {
        let server = self.server.key().to_owned();
        self.with(|c| {
            c.prepare_cached(
                "SELECT seq, at, server, os_user, via, action, target, external_id, fields,
                        result, detail, error
                 FROM journal WHERE server = ?1 AND at >= ?2 ORDER BY seq",
            )?
            .query_map(params![server, since_ms.unwrap_or(i64::MIN)], |r| {
                let at_ms: i64 = r.get(1)?;
                let fields: String = r.get(8)?;
                Ok(JournalEntry {
                    seq: r.get(0)?,
                    at_ms,
                    at: chrono::DateTime::from_timestamp_millis(at_ms)
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                        .unwrap_or_default(),
                    server: r.get(2)?,
                    user: r.get(3)?,
                    via: r.get(4)?,
                    action: r.get(5)?,
                    target: r.get(6)?,
                    external_id: r.get(7)?,
                    fields: fields
                        .split(FIELD_SEPARATOR)
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    result: r.get(9)?,
                    detail: r.get(10)?,
                    error: r.get(11)?,
                })
            })?
            .collect()
        })
    }
}

/// The OS user the console runs as: from the system's user database (not the
/// environment, which anyone can set); when the uid has no entry there (a container),
/// `$USER`, else `uid N`.
pub fn os_user() -> String {
    whoami::username()
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(unknown_user)
}

#[cfg(unix)]
fn unknown_user() -> String {
    use std::os::unix::fs::MetadataExt;
    // The uid that owns what this process creates: its own.
    std::fs::metadata("/proc/self")
        .map(|m| format!("uid {}", m.uid()))
        .unwrap_or_else(|_| "unknown".into())
}

#[cfg(not(unix))]
fn unknown_user() -> String {
    "unknown".into()
}

/// The journal as the client's [`AuditSink`]: each entry appended for the session's
/// server with the OS user and which side acted. A write that fails is logged and kept
/// in [`failures`](Self::failures) (the action itself already happened).
pub struct Journal {
    store: Backing,
    user: String,
    via: &'static str,
    failures: parking_lot::Mutex<Vec<String>>,
}

enum Backing {
    Open(LocalStore),
    /// Opened at the first entry: a headless command that takes no action (a search)
    /// never touches the database, which keeps the CLI's start fast.
    Lazy {
        path: PathBuf,
        server: ServerId,
        store: OnceLock<Result<LocalStore, String>>,
    },
}

impl Journal {
    /// Journals into an open store, for its server.
    pub fn new(store: LocalStore, via: &'static str) -> Journal {
        Journal {
            store: Backing::Open(store),
            user: os_user(),
            via,
            failures: Default::default(),
        }
    }

    /// Journals into the database at `path`, opened (and migrated) at the first entry.
    pub fn lazy(path: PathBuf, server: ServerId, via: &'static str) -> Journal {
        Journal {
            store: Backing::Lazy {
                path,
                server,
                store: OnceLock::new(),
            },
            user: os_user(),
            via,
            failures: Default::default(),
        }
    }

    /// [`lazy`](Self::lazy) at the platform's data dir.
    pub fn lazy_default(server: ServerId, via: &'static str) -> LocalResult<Journal> {
        let path = LocalStore::default_path().ok_or(LocalError::NoDataDir)?;
        Ok(Self::lazy(path, server, via))
    }

    fn store(&self) -> Result<&LocalStore, String> {
        match &self.store {
            Backing::Open(store) => Ok(store),
            Backing::Lazy {
                path,
                server,
                store,
            } => store
                .get_or_init(|| LocalStore::open(path, server.clone()).map_err(|e| e.to_string()))
                .as_ref()
                .map_err(Clone::clone),
        }
    }

    /// Why entries could not be written, if any could not.
    pub fn failures(&self) -> Vec<String> {
        self.failures.lock().clone()
    }
}

impl AuditSink for Journal {
    fn record(&self, entry: &AuditEntry) {
        let written = self.store().and_then(|store| {
            store
                .journal_append(&self.user, self.via, entry)
                .map_err(|e| e.to_string())
        });
        if let Err(e) = written {
            tracing::error!(
                action = entry.action.name(),
                "journal entry not written: {e}"
            );
            self.failures.lock().push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::audit::{AuditAction, AuditResult, recovered_create};

    fn real() -> ServerId {
        ServerId::remote("https://partner.example", "client-1")
    }

    #[test]
    fn entries_are_committed_one_by_one_and_read_per_server() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.sqlite3");
        let sandbox = LocalStore::open(&path, ServerId::sandbox()).unwrap();
        let production = sandbox.for_server(real());
        sandbox
            .journal_append("ana", "tui", &recovered_create("x-1", Some(5)))
            .unwrap();
        production
            .journal_append("luis", "cli", &recovered_create("x-2", None))
            .unwrap();
        // Another connection (another process, or the console after a crash) sees each
        // entry at once: every append is its own committed transaction.
        let other = LocalStore::open(&path, ServerId::sandbox()).unwrap();
        let mine = other.journal(None).unwrap();
        assert_eq!(mine.len(), 1);
        let e = &mine[0];
        assert_eq!(
            (e.server.as_str(), e.user.as_str(), e.via.as_str()),
            ("sandbox", "ana", "tui")
        );
        assert_eq!(e.action, AuditAction::Create.name());
        assert_eq!(e.result, AuditResult::Recovered.name());
        assert_eq!(e.target.as_deref(), Some("service_request 5"));
        assert_eq!(e.external_id.as_deref(), Some("x-1"));
        let theirs = other.for_server(real()).journal(None).unwrap();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].user, "luis");
        // --since: from a moment after everything, nothing.
        assert!(other.journal(Some(now_ms() + 1_000)).unwrap().is_empty());
        assert_eq!(other.journal(Some(e.at_ms)).unwrap().len(), 1);
    }

    #[test]
    fn the_journal_refuses_changes_and_removals() {
        let s = LocalStore::open_in_memory().unwrap();
        s.journal_append("ana", "tui", &recovered_create("x-1", Some(5)))
            .unwrap();
        for sql in ["UPDATE journal SET result = 'ok'", "DELETE FROM journal"] {
            let err = s.with(|c| c.execute(sql, [])).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        assert_eq!(s.journal(None).unwrap().len(), 1);
    }

    #[test]
    fn a_lazy_journal_makes_no_file_until_its_first_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("console.sqlite3");
        let journal = Journal::lazy(path.clone(), ServerId::sandbox(), "cli");
        assert!(!path.exists());
        journal.record(&recovered_create("x-1", Some(5)));
        assert!(journal.failures().is_empty());
        let store = LocalStore::open(&path, ServerId::sandbox()).unwrap();
        assert_eq!(store.journal(None).unwrap().len(), 1);
        assert_eq!(store.journal(None).unwrap()[0].user, os_user());
    }

    #[test]
    fn a_journal_that_cannot_be_written_says_why_and_does_not_panic() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the data folder should be: the database cannot be made.
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, "not a folder").unwrap();
        let journal = Journal::lazy(blocker.join("console.sqlite3"), ServerId::sandbox(), "cli");
        journal.record(&recovered_create("x-1", None));
        assert_eq!(journal.failures().len(), 1);
    }
}
