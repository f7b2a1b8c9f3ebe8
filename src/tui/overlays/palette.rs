//! The command palette (`:`): a fuzzy-filtered list of everything the console can do.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};
use ratatui_textarea::TextArea;

use crate::model::ContractSearchKind;
use crate::tui::action::{Action, PaneId};
use crate::tui::i18n::{I18n, T};
use crate::tui::keys::{Binding, KeyHelp, Keys, help_of, k, lookup};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::popup;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Run,
    Close,
    Up,
    Down,
}

const KEYS: Keys<Cmd> = Keys::new("palette", BINDINGS);
const BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::KeyRun,
        cmd: Cmd::Run,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyClose,
        cmd: Cmd::Close,
    },
    Binding {
        keys: &[k::UP],
        what: T::KeyMove,
        cmd: Cmd::Up,
    },
    Binding {
        keys: &[k::DOWN],
        what: T::KeyMove,
        cmd: Cmd::Down,
    },
];

/// This overlay's key table, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] = &[&KEYS];

pub struct PaletteCommand {
    pub label: String,
    pub action: Action,
    /// The key that does the same outside the palette, as bound now (shown beside it).
    pub keys: Option<String>,
}

/// Everything the palette offers, in the current language.
pub fn commands(i: &I18n) -> Vec<PaletteCommand> {
    let cmd = |label: String, action| PaletteCommand {
        label,
        action,
        keys: None,
    };
    let mut out = vec![
        cmd(i.t(T::CmdGoLookup).into(), Action::GoTo(PaneId::Lookup)),
        cmd(
            i.t(T::CmdGoNewRequest).into(),
            Action::GoTo(PaneId::NewRequest),
        ),
        cmd(i.t(T::CmdGoRanking).into(), Action::GoTo(PaneId::Ranking)),
        cmd(i.t(T::CmdGoBoard).into(), Action::GoTo(PaneId::Board)),
        cmd(i.t(T::CmdGoAdmin).into(), Action::GoTo(PaneId::Admin)),
        cmd(i.t(T::CmdGoWall).into(), Action::GoTo(PaneId::Wall)),
    ];
    for kind in ContractSearchKind::ALL {
        out.push(cmd(
            i.fmt(T::CmdSearchBy, &[("kind", i.kind(kind))]),
            crate::tui::panes::lookup::LookupAction::SetKind(kind).into(),
        ));
    }
    out.extend([
        cmd(i.t(T::CmdJournal).into(), Action::OpenJournal),
        cmd(i.t(T::CmdToggleLanguage).into(), Action::ToggleLanguage),
        cmd(i.t(T::CmdRefresh).into(), Action::Refresh),
        cmd(i.t(T::CmdHelp).into(), Action::ToggleHelp),
        cmd(i.t(T::CmdQuit).into(), Action::RequestQuit),
    ]);
    out
}

/// Fuzzy match: every character of `query` in order, without accents and case (`movil`
/// finds "móvil"). Lower is better: matches starting early and with few gaps first;
/// `None` when it does not match.
pub fn fuzzy_score(query: &str, label: &str) -> Option<usize> {
    let label: Vec<char> = crate::text::fold(label).chars().collect();
    let mut pos = 0;
    let mut first = None;
    let mut gaps = 0;
    for q in crate::text::fold(query)
        .chars()
        .filter(|c| !c.is_whitespace())
    {
        let found = label[pos..].iter().position(|c| *c == q)?;
        if first.is_none() {
            first = Some(pos + found);
        } else {
            gaps += found;
        }
        pos += found + 1;
    }
    Some(first.unwrap_or(0) + gaps * 2)
}

pub struct Palette {
    input: TextArea<'static>,
    commands: Vec<PaletteCommand>,
    selected: usize,
}

impl Palette {
    pub fn new(i: &I18n) -> Self {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        input.set_cursor_style(theme::selected());
        Self {
            input,
            commands: commands(i),
            selected: 0,
        }
    }

    /// Shows beside each command the key that does the same (`keys` of its action).
    pub fn with_keys(mut self, keys: impl Fn(&Action) -> Option<String>) -> Self {
        for c in &mut self.commands {
            c.keys = keys(&c.action);
        }
        self
    }

    /// Indices of the matching commands, best first.
    pub fn matching(&self) -> Vec<usize> {
        let query = self.input.lines().join("");
        let mut scored: Vec<(usize, usize)> = self
            .commands
            .iter()
            .enumerate()
            .filter_map(|(n, c)| fuzzy_score(&query, &c.label).map(|s| (s, n)))
            .collect();
        scored.sort();
        scored.into_iter().map(|(_, n)| n).collect()
    }

    pub fn help(&self) -> Vec<KeyHelp> {
        help_of(KEYS)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let matching = self.matching();
        match lookup(KEYS, &key) {
            Some(Cmd::Close) => return Some(Action::CloseOverlay),
            Some(Cmd::Run) => {
                let n = *matching.get(self.selected)?;
                return Some(self.commands[n].action.clone());
            }
            Some(Cmd::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Cmd::Down) => {
                self.selected = (self.selected + 1).min(matching.len().saturating_sub(1))
            }
            None => {
                if key.code != crossterm::event::KeyCode::Enter && self.input.input(key) {
                    self.selected = 0;
                }
            }
        }
        None
    }

    /// The popup over `area` and the list inside it (drawing and mouse hit-testing both
    /// use it).
    fn areas(&self, area: Rect, matching: usize) -> [Rect; 2] {
        let height = (matching as u16 + 4).clamp(6, 18);
        let rect = popup::centered(area, 56, height);
        let inner = crate::tui::widgets::hit::inside_border(rect);
        let list_area = Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            ..inner
        };
        [rect, list_area]
    }

    /// A click on a command selects it, on the selected one runs it; outside, closes;
    /// the wheel moves.
    pub fn mouse(&mut self, ev: crossterm::event::MouseEvent, area: Rect) -> Option<Action> {
        use crate::tui::widgets::hit::{Gesture, ListHit, list_gesture};
        let gesture = Gesture::of(&ev)?;
        let matching = self.matching();
        let [rect, list] = self.areas(area, matching.len());
        if !rect.contains(gesture.at()) {
            return matches!(gesture, Gesture::Click(_)).then_some(Action::CloseOverlay);
        }
        let cmd = match list_gesture(gesture, list, self.selected, matching.len(), 1)? {
            ListHit::Select(n) => {
                self.selected = n;
                return None;
            }
            ListHit::Open => Cmd::Run,
            ListHit::Up => Cmd::Up,
            ListHit::Down => Cmd::Down,
        };
        self.handle_key(KEYS.press_for(cmd)?)
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let matching = self.matching();
        let [rect, list_area] = self.areas(area, matching.len());
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(" {} ", i.t(T::PaletteTitle)));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let prompt = Rect { height: 1, ..inner };
        frame.render_widget(Paragraph::new(Span::styled(":", theme::key())), prompt);
        frame.render_widget(
            &self.input,
            Rect {
                x: prompt.x + 2,
                width: prompt.width.saturating_sub(2),
                ..prompt
            },
        );
        if matching.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(i.t(T::PaletteEmpty), theme::dim())),
                list_area,
            );
            return;
        }
        // Room for the highlight symbol, then the label, its key at the right edge.
        let width = list_area.width.saturating_sub(2) as usize;
        let items: Vec<ListItem> = matching
            .iter()
            .map(|n| {
                let c = &self.commands[*n];
                let mut spans = vec![Span::raw(c.label.clone())];
                if let Some(keys) = &c.keys {
                    let used = c.label.chars().count() + keys.chars().count();
                    spans.push(Span::raw(" ".repeat(width.saturating_sub(used).max(1))));
                    spans.push(Span::styled(keys.clone(), theme::key()));
                }
                ListItem::new(Line::from(spans))
            })
            .collect();
        let list = List::new(items)
            .highlight_symbol("▶ ")
            .highlight_style(theme::selected());
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, list_area, &mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_in_order_and_prefers_tight_matches() {
        assert!(fuzzy_score("qt", "Quit").is_some());
        assert!(fuzzy_score("tq", "Quit").is_none());
        let tight = fuzzy_score("look", "Go to Lookup").unwrap();
        let loose = fuzzy_score("look", "Go to Lo o k").unwrap_or(usize::MAX);
        assert!(tight < loose);
        assert_eq!(fuzzy_score("", "anything"), Some(0));
    }
}
