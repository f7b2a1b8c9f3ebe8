//! Saves drafts off the UI thread, a service of the local store like the outbox worker: the
//! request form hands it each keystroke's form, and its thread writes the newest state of
//! each draft to the local SQLite. Dropping the writer waits for what is queued, so nothing typed before a quit (or a test's drop) is lost.

use std::sync::mpsc;
use std::thread::JoinHandle;

use serde_json::Value;

use super::LocalStore;

enum Job {
    Save(String, Value),
    Delete(String),
}

pub struct DraftWriter {
    tx: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl DraftWriter {
    pub fn new(store: LocalStore) -> Self {
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("draft-writer".into())
            .spawn(move || write_loop(store, rx))
            .ok();
        Self {
            tx: Some(tx),
            thread,
        }
    }

    pub fn save(&self, key: &str, json: Value) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Save(key.to_owned(), json));
        }
    }

    pub fn delete(&self, key: &str) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Delete(key.to_owned()));
        }
    }
}

fn write_loop(store: LocalStore, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        // Keystrokes arrive faster than they need writing: of what is queued, only the
        // newest job per draft is done.
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        let mut done = std::collections::HashSet::new();
        for job in batch.into_iter().rev() {
            let key = match &job {
                Job::Save(k, _) | Job::Delete(k) => k.clone(),
            };
            if !done.insert(key.clone()) {
                continue;
            }
            let result = match job {
                Job::Save(k, json) => store.save_draft(&k, &json),
                Job::Delete(k) => store.delete_draft(&k).map(drop),
            };
            if let Err(e) = result {
                tracing::warn!(draft = %key, "could not write the draft: {e}");
            }
        }
    }
}

impl Drop for DraftWriter {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
