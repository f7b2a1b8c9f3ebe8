//! What can happen to the app ([`Action`]) and what panes ask the outside world to do
//! ([`Effect`]). Panes turn keys into actions; App routes each action to the pane it
//! belongs to, whose `update` changes its state and asks for effects; the task runner
//! (`tui::runner`) turns effects into tasks whose answers come back as the asking pane's
//! actions, tagged with the [`RequestId`] that asked, so stale answers are dropped.

use super::overlays::whatsapp::WhatsAppAction;
use super::panes::contract::ContractAction;
use super::panes::lookup::LookupAction;
use super::panes::request_form::{FormAction, FormEffect};
use crate::api::ApiError;
use crate::model::{ContractSearchKind, ProviderNetwork};

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
    /// The wallboard: the board's figures, full screen (not a tab: `W` on the board).
    Wall,
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
            PaneId::Wall => T::PaneWall,
        }
    }

    /// The tab a pane belongs to (the contract detail lives under Lookup).
    pub fn tab(self) -> PaneId {
        match self {
            PaneId::Contract => PaneId::Lookup,
            PaneId::Wall => PaneId::Board,
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
    /// Esc where a pane is a dead end (Ranking): back to the pane the agent came from.
    GoBack,
    /// An action the agent confirmed in a dialog (cancelling a request): applied as is.
    Confirmed(Box<Action>),
    ToggleHelp,
    OpenPalette,
    /// Closes whatever overlay is open (help, palette, dialog).
    CloseOverlay,
    /// Opens the audit journal of this session's server (palette).
    OpenJournal,
    /// The journal overlay's own messages (`overlays::journal`).
    Journal(super::overlays::journal::JournalAction),
    ToggleLanguage,
    /// Reload what the current pane shows (and the header, if it failed).
    Refresh,
    /// The status line's error: a pane's last answer failed (`Some`) or succeeded (`None`).
    LastError(Option<ApiError>),
    /// `w` on a contract: open the WhatsApp dialog prefilled with this number.
    OpenWhatsApp {
        number: String,
        name: String,
    },

    // Each pane's (and the dialog's) own messages, routed by App to their owner.
    /// Lookup's: searches, their answers, opening a result (`panes::lookup`).
    Lookup(LookupAction),
    /// The contract detail's (`panes::contract`).
    Contract(ContractAction),
    /// The WhatsApp dialog's: sending, and the answer (`overlays::whatsapp`).
    WhatsApp(WhatsAppAction),

    /// The request form's own actions (`panes::request_form`).
    Form(FormAction),

    /// The board pane's own actions (polls, pushes, status changes).
    Board(super::panes::board::BoardAction),
    /// The ranking pane's own actions.
    Ranking(super::panes::ranking::RankingAction),

    // Answers of API tasks
    MeLoaded(Result<ProviderNetwork, ApiError>),

    /// The Admin pane's own actions (its keys' requests and its tasks' answers).
    Admin(Box<super::panes::admin::AdminAction>),

    /// The stale-edit guard's: a pane's check before an update, the re-read, the choice
    /// (`overlays::stale`).
    Stale(super::overlays::stale::StaleAction),
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
    /// Read this server's audit journal from the local database.
    LoadJournal,
    /// The Admin pane's work (admin API calls, CSV preview and import).
    Admin(Box<super::panes::admin::AdminEffect>),
    /// The request form's effects (`panes::request_form`).
    Form(FormEffect),
    Board(super::panes::board::BoardEffect),
    Ranking(super::panes::ranking::RankingEffect),
    /// Give the allocator's free pages back after a burst (a full board sweep).
    ReturnFreedMemory,
    /// The stale-edit guard: read request `id` again before an update is sent.
    Reread {
        request: RequestId,
        id: i64,
    },
}

/// Effects of which only the newest matters: a new one supersedes (aborts) the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    LookupSearch,
    Ranking,
}

impl Effect {
    /// The request id this effect's answer will carry, if it carries one.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Effect::SearchContracts { request, .. }
            | Effect::SendWhatsApp { request, .. }
            | Effect::Reread { request, .. } => Some(*request),
            Effect::Form(f) => f.request(),
            Effect::Ranking(super::panes::ranking::RankingEffect::Rank { request, .. }) => {
                Some(*request)
            }
            _ => None,
        }
    }

    /// The slot in which a newer effect supersedes this one.
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Effect::SearchContracts { .. } => Some(Slot::LookupSearch),
            Effect::Ranking(super::panes::ranking::RankingEffect::Rank { .. }) => {
                Some(Slot::Ranking)
            }
            _ => None,
        }
    }
}
