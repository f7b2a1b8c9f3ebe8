//! The console's own SQLite database (issue 5): form drafts saved on every keystroke, the
//! outbox of creates not yet accepted by the server, and short most-recently-used lists.
//!
//! One file in the platform data dir (`mok-console/console.sqlite3`), WAL mode, every write
//! its own transaction, so a crash loses at most the keystroke being written. The schema
//! version lives in `PRAGMA user_version` and [`MIGRATIONS`] bring older files forward.
//!
//! [`LocalStore`] is cheap to clone (clones share one connection behind a mutex): the UI
//! saves drafts with it while the [`OutboxWorker`] drains the outbox with a clone.

mod drafts;
mod outbox;
mod recent;
mod worker;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use drafts::DraftInfo;
pub use outbox::{OutboxItem, OutboxState};
pub use recent::{RECENT_CAP, RecentList};
pub use worker::{Backoff, OutboxReport, OutboxWorker};

/// File name inside the data dir.
pub const DB_FILE: &str = "console.sqlite3";

/// Schema steps; `user_version` is how many have run. Append, never edit.
pub const MIGRATIONS: &[&str] = &[
    // 1: drafts, outbox, recent lists.
    "CREATE TABLE drafts (
         key TEXT PRIMARY KEY,
         json TEXT NOT NULL,
         updated_at INTEGER NOT NULL
     );
     CREATE TABLE outbox (
         external_id TEXT PRIMARY KEY,
         body TEXT NOT NULL,
         state TEXT NOT NULL DEFAULT 'pending',
         created_at INTEGER NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0,
         last_error TEXT,
         last_attempt_at INTEGER,
         request_id INTEGER
     );
     CREATE INDEX outbox_state ON outbox(state, created_at);
     CREATE TABLE recent (
         list TEXT NOT NULL,
         value TEXT NOT NULL,
         seq INTEGER NOT NULL,
         PRIMARY KEY (list, value)
     );",
];

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("local database {path}: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "local database {0} was written by a newer mok-console (schema {1}, this one knows {2})"
    )]
    NewerSchema(String, i64, usize),
    #[error("cannot create the data directory {0}: {1}")]
    Dir(String, std::io::Error),
    #[error("no platform data directory (set HOME)")]
    NoDataDir,
    #[error("stored data is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no outbox item with external_id {0}")]
    UnknownItem(String),
}

pub type LocalResult<T> = Result<T, LocalError>;

/// A handle on the local database.
#[derive(Clone)]
pub struct LocalStore {
    conn: Arc<Mutex<Connection>>,
    path: Arc<str>,
}

impl std::fmt::Debug for LocalStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalStore")
            .field("path", &self.path)
            .finish()
    }
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl LocalStore {
    /// `<platform data dir>/console.sqlite3`, e.g. `~/.local/share/mok-console/console.sqlite3`.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "mok-console").map(|d| d.data_dir().join(DB_FILE))
    }

    /// Opens the database at the default path, creating the directory.
    pub fn open_default() -> LocalResult<LocalStore> {
        Self::open(&Self::default_path().ok_or(LocalError::NoDataDir)?)
    }

    /// Opens (creating when missing) and migrates the database at `path`.
    pub fn open(path: &Path) -> LocalResult<LocalStore> {
        let name = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| LocalError::Dir(dir.display().to_string(), e))?;
        }
        let conn = Connection::open(path).map_err(|source| LocalError::Sqlite {
            path: name.clone(),
            source,
        })?;
        Self::setup(conn, name)
    }

    /// A private in-memory database (tests, or when the disk is unusable).
    pub fn open_in_memory() -> LocalResult<LocalStore> {
        let conn = Connection::open_in_memory().map_err(|source| LocalError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        Self::setup(conn, ":memory:".into())
    }

    fn setup(mut conn: Connection, name: String) -> LocalResult<LocalStore> {
        let wrap = |source| LocalError::Sqlite {
            path: name.clone(),
            source,
        };
        // WAL: a write appends to the log without rewriting pages; NORMAL: no fsync per
        // commit (the log is synced at checkpoints), so a keystroke costs microseconds and an
        // application crash still loses nothing committed.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(wrap)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(wrap)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(wrap)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(wrap)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(LocalError::NewerSchema(name, version, MIGRATIONS.len()));
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction().map_err(wrap)?;
            tx.execute_batch(step).map_err(wrap)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(wrap)?;
            tx.commit().map_err(wrap)?;
        }
        Ok(LocalStore {
            conn: Arc::new(Mutex::new(conn)),
            path: name.into(),
        })
    }

    /// Where the database lives (`:memory:` for a private one).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> LocalResult<i64> {
        self.with(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (every write is atomic).
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> LocalResult<T> {
        f(&self.lock()).map_err(|source| LocalError::Sqlite {
            path: self.path.to_string(),
            source,
        })
    }

    fn with_mut<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> LocalResult<T> {
        f(&mut self.lock()).map_err(|source| LocalError::Sqlite {
            path: self.path.to_string(),
            source,
        })
    }
}

#[cfg(test)]
mod tests;
