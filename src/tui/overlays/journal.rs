//! The journal overlay (palette → "Action journal"): the local audit journal of this
//! session's server, newest first, read-only. `/` filters by any text of an entry, `r`
//! reads it again, `Esc` leaves the filter, then closes.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, TableState};
use ratatui_textarea::TextArea;

use crate::api::audit::{AuditAction, AuditResult};
use crate::local::JournalEntry;
use crate::tui::action::{Action, Effect};
use crate::tui::i18n::{I18n, T};
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup};
use crate::tui::panes::{Out, Update, ViewCtx};
use crate::tui::theme;
use crate::tui::widgets::popup;

/// The overlay's messages.
#[derive(Debug, Clone)]
pub enum JournalAction {
    /// Read the journal (again).
    Reload,
    /// What the read found: this server's entries, oldest first, or why it failed.
    Loaded(Result<Vec<JournalEntry>, String>),
}

impl From<JournalAction> for Action {
    fn from(a: JournalAction) -> Self {
        Action::Journal(a)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Close,
    Filter,
    Reload,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
}

const KEYS: Keys<Cmd> = Keys::new("journal", BINDINGS);
/// This overlay's key table, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] = &[&KEYS];
const BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ESC],
        what: T::KeyClose,
        cmd: Cmd::Close,
    },
    Binding {
        keys: &[KeyPress::ch('/')],
        what: T::KeyFilterText,
        cmd: Cmd::Filter,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyReload,
        cmd: Cmd::Reload,
    },
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
];

/// Keys while typing the filter.
const FILTER_KEYS: &[Binding<()>] = &[Binding {
    keys: &[k::ESC, k::ENTER],
    what: T::KeyLeaveField,
    cmd: (),
}];

/// Rows a page key moves.
const PAGE: usize = 10;

pub struct JournalView {
    /// The server the journal belongs to, for the title.
    server: String,
    /// `None` while reading; entries newest first.
    entries: Option<Result<Vec<JournalEntry>, String>>,
    filter: TextArea<'static>,
    filtering: bool,
    selected: usize,
}

impl JournalView {
    /// A view of `server`'s journal; it asks for the read at once (the effect returned).
    pub fn open(server: String) -> (JournalView, Effect) {
        let mut filter = TextArea::default();
        filter.set_cursor_line_style(Style::default());
        filter.set_cursor_style(theme::selected());
        let view = JournalView {
            server,
            entries: None,
            filter,
            filtering: false,
            selected: 0,
        };
        (view, Effect::LoadJournal)
    }

    pub fn help(&self) -> Vec<KeyHelp> {
        if self.filtering {
            help_of(FILTER_KEYS)
        } else {
            help_of(KEYS)
        }
    }

    /// True while the cursor is in the filter.
    pub fn is_filtering(&self) -> bool {
        self.filtering
    }

    fn query(&self) -> String {
        self.filter.lines().join(" ").trim().to_lowercase()
    }

    /// The entries the filter lets through, newest first.
    pub fn shown(&self) -> Vec<&JournalEntry> {
        let Some(Ok(entries)) = &self.entries else {
            return Vec::new();
        };
        let query = self.query();
        let words: Vec<&str> = query.split_whitespace().collect();
        entries
            .iter()
            .filter(|e| {
                let hay = e.haystack();
                words.iter().all(|w| hay.contains(w))
            })
            .collect()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if self.filtering {
            if lookup(FILTER_KEYS, &key).is_some() {
                self.filtering = false;
            } else if self.filter.input(key) {
                self.selected = 0;
            }
            return None;
        }
        let last = self.shown().len().saturating_sub(1);
        match lookup(KEYS, &key)? {
            Cmd::Close => return Some(Action::CloseOverlay),
            Cmd::Filter => self.filtering = true,
            Cmd::Reload => return Some(JournalAction::Reload.into()),
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => self.selected = (self.selected + 1).min(last),
            Cmd::PageUp => self.selected = self.selected.saturating_sub(PAGE),
            Cmd::PageDown => self.selected = (self.selected + PAGE).min(last),
            Cmd::First => self.selected = 0,
            Cmd::Last => self.selected = last,
        }
        None
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let rect = popup::centered(area, area.width.saturating_sub(2).max(40), area.height);
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(
                " {} ",
                i.fmt(T::JournalTitle, &[("server", &self.server)])
            ))
            .title_bottom(Line::styled(" Esc ", theme::key()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [filter_area, count_area, list_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inner);
        self.draw_filter(frame, filter_area, i);
        let entries = match &self.entries {
            None => {
                let line = Line::styled(i.t(T::JournalLoading), theme::dim());
                frame.render_widget(Paragraph::new(line), list_area);
                return;
            }
            Some(Err(e)) => {
                let line = i.fmt(T::JournalUnreadable, &[("error", e)]);
                frame.render_widget(Paragraph::new(Line::styled(line, theme::bad())), list_area);
                return;
            }
            Some(Ok(entries)) => entries,
        };
        let shown = self.shown();
        let count = i.fmt(
            T::JournalCount,
            &[
                ("shown", &shown.len().to_string()),
                ("total", &entries.len().to_string()),
            ],
        );
        frame.render_widget(
            Paragraph::new(Line::styled(count, theme::dim())),
            count_area,
        );
        if shown.is_empty() {
            let what = if entries.is_empty() {
                T::JournalEmpty
            } else {
                T::JournalNoMatch
            };
            frame.render_widget(
                Paragraph::new(Line::styled(i.t(what), theme::dim())),
                list_area,
            );
            return;
        }
        let header = Row::new(
            [
                T::JournalColTime,
                T::JournalColUser,
                T::JournalColAction,
                T::JournalColTarget,
                T::JournalColResult,
                T::JournalColNote,
            ]
            .map(|c| Cell::from(i.t(c))),
        )
        .style(theme::strong());
        let rows = shown.iter().map(|e| {
            let result = Span::styled(
                result_word(i, &e.result),
                match e.result.as_str() {
                    "refused" | "failed" => theme::bad(),
                    _ => Style::default(),
                },
            );
            Row::new(vec![
                Cell::from(e.local_time()),
                Cell::from(e.user.clone()),
                Cell::from(action_word(i, &e.action)),
                Cell::from(e.target.clone().unwrap_or_default()),
                Cell::from(result),
                Cell::from(note(e)),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(19),
                Constraint::Length(10),
                Constraint::Length(16),
                Constraint::Length(22),
                Constraint::Length(12),
                Constraint::Min(10),
            ],
        )
        .header(header)
        .highlight_symbol("▶ ")
        .row_highlight_style(theme::selected());
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, list_area, &mut state);
    }

    fn draw_filter(&self, frame: &mut Frame, area: Rect, i: &I18n) {
        let [prompt, field] =
            Layout::horizontal([Constraint::Length(2), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(Span::styled("/", theme::key())), prompt);
        if self.filtering || !self.query().is_empty() {
            frame.render_widget(&self.filter, field);
        } else {
            frame.render_widget(
                Paragraph::new(Line::styled(i.t(T::JournalFilterHint), theme::dim())),
                field,
            );
        }
    }
}

impl Update for JournalView {
    type Msg = JournalAction;

    fn update(&mut self, msg: JournalAction) -> Vec<Out> {
        match msg {
            JournalAction::Reload => {
                self.entries = None;
                vec![Effect::LoadJournal.into()]
            }
            JournalAction::Loaded(result) => {
                self.entries = Some(result.map(|mut entries| {
                    entries.reverse();
                    entries
                }));
                self.selected = 0;
                Vec::new()
            }
        }
    }
}

/// The catalogue's word for a stored action name (unknown names as stored).
fn action_word(i: &I18n, name: &str) -> String {
    let t = AuditAction::ALL
        .into_iter()
        .find(|a| a.name() == name)
        .map(|a| match a {
            AuditAction::Create => T::JournalActionCreate,
            AuditAction::Update => T::JournalActionUpdate,
            AuditAction::StatusChange => T::JournalActionStatus,
            AuditAction::Assignment => T::JournalActionAssign,
            AuditAction::Whatsapp => T::JournalActionWhatsapp,
            AuditAction::ContractUpsert => T::JournalActionUpsert,
            AuditAction::ImportBatch => T::JournalActionImport,
            AuditAction::PointTransaction => T::JournalActionPoints,
            AuditAction::RecurrentRuleCreate => T::JournalActionRuleCreate,
            AuditAction::RecurrentRuleUpdate => T::JournalActionRuleUpdate,
        });
    t.map_or_else(|| name.to_owned(), |t| i.t(t).to_owned())
}

fn result_word(i: &I18n, name: &str) -> String {
    let t = AuditResult::ALL
        .into_iter()
        .find(|r| r.name() == name)
        .map(|r| match r {
            AuditResult::Ok => T::JournalResultOk,
            AuditResult::Recovered => T::JournalResultRecovered,
            AuditResult::Partial => T::JournalResultPartial,
            AuditResult::Refused => T::JournalResultRefused,
            AuditResult::Failed => T::JournalResultFailed,
        });
    t.map_or_else(|| name.to_owned(), |t| i.t(t).to_owned())
}

/// Fields sent, then the entry's detail and error.
fn note(e: &JournalEntry) -> String {
    let mut parts = Vec::new();
    if !e.fields.is_empty() {
        parts.push(e.fields.join(", "));
    }
    parts.extend(e.external_id.clone());
    parts.extend(e.detail.clone());
    parts.extend(e.error.clone());
    parts.join(" · ")
}
