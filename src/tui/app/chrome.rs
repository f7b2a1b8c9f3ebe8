//! The chrome around the pane on top: the header (network, server, local counts,
//! connection), the tabs, the notes (config warnings, other servers' items, the last
//! error), the status line's key hints, and the quit confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::global_keys::{GLOBAL_KEYS, Global};
use super::{App, ConnectionState, Overlay};
use crate::tui::action::PaneId;
use crate::tui::i18n::T;
use crate::tui::keys::{KeyHelp, merged};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::{badge::badge, popup, spinner};

impl App {
    pub(super) fn header_line(&self, ctx: &ViewCtx) -> Line<'static> {
        let i = &ctx.i18n;
        let mut spans = vec![Span::styled(
            format!(" {} ", i.t(T::AppName)),
            theme::header_title(),
        )];
        let name = match &self.connection {
            ConnectionState::Connected(me) => crate::model::or_dash(me.name.as_deref())
                .replace(crate::model::MISSING, i.t(T::UnknownNetwork)),
            _ => String::new(),
        };
        if !name.is_empty() {
            spans.push(Span::raw("│ "));
            spans.push(Span::styled(format!("{name} "), theme::header_title()));
        }
        spans.push(Span::raw("│ "));
        if self.sandbox {
            spans.push(badge(&self.place, theme::sandbox_badge()));
            spans.push(Span::raw(" "));
        } else {
            spans.push(Span::raw(format!("{} ", self.place)));
        }
        spans.push(Span::raw("│ "));
        let form = &self.new_request;
        for (n, key, style) in [
            (form.outbox_pending(), T::FormHeaderOutbox, theme::warn()),
            (form.outbox_rejected(), T::FormHeaderRejected, theme::bad()),
            (form.drafts().len(), T::FormHeaderDrafts, theme::header()),
        ] {
            if n > 0 {
                spans.push(Span::styled(i.fmt(key, &[("n", &n.to_string())]), style));
                spans.push(Span::raw(" │ "));
            }
        }
        // Rows the board took while another pane was on top, until the agent looks.
        let unseen = self.board.unseen_count();
        if unseen > 0 && self.current != PaneId::Board {
            let text = match unseen {
                1 => i.t(T::BoardUnseenOne).to_owned(),
                n => i.fmt(T::BoardUnseen, &[("n", &n.to_string())]),
            };
            spans.push(Span::styled(format!("◆ {text}"), theme::warn()));
            spans.push(Span::raw(" │ "));
        }
        match &self.connection {
            ConnectionState::Connecting => spans.push(Span::raw(format!(
                "{} {}",
                spinner::frame(ctx.tick),
                i.t(T::Connecting)
            ))),
            ConnectionState::Connected(_) => {
                spans.push(Span::raw(format!("● {}", i.t(T::Connected))))
            }
            ConnectionState::Failed(e) => spans.push(Span::styled(
                format!(
                    "✗ {}",
                    i.fmt(T::ConnectionError, &[("reason", &i.api_error(e))])
                ),
                theme::bad_badge(),
            )),
        }
        Line::from(spans)
    }

    pub(super) fn tabs_line(&self, ctx: &ViewCtx) -> Line<'static> {
        let i = &ctx.i18n;
        let mut spans = Vec::new();
        for id in PaneId::TABS {
            let style = if self.current.tab() == id {
                theme::tab_active()
            } else {
                theme::tab()
            };
            // The key as bound now (`[keys]` may move the panes off F2-F6).
            let text = match GLOBAL_KEYS.keys_for(Global::Go(id)).first() {
                Some(key) => format!(" {} {} ", key.label(), i.t(id.title())),
                None => format!(" {} ", i.t(id.title())),
            };
            spans.push(Span::styled(text, style));
        }
        Line::from(spans)
    }

    /// The last error and config warnings, above the key hints.
    pub(super) fn notes(&self, ctx: &ViewCtx) -> Vec<Line<'static>> {
        let i = &ctx.i18n;
        let mut lines: Vec<Line> = self
            .warnings
            .iter()
            .take(2)
            .map(|w| Line::styled(i.fmt(T::ConfigWarning, &[("message", w)]), theme::warn()))
            .collect();
        if let Some((server, n)) = self.elsewhere.first() {
            let name = if *server == crate::local::ServerId::legacy() {
                i.t(T::LocalLegacyServer)
            } else {
                server.name()
            };
            let mut text = i.fmt(
                T::LocalElsewhere,
                &[("count", &n.to_string()), ("server", name)],
            );
            if self.elsewhere.len() > 1 {
                text.push_str(&i.fmt(
                    T::LocalElsewhereMore,
                    &[("count", &(self.elsewhere.len() - 1).to_string())],
                ));
            }
            lines.push(Line::styled(text, theme::warn()));
        }
        if let Some(e) = &self.last_error {
            lines.push(Line::styled(
                i.fmt(T::LastError, &[("message", &i.api_error(e))]),
                theme::bad(),
            ));
        }
        lines
    }

    pub(super) fn status_hints(&self) -> Vec<KeyHelp> {
        let mut hints = match &self.overlay {
            Overlay::Palette(p) => return merged(&p.help()),
            Overlay::WhatsApp(d) => return merged(&d.help()),
            Overlay::Stale(d) => return merged(&d.help()),
            Overlay::Journal(j) => return merged(&j.help()),
            Overlay::Help | Overlay::ConfirmQuit | Overlay::ConfirmCancel { .. } => Vec::new(),
            Overlay::None => self.pane(self.current).hints(),
        };
        // Help first, so it stays visible when a narrow terminal cuts the line.
        let global = |cmd: Global| {
            let binding = GLOBAL_KEYS.bindings.iter().find(|b| b.cmd == cmd)?;
            let key = GLOBAL_KEYS.keys_for(cmd).first()?.label();
            Some(KeyHelp {
                keys: key,
                what: binding.what,
            })
        };
        let mut line: Vec<KeyHelp> = global(Global::Help).into_iter().collect();
        line.append(&mut hints);
        line.extend(
            [Global::Palette, Global::Quit]
                .into_iter()
                .filter_map(global),
        );
        line
    }
}

pub(super) fn draw_confirm(frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
    let rect = popup::centered(area, 50, 5);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {} ", ctx.i18n.t(T::ConfirmQuitTitle)));
    frame.render_widget(
        Paragraph::new(ctx.i18n.t(T::ConfirmQuit))
            .wrap(Wrap { trim: true })
            .block(block),
        rect,
    );
}

/// "Cancel request #id? It cannot be undone." — before any cancelling is sent.
pub(super) fn draw_confirm_cancel(frame: &mut Frame, area: Rect, ctx: &ViewCtx, id: i64) {
    let rect = popup::centered(area, 50, 6);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme::border_focused())
        .title(format!(" {} ", ctx.i18n.t(T::ShiftConfirmCancelTitle)));
    frame.render_widget(
        Paragraph::new(
            ctx.i18n
                .fmt(T::ShiftConfirmCancel, &[("request", &format!("#{id}"))]),
        )
        .wrap(Wrap { trim: true })
        .block(block),
        rect,
    );
}
