//! The contract detail (under Lookup): who, which plan, until when, and each service with
//! its usage limits: gauges, dates, copayment tiers, waiting periods, and why a service is
//! blocked.
//!
//! - here: its state, keys and `update` (what Lookup hands it); `view`: its drawing.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::request_form::FormAction;
use super::{Out, Pane, Update, ViewCtx};
use crate::model::{Contract, ContractSearchKind, Service};
use crate::tui::action::{Action, PaneId};
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup, merged};
use crate::tui::panes::lookup::LookupAction;

mod view;
/// This pane's key tables, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] = &[&KEYS];

pub use view::{date_range, limit_lines, status_badges, tier_table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Up,
    Down,
    First,
    Last,
    ScrollUp,
    ScrollDown,
    WhatsApp,
    NewRequest,
    Back,
    Refresh,
}

const KEYS: Keys<Cmd> = Keys::new("contract", BINDINGS);

/// The key that opens a request form for the selected service, as bound (the form's hub
/// tells the agent about it).
pub fn new_request_key() -> String {
    KEYS.label(Cmd::NewRequest)
}
const BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyNextService,
        cmd: Cmd::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyNextService,
        cmd: Cmd::Down,
    },
    Binding {
        keys: &[k::HOME],
        what: T::KeyFirstLast,
        cmd: Cmd::First,
    },
    Binding {
        keys: &[k::END],
        what: T::KeyFirstLast,
        cmd: Cmd::Last,
    },
    Binding {
        keys: &[k::PGUP],
        what: T::KeyScroll,
        cmd: Cmd::ScrollUp,
    },
    Binding {
        keys: &[k::PGDN],
        what: T::KeyScroll,
        cmd: Cmd::ScrollDown,
    },
    Binding {
        keys: &[KeyPress::ch('w')],
        what: T::KeyWhatsApp,
        cmd: Cmd::WhatsApp,
    },
    Binding {
        keys: &[KeyPress::ch('n')],
        what: T::KeyNewRequest,
        cmd: Cmd::NewRequest,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyBack,
        cmd: Cmd::Back,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRefresh,
        cmd: Cmd::Refresh,
    },
];

pub struct ContractPane {
    contract: Contract,
    /// The kind of search whose answer its services are: only some carry limits.
    kind: ContractSearchKind,
    /// The access identifiers a follow-up search took the limits from (the search that
    /// found it returned none).
    limits_from: Vec<String>,
    selected: usize,
    scroll: u16,
    /// Which day it is (an expired contract takes no new request).
    today: chrono::NaiveDate,
    /// Why the last `n` was refused.
    refused: bool,
}

impl Default for ContractPane {
    fn default() -> Self {
        Self::new(chrono::Local::now().date_naive())
    }
}

/// The contract pane's messages: what Lookup hands it.
#[derive(Debug, Clone)]
pub enum ContractAction {
    /// A result was opened: show it (and bring the detail on top).
    Show {
        contract: Box<Contract>,
        kind: ContractSearchKind,
        /// The access identifiers whose search supplied the limits (see `lookup::find`).
        limits_from: Vec<String>,
    },
    /// A search answered again: the contract shown, if among them, is updated in place.
    Refreshed {
        contracts: Vec<Contract>,
        kind: ContractSearchKind,
        limits_from: Vec<String>,
    },
}

impl From<ContractAction> for Action {
    fn from(action: ContractAction) -> Self {
        Action::Contract(action)
    }
}

impl Update for ContractPane {
    type Msg = ContractAction;

    fn update(&mut self, msg: ContractAction) -> Vec<Out> {
        match msg {
            ContractAction::Show {
                contract,
                kind,
                limits_from,
            } => {
                self.show(*contract, kind);
                self.limits_from = limits_from;
                vec![Action::GoTo(PaneId::Contract).into()]
            }
            ContractAction::Refreshed {
                contracts,
                kind,
                limits_from,
            } => {
                let id = self.contract.id;
                if let Some(same) = contracts.into_iter().find(|c| c.id.is_some() && c.id == id) {
                    self.show(same, kind);
                    self.limits_from = limits_from;
                }
                Vec::new()
            }
        }
    }
}

impl ContractPane {
    pub fn new(today: chrono::NaiveDate) -> Self {
        Self {
            contract: Contract::default(),
            kind: ContractSearchKind::AccessIdentifier,
            limits_from: Vec::new(),
            selected: 0,
            scroll: 0,
            today,
            refused: false,
        }
    }

    pub fn show(&mut self, contract: Contract, kind: ContractSearchKind) {
        self.refused = false;
        self.limits_from.clear();
        let same = contract.id.is_some() && contract.id == self.contract.id;
        self.contract = contract;
        self.kind = kind;
        if !same {
            self.selected = 0;
            self.scroll = 0;
        }
        self.selected = self
            .selected
            .min(self.contract.services().len().saturating_sub(1));
    }

    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    pub fn selected_service(&self) -> Option<&Service> {
        self.contract.services().get(self.selected)
    }

    /// The access identifiers whose search supplied the limits shown.
    pub fn limits_from(&self) -> &[String] {
        &self.limits_from
    }

    /// True when the last `n` was refused (the contract is expired or inactive).
    pub fn refused_new_request(&self) -> bool {
        self.refused
    }

    /// Its status-line keys: `n` only while the contract can take a new request.
    fn keys(&self) -> Vec<KeyHelp> {
        let usable = self.contract.is_usable(self.today);
        help_of(KEYS)
            .into_iter()
            .filter(|h| usable || h.what != T::KeyNewRequest)
            .collect()
    }
}

impl Pane for ContractPane {
    fn title(&self) -> T {
        T::PaneContract
    }

    fn help(&self) -> Vec<KeyHelp> {
        help_of(KEYS)
    }

    fn hints(&self) -> Vec<KeyHelp> {
        merged(&self.keys())
    }

    fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let last = self.contract.services().len().saturating_sub(1);
        let before = self.selected;
        self.refused = false;
        match lookup(KEYS, &key)? {
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::First => self.selected = 0,
            Cmd::Last => self.selected = last,
            Cmd::ScrollUp => self.scroll = self.scroll.saturating_sub(5),
            Cmd::ScrollDown => self.scroll = self.scroll.saturating_add(5).min(200),
            Cmd::WhatsApp => {
                return Some(Action::OpenWhatsApp {
                    number: self
                        .contract
                        .mobile_phone_number
                        .clone()
                        .unwrap_or_default(),
                    name: self.contract.full_name(),
                });
            }
            // An expired or inactive contract's services are not offered: refused before
            // the agent fills anything.
            Cmd::NewRequest if !self.contract.is_usable(self.today) => self.refused = true,
            Cmd::NewRequest => {
                let service = self.selected_service()?.clone();
                return Some(Action::Form(FormAction::NewFor {
                    contract: Box::new(self.contract.clone()),
                    service: Box::new(service),
                }));
            }
            Cmd::Back => return Some(Action::GoTo(PaneId::Lookup)),
            Cmd::Refresh => return Some(Action::Refresh),
        }
        if before != self.selected {
            self.scroll = 0;
        }
        None
    }

    /// The detail shows what Lookup found: refreshing it searches again.
    fn refresh(&mut self) -> Vec<Out> {
        vec![Action::from(LookupAction::Refresh).into()]
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        self.view(frame, area, ctx);
    }

    /// A click on a service selects it; the wheel moves through the services, or scrolls
    /// the limits beside them.
    fn on_mouse(
        &mut self,
        ev: crossterm::event::MouseEvent,
        area: Rect,
        _ctx: &ViewCtx,
    ) -> Option<Action> {
        use crate::tui::widgets::hit::{Gesture, ListHit, inside_border, list_gesture};
        let gesture = Gesture::of(&ev)?;
        let [_, services, limits] = Self::areas(area);
        let cmd = if limits.contains(gesture.at()) {
            match gesture {
                Gesture::WheelUp(_) => Cmd::ScrollUp,
                Gesture::WheelDown(_) => Cmd::ScrollDown,
                Gesture::Click(_) => return None,
            }
        } else {
            let len = self.contract.services().len();
            // Two rows per service: its name, its state.
            match list_gesture(gesture, inside_border(services), self.selected, len, 2)? {
                ListHit::Select(n) => {
                    if n != self.selected {
                        self.selected = n;
                        self.scroll = 0;
                    }
                    return None;
                }
                ListHit::Open => return None,
                ListHit::Up => Cmd::Up,
                ListHit::Down => Cmd::Down,
            }
        };
        self.handle_key(KEYS.press_for(cmd)?)
    }
}
