//! The board's side of the stale-edit guard (issue 14) and its "changed since you looked"
//! marks.
//!
//! A status change is not sent at once: the board keeps the request as the agent saw it
//! when the picker opened ([`Opened`]: the detail's full copy, or the row's fields), asks
//! the guard ([`crate::tui::overlays::stale`]) to re-read and compare, and sends only on
//! its "send mine" verdict.
//!
//! "Looking" at the board means the board pane on top. Changes that reach the board while
//! another pane is on top (polls, pushes, the relay; not the agent's own answers) mark their
//! rows `◆` and count in the header's "N updates since you looked". Coming back to the
//! board is looking: the header's count goes, the rows keep their mark so the agent sees
//! which ones changed; a mark goes when its row is selected (the cursor moved onto it, or
//! its detail opened) and all go when the agent leaves the board again.

use super::{BoardEffect, BoardPane, Notice};
use crate::board::ROW_FIELDS;
use crate::model::changes::Seen;
use crate::model::{ServiceRequest, ServiceRequestUpdate, Status};
use crate::tui::action::Action;
use crate::tui::overlays::stale::{Check, StaleAction, Verdict};
use crate::tui::panes::Out;

/// The request as the agent saw it when they chose to change it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub id: i64,
    pub request: ServiceRequest,
    pub seen: Seen,
}

impl BoardPane {
    /// What the agent sees of request `id` now: the detail's copy when it is open on it
    /// (whole once fetched), else the row's fields.
    pub(super) fn seen_copy(&self, id: i64) -> Opened {
        if let Some(d) = &self.detail
            && d.id == id
            && let Some(r) = &d.request
        {
            let seen = if d.loading {
                Seen::Only(ROW_FIELDS)
            } else {
                Seen::Whole
            };
            return Opened {
                id,
                request: r.clone(),
                seen,
            };
        }
        let request = self
            .store
            .get(id)
            .map(|r| r.to_request())
            .unwrap_or(ServiceRequest {
                id: Some(id),
                ..Default::default()
            });
        Opened {
            id,
            request,
            seen: Seen::Only(ROW_FIELDS),
        }
    }

    /// The picker chose `status` for `id`: ask the guard before anything is sent.
    pub(super) fn guard_status(&mut self, id: i64, status: String) -> Vec<Out> {
        self.picker = None;
        let opened = match self.opened.take() {
            Some(o) if o.id == id => o,
            _ => self.seen_copy(id),
        };
        let request = self.request_label(id);
        self.notice = Some(Notice::Checking {
            request: request.clone(),
        });
        let sending = ServiceRequestUpdate {
            current_status: Some(status.clone()),
            ..Default::default()
        };
        self.guarding = Some((id, status));
        let check = Check {
            id,
            label: request,
            opened: opened.request,
            seen: opened.seen,
            sending,
            reply: |v| super::BoardAction::Guarded(v).into(),
        };
        vec![Action::from(StaleAction::Check(Box::new(check))).into()]
    }

    /// The guard's verdict on the waiting status change.
    pub(super) fn on_verdict(&mut self, verdict: Verdict) -> Vec<Out> {
        let Some((id, status)) = self.guarding.take() else {
            return vec![Out::Quiet];
        };
        let request = self.request_label(id);
        match verdict {
            Verdict::Send => {
                self.notice = Some(Notice::Changing {
                    request,
                    status: Status::parse(&status),
                });
                vec![BoardEffect::SetStatus { id, status }.into()]
            }
            Verdict::Reload { request: now, .. } => {
                if let Some(d) = &mut self.detail
                    && d.id == id
                {
                    d.request = Some((*now).clone());
                    d.loading = false;
                }
                self.put_answer(id, &Ok(now));
                self.notice = Some(Notice::Reloaded {
                    request: self.request_label(id),
                });
                Vec::new()
            }
            Verdict::Cancel => {
                self.notice = Some(Notice::NotSent { request });
                Vec::new()
            }
        }
    }

    // ---- "changed since you looked" ----

    /// Rows `ids` changed by someone else: marked when the agent is not looking.
    pub(super) fn note_unseen(&mut self, ids: impl IntoIterator<Item = i64>) {
        if !self.on_screen && self.poll.started {
            self.unseen.extend(ids);
        }
    }

    /// The agent selected (or opened) row `id`: they have looked at it.
    pub(super) fn looked_at(&mut self, id: i64) {
        self.unseen.remove(&id);
    }

    /// The board left the screen: everything it showed was looked at.
    pub(super) fn hidden(&mut self) {
        self.on_screen = false;
        self.unseen.clear();
    }

    /// Rows changed while the agent was not looking (the header's "N updates since you
    /// looked").
    pub fn unseen_count(&self) -> usize {
        self.unseen.len()
    }

    /// Whether row `id` carries the "changed since you looked" mark.
    pub fn is_unseen(&self, id: i64) -> bool {
        self.unseen.contains(&id)
    }

    pub fn is_on_screen(&self) -> bool {
        self.on_screen
    }
}
