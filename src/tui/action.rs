//! What can happen to the app ([`Action`]) and what the app asks the outside world to do
//! ([`Effect`]). Panes turn keys into actions; `App::update` turns actions into state
//! changes and effects; the task runner turns effects into API calls whose answers come
//! back as actions, tagged with the [`RequestId`] that asked, so stale answers are dropped.

use super::panes::request_form::{FormAction, FormEffect};
use crate::api::ApiError;
use crate::model::{Contract, ContractSearchKind, ProviderNetwork, ServiceRequest};

/// Tags one API call, so its answer can be matched to the question still on screen.
pub type RequestId = u64;

/// The top-level panes (function keys), plus the contract detail opened from Lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Lookup,
    Contract,
    NewRequest,
    Ranking,
    Board,
    Admin,
}

impl PaneId {
    /// The panes the function keys reach, in tab order.
    pub const TABS: [PaneId; 5] = [
        PaneId::Lookup,
        PaneId::NewRequest,
        PaneId::Ranking,
        PaneId::Board,
        PaneId::Admin,
    ];

    /// The pane's name, for its tab and the help overlay.
    pub fn title(self) -> super::i18n::T {
        use super::i18n::T;
        match self {
            PaneId::Lookup => T::PaneLookup,
            PaneId::Contract => T::PaneContract,
            PaneId::NewRequest => T::PaneNewRequest,
            PaneId::Ranking => T::PaneRanking,
            PaneId::Board => T::PaneBoard,
            PaneId::Admin => T::PaneAdmin,
        }
    }

    /// The tab a pane belongs to (the contract detail lives under Lookup).
    pub fn tab(self) -> PaneId {
        match self {
            PaneId::Contract => PaneId::Lookup,
            other => other,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Action {
    /// Ctrl-C, or a confirmed quit.
    Quit,
    /// `q`: quits, or asks first when a form holds unsaved input.
    RequestQuit,
    /// A visible timer (spinner) moved on.
    Tick,
    /// The terminal changed size.
    Resize,
    GoTo(PaneId),
    /// Esc from a sub-view: back to where it was opened from.
    Back,
    ToggleHelp,
    OpenPalette,
    /// Closes whatever overlay is open (help, palette, dialog).
    CloseOverlay,
    ToggleLanguage,
    /// Reload what the current pane shows (and the header, if it failed).
    Refresh,
    /// Search contracts (from the Lookup pane or the palette).
    Search {
        kind: ContractSearchKind,
        value: String,
    },
    /// Palette: put the Lookup search field on this kind.
    SetSearchKind(ContractSearchKind),
    /// Esc while a search is in flight.
    CancelSearch,
    /// Open a contract from the result list (index into the results).
    OpenContract(usize),
    /// `w` on a contract: open the WhatsApp dialog prefilled with this number.
    OpenWhatsApp {
        number: String,
        name: String,
    },
    /// Enter in the WhatsApp dialog with a valid number.
    SendWhatsApp {
        number: String,
    },

    // Shared between panes (board ↔ form ↔ lookup); each pane's own actions live in
    // its file as a nested enum.
    /// Open a service request's detail by id (board detail).
    OpenRequest(i64),
    /// Open the form to edit this request (only the fields an update may change).
    EditRequest(Box<ServiceRequest>),
    /// From a request's detail: look the customer's contract up in Lookup.
    LookupContract {
        access_identifier: String,
    },
    /// The request form's own actions (`panes::request_form`).
    Form(FormAction),

    /// The board pane's own actions (polls, pushes, status changes).
    Board(super::panes::board::BoardAction),
    /// The ranking pane's own actions.
    Ranking(super::panes::ranking::RankingAction),

    // Answers of API tasks
    MeLoaded(Result<ProviderNetwork, ApiError>),
    ContractsLoaded {
        request: RequestId,
        result: Result<Vec<Contract>, ApiError>,
    },
    WhatsAppSent {
        request: RequestId,
        number: String,
        result: Result<(), ApiError>,
    },

    /// The Admin pane's own actions (its keys' requests and its tasks' answers).
    Admin(Box<super::panes::admin::AdminAction>),
}

/// Work the app wants done outside itself (the network). Executed by the task runner in
/// the real console and by the test harness in tests.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    FetchMe,
    SearchContracts {
        request: RequestId,
        kind: ContractSearchKind,
        value: String,
    },
    SendWhatsApp {
        request: RequestId,
        number: String,
    },
    /// Stop a task whose answer is no longer wanted.
    Abort(RequestId),
    /// The Admin pane's work (admin API calls, CSV preview and import).
    Admin(Box<super::panes::admin::AdminEffect>),
    /// The request form's effects (`panes::request_form`).
    Form(FormEffect),
    Board(super::panes::board::BoardEffect),
    Ranking(super::panes::ranking::RankingEffect),
}
