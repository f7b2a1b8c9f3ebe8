//! Lookup (F2): the search field, the guessed identifier kind, and the contracts found.
//!
//! - here: its state and `update` (searches, their answers, opening a result);
//! - `keys`: its key tables; `view`: its drawing;
//! - its one task, the contract search, is [`Effect::SearchContracts`], run by the runner.

mod keys;
/// This pane's key tables, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] =
    &[&keys::SEARCH_KEYS, &keys::RESULT_KEYS];
mod mouse;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui_textarea::TextArea;

use super::contract::ContractAction;
use super::{Out, Pane, Update, ViewCtx};
use crate::api::ApiError;
use crate::lookup::Found;
use crate::model::{Contract, ContractSearchKind, PhoneRegion};
use crate::tui::action::{Action, Effect, PaneId, RequestId};
use crate::tui::i18n::T;
use crate::tui::keys::{KeyHelp, help_of, merged};
use crate::tui::runner::new_request_id;
use crate::tui::theme;
use keys::{RESULT_KEYS, SEARCH_KEYS};

/// Lookup's own messages: what its keys, the palette and other panes ask of it, and the
/// answers of its searches.
#[derive(Debug, Clone)]
pub enum LookupAction {
    /// Search contracts (Enter in the field, the palette); brings Lookup on top.
    Search {
        kind: ContractSearchKind,
        value: String,
    },
    /// The palette: put the search field on this kind.
    SetKind(ContractSearchKind),
    /// From a request's detail: look this customer's access identifier up.
    ForAccessIdentifier(String),
    /// From a request's detail (`c`): look the customer up and open the request's
    /// contract (by id) as soon as it is found.
    ForContract {
        access_identifier: String,
        contract_id: Option<i64>,
    },
    /// Esc while a search is in flight.
    Cancel,
    /// Enter on a result (index into the results).
    Open(usize),
    /// Search again with the last query (`r`, the palette, a request just sent).
    Refresh,
    /// The answer of search `request`: the contracts alone (nothing followed up).
    ContractsLoaded {
        request: RequestId,
        result: Result<Vec<Contract>, ApiError>,
    },
    /// The answer of search `request` with what it took to find them
    /// ([`crate::lookup::find`]).
    Found {
        request: RequestId,
        result: Result<Found, ApiError>,
    },
}

impl From<LookupAction> for Action {
    fn from(action: LookupAction) -> Self {
        Action::Lookup(action)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Focus {
    Search,
    Results,
}

/// What the result area shows.
#[derive(Debug, Clone)]
pub enum SearchState {
    Idle,
    Loading {
        request: RequestId,
        kind: ContractSearchKind,
        value: String,
        /// The phone as typed, when `value` is its E.164 form.
        typed_phone: Option<String>,
    },
    Results {
        kind: ContractSearchKind,
        value: String,
        contracts: Vec<Contract>,
        how: How,
    },
    Failed {
        kind: ContractSearchKind,
        value: String,
        error: ApiError,
    },
    Cancelled {
        value: String,
    },
}

/// How the results on screen were found, when not simply as typed: said above them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct How {
    /// The phone as typed; the search used its E.164 form.
    pub typed_phone: Option<String>,
    /// The value was a contract id as shown on screen, found by the contract's id.
    pub by_contract_id: bool,
    /// The access identifiers whose search supplied the limits.
    pub limits_from: Vec<String>,
}

pub struct LookupPane {
    input: TextArea<'static>,
    kind: ContractSearchKind,
    /// Tab was used: stop guessing the kind from what is typed.
    kind_chosen: bool,
    focus: Focus,
    state: SearchState,
    selected: usize,
    notice: Option<T>,
    last_query: Option<(ContractSearchKind, String)>,
    /// The contract to open when the search in flight finds it (`c` from a request).
    open_when_found: Option<i64>,
}

impl Default for LookupPane {
    fn default() -> Self {
        Self::new()
    }
}

/// The kind an identifier most likely is: `@` → email, anything else (a `+` mobile number
/// included, which the API matches as an access identifier) → access identifier.
pub fn guess_kind(value: &str) -> ContractSearchKind {
    if value.contains('@') {
        ContractSearchKind::Email
    } else {
        ContractSearchKind::AccessIdentifier
    }
}

impl LookupPane {
    pub fn new() -> Self {
        let mut pane = Self {
            input: TextArea::default(),
            kind: ContractSearchKind::AccessIdentifier,
            kind_chosen: false,
            focus: Focus::Search,
            state: SearchState::Idle,
            selected: 0,
            notice: None,
            last_query: None,
            open_when_found: None,
        };
        pane.set_focus(Focus::Search);
        pane
    }

    fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        self.input.set_cursor_line_style(Style::default());
        self.input.set_cursor_style(if focus == Focus::Search {
            theme::selected()
        } else {
            Style::default()
        });
    }

    pub fn query(&self) -> String {
        self.input.lines().join("").trim().to_owned()
    }

    pub fn kind(&self) -> ContractSearchKind {
        self.kind
    }

    pub fn state(&self) -> &SearchState {
        &self.state
    }

    /// The palette chose a kind: keep it and put the cursor in the field.
    pub fn choose_kind(&mut self, kind: ContractSearchKind) {
        self.kind = kind;
        self.kind_chosen = true;
        self.set_focus(Focus::Search);
    }

    pub fn start_search(&mut self, request: RequestId, kind: ContractSearchKind, value: String) {
        self.start_search_of(
            request,
            crate::lookup::query(kind, &value, PhoneRegion::configured()),
        );
    }

    fn start_search_of(&mut self, request: RequestId, query: crate::lookup::Query) {
        self.notice = None;
        self.last_query = Some((query.kind, query.value.clone()));
        self.state = SearchState::Loading {
            request,
            kind: query.kind,
            value: query.value,
            typed_phone: query.typed_phone,
        };
    }

    pub fn pending_request(&self) -> Option<RequestId> {
        match self.state {
            SearchState::Loading { request, .. } => Some(request),
            _ => None,
        }
    }

    pub fn last_query(&self) -> Option<(ContractSearchKind, String)> {
        self.last_query.clone()
    }

    /// Stops waiting for the search in flight; returns its id so its task can be aborted.
    pub fn cancel(&mut self) -> Option<RequestId> {
        let SearchState::Loading { request, value, .. } = &self.state else {
            return None;
        };
        let request = *request;
        self.state = SearchState::Cancelled {
            value: value.clone(),
        };
        Some(request)
    }

    /// The answer of search `request`; false (and nothing changes) when it is stale.
    pub fn on_contracts(
        &mut self,
        request: RequestId,
        result: Result<Vec<Contract>, ApiError>,
    ) -> bool {
        self.on_found(
            request,
            result.map(|contracts| Found {
                contracts,
                ..Found::default()
            }),
        )
    }

    /// The answer of search `request` with how it was found; false (and nothing changes)
    /// when it is stale.
    pub fn on_found(&mut self, request: RequestId, result: Result<Found, ApiError>) -> bool {
        let SearchState::Loading {
            request: pending,
            kind,
            value,
            typed_phone,
        } = &self.state
        else {
            return false;
        };
        if *pending != request {
            return false;
        }
        let (kind, value, typed_phone) = (*kind, value.clone(), typed_phone.clone());
        self.state = match result {
            Ok(found) => {
                let contracts = found.contracts;
                self.selected = self.selected.min(contracts.len().saturating_sub(1));
                if !contracts.is_empty() {
                    self.set_focus(Focus::Results);
                }
                SearchState::Results {
                    kind,
                    value,
                    contracts,
                    how: How {
                        typed_phone,
                        by_contract_id: found.by_contract_id,
                        limits_from: found.limits_from,
                    },
                }
            }
            Err(error) => SearchState::Failed { kind, value, error },
        };
        true
    }

    pub fn contracts(&self) -> &[Contract] {
        match &self.state {
            SearchState::Results { contracts, .. } => contracts,
            _ => &[],
        }
    }

    /// The contract at `index` and the kind whose answer its limits are.
    pub fn contract(&self, index: usize) -> Option<(&Contract, ContractSearchKind)> {
        match &self.state {
            SearchState::Results { contracts, .. } => {
                contracts.get(index).map(|c| (c, self.kind_of_results()))
            }
            _ => None,
        }
    }

    /// The kind of search whose answer the limits on screen are: an access identifier
    /// search when a follow-up supplied them, an id search for a contract found by its
    /// contract id.
    pub fn kind_of_results(&self) -> ContractSearchKind {
        match &self.state {
            SearchState::Results { how, .. } if !how.limits_from.is_empty() => {
                ContractSearchKind::AccessIdentifier
            }
            SearchState::Results { how, .. } if how.by_contract_id => ContractSearchKind::Id,
            SearchState::Results { kind, .. } => *kind,
            _ => self.kind,
        }
    }

    /// The access identifiers whose search supplied the limits on screen (empty when
    /// the search itself returned them).
    pub fn limits_from(&self) -> &[String] {
        match &self.state {
            SearchState::Results { how, .. } => &how.limits_from,
            _ => &[],
        }
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Asks for a search; the runner drops the one still in flight (same slot).
    /// Any contract waiting to be opened belongs to the search it replaces.
    /// A phone said aloud is searched in E.164 (the configured region).
    fn search(&mut self, kind: ContractSearchKind, value: String) -> Vec<Out> {
        let request = new_request_id();
        self.open_when_found = None;
        let query = crate::lookup::query(kind, &value, PhoneRegion::configured());
        let value = query.value.clone();
        self.start_search_of(request, query);
        vec![
            Effect::SearchContracts {
                request,
                kind,
                value,
            }
            .into(),
        ]
    }
}

impl Update for LookupPane {
    type Msg = LookupAction;

    fn update(&mut self, msg: LookupAction) -> Vec<Out> {
        let show = Out::Route(Action::GoTo(PaneId::Lookup));
        match msg {
            LookupAction::Search { kind, value } => {
                let mut out = vec![show];
                out.extend(self.search(kind, value));
                out
            }
            LookupAction::SetKind(kind) => {
                self.choose_kind(kind);
                vec![show]
            }
            LookupAction::ForAccessIdentifier(value) => self.update(LookupAction::ForContract {
                access_identifier: value,
                contract_id: None,
            }),
            LookupAction::ForContract {
                access_identifier,
                contract_id,
            } => {
                let kind = ContractSearchKind::AccessIdentifier;
                // The search box says what was searched, as if typed.
                self.input = TextArea::new(vec![access_identifier.clone()]);
                self.input.move_cursor(ratatui_textarea::CursorMove::End);
                self.choose_kind(kind);
                let mut out = vec![show];
                out.extend(self.search(kind, access_identifier));
                self.open_when_found = contract_id;
                out
            }
            LookupAction::Cancel => self
                .cancel()
                .map(|request| Effect::Abort(request).into())
                .into_iter()
                .collect(),
            LookupAction::Open(index) => match self.contract(index) {
                Some((contract, kind)) => vec![
                    Action::from(ContractAction::Show {
                        contract: Box::new(contract.clone()),
                        kind,
                        limits_from: self.limits_from().to_vec(),
                    })
                    .into(),
                ],
                None => Vec::new(),
            },
            LookupAction::Refresh => match self.last_query() {
                Some((kind, value)) => self.search(kind, value),
                None => Vec::new(),
            },
            LookupAction::ContractsLoaded { request, result } => self.update(LookupAction::Found {
                request,
                result: result.map(|contracts| Found {
                    contracts,
                    ..Found::default()
                }),
            }),
            LookupAction::Found { request, result } => {
                let error = result.as_ref().err().cloned();
                let ok = result.is_ok();
                if !self.on_found(request, result) {
                    return vec![Out::Quiet]; // a stale answer: nothing on screen changes
                }
                let mut out = vec![Out::Route(Action::LastError(error))];
                // `c` from a request: its contract opens directly.
                if let Some(id) = self.open_when_found.take()
                    && let Some(at) = self.contracts().iter().position(|c| c.id == Some(id))
                {
                    self.selected = at;
                    out.extend(self.update(LookupAction::Open(at)));
                    return out;
                }
                // A refresh while the detail is open updates the detail too.
                if ok {
                    let contracts = self.contracts().to_vec();
                    let kind = self.kind_of_results();
                    let limits_from = self.limits_from().to_vec();
                    out.push(
                        Action::from(ContractAction::Refreshed {
                            contracts,
                            kind,
                            limits_from,
                        })
                        .into(),
                    );
                }
                out
            }
        }
    }
}

impl Pane for LookupPane {
    fn title(&self) -> T {
        T::PaneLookup
    }

    fn help(&self) -> Vec<KeyHelp> {
        let mut all = help_of(SEARCH_KEYS);
        for entry in help_of(RESULT_KEYS) {
            if !all.contains(&entry) {
                all.push(entry);
            }
        }
        all
    }

    fn hints(&self) -> Vec<KeyHelp> {
        match self.focus {
            Focus::Search => merged(&help_of(SEARCH_KEYS)),
            Focus::Results => merged(&help_of(RESULT_KEYS)),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        self.keys(key)
    }

    fn on_mouse(
        &mut self,
        ev: crossterm::event::MouseEvent,
        area: Rect,
        ctx: &ViewCtx,
    ) -> Option<Action> {
        self.mouse(ev, area, ctx)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        self.view(frame, area, ctx);
    }

    fn refresh(&mut self) -> Vec<Out> {
        self.update(LookupAction::Refresh)
    }

    fn in_text_field(&self) -> bool {
        self.focus == Focus::Search
    }

    fn is_animating(&self) -> bool {
        self.pending_request().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_is_guessed_from_the_identifier() {
        assert_eq!(guess_kind("ana@example.com"), ContractSearchKind::Email);
        assert_eq!(
            guess_kind("+34612345678"),
            ContractSearchKind::AccessIdentifier
        );
        assert_eq!(
            guess_kind("DEMO-0001"),
            ContractSearchKind::AccessIdentifier
        );
    }

    #[test]
    fn stale_answers_are_dropped() {
        let mut pane = LookupPane::new();
        pane.start_search(1, ContractSearchKind::AccessIdentifier, "A".into());
        pane.start_search(2, ContractSearchKind::AccessIdentifier, "B".into());
        assert!(!pane.on_contracts(1, Ok(vec![Contract::default()])));
        assert_eq!(pane.pending_request(), Some(2));
        assert!(pane.on_contracts(2, Ok(vec![])));
        assert!(!pane.on_contracts(2, Ok(vec![])));
    }
}
