//! Which server local data belongs to. Drafts, outbox items and recent lists are written
//! for one server (base URL + client id; the embedded sandbox is one server whatever its
//! port) and a session only ever reads, sends or counts its own server's.

use rusqlite::params;

use super::{LocalResult, LocalStore};

/// The key of rows written before servers were recorded (schema 1). No session matches
/// it: an old outbox item may have been meant for production or for the sandbox, and
/// sending it to whichever server comes next could create a demo request on production
/// (or swallow a real one in the sandbox). They stay in the file, counted at start.
pub const LEGACY_KEY: &str = "unknown";

const SANDBOX_KEY: &str = "sandbox";

/// A server's identity as stored with every local row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServerId {
    key: String,
}

impl ServerId {
    /// The embedded sandbox: one identity whatever port it runs on this time.
    pub fn sandbox() -> ServerId {
        ServerId {
            key: SANDBOX_KEY.into(),
        }
    }

    /// A real server: its base URL (normalised: scheme and host lowercase, no trailing
    /// slash) and the client id the session signs in with, as `client_id@base_url`.
    pub fn remote(base_url: &str, client_id: &str) -> ServerId {
        let base = base_url.trim();
        let base = reqwest::Url::parse(base)
            .map(|u| u.as_str().to_owned())
            .unwrap_or_else(|_| base.to_owned());
        ServerId {
            key: format!("{}@{}", client_id.trim(), base.trim_end_matches('/')),
        }
    }

    /// Rows written before servers were recorded: no session is this server.
    pub fn legacy() -> ServerId {
        ServerId {
            key: LEGACY_KEY.into(),
        }
    }

    /// As stored in the database.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// For people: `sandbox`, `client@https://host`, or `unknown`.
    pub fn name(&self) -> &str {
        &self.key
    }

    fn from_key(key: String) -> ServerId {
        ServerId { key }
    }
}

impl std::fmt::Display for ServerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Items kept for another server than the session's: they wait, untouched, for a session
/// on that server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub server: ServerId,
    /// Saved drafts.
    pub drafts: usize,
    /// Outbox items not yet accepted (pending or rejected).
    pub unsent: usize,
}

impl Elsewhere {
    pub fn items(&self) -> usize {
        self.drafts + self.unsent
    }
}

impl LocalStore {
    /// Drafts and unsent outbox items of every other server, largest count first. Only
    /// counts and server names leave the database: nothing of another server is offered.
    pub fn elsewhere(&self) -> LocalResult<Vec<Elsewhere>> {
        let me = self.server.key().to_owned();
        let rows: Vec<(String, i64, i64)> = self.with(|c| {
            c.prepare_cached(
                "SELECT server, SUM(d), SUM(o) FROM (
                     SELECT server, 1 AS d, 0 AS o FROM drafts WHERE server <> ?1
                     UNION ALL
                     SELECT server, 0, 1 FROM outbox WHERE server <> ?1 AND state <> 'sent'
                 ) GROUP BY server ORDER BY SUM(d) + SUM(o) DESC, server",
            )?
            .query_map(params![me], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect()
        })?;
        Ok(rows
            .into_iter()
            .map(|(key, d, o)| Elsewhere {
                server: ServerId::from_key(key),
                drafts: usize::try_from(d).unwrap_or(0),
                unsent: usize::try_from(o).unwrap_or(0),
            })
            .collect())
    }
}
