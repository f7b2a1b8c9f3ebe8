//! The edit form's side of the stale-edit guard (issue 14): Ctrl-S on an edit does not
//! send at once; the guard re-reads the request and compares it with the one the form was
//! opened with (kept in the form's mode, and in its draft across a crash).
//!
//! "Reload theirs" reopens the form on the server's copy and keeps the agent's edits to
//! the fields nobody else changed (their value and the server's then were the same); a
//! field someone else changed takes the server's value, the agent's typing for it is
//! dropped. Nothing is sent: the agent reviews and saves again (guarded again).

use super::fields::{Fixed, FormData, Mode};
use super::{FormAction, Notice, RequestFormPane, Submission};
use crate::model::ServiceRequest;
use crate::model::changes::Seen;
use crate::tui::action::Action;
use crate::tui::i18n::T;
use crate::tui::overlays::stale::{Check, StaleAction, Verdict};
use crate::tui::panes::Out;

impl RequestFormPane {
    /// An update is ready: ask the guard before anything is sent.
    pub(super) fn guard_update(&mut self, submission: Submission) -> Vec<Out> {
        let Some(form) = &self.form else {
            return Vec::new();
        };
        let (Mode::Edit(original), Submission::Update { id, body }) =
            (&form.data.mode, &submission)
        else {
            return self.send_now(submission);
        };
        let label = match original.public_id.as_deref() {
            Some(p) if !p.trim().is_empty() => format!("#{id} ({p})"),
            _ => format!("#{id}"),
        };
        let check = Check {
            id: *id,
            label,
            opened: (**original).clone(),
            seen: Seen::Whole,
            sending: body.clone(),
            reply: |v| Action::Form(FormAction::Guarded(v)),
        };
        self.guarding = Some((form.key.clone(), submission));
        vec![Action::from(StaleAction::Check(Box::new(check))).into()]
    }

    /// The guard's verdict on the waiting update.
    pub(super) fn on_verdict(&mut self, verdict: Verdict) -> Vec<Out> {
        let Some((key, submission)) = self.guarding.take() else {
            return vec![Out::Quiet];
        };
        // Another form took its place meanwhile: this verdict is about nothing on screen.
        if self.form.as_ref().is_none_or(|f| f.key != key) {
            return vec![Out::Quiet];
        }
        match verdict {
            Verdict::Send => self.send_now(submission),
            Verdict::Reload { request, changed } => {
                self.reload_from(*request, &changed);
                Vec::new()
            }
            Verdict::Cancel => {
                self.notice = Some(Notice::good(T::StaleFormCancelled));
                Vec::new()
            }
        }
    }

    /// The form on the server's copy, keeping the agent's edits to fields nobody else
    /// changed.
    fn reload_from(&mut self, server: ServiceRequest, changed: &[String]) {
        let catalog = self.catalog.clone();
        let Some(form) = &mut self.form else {
            return;
        };
        let old = &form.data;
        let mut fresh = FormData::edit(server);
        let mut kept = 0;
        for f in Fixed::ALL.into_iter().filter(|f| f.updatable()) {
            let k = f.key();
            let typed = old.values.get(k).map_or("", |v| v.trim());
            let opened = old.loaded.get(k).map_or("", |v| v.trim());
            if typed == opened || changed.iter().any(|c| c == k) {
                continue;
            }
            match old.values.get(k) {
                Some(v) => fresh.values.insert(k.to_owned(), v.clone()),
                None => fresh.values.remove(k),
            };
            kept += 1;
        }
        fresh.visited = old.visited.clone();
        form.data = fresh;
        form.changed = kept > 0;
        form.error = None;
        let focus = form.focus.clone();
        // Reloads the focused field's text into the input.
        form.focus_on(&catalog, focus);
        self.notice = Some(if kept > 0 {
            Notice {
                key: T::StaleFormReloaded,
                args: vec![("n", kept.to_string())],
                bad: false,
                field: None,
            }
        } else {
            Notice::good(T::StaleFormReloadedNone)
        });
        self.save_draft();
    }
}

/// The agent's own create or update, onto the board at once: it is not someone else's
/// change, so the board never counts it as an update "since you looked".
pub(super) fn onto_board(request: &ServiceRequest) -> Vec<Out> {
    request
        .id
        .map(|id| {
            Action::Board(crate::tui::panes::board::BoardAction::Changed {
                id,
                request: Box::new(request.clone()),
            })
            .into()
        })
        .into_iter()
        .collect()
}
