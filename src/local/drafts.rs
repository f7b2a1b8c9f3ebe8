//! Form drafts: the request form's state, saved on every keystroke, restored on reopen.

use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use super::{LocalResult, LocalStore, now_ms};

/// A saved draft's key and when it was last written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInfo {
    pub key: String,
    /// Milliseconds since the Unix epoch.
    pub updated_at: i64,
}

impl LocalStore {
    /// Writes (or replaces) the draft `key`. One prepared statement, one commit.
    pub fn save_draft(&self, key: &str, json: &Value) -> LocalResult<()> {
        let text = json.to_string();
        self.with(|c| {
            c.prepare_cached(
                "INSERT INTO drafts (server, key, json, updated_at) VALUES (?4, ?1, ?2, ?3)
                 ON CONFLICT(server, key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
            )?
            .execute(params![key, text, now_ms(), self.server.key()])
            .map(drop)
        })
    }

    pub fn load_draft(&self, key: &str) -> LocalResult<Option<Value>> {
        let text: Option<String> = self.with(|c| {
            c.prepare_cached("SELECT json FROM drafts WHERE server = ?2 AND key = ?1")?
                .query_row(params![key, self.server.key()], |r| r.get(0))
                .optional()
        })?;
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    }

    /// Every draft of this server, most recently written first.
    pub fn list_drafts(&self) -> LocalResult<Vec<DraftInfo>> {
        self.with(|c| {
            c.prepare_cached(
                "SELECT key, updated_at FROM drafts WHERE server = ?1
                 ORDER BY updated_at DESC, key",
            )?
            .query_map(params![self.server.key()], |r| {
                Ok(DraftInfo {
                    key: r.get(0)?,
                    updated_at: r.get(1)?,
                })
            })?
            .collect()
        })
    }

    /// Removes a draft (after its request is sent); `false` when there was none.
    pub fn delete_draft(&self, key: &str) -> LocalResult<bool> {
        self.with(|c| {
            c.prepare_cached("DELETE FROM drafts WHERE server = ?2 AND key = ?1")?
                .execute(params![key, self.server.key()])
                .map(|n| n > 0)
        })
    }
}
