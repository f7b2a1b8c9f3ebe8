//! Ranking (F4): a zone (recent ones remembered in the local database) and one of the
//! network's services → the providers ranked for them; `a` assigns the selected provider
//! to a service request (one of that service's open requests, or the one the agent came
//! from), a PATCH setting the provider's name and status `assigned`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::board::BoardAction;
use super::{Out, Pane, Update, ViewCtx};
use crate::api::ApiError;
use crate::model::{RankedProvider, Service, ServiceRequest};
use crate::tui::action::{Action, Effect, PaneId, RequestId};
use crate::tui::i18n::T;
use crate::tui::keys::{KeyHelp, help_of, lookup, merged};
use crate::tui::runner::new_request_id;

#[derive(Debug, Clone)]
pub enum RankingAction {
    /// Enter with a zone and a service: the app tags it with a request id.
    Rank {
        zone: String,
        service_external_id: String,
    },
    Ranked {
        request: RequestId,
        result: Result<Vec<RankedProvider>, ApiError>,
    },
    RecentZones(Vec<String>),
    /// `a` without a request to assign to: load the service's open requests.
    ChooseRequest {
        service_external_id: String,
    },
    OpenRequestsLoaded {
        service_external_id: String,
        result: Result<Vec<ServiceRequest>, ApiError>,
    },
    Assign {
        id: i64,
        provider_name: String,
    },
    Assigned {
        id: i64,
        provider_name: String,
        result: Result<Box<ServiceRequest>, ApiError>,
    },
    /// From a request's detail: rank for its service, and assign to it.
    ForRequest(Box<ServiceRequest>),
    /// The network's services, from `me`.
    Services(Vec<Service>),
    /// The stale-edit guard's verdict on the assignment waiting to be sent.
    Guarded(crate::tui::overlays::stale::Verdict),
}

#[derive(Debug, Clone, PartialEq)]
pub enum RankingEffect {
    Rank {
        request: RequestId,
        zone: String,
        service_external_id: String,
    },
    LoadRecentZones,
    SaveRecentZone(String),
    LoadOpenRequests {
        service_external_id: String,
    },
    Assign {
        id: i64,
        provider_name: String,
    },
}

mod guard;
mod keys;
mod mouse;
pub mod tasks;
/// This pane's key tables, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] =
    &[&keys::ZONE_KEYS, &keys::RESULT_KEYS, &keys::ASSIGN_KEYS];
mod view;

use keys::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Zone,
    Results,
}

#[derive(Debug, Clone)]
pub enum RankState {
    Idle,
    Loading {
        request: RequestId,
        zone: String,
        service: String,
    },
    Ranked {
        zone: String,
        service: String,
        providers: Vec<RankedProvider>,
    },
    Failed {
        zone: String,
        service: String,
        error: ApiError,
    },
}

/// The open requests the selected provider can be assigned to.
#[derive(Debug, Clone)]
pub struct AssignPicker {
    pub provider: String,
    pub service_external_id: String,
    pub requests: Option<Result<Vec<ServiceRequest>, ApiError>>,
    selected: usize,
}

#[derive(Debug, Clone)]
pub enum RankNotice {
    NeedZone,
    NeedService,
    /// Re-reading the request before the assignment is sent (the stale-edit guard).
    Checking {
        provider: String,
        request: String,
    },
    /// The guard's "reload theirs": nothing sent, the server's copy taken.
    Reloaded {
        request: String,
    },
    /// The guard's "cancel": nothing sent.
    NotSent {
        request: String,
    },
    Assigning {
        provider: String,
        request: String,
    },
    Assigned {
        provider: String,
        request: String,
    },
    AssignFailed(ApiError),
}

pub struct RankingPane {
    zone: String,
    services: Vec<Service>,
    service: usize,
    recent: Vec<String>,
    recent_at: Option<usize>,
    focus: Focus,
    state: RankState,
    selected: usize,
    /// The request the agent came from (the detail's `p`): `a` assigns to it directly.
    target: Option<ServiceRequest>,
    assign: Option<AssignPicker>,
    notice: Option<RankNotice>,
    /// When an outcome notice (assigned) appeared: it expires.
    notice_at: Option<std::time::Instant>,
    shown: bool,
    /// The assignment waiting for the guard's verdict: request, provider, label.
    guarding: Option<(i64, String, String)>,
}

impl Default for RankingPane {
    fn default() -> Self {
        Self::new()
    }
}

/// `#id (public id)`.
fn request_label(r: &ServiceRequest) -> String {
    let id = r.id.unwrap_or_default();
    match r.public_id.as_deref() {
        Some(p) if !p.is_empty() => format!("#{id} ({p})"),
        _ => format!("#{id}"),
    }
}

/// Whether the error is the API's 422 `missing_required_params`.
pub fn is_missing_params(e: &ApiError) -> bool {
    e.status == Some(422) && e.message.contains("missing_required_params")
}

impl RankingPane {
    pub fn new() -> Self {
        Self {
            zone: String::new(),
            services: Vec::new(),
            service: 0,
            recent: Vec::new(),
            recent_at: None,
            focus: Focus::Zone,
            state: RankState::Idle,
            selected: 0,
            target: None,
            assign: None,
            notice: None,
            notice_at: None,
            shown: false,
            guarding: None,
        }
    }

    pub fn state(&self) -> &RankState {
        &self.state
    }
    pub fn zone(&self) -> &str {
        &self.zone
    }
    pub fn recent_zones(&self) -> &[String] {
        &self.recent
    }
    pub fn notice(&self) -> Option<&RankNotice> {
        self.notice.as_ref()
    }

    /// An "assigned" notice is showing and younger than `after`.
    pub fn has_transient_notice(&self, after: std::time::Duration) -> bool {
        self.notice_at.is_some_and(|at| at.elapsed() < after)
    }

    /// Drops an "assigned" notice older than `after`; true when it went.
    pub fn expire_notice(&mut self, now: std::time::Instant, after: std::time::Duration) -> bool {
        let old = self
            .notice_at
            .is_some_and(|at| now.saturating_duration_since(at) >= after);
        if old {
            self.notice_at = None;
            if matches!(self.notice, Some(RankNotice::Assigned { .. })) {
                self.notice = None;
            }
        }
        old
    }
    pub fn assign_picker(&self) -> Option<&AssignPicker> {
        self.assign.as_ref()
    }
    pub fn target(&self) -> Option<&ServiceRequest> {
        self.target.as_ref()
    }
    pub fn selected_service(&self) -> Option<&Service> {
        self.services.get(self.service)
    }

    /// The network's services (from `me`); those without an external id cannot be ranked.
    pub fn set_services(&mut self, services: Vec<Service>) {
        let keep = self.selected_service().and_then(|s| s.external_id.clone());
        self.services = services
            .into_iter()
            .filter(|s| {
                s.external_id
                    .as_deref()
                    .is_some_and(|e| !e.trim().is_empty())
            })
            .collect();
        self.service = keep
            .and_then(|e| {
                self.services
                    .iter()
                    .position(|s| s.external_id.as_deref() == Some(&e))
            })
            .unwrap_or(0);
    }

    fn service_name(&self, external_id: &str) -> String {
        self.services
            .iter()
            .find(|s| s.external_id.as_deref() == Some(external_id))
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| external_id.to_owned())
    }

    pub fn pending_request(&self) -> Option<RequestId> {
        match self.state {
            RankState::Loading { request, .. } => Some(request),
            _ => None,
        }
    }
}

impl Update for RankingPane {
    type Msg = RankingAction;

    /// Applies a ranking action; a request to assign for brings the ranking on top.
    fn update(&mut self, action: RankingAction) -> Vec<Out> {
        let mut out = Vec::new();
        match action {
            // Nothing is sent before the stale-edit guard's verdict (`guard`).
            RankingAction::Assign { id, provider_name } => {
                return self.guard_assign(id, provider_name);
            }
            RankingAction::Guarded(verdict) => return self.on_verdict(verdict),
            _ => {}
        }
        match &action {
            RankingAction::ForRequest(_) => out.push(Action::GoTo(PaneId::Ranking).into()),
            // The board shows the assignment at once, without waiting for a poll.
            RankingAction::Assigned {
                id,
                result: Ok(request),
                ..
            } => out.push(
                Action::Board(BoardAction::Changed {
                    id: *id,
                    request: request.clone(),
                })
                .into(),
            ),
            _ => {}
        }
        out.extend(self.apply(action).into_iter().map(Out::from));
        out
    }
}

impl From<RankingAction> for Action {
    fn from(action: RankingAction) -> Self {
        Action::Ranking(action)
    }
}

impl From<RankingEffect> for Out {
    fn from(effect: RankingEffect) -> Self {
        Out::Run(Effect::Ranking(effect))
    }
}

impl RankingPane {
    fn apply(&mut self, action: RankingAction) -> Vec<RankingEffect> {
        match action {
            RankingAction::Rank {
                zone,
                service_external_id,
            } => {
                let request = new_request_id();
                self.notice = None;
                self.remember_zone(&zone);
                self.state = RankState::Loading {
                    request,
                    zone: zone.clone(),
                    service: self.service_name(&service_external_id),
                };
                vec![
                    RankingEffect::SaveRecentZone(zone.clone()),
                    RankingEffect::Rank {
                        request,
                        zone,
                        service_external_id,
                    },
                ]
            }
            RankingAction::Ranked { request, result } => {
                let RankState::Loading {
                    request: pending,
                    zone,
                    service,
                } = &self.state
                else {
                    return Vec::new();
                };
                if *pending != request {
                    return Vec::new();
                }
                let (zone, service) = (zone.clone(), service.clone());
                self.selected = 0;
                self.state = match result {
                    Ok(mut providers) => {
                        providers.sort_by_key(|p| p.position.unwrap_or(i64::MAX));
                        if !providers.is_empty() {
                            self.focus = Focus::Results;
                        }
                        RankState::Ranked {
                            zone,
                            service,
                            providers,
                        }
                    }
                    Err(error) => RankState::Failed {
                        zone,
                        service,
                        error,
                    },
                };
                Vec::new()
            }
            RankingAction::RecentZones(zones) => {
                for z in zones.into_iter().rev() {
                    self.remember_zone(&z);
                }
                if self.zone.is_empty()
                    && let Some(first) = self.recent.first()
                {
                    self.zone = first.clone();
                }
                Vec::new()
            }
            RankingAction::ChooseRequest {
                service_external_id,
            } => vec![RankingEffect::LoadOpenRequests {
                service_external_id,
            }],
            RankingAction::OpenRequestsLoaded {
                service_external_id,
                result,
            } => {
                if let Some(p) = &mut self.assign
                    && p.service_external_id == service_external_id
                {
                    p.requests = Some(result.map(|list| {
                        list.into_iter()
                            .filter(|r| r.status().is_open() && r.id.is_some())
                            .collect()
                    }));
                    p.selected = 0;
                }
                Vec::new()
            }
            // Both go through the guard in `update`.
            RankingAction::Assign { .. } | RankingAction::Guarded(_) => Vec::new(),
            RankingAction::Assigned {
                id,
                provider_name,
                result,
            } => {
                self.notice_at = result.is_ok().then(std::time::Instant::now);
                self.notice = Some(match result {
                    Ok(r) => {
                        if self.target.as_ref().is_some_and(|t| t.id == Some(id)) {
                            self.target = Some(*r.clone());
                        }
                        RankNotice::Assigned {
                            provider: provider_name,
                            request: request_label(&r),
                        }
                    }
                    Err(e) => RankNotice::AssignFailed(e),
                });
                Vec::new()
            }
            RankingAction::ForRequest(request) => {
                self.target = Some(*request.clone());
                self.notice = None;
                self.assign = None;
                if let Some(ext) = request.service_external_id.as_deref()
                    && let Some(pos) = self
                        .services
                        .iter()
                        .position(|s| s.external_id.as_deref() == Some(ext))
                {
                    self.service = pos;
                }
                self.focus = Focus::Zone;
                Vec::new()
            }
            RankingAction::Services(services) => {
                self.set_services(services);
                Vec::new()
            }
        }
    }

    fn remember_zone(&mut self, zone: &str) {
        let zone = zone.trim();
        if zone.is_empty() {
            return;
        }
        self.recent.retain(|z| z != zone);
        self.recent.insert(0, zone.to_owned());
        self.recent.truncate(crate::local::RECENT_CAP);
        self.recent_at = None;
    }

    /// The providers of the ranking on screen, best first.
    pub fn providers(&self) -> &[RankedProvider] {
        match &self.state {
            RankState::Ranked { providers, .. } => providers,
            _ => &[],
        }
    }

    fn run(&mut self, cmd: Cmd) -> Option<Action> {
        let last = self.providers().len().saturating_sub(1);
        match cmd {
            Cmd::Rank => {
                let zone = self.zone.trim().to_owned();
                if zone.is_empty() {
                    self.notice = Some(RankNotice::NeedZone);
                    self.focus = Focus::Zone;
                    return None;
                }
                let Some(service_external_id) =
                    self.selected_service().and_then(|s| s.external_id.clone())
                else {
                    self.notice = Some(RankNotice::NeedService);
                    return None;
                };
                return Some(Action::Ranking(RankingAction::Rank {
                    zone,
                    service_external_id,
                }));
            }
            Cmd::ToResults => self.focus = Focus::Results,
            Cmd::Back => return Some(Action::GoBack),
            Cmd::ToZone => self.focus = Focus::Zone,
            Cmd::RecentPrev | Cmd::RecentNext if !self.recent.is_empty() => {
                let n = self.recent.len();
                let at = match (self.recent_at, cmd) {
                    (None, _) => 0,
                    (Some(i), Cmd::RecentNext) => (i + 1) % n,
                    (Some(i), _) => (i + n - 1) % n,
                };
                self.recent_at = Some(at);
                self.zone = self.recent[at].clone();
            }
            Cmd::RecentPrev | Cmd::RecentNext => {}
            Cmd::ServicePrev | Cmd::ServiceNext if !self.services.is_empty() => {
                let n = self.services.len();
                self.service = if cmd == Cmd::ServiceNext {
                    (self.service + 1) % n
                } else {
                    (self.service + n - 1) % n
                };
            }
            Cmd::ServicePrev | Cmd::ServiceNext => {}
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::Assign => {
                let provider = self.providers().get(self.selected)?.provider_name.clone()?;
                if let Some(target) = &self.target
                    && let Some(id) = target.id
                {
                    return Some(Action::Ranking(RankingAction::Assign {
                        id,
                        provider_name: provider,
                    }));
                }
                let service_external_id = self.selected_service()?.external_id.clone()?;
                self.assign = Some(AssignPicker {
                    provider,
                    service_external_id: service_external_id.clone(),
                    requests: None,
                    selected: 0,
                });
                return Some(Action::Ranking(RankingAction::ChooseRequest {
                    service_external_id,
                }));
            }
        }
        None
    }

    fn handle_assign_key(&mut self, key: KeyEvent) -> Option<Action> {
        let picker = self.assign.as_mut()?;
        let count = match &picker.requests {
            Some(Ok(list)) => list.len(),
            _ => 0,
        };
        match lookup(ASSIGN_KEYS, &key)? {
            PickCmd::Up => picker.selected = picker.selected.saturating_sub(1),
            PickCmd::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            PickCmd::Close => self.assign = None,
            PickCmd::Pick => {
                let Some(Ok(list)) = &picker.requests else {
                    return None;
                };
                let id = list.get(picker.selected)?.id?;
                return Some(Action::Ranking(RankingAction::Assign {
                    id,
                    provider_name: picker.provider.clone(),
                }));
            }
        }
        None
    }
}

impl Pane for RankingPane {
    fn title(&self) -> T {
        T::PaneRanking
    }

    fn help(&self) -> Vec<KeyHelp> {
        let mut all = help_of(ZONE_KEYS);
        for entry in help_of(RESULT_KEYS).into_iter().chain(help_of(ASSIGN_KEYS)) {
            if !all.contains(&entry) {
                all.push(entry);
            }
        }
        all
    }

    fn hints(&self) -> Vec<KeyHelp> {
        if self.assign.is_some() {
            return merged(&help_of(ASSIGN_KEYS));
        }
        match self.focus {
            Focus::Zone => merged(&help_of(ZONE_KEYS)),
            Focus::Results => merged(&help_of(RESULT_KEYS)),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if self.assign.is_some() {
            return self.handle_assign_key(key);
        }
        let table = match self.focus {
            Focus::Zone => ZONE_KEYS,
            Focus::Results => RESULT_KEYS,
        };
        if let Some(cmd) = lookup(table, &key) {
            return self.run(cmd);
        }
        if self.focus == Focus::Zone {
            match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.zone.push(c);
                    self.notice = None;
                }
                KeyCode::Backspace => {
                    self.zone.pop();
                }
                _ => {}
            }
        }
        None
    }

    /// The first visit asks for the recent zones, later ones nothing.
    fn on_show(&mut self) -> Vec<Out> {
        if std::mem::replace(&mut self.shown, true) {
            return Vec::new();
        }
        vec![RankingEffect::LoadRecentZones.into()]
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let info = self.info_lines(&ctx.i18n);
        let [form, info_area, results] = self.areas(area, &ctx.i18n);
        self.draw_form(frame, form, ctx);
        frame.render_widget(Paragraph::new(info), info_area);
        self.draw_results(frame, results, ctx);
        if let Some(picker) = &self.assign {
            self.draw_assign(picker, frame, area, ctx);
        }
    }

    fn on_mouse(
        &mut self,
        ev: crossterm::event::MouseEvent,
        area: Rect,
        ctx: &ViewCtx,
    ) -> Option<Action> {
        self.mouse(ev, area, ctx)
    }

    fn in_text_field(&self) -> bool {
        self.focus == Focus::Zone && self.assign.is_none()
    }

    fn is_animating(&self) -> bool {
        self.pending_request().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_params_is_recognised() {
        let e = ApiError::from_status(422, r#"{"detail":"missing_required_params"}"#);
        assert!(is_missing_params(&e));
        let other = ApiError::from_status(422, r#"{"detail":"something_else"}"#);
        assert!(!is_missing_params(&other));
    }

    #[test]
    fn stale_rankings_are_dropped_and_zones_remembered() {
        let mut pane = RankingPane::new();
        let mut rank = |zone: &str| {
            let effects = pane.apply(RankingAction::Rank {
                zone: zone.into(),
                service_external_id: "TOW".into(),
            });
            effects
                .iter()
                .find_map(|e| match e {
                    RankingEffect::Rank { request, .. } => Some(*request),
                    _ => None,
                })
                .expect("a ranking is asked for")
        };
        let first = rank("Z-A");
        let second = rank("Z-B");
        assert_ne!(first, second);
        pane.update(RankingAction::Ranked {
            request: first,
            result: Ok(vec![]),
        });
        assert_eq!(pane.pending_request(), Some(second));
        assert_eq!(pane.recent_zones(), ["Z-B", "Z-A"]);
    }
}
