//! Short most-recently-used lists (searches, zones) offered as suggestions.

use rusqlite::params;

use super::{LocalResult, LocalStore};

/// How many entries each list keeps.
pub const RECENT_CAP: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecentList {
    /// Lookup searches (`kind:value` as the caller chooses to encode them).
    Searches,
    /// Zone external ids used for provider ranking.
    Zones,
}

impl RecentList {
    fn name(self) -> &'static str {
        match self {
            RecentList::Searches => "searches",
            RecentList::Zones => "zones",
        }
    }
}

impl LocalStore {
    /// Puts `value` at the front of `list` (moving it when already there) and trims the list
    /// to [`RECENT_CAP`]. Blank values are ignored.
    pub fn push_recent(&self, list: RecentList, value: &str) -> LocalResult<()> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(());
        }
        self.with_mut(|c| {
            let tx = c.transaction()?;
            tx.prepare_cached(
                "INSERT INTO recent (server, list, value, seq)
                 VALUES (?3, ?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM recent))
                 ON CONFLICT(server, list, value) DO UPDATE SET seq = excluded.seq",
            )?
            .execute(params![list.name(), value, self.server.key()])?;
            tx.prepare_cached(
                "DELETE FROM recent WHERE server = ?3 AND list = ?1 AND value NOT IN
                 (SELECT value FROM recent WHERE server = ?3 AND list = ?1
                  ORDER BY seq DESC LIMIT ?2)",
            )?
            .execute(params![list.name(), RECENT_CAP as i64, self.server.key()])?;
            tx.commit()
        })
    }

    /// This server's list, most recent first.
    pub fn recent(&self, list: RecentList) -> LocalResult<Vec<String>> {
        self.with(|c| {
            c.prepare_cached(
                "SELECT value FROM recent WHERE server = ?2 AND list = ?1 ORDER BY seq DESC",
            )?
            .query_map(params![list.name(), self.server.key()], |r| r.get(0))?
            .collect()
        })
    }
}
