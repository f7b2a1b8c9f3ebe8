//! The WhatsApp dialog: the contract's mobile number, editable, checked as E.164 while it
//! is typed, then sent; it reports the server's answer.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea};

use crate::api::ApiError;
use crate::model::{PhoneRegion, normalize_phone};
use crate::tui::action::{Action, Effect, RequestId};
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, Keys, help_of, k, lookup};
use crate::tui::panes::{Out, Update, ViewCtx};
use crate::tui::runner::new_request_id;
use crate::tui::theme;
use crate::tui::widgets::{popup, spinner};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Send,
    Close,
}

const KEYS: Keys<Cmd> = Keys::new("whatsapp", BINDINGS);
const BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::KeySend,
        cmd: Cmd::Send,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyClose,
        cmd: Cmd::Close,
    },
];

/// This overlay's key table, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] = &[&KEYS];

#[derive(Debug, Clone)]
pub enum SendState {
    Editing,
    Sending { request: RequestId, number: String },
    Sent(String),
    Failed(ApiError),
}

pub struct WhatsAppDialog {
    input: TextArea<'static>,
    name: String,
    state: SendState,
}

/// The dialog's messages: its Enter, and the answer of its send.
#[derive(Debug, Clone)]
pub enum WhatsAppAction {
    /// Enter with a valid number.
    Send { number: String },
    /// The answer of send `request`.
    Sent {
        request: RequestId,
        number: String,
        result: Result<(), ApiError>,
    },
}

impl From<WhatsAppAction> for Action {
    fn from(action: WhatsAppAction) -> Self {
        Action::WhatsApp(action)
    }
}

impl Update for WhatsAppDialog {
    type Msg = WhatsAppAction;

    fn update(&mut self, msg: WhatsAppAction) -> Vec<Out> {
        match msg {
            WhatsAppAction::Send { number } => {
                let request = new_request_id();
                self.start_sending(request, number.clone());
                vec![Effect::SendWhatsApp { request, number }.into()]
            }
            WhatsAppAction::Sent {
                request,
                number,
                result,
            } => {
                let error = result.as_ref().err().cloned();
                self.on_sent(request, number, result);
                error
                    .map(|e| Action::LastError(Some(e)).into())
                    .into_iter()
                    .collect()
            }
        }
    }
}

impl WhatsAppDialog {
    pub fn new(number: &str, name: &str) -> Self {
        let mut input = TextArea::new(vec![number.to_owned()]);
        input.move_cursor(CursorMove::End);
        input.set_cursor_line_style(ratatui::style::Style::default());
        input.set_cursor_style(theme::selected());
        Self {
            input,
            name: name.to_owned(),
            state: SendState::Editing,
        }
    }

    pub fn number(&self) -> String {
        self.input.lines().join("")
    }

    /// The number as it will be sent, or why it cannot be.
    pub fn validated(&self) -> Result<String, &'static str> {
        let n = self.number();
        if n.trim().is_empty() {
            return Err("");
        }
        normalize_phone(&n, PhoneRegion::configured())
    }

    pub fn state(&self) -> &SendState {
        &self.state
    }

    pub fn start_sending(&mut self, request: RequestId, number: String) {
        self.state = SendState::Sending { request, number };
    }

    pub fn pending_request(&self) -> Option<RequestId> {
        match self.state {
            SendState::Sending { request, .. } => Some(request),
            _ => None,
        }
    }

    /// The answer of send `request`; false when it is not the one awaited.
    pub fn on_sent(
        &mut self,
        request: RequestId,
        number: String,
        result: Result<(), ApiError>,
    ) -> bool {
        if self.pending_request() != Some(request) {
            return false;
        }
        self.state = match result {
            Ok(()) => SendState::Sent(number),
            Err(e) => SendState::Failed(e),
        };
        true
    }

    pub fn help(&self) -> Vec<KeyHelp> {
        help_of(KEYS)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        match lookup(KEYS, &key) {
            Some(Cmd::Close) => return Some(Action::CloseOverlay),
            Some(Cmd::Send) => {
                return match &self.state {
                    SendState::Sent(_) => Some(Action::CloseOverlay),
                    SendState::Sending { .. } => None,
                    _ => self
                        .validated()
                        .ok()
                        .map(|number| WhatsAppAction::Send { number }.into()),
                };
            }
            None => {}
        }
        if matches!(self.state, SendState::Sending { .. } | SendState::Sent(_))
            || key.code == KeyCode::Enter
        {
            return None;
        }
        if self.input.input(key) {
            self.state = SendState::Editing;
            if self.input.lines().len() > 1 {
                let joined = self.input.lines().join("");
                *self = Self::new(&joined, &self.name.clone());
            }
        }
        None
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let rect = popup::centered(area, 64, 9);
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(" {} ", i.t(T::WhatsAppTitle)));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        if inner.height < 4 {
            return;
        }
        let to = Line::styled(
            i.fmt(
                T::WhatsAppTo,
                &[("name", crate::model::or_dash(Some(&self.name)))],
            ),
            theme::strong(),
        );
        let label = Line::styled(i.t(T::WhatsAppNumber), theme::label());
        frame.render_widget(Paragraph::new(vec![to, label]), Rect { height: 2, ..inner });
        let field = Rect {
            y: inner.y + 2,
            height: 1,
            x: inner.x + 2,
            width: inner.width.saturating_sub(4),
        };
        frame.render_widget(&self.input, field);
        let status = match &self.state {
            SendState::Editing => match self.validated() {
                Ok(n) => Line::styled(
                    format!("✓ {}", i.fmt(T::WhatsAppValid, &[("number", &n)])),
                    theme::ok(),
                ),
                Err("") => Line::styled(format!("✗ {}", i.t(T::E164Empty)), theme::warn()),
                Err(reason) => Line::styled(format!("✗ {}", i.phone_reason(reason)), theme::bad()),
            },
            SendState::Sending { number, .. } => Line::from(vec![
                Span::styled(spinner::frame(ctx.tick), theme::key()),
                Span::raw(format!(
                    " {}",
                    i.fmt(T::WhatsAppSending, &[("number", number)])
                )),
            ]),
            SendState::Sent(number) => Line::styled(
                format!("✓ {}", i.fmt(T::WhatsAppSent, &[("number", number)])),
                theme::ok(),
            ),
            SendState::Failed(e) => Line::styled(
                format!(
                    "✗ {}",
                    i.fmt(T::WhatsAppFailed, &[("error", &i.api_error(e))])
                ),
                theme::bad(),
            ),
        };
        let rest = Rect {
            y: inner.y + 4,
            height: inner.height - 4,
            ..inner
        };
        let hints = crate::tui::widgets::key_hints::hints_line(&self.help(), i);
        frame.render_widget(
            Paragraph::new(vec![status, Line::from(""), hints]).wrap(Wrap { trim: true }),
            rest,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn only_a_valid_number_is_sent() {
        let mut d = WhatsAppDialog::new("612x345678", "Ana");
        assert!(d.handle_key(key(KeyCode::Enter)).is_none());
        d.handle_key(key(KeyCode::Home));
        for _ in 0..3 {
            d.handle_key(key(KeyCode::Right));
        }
        d.handle_key(key(KeyCode::Delete));
        // No country code: read in the configured region (ES), sent as E.164.
        match d.handle_key(key(KeyCode::Enter)) {
            Some(Action::WhatsApp(WhatsAppAction::Send { number })) => {
                assert_eq!(number, "+34612345678")
            }
            other => panic!("{other:?}"),
        }
    }
}
