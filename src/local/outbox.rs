//! The outbox: creates the server has not yet accepted (offline, outage), kept on disk until
//! they land. Each carries its `external_id`, so a retry can never create a duplicate.

use rusqlite::{OptionalExtension, params};

use crate::model::ServiceRequestCreate;

use super::{LocalError, LocalResult, LocalStore, now_ms};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting to be (re)sent.
    Pending,
    /// The server has it; `request_id` says under which id.
    Sent,
    /// The server refused it (e.g. 422): retrying would not help; the agent must act.
    Rejected,
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "sent" => Self::Sent,
            "rejected" => Self::Rejected,
            _ => Self::Pending,
        }
    }
}

/// One queued create.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    pub external_id: String,
    pub body: ServiceRequestCreate,
    pub state: OutboxState,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub request_id: Option<i64>,
}

const COLUMNS: &str =
    "external_id, body, state, created_at, attempts, last_error, last_attempt_at, request_id";

fn item(r: &rusqlite::Row) -> rusqlite::Result<(OutboxItem, String)> {
    let body: String = r.get(1)?;
    let state: String = r.get(2)?;
    Ok((
        OutboxItem {
            external_id: r.get(0)?,
            body: ServiceRequestCreate::default(),
            state: OutboxState::parse(&state),
            created_at: r.get(3)?,
            attempts: r.get(4)?,
            last_error: r.get(5)?,
            last_attempt_at: r.get(6)?,
            request_id: r.get(7)?,
        },
        body,
    ))
}

fn with_bodies(rows: Vec<(OutboxItem, String)>) -> LocalResult<Vec<OutboxItem>> {
    rows.into_iter()
        .map(|(mut i, body)| {
            i.body = serde_json::from_str(&body)?;
            Ok(i)
        })
        .collect()
}

impl LocalStore {
    /// Queues a create, giving it a UUID `external_id` when it has none; returns that id.
    /// Queuing the same `external_id` again keeps the first (it is the same request).
    pub fn enqueue(&self, mut body: ServiceRequestCreate) -> LocalResult<String> {
        let external_id = match body.external_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => uuid::Uuid::new_v4().to_string(),
        };
        body.external_id = Some(external_id.clone());
        let json = serde_json::to_string(&body)?;
        self.with(|c| {
            c.prepare_cached(
                "INSERT INTO outbox (server, external_id, body, created_at) VALUES (?4, ?1, ?2, ?3)
                 ON CONFLICT(server, external_id) DO NOTHING",
            )?
            .execute(params![external_id, json, now_ms(), self.server.key()])
        })?;
        Ok(external_id)
    }

    /// This server's items waiting to be sent, oldest first.
    pub fn pending(&self) -> LocalResult<Vec<OutboxItem>> {
        let rows = self.with(|c| {
            c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox WHERE server = ?1 AND state = 'pending'
                 ORDER BY created_at, rowid"
            ))?
            .query_map(params![self.server.key()], item)?
            .collect()
        })?;
        with_bodies(rows)
    }

    /// Every item of this server, any state, oldest first (for the UI's outbox list).
    pub fn outbox(&self) -> LocalResult<Vec<OutboxItem>> {
        let rows = self.with(|c| {
            c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox WHERE server = ?1 ORDER BY created_at, rowid"
            ))?
            .query_map(params![self.server.key()], item)?
            .collect()
        })?;
        with_bodies(rows)
    }

    pub fn outbox_item(&self, external_id: &str) -> LocalResult<Option<OutboxItem>> {
        let row = self.with(|c| {
            c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox WHERE server = ?2 AND external_id = ?1"
            ))?
            .query_row(params![external_id, self.server.key()], item)
            .optional()
        })?;
        Ok(with_bodies(row.into_iter().collect())?.pop())
    }

    /// Runs `sql` on one item; every statement names its server too, so no handle can
    /// change another server's items.
    fn update(&self, external_id: &str, sql: &str, p: &[&dyn rusqlite::ToSql]) -> LocalResult<()> {
        let n = self.with(|c| c.prepare_cached(sql)?.execute(p))?;
        if n == 0 {
            return Err(LocalError::UnknownItem(external_id.to_owned()));
        }
        Ok(())
    }

    /// The server has it (as `request_id`).
    pub fn mark_sent(&self, external_id: &str, request_id: Option<i64>) -> LocalResult<()> {
        self.update(
            external_id,
            "UPDATE outbox SET state = 'sent', request_id = ?2, last_error = NULL,
                 attempts = attempts + 1, last_attempt_at = ?3 WHERE server = ?4 AND external_id = ?1",
            &[&external_id, &request_id, &now_ms(), &self.server.key()],
        )
    }

    /// An attempt failed in a way worth retrying; counts it and keeps the error.
    pub fn mark_failed(&self, external_id: &str, error: &str) -> LocalResult<()> {
        self.update(
            external_id,
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, last_attempt_at = ?3
                 WHERE server = ?4 AND external_id = ?1",
            &[&external_id, &error, &now_ms(), &self.server.key()],
        )
    }

    /// The server refused it; it stays in the outbox, no longer retried.
    pub fn mark_rejected(&self, external_id: &str, error: &str) -> LocalResult<()> {
        self.update(
            external_id,
            "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?2,
                 last_attempt_at = ?3 WHERE server = ?4 AND external_id = ?1",
            &[&external_id, &error, &now_ms(), &self.server.key()],
        )
    }

    /// Puts a rejected (or sent) item back in line, attempts reset.
    pub fn requeue(&self, external_id: &str) -> LocalResult<()> {
        self.update(
            external_id,
            "UPDATE outbox SET state = ?2, attempts = 0, last_attempt_at = NULL
                 WHERE server = ?3 AND external_id = ?1",
            &[
                &external_id,
                &OutboxState::Pending.as_str(),
                &self.server.key(),
            ],
        )
    }

    /// Drops an item for good.
    pub fn discard(&self, external_id: &str) -> LocalResult<()> {
        self.update(
            external_id,
            "DELETE FROM outbox WHERE server = ?2 AND external_id = ?1",
            &[&external_id, &self.server.key()],
        )
    }
}
