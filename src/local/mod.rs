//! The console's own SQLite database (issue 5): form drafts saved on every keystroke, the
//! outbox of creates not yet accepted by the server, short most-recently-used lists, and
//! the audit journal of every action taken against MOK (issue 14, see `journal`).
//!
//! One file in the platform data dir (`mok-console/console.sqlite3`), WAL mode, every write
//! its own transaction, so a crash loses at most the keystroke being written. The schema
//! version lives in `PRAGMA user_version` and [`MIGRATIONS`] bring older files forward.
//!
//! [`LocalStore`] is cheap to clone (clones share one connection behind a mutex): the UI
//! saves drafts with it while the [`OutboxWorker`] drains the outbox with a clone.
//!
//! Every row belongs to one server ([`ServerId`]) and a store handle is opened for one:
//! whatever it reads, lists, counts or sends is that server's only (see `server`). The
//! file and its folder are private to their user (0600 / 0700): they hold customers'
//! names, phones and addresses.

mod draft_writer;
mod drafts;
mod journal;
mod outbox;
mod private;
mod recent;
mod server;
mod worker;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use draft_writer::DraftWriter;
pub use drafts::DraftInfo;
pub use journal::{Journal, JournalEntry, os_user};
pub use outbox::{OutboxItem, OutboxState};
pub use recent::{RECENT_CAP, RecentList};
pub use server::{Elsewhere, LEGACY_KEY, ServerId};
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
    // 2: every row belongs to a server. Rows written before have an unknown one and get
    // `LEGACY_KEY`, which no session matches (see `server`): never sent anywhere.
    "ALTER TABLE drafts RENAME TO drafts_v1;
     CREATE TABLE drafts (
         server TEXT NOT NULL,
         key TEXT NOT NULL,
         json TEXT NOT NULL,
         updated_at INTEGER NOT NULL,
         PRIMARY KEY (server, key)
     );
     INSERT INTO drafts SELECT 'unknown', key, json, updated_at FROM drafts_v1;
     DROP TABLE drafts_v1;
     DROP INDEX outbox_state;
     ALTER TABLE outbox RENAME TO outbox_v1;
     CREATE TABLE outbox (
         server TEXT NOT NULL,
         external_id TEXT NOT NULL,
         body TEXT NOT NULL,
         state TEXT NOT NULL DEFAULT 'pending',
         created_at INTEGER NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0,
         last_error TEXT,
         last_attempt_at INTEGER,
         request_id INTEGER,
         PRIMARY KEY (server, external_id)
     );
     INSERT INTO outbox SELECT 'unknown', external_id, body, state, created_at, attempts,
         last_error, last_attempt_at, request_id FROM outbox_v1;
     DROP TABLE outbox_v1;
     CREATE INDEX outbox_state ON outbox(server, state, created_at);
     ALTER TABLE recent RENAME TO recent_v1;
     CREATE TABLE recent (
         server TEXT NOT NULL,
         list TEXT NOT NULL,
         value TEXT NOT NULL,
         seq INTEGER NOT NULL,
         PRIMARY KEY (server, list, value)
     );
     INSERT INTO recent SELECT 'unknown', list, value, seq FROM recent_v1;
     DROP TABLE recent_v1;",
    // 3: the audit journal, per server, append-only: the console only inserts, and the
    // triggers refuse any change or removal of a written entry.
    "CREATE TABLE journal (
         seq INTEGER PRIMARY KEY AUTOINCREMENT,
         server TEXT NOT NULL,
         at INTEGER NOT NULL,
         os_user TEXT NOT NULL,
         via TEXT NOT NULL,
         action TEXT NOT NULL,
         target TEXT,
         external_id TEXT,
         fields TEXT NOT NULL DEFAULT '',
         result TEXT NOT NULL,
         detail TEXT,
         error TEXT
     );
     CREATE INDEX journal_server_at ON journal(server, at);
     CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
         BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
     CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
         BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;",
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
    #[error("cannot make {0} private to its user: {1}")]
    Private(String, std::io::Error),
    #[error("no platform data directory (set HOME)")]
    NoDataDir,
    #[error("stored data is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no outbox item with external_id {0}")]
    UnknownItem(String),
}

pub type LocalResult<T> = Result<T, LocalError>;

/// A handle on the local database, for one server's rows.
#[derive(Clone)]
pub struct LocalStore {
    conn: Arc<Mutex<Connection>>,
    path: Arc<str>,
    server: Arc<ServerId>,
}

impl std::fmt::Debug for LocalStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalStore")
            .field("path", &self.path)
            .field("server", &self.server.name())
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

    /// Opens the database at the default path for `server`'s rows, creating the directory.
    pub fn open_default(server: ServerId) -> LocalResult<LocalStore> {
        Self::open(&Self::default_path().ok_or(LocalError::NoDataDir)?, server)
    }

    /// Opens (creating when missing) and migrates the database at `path`, for `server`'s
    /// rows. The file (and its WAL) ends up 0600 and its folder 0700, also when they
    /// existed with wider modes.
    pub fn open(path: &Path, server: ServerId) -> LocalResult<LocalStore> {
        let name = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private::create_dir(dir).map_err(|e| LocalError::Dir(dir.display().to_string(), e))?;
        }
        private::create_file(path).map_err(|e| LocalError::Private(name.clone(), e))?;
        let conn = Connection::open(path).map_err(|source| LocalError::Sqlite {
            path: name.clone(),
            source,
        })?;
        let store = Self::setup(conn, name.clone(), server)?;
        // WAL mode made `-wal` and `-shm` beside it: SQLite copies the file's mode, but an
        // older file may have left wider ones behind.
        private::tighten_companions(path).map_err(|e| LocalError::Private(name, e))?;
        Ok(store)
    }

    /// A private in-memory database (tests, or when the disk is unusable), for the
    /// sandbox's rows; [`for_server`](Self::for_server) gives a handle for another server.
    pub fn open_in_memory() -> LocalResult<LocalStore> {
        let conn = Connection::open_in_memory().map_err(|source| LocalError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        Self::setup(conn, ":memory:".into(), ServerId::sandbox())
    }

    /// A handle on the same database for `server`'s rows.
    pub fn for_server(&self, server: ServerId) -> LocalStore {
        LocalStore {
            conn: self.conn.clone(),
            path: self.path.clone(),
            server: Arc::new(server),
        }
    }

    /// The server this handle reads and writes for.
    pub fn server(&self) -> &ServerId {
        &self.server
    }

    fn setup(mut conn: Connection, name: String, server: ServerId) -> LocalResult<LocalStore> {
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
            server: Arc::new(server),
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
