//! Lookup (F2): the search field, the guessed identifier kind, and the contracts found.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::contract::{date_range, status_badges};
use super::{Pane, ViewCtx};
use crate::api::ApiError;
use crate::model::{Contract, ContractSearchKind, or_dash};
use crate::tui::action::{Action, RequestId};
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, help_of, k, lookup, merged};
use crate::tui::theme;
use crate::tui::widgets::spinner;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Search,
    NextKind,
    PrevKind,
    Escape,
    ToResults,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Open,
    WhatsApp,
    EditSearch,
    Refresh,
}

const SEARCH_KEYS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::KeySearch,
        cmd: Cmd::Search,
    },
    Binding {
        keys: &[k::TAB],
        what: T::KeyCycleKind,
        cmd: Cmd::NextKind,
    },
    Binding {
        keys: &[k::BACKTAB],
        what: T::KeyCycleKind,
        cmd: Cmd::PrevKind,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyCancelOrLeave,
        cmd: Cmd::Escape,
    },
    Binding {
        keys: &[k::DOWN],
        what: T::KeyMove,
        cmd: Cmd::ToResults,
    },
];

const RESULT_KEYS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyMove,
        cmd: Cmd::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyMove,
        cmd: Cmd::Down,
    },
    Binding {
        keys: &[k::PGUP],
        what: T::KeyPage,
        cmd: Cmd::PageUp,
    },
    Binding {
        keys: &[k::PGDN],
        what: T::KeyPage,
        cmd: Cmd::PageDown,
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
        keys: &[k::ENTER],
        what: T::KeyOpen,
        cmd: Cmd::Open,
    },
    Binding {
        keys: &[KeyPress::ch('w')],
        what: T::KeyWhatsApp,
        cmd: Cmd::WhatsApp,
    },
    Binding {
        keys: &[KeyPress::ch('/'), k::TAB],
        what: T::KeyEditSearch,
        cmd: Cmd::EditSearch,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRefresh,
        cmd: Cmd::Refresh,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyCancelOrLeave,
        cmd: Cmd::Escape,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
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
    },
    Results {
        kind: ContractSearchKind,
        value: String,
        contracts: Vec<Contract>,
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
        self.notice = None;
        self.last_query = Some((kind, value.clone()));
        self.state = SearchState::Loading {
            request,
            kind,
            value,
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
        let SearchState::Loading {
            request: pending,
            kind,
            value,
        } = &self.state
        else {
            return false;
        };
        if *pending != request {
            return false;
        }
        let (kind, value) = (*kind, value.clone());
        self.state = match result {
            Ok(contracts) => {
                self.selected = self.selected.min(contracts.len().saturating_sub(1));
                if !contracts.is_empty() {
                    self.set_focus(Focus::Results);
                }
                SearchState::Results {
                    kind,
                    value,
                    contracts,
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

    /// The contract at `index` and the kind it was found by.
    pub fn contract(&self, index: usize) -> Option<(&Contract, ContractSearchKind)> {
        match &self.state {
            SearchState::Results {
                contracts, kind, ..
            } => contracts.get(index).map(|c| (c, *kind)),
            _ => None,
        }
    }

    /// The kind the results on screen were found by.
    pub fn kind_of_results(&self) -> ContractSearchKind {
        match &self.state {
            SearchState::Results { kind, .. } => *kind,
            _ => self.kind,
        }
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    fn cycle_kind(&mut self, forward: bool) {
        let all = ContractSearchKind::ALL;
        let at = all.iter().position(|k| *k == self.kind).unwrap_or(0);
        let next = if forward {
            (at + 1) % all.len()
        } else {
            (at + all.len() - 1) % all.len()
        };
        self.kind = all[next];
        self.kind_chosen = true;
    }

    fn run(&mut self, cmd: Cmd) -> Option<Action> {
        let count = self.contracts().len();
        let last = count.saturating_sub(1);
        match cmd {
            Cmd::Search => {
                let value = self.query();
                if value.is_empty() {
                    self.notice = Some(T::EmptyQuery);
                    return None;
                }
                return Some(Action::Search {
                    kind: self.kind,
                    value,
                });
            }
            Cmd::NextKind => self.cycle_kind(true),
            Cmd::PrevKind => self.cycle_kind(false),
            Cmd::Escape => {
                if self.pending_request().is_some() {
                    return Some(Action::CancelSearch);
                }
                // Leaving the field (even with no results) frees the letter keys for
                // the global commands (`?`, `:`, `q`).
                match self.focus {
                    Focus::Search => self.set_focus(Focus::Results),
                    Focus::Results => self.set_focus(Focus::Search),
                }
            }
            Cmd::ToResults if count > 0 => self.set_focus(Focus::Results),
            Cmd::ToResults => {}
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::PageUp => self.selected = self.selected.saturating_sub(5),
            Cmd::PageDown => self.selected = (self.selected + 5).min(last),
            Cmd::First => self.selected = 0,
            Cmd::Last => self.selected = last,
            Cmd::Open if count > 0 => return Some(Action::OpenContract(self.selected)),
            Cmd::Open => self.set_focus(Focus::Search),
            Cmd::WhatsApp => {
                let contract = self.contracts().get(self.selected)?;
                return Some(Action::OpenWhatsApp {
                    number: contract.mobile_phone_number.clone().unwrap_or_default(),
                    name: contract.full_name(),
                });
            }
            Cmd::EditSearch => self.set_focus(Focus::Search),
            Cmd::Refresh => return Some(Action::Refresh),
        }
        None
    }

    fn draw_search(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let focused = self.focus == Focus::Search;
        let block = Block::bordered()
            .border_style(if focused {
                theme::border_focused()
            } else {
                theme::border()
            })
            .title(format!(" {} ", i.t(T::SearchLabel)));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.input.is_empty() {
            let cursor = if focused {
                Span::styled(" ", theme::selected())
            } else {
                Span::raw(" ")
            };
            let line = Line::from(vec![
                cursor,
                Span::styled(i.t(T::SearchPlaceholder), theme::dim()),
            ]);
            frame.render_widget(Paragraph::new(line), inner);
        } else {
            frame.render_widget(&self.input, inner);
        }
    }

    fn kind_line(&self, ctx: &ViewCtx) -> Line<'static> {
        let i = &ctx.i18n;
        let kind = if !self.kind_chosen && self.query().starts_with('+') {
            i.t(T::KindMobile)
        } else {
            i.kind(self.kind)
        };
        let how = i.t(if self.kind_chosen {
            T::Chosen
        } else {
            T::Guessed
        });
        Line::styled(
            i.fmt(T::SearchKind, &[("kind", kind), ("how", how)]),
            theme::label(),
        )
    }

    fn draw_results(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let message = |lines: Vec<Line<'static>>| Paragraph::new(lines).wrap(Wrap { trim: true });
        match &self.state {
            SearchState::Idle => {
                let mut lines = vec![Line::styled(i.t(T::LookupIntro), theme::label())];
                if ctx.sandbox {
                    lines.push(Line::from(""));
                    lines.push(Line::styled(i.t(T::SandboxHint), theme::warn()));
                }
                frame.render_widget(message(lines), area);
            }
            SearchState::Loading { kind, value, .. } => {
                let line = Line::from(vec![
                    Span::styled(spinner::frame(ctx.tick), theme::key()),
                    Span::raw(" "),
                    Span::raw(i.fmt(T::Searching, &[("value", value), ("kind", i.kind(*kind))])),
                ]);
                frame.render_widget(message(vec![line]), area);
            }
            SearchState::Cancelled { value } => {
                let line = Line::styled(
                    i.fmt(T::SearchCancelled, &[("value", value)]),
                    theme::warn(),
                );
                frame.render_widget(message(vec![line]), area);
            }
            SearchState::Failed { kind, value, error } => {
                let lines = vec![
                    Line::styled(
                        format!("{value} ({}): {}", i.kind(*kind), i.api_error(error)),
                        theme::bad(),
                    ),
                    Line::styled(i.t(T::RetryHint), theme::label()),
                ];
                frame.render_widget(message(lines), area);
            }
            SearchState::Results {
                contracts,
                kind,
                value,
            } if contracts.is_empty() => {
                let line = Line::styled(
                    i.fmt(T::NoContracts, &[("value", value), ("kind", i.kind(*kind))]),
                    theme::strong(),
                );
                frame.render_widget(message(vec![line]), area);
            }
            SearchState::Results {
                contracts,
                kind,
                value,
            } => {
                let focused = self.focus == Focus::Results;
                let title = i.fmt(
                    T::ResultsTitle,
                    &[
                        ("count", &contracts.len().to_string()),
                        ("value", value),
                        ("kind", i.kind(*kind)),
                    ],
                );
                let block = Block::bordered()
                    .border_style(if focused {
                        theme::border_focused()
                    } else {
                        theme::border()
                    })
                    .title(format!(" {title} "));
                let items: Vec<ListItem> =
                    contracts.iter().map(|c| contract_item(c, ctx)).collect();
                let list = List::new(items)
                    .block(block)
                    .highlight_symbol("▶ ")
                    .highlight_style(if focused {
                        theme::selected()
                    } else {
                        Style::default()
                    });
                let mut state = ListState::default().with_selected(Some(self.selected));
                frame.render_stateful_widget(list, area, &mut state);
            }
        }
    }
}

fn contract_item(c: &Contract, ctx: &ViewCtx) -> ListItem<'static> {
    let i = &ctx.i18n;
    let mut first = status_badges(c, ctx);
    first.push(Span::raw(" "));
    let name = c.full_name();
    first.push(Span::styled(
        or_dash(Some(&name)).to_owned(),
        theme::strong(),
    ));
    first.push(Span::raw(" — "));
    first.push(Span::raw(
        or_dash(c.plan_name.as_deref().or(c.plan_code.as_deref())).to_owned(),
    ));
    let second = Line::from(vec![
        Span::raw("  "),
        Span::raw(date_range(c)),
        Span::styled(format!(" · {}: ", i.t(T::ColMobile)), theme::label()),
        Span::raw(or_dash(c.mobile_phone_number.as_deref()).to_owned()),
        Span::styled(format!(" · {}: ", i.t(T::ColContract)), theme::label()),
        Span::raw(or_dash(c.unique_contract_id.as_deref()).to_owned()),
    ]);
    ListItem::new(vec![Line::from(first), second])
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
        let table = match self.focus {
            Focus::Search => SEARCH_KEYS,
            Focus::Results => RESULT_KEYS,
        };
        if let Some(cmd) = lookup(table, &key) {
            return self.run(cmd);
        }
        if self.focus == Focus::Search && !matches!(key.code, KeyCode::Enter) {
            // A one-line field: the textarea's own keys, never a newline.
            if self.input.input(key) && self.input.lines().len() > 1 {
                let joined = self.input.lines().join("");
                self.input = TextArea::new(vec![joined]);
                self.input.move_cursor(ratatui_textarea::CursorMove::End);
                self.set_focus(Focus::Search);
            }
            self.notice = None;
            let query = self.query();
            if query.is_empty() {
                self.kind_chosen = false;
            }
            if !self.kind_chosen {
                self.kind = guess_kind(&query);
            }
        }
        None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let [search, kind, results] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        self.draw_search(frame, search, ctx);
        frame.render_widget(Paragraph::new(self.kind_line(ctx)), kind);
        let results = match self.notice {
            Some(notice) => {
                let [line, rest] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(results);
                let text = Line::styled(ctx.i18n.t(notice), theme::warn());
                frame.render_widget(Paragraph::new(text), line);
                rest
            }
            None => results,
        };
        self.draw_results(frame, results, ctx);
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
