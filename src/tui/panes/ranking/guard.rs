//! The ranking's side of the stale-edit guard (issue 14): an assignment is sent only after
//! the guard has re-read the request and compared it with the copy the agent chose it
//! from (the request they came from, or the open request they picked), and said "send".

use super::{RankNotice, RankingAction, RankingEffect, RankingPane, request_label};
use crate::model::ServiceRequest;
use crate::model::changes::Seen;
use crate::tui::action::Action;
use crate::tui::overlays::stale::{Check, StaleAction, Verdict};
use crate::tui::panes::Out;
use crate::tui::panes::board::BoardAction;

impl RankingPane {
    /// The agent's copy of request `id`: the request they came from, or the one they
    /// picked among the service's open requests.
    fn opened_copy(&self, id: i64) -> Option<ServiceRequest> {
        if let Some(t) = self.target.as_ref().filter(|t| t.id == Some(id)) {
            return Some(t.clone());
        }
        match self.assign.as_ref().and_then(|p| p.requests.as_ref()) {
            Some(Ok(list)) => list.iter().find(|r| r.id == Some(id)).cloned(),
            _ => None,
        }
    }

    /// `provider_name` chosen for request `id`: ask the guard before anything is sent.
    pub(super) fn guard_assign(&mut self, id: i64, provider_name: String) -> Vec<Out> {
        let (opened, seen) = match self.opened_copy(id) {
            Some(r) => (r, Seen::Whole),
            // Chosen without a copy on screen: only its id is known.
            None => (
                ServiceRequest {
                    id: Some(id),
                    ..Default::default()
                },
                Seen::Only(&["id"]),
            ),
        };
        self.assign = None;
        let label = request_label(&opened);
        self.notice = Some(RankNotice::Checking {
            provider: provider_name.clone(),
            request: label.clone(),
        });
        let sending = super::tasks::assign_body(&provider_name, opened.current_status.as_ref());
        self.guarding = Some((id, provider_name, label.clone()));
        let check = Check {
            id,
            label,
            opened,
            seen,
            sending,
            reply: |v| RankingAction::Guarded(v).into(),
        };
        vec![Action::from(StaleAction::Check(Box::new(check))).into()]
    }

    /// The guard's verdict on the waiting assignment.
    pub(super) fn on_verdict(&mut self, verdict: Verdict) -> Vec<Out> {
        let Some((id, provider_name, label)) = self.guarding.take() else {
            return vec![Out::Quiet];
        };
        match verdict {
            Verdict::Send => {
                self.notice = Some(RankNotice::Assigning {
                    provider: provider_name.clone(),
                    request: label,
                });
                vec![RankingEffect::Assign { id, provider_name }.into()]
            }
            Verdict::Reload { request, .. } => {
                if self.target.as_ref().is_some_and(|t| t.id == Some(id)) {
                    self.target = Some((*request).clone());
                }
                self.notice = Some(RankNotice::Reloaded {
                    request: request_label(&request),
                });
                // The board shows the server's copy too.
                vec![Action::Board(BoardAction::Changed { id, request }).into()]
            }
            Verdict::Cancel => {
                self.notice = Some(RankNotice::NotSent { request: label });
                Vec::new()
            }
        }
    }
}
