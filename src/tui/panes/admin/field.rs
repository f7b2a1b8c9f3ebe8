//! The admin forms' building blocks: a one-line text input and a form of labelled inputs
//! whose errors (local or the server's) are drawn beside each field.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::ContractFieldError;
use crate::points::PointFieldError;
use crate::tui::i18n::{I18n, T};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::spinner;

/// A message beside a field, rendered in the user's language when drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The server's words (its validation errors), shown as they are.
    Server(String),
    /// The shared point validation's verdict.
    Point(PointFieldError),
    /// The shared contract row validation's verdict (`crate::import::validate_row`).
    Contract(ContractFieldError),
    /// A catalogue message.
    Note(T),
    /// A catalogue message with a detail after it.
    NoteWith(T, String),
}

impl Msg {
    pub fn render(&self, i: &I18n) -> String {
        match self {
            Msg::Server(s) => s.clone(),
            Msg::Point(e) => i.point_error(e),
            Msg::Contract(e) => i.contract_error(e),
            Msg::Note(t) => i.t(*t).to_owned(),
            Msg::NoteWith(t, d) => format!("{} {d}", i.t(*t)),
        }
    }
}

/// One line of editable text: ratatui-textarea edits it, and it is drawn by display width
/// (a wide character takes two cells), scrolled so the cursor shows.
#[derive(Debug, Clone, Default)]
pub struct LineInput {
    area: TextArea<'static>,
}

impl PartialEq for LineInput {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.area.cursor() == other.area.cursor()
    }
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        let mut area = TextArea::new(vec![text.to_owned()]);
        area.move_cursor(CursorMove::End);
        Self { area }
    }

    pub fn text(&self) -> &str {
        self.area.lines().first().map_or("", String::as_str)
    }

    pub fn set(&mut self, text: &str) {
        *self = Self::new(text);
    }

    /// The cursor, in characters from the start.
    fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    /// Applies an editing key; true when the key was an edit or a cursor move. Only the
    /// plain editing keys reach the textarea: Ctrl/Alt chords, Enter and Tab stay the
    /// form's.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        match key.code {
            KeyCode::Char(_)
            | KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Home
            | KeyCode::End => {
                self.area.input(*key);
                true
            }
            _ => false,
        }
    }

    /// The text in `width` cells, scrolled so the cursor shows, the cursor drawn when
    /// `focused`.
    pub fn spans(&self, focused: bool, width: usize) -> Vec<Span<'static>> {
        let chars: Vec<char> = self.text().chars().collect();
        let width = width.max(2);
        let cursor = self.cursor().min(chars.len());
        let cells = |c: &char| c.width().unwrap_or(0);
        // The cell under the cursor: its character's, or one past the end.
        let under_cells = chars.get(cursor).map_or(1, cells).max(1);
        // The first character shown: as far left as keeps the cursor's cell in view.
        let mut start = cursor;
        let mut used = under_cells;
        while start > 0 && used + cells(&chars[start - 1]) <= width {
            start -= 1;
            used += cells(&chars[start]);
        }
        let mut shown = 0;
        let visible: Vec<char> = chars[start..]
            .iter()
            .take_while(|c| {
                shown += cells(c);
                shown <= width
            })
            .copied()
            .collect();
        if !focused {
            return vec![Span::raw(visible.into_iter().collect::<String>())];
        }
        let at = cursor - start;
        let before: String = visible.iter().take(at).collect();
        let under: String = visible.get(at).map_or(" ".into(), |c| c.to_string());
        let after: String = visible.iter().skip(at + 1).collect();
        vec![
            Span::raw(before),
            Span::styled(under, theme::selected()),
            Span::raw(after),
        ]
    }
}

/// What frames a form on screen: its box title, whether it is being sent, and the lines
/// under its rows (notes, then the status line; the spinner replaces the status while
/// sending).
pub struct Framed {
    pub title: String,
    pub sending: bool,
    pub notes: Vec<Line<'static>>,
    pub status: Line<'static>,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Submit,
    Cancel,
    /// The text of the focused field changed.
    Edited,
    /// Focus moved, or the cursor within a field.
    Moved,
    Ignored,
}

#[derive(Debug, Clone)]
pub struct FormField {
    /// The API field name (errors from the server are keyed by it).
    pub key: &'static str,
    pub label: T,
    pub input: LineInput,
    /// Why the value is refused, drawn beside it in red.
    pub errors: Vec<Msg>,
    /// A hint drawn beside it when there is no error (e.g. "valid: every month").
    pub note: Option<Msg>,
}

/// Labelled one-line fields; Tab/↓/Enter and Shift-Tab/↑ move, Ctrl-S submits, Esc
/// cancels. Enter never submits: an agent pressing it after each field would send a
/// half-filled form.
#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<FormField>,
    pub focus: usize,
}

impl Form {
    pub fn new(fields: &[(&'static str, T)]) -> Self {
        Self {
            fields: fields
                .iter()
                .map(|(key, label)| FormField {
                    key,
                    label: *label,
                    input: LineInput::default(),
                    errors: Vec::new(),
                    note: None,
                })
                .collect(),
            focus: 0,
        }
    }

    fn field(&self, key: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn field_mut(&mut self, key: &str) -> Option<&mut FormField> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> &str {
        self.field(key).map_or("", |f| f.input.text())
    }

    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(f) = self.field_mut(key) {
            f.input.set(value);
        }
    }

    pub fn errors(&self, key: &str) -> &[Msg] {
        self.field(key).map_or(&[], |f| f.errors.as_slice())
    }

    /// Adds an error beside `key`; an unknown field's error (the server's `base`) goes to
    /// the first field, prefixed with its key, so none is lost.
    pub fn add_error(&mut self, key: &str, message: Msg) {
        match self.fields.iter_mut().find(|f| f.key == key) {
            Some(f) => f.errors.push(message),
            None => {
                let text = match message {
                    Msg::Server(s) => format!("{key}: {s}"),
                    other => return self.fields[0].errors.push(other),
                };
                self.fields[0].errors.push(Msg::Server(text));
            }
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.errors.clear();
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| !f.errors.is_empty())
    }

    pub fn set_errors(&mut self, key: &str, errors: Vec<Msg>) {
        if let Some(f) = self.field_mut(key) {
            f.errors = errors;
        }
    }

    pub fn set_note(&mut self, key: &str, note: Option<Msg>) {
        if let Some(f) = self.field_mut(key) {
            f.note = note;
        }
    }

    pub fn focused_key(&self) -> &'static str {
        self.fields[self.focus].key
    }

    /// True when anything was typed.
    pub fn has_input(&self) -> bool {
        self.fields
            .iter()
            .any(|f| !f.input.text().trim().is_empty())
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> FormKey {
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Char('s' | 'S') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                FormKey::Submit
            }
            KeyCode::Esc => FormKey::Cancel,
            KeyCode::Tab | KeyCode::Down | KeyCode::Enter => {
                self.focus = if self.focus >= last {
                    0
                } else {
                    self.focus + 1
                };
                FormKey::Moved
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = if self.focus == 0 {
                    last
                } else {
                    self.focus - 1
                };
                FormKey::Moved
            }
            _ => {
                let before = self.fields[self.focus].input.text().to_owned();
                if !self.fields[self.focus].input.handle(key) {
                    return FormKey::Ignored;
                }
                if self.fields[self.focus].input.text() != before {
                    self.fields[self.focus].errors.clear();
                    FormKey::Edited
                } else {
                    FormKey::Moved
                }
            }
        }
    }

    /// The admin forms' one layout: a focused box titled `framed.title`, one row per field
    /// (focused unless sending), and under them the notes and the status line.
    pub fn draw_framed(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx, framed: Framed) {
        let i = &ctx.i18n;
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(" {} ", framed.title));
        frame.render_widget(block, area);
        let [fields, below] = self.framed_areas(area);
        self.draw(frame, fields, i, !framed.sending);
        let mut lines = framed.notes;
        lines.push(if framed.sending {
            Line::from(vec![
                Span::styled(spinner::frame(ctx.tick), theme::key()),
                Span::raw(format!(" {}", i.t(T::AdmSending))),
            ])
        } else {
            framed.status
        });
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), below);
    }

    /// Inside [`draw_framed`](Self::draw_framed)'s border: the fields (one row each, from
    /// the top), then the notes and status (drawing and mouse hit-testing both use it).
    fn framed_areas(&self, area: Rect) -> [Rect; 2] {
        Layout::vertical([
            Constraint::Length(self.fields.len() as u16 + 2),
            Constraint::Min(0),
        ])
        .areas(crate::tui::widgets::hit::inside_border(area))
    }

    /// A click at `at` on a form drawn framed in `area`: focuses the field on that row.
    pub fn click(&mut self, area: Rect, at: ratatui::layout::Position) -> bool {
        let [fields, _] = self.framed_areas(area);
        let n = usize::from(at.y.saturating_sub(fields.y));
        let hit = fields.contains(at) && n < self.fields.len();
        if hit {
            self.focus = n;
        }
        hit
    }

    /// One line per field: `label  value  ✗ error`; returns the lines used.
    pub fn draw(&self, frame: &mut Frame, area: Rect, i18n: &I18n, focused: bool) -> u16 {
        let label_width = self
            .fields
            .iter()
            .map(|f| i18n.t(f.label).width())
            .max()
            .unwrap_or(0)
            + 1;
        let rest = (area.width as usize).saturating_sub(label_width + 3);
        // Narrow screens keep room beside the value for the error.
        let value_width = if rest > 70 { 32 } else { (rest / 3).max(12) };
        let lines: Vec<Line> = self
            .fields
            .iter()
            .enumerate()
            .map(|(n, f)| {
                let here = focused && n == self.focus;
                let mut spans = vec![
                    Span::styled(if here { "▶ " } else { "  " }, theme::key()),
                    Span::styled(
                        format!("{:<label_width$}", i18n.t(f.label)),
                        if here {
                            theme::strong()
                        } else {
                            theme::label()
                        },
                    ),
                ];
                let mut value = f.input.spans(here, value_width);
                let used: usize = value.iter().map(|s| s.content.width()).sum();
                value.push(Span::raw(" ".repeat(value_width.saturating_sub(used))));
                spans.extend(value);
                if !f.errors.is_empty() {
                    let text: Vec<String> = f.errors.iter().map(|m| m.render(i18n)).collect();
                    spans.push(Span::styled(
                        format!(" ✗ {}", text.join("; ")),
                        theme::bad(),
                    ));
                } else if let Some(n) = &f.note {
                    spans.push(Span::styled(format!(" ✓ {}", n.render(i18n)), theme::ok()));
                }
                Line::from(spans)
            })
            .collect();
        let count = lines.len() as u16;
        let rows = Rect {
            height: count.min(area.height),
            ..area
        };
        frame.render_widget(Paragraph::new(lines), rows);
        // Long messages are cut beside a narrow field: the focused one's in full below.
        let focused_errors = &self.fields[self.focus].errors;
        let below = Rect {
            y: area.y + rows.height,
            height: area.height - rows.height,
            ..area
        };
        if focused && !focused_errors.is_empty() && below.height > 0 {
            let text: Vec<String> = focused_errors.iter().map(|m| m.render(i18n)).collect();
            let line = Line::styled(
                format!(
                    "  {}: {}",
                    i18n.t(self.fields[self.focus].label),
                    text.join("; ")
                ),
                theme::bad(),
            );
            frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), below);
        }
        rows.height
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn line_input_edits_at_the_cursor_with_multibyte_text() {
        let mut i = LineInput::new("Ibáñz");
        i.handle(&key(KeyCode::Left));
        i.handle(&key(KeyCode::Char('e')));
        assert_eq!(i.text(), "Ibáñez");
        i.handle(&key(KeyCode::Home));
        i.handle(&key(KeyCode::Delete));
        i.handle(&key(KeyCode::End));
        i.handle(&key(KeyCode::Backspace));
        assert_eq!(i.text(), "báñe");
        let shown: String = i
            .spans(true, 3)
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(shown.chars().count(), 3);
    }

    #[test]
    fn line_input_is_drawn_by_display_width() {
        // Wide characters take two cells each: in 6 cells, the cursor at the end and the
        // last two wide characters show (2 + 2 + the cursor's 1 cell).
        let i = LineInput::new("東京都港区");
        let shown: String = i
            .spans(true, 6)
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(shown, "港区 ");
        assert!(shown.width() <= 6);
    }

    #[test]
    fn form_errors_go_beside_their_field_and_clear_when_edited() {
        let mut f = Form::new(&[("email", T::AdmFieldEmail), ("points", T::AdmFieldPoints)]);
        f.add_error("points", Msg::Server("too many".into()));
        f.add_error("base", Msg::Server("odd".into()));
        assert_eq!(f.errors("points"), [Msg::Server("too many".into())]);
        assert_eq!(f.errors("email"), [Msg::Server("base: odd".into())]);
        f.handle_key(&key(KeyCode::Tab));
        assert_eq!(f.handle_key(&key(KeyCode::Char('1'))), FormKey::Edited);
        assert!(f.errors("points").is_empty());
        assert_eq!(f.value("points"), "1");
    }
}
