//! The stale-edit guard's dialog (issue 14), one for the three ways an agent changes a
//! request: the edit form's save, a board status change and a provider assignment.
//!
//! A pane about to send an update hands App a [`Check`]: the request as the agent opened
//! it, how much of it they saw, the update it will send, and how to tell the pane the
//! verdict. The dialog re-reads the request (its one effect, [`Effect::Reread`]) and
//! compares ([`crate::model::changes`]): nothing changed → the pane is told to send at once;
//! something changed → the changes are shown field by field (opened vs now, the fields the
//! agent would overwrite marked) and the agent chooses send mine, reload theirs or cancel;
//! the re-read failed → it says so and asks whether to send anyway. Nothing is sent until
//! the pane hears [`Verdict::Send`].

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, Wrap};

use crate::api::ApiError;
use crate::model::changes::{FieldChange, Seen, changed_names, changes_since};
use crate::model::{MISSING, ServiceRequest, ServiceRequestUpdate, Status};
use crate::tui::action::{Action, Effect, RequestId};
use crate::tui::i18n::{I18n, T};
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup};
use crate::tui::panes::board::status_label;
use crate::tui::panes::{Out, Update, ViewCtx};
use crate::tui::runner::new_request_id;
use crate::tui::theme;
use crate::tui::widgets::ellipsis::ellipsize;
use crate::tui::widgets::{key_hints::hints_line, popup, spinner};

/// What a pane asks before it sends an update.
#[derive(Debug, Clone)]
pub struct Check {
    pub id: i64,
    /// `#id (public id)`, for the dialog's title.
    pub label: String,
    /// The request as the agent opened it (board row, detail, the form's loaded request).
    pub opened: ServiceRequest,
    pub seen: Seen,
    /// What the pane will send (to mark the fields it overwrites).
    pub sending: ServiceRequestUpdate,
    /// The pane's own action carrying the verdict.
    pub reply: fn(Verdict) -> Action,
}

/// The agent's choice (or the guard's, when nothing changed), told to the pane that asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Send the update now.
    Send,
    /// Do not send; take the server's copy instead. `changed` names the fields someone else
    /// changed (the agent's edits to other fields may be kept).
    Reload {
        request: Box<ServiceRequest>,
        changed: Vec<String>,
    },
    /// Send nothing, change nothing.
    Cancel,
}

/// The dialog's messages.
#[derive(Debug, Clone)]
pub enum StaleAction {
    /// A pane is about to send: open the dialog and re-read the request.
    Check(Box<Check>),
    /// The answer of re-read `request`.
    Reread {
        request: RequestId,
        result: Result<Box<ServiceRequest>, ApiError>,
    },
    /// A key's choice.
    Choose(Choice),
}

impl From<StaleAction> for Action {
    fn from(action: StaleAction) -> Self {
        Action::Stale(action)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    SendMine,
    ReloadTheirs,
    Retry,
    Cancel,
    Up,
    Down,
}

const CHANGED_KEYS: Keys<Choice> = Keys::new("stale", CHANGED_BINDINGS);
const CHANGED_BINDINGS: &[Binding<Choice>] = &[
    Binding {
        keys: &[KeyPress::ch('s')],
        what: T::KeySendMine,
        cmd: Choice::SendMine,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyReloadTheirs,
        cmd: Choice::ReloadTheirs,
    },
    Binding {
        keys: &[k::ESC, KeyPress::ch('c')],
        what: T::KeyCancelSend,
        cmd: Choice::Cancel,
    },
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyScrollChanges,
        cmd: Choice::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyScrollChanges,
        cmd: Choice::Down,
    },
];

const FAILED_KEYS: Keys<Choice> = Keys::new("stale", FAILED_BINDINGS);
const FAILED_BINDINGS: &[Binding<Choice>] = &[
    Binding {
        keys: &[KeyPress::ch('s')],
        what: T::KeySendAnyway,
        cmd: Choice::SendMine,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRereadAgain,
        cmd: Choice::Retry,
    },
    Binding {
        keys: &[k::ESC, KeyPress::ch('c')],
        what: T::KeyCancelSend,
        cmd: Choice::Cancel,
    },
];

const CHECKING_KEYS: Keys<Choice> = Keys::new("stale", CHECKING_BINDINGS);
const CHECKING_BINDINGS: &[Binding<Choice>] = &[Binding {
    keys: &[k::ESC],
    what: T::KeyCancelSend,
    cmd: Choice::Cancel,
}];

/// This dialog's key tables, for `[keys]` and `mok-console keys`.
pub(crate) const KEY_TABLES: &[&dyn crate::tui::keymap::KeyTable] =
    &[&CHANGED_KEYS, &FAILED_KEYS, &CHECKING_KEYS];

#[derive(Debug, Clone)]
pub enum GuardState {
    /// Re-reading the request.
    Checking { request: RequestId },
    /// Someone else changed it: the agent chooses.
    Changed {
        now: Box<ServiceRequest>,
        changes: Vec<FieldChange>,
    },
    /// The re-read failed: send anyway?
    Failed(ApiError),
}

pub struct StaleDialog {
    check: Check,
    state: GuardState,
    /// First change shown (a long list scrolls).
    scroll: usize,
}

impl StaleDialog {
    /// The dialog for `check`, and its re-read.
    pub fn open(check: Check) -> (Self, Vec<Out>) {
        let request = new_request_id();
        let id = check.id;
        let dialog = Self {
            check,
            state: GuardState::Checking { request },
            scroll: 0,
        };
        (dialog, vec![Effect::Reread { request, id }.into()])
    }

    pub fn state(&self) -> &GuardState {
        &self.state
    }

    pub fn check(&self) -> &Check {
        &self.check
    }

    pub fn is_checking(&self) -> bool {
        matches!(self.state, GuardState::Checking { .. })
    }

    fn keys(&self) -> Keys<Choice> {
        match self.state {
            GuardState::Checking { .. } => CHECKING_KEYS,
            GuardState::Changed { .. } => CHANGED_KEYS,
            GuardState::Failed(_) => FAILED_KEYS,
        }
    }

    pub fn help(&self) -> Vec<KeyHelp> {
        help_of(self.keys())
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        lookup(self.keys(), &key).map(|c| StaleAction::Choose(c).into())
    }

    /// Closes the dialog and tells the pane.
    fn verdict(&self, verdict: Verdict) -> Vec<Out> {
        vec![
            Action::CloseOverlay.into(),
            (self.check.reply)(verdict).into(),
        ]
    }
}

impl Update for StaleDialog {
    type Msg = StaleAction;

    fn update(&mut self, msg: StaleAction) -> Vec<Out> {
        match msg {
            // App opens a new dialog for a new check; one reaching an open one is ignored.
            StaleAction::Check(_) => vec![Out::Quiet],
            StaleAction::Reread { request, result } => {
                if !matches!(self.state, GuardState::Checking { request: r } if r == request) {
                    return vec![Out::Quiet];
                }
                match result {
                    Ok(now) => {
                        let c = &self.check;
                        let changes = changes_since(&c.opened, &now, c.seen, &c.sending);
                        if changes.is_empty() {
                            return self.verdict(Verdict::Send);
                        }
                        self.scroll = 0;
                        self.state = GuardState::Changed { now, changes };
                    }
                    Err(e) => self.state = GuardState::Failed(e),
                }
                Vec::new()
            }
            StaleAction::Choose(choice) => match (choice, &self.state) {
                (Choice::Cancel, GuardState::Checking { request }) => {
                    let mut out = vec![Effect::Abort(*request).into()];
                    out.extend(self.verdict(Verdict::Cancel));
                    out
                }
                (Choice::Cancel, _) => self.verdict(Verdict::Cancel),
                (Choice::SendMine, GuardState::Changed { .. } | GuardState::Failed(_)) => {
                    self.verdict(Verdict::Send)
                }
                (Choice::ReloadTheirs, GuardState::Changed { now, changes }) => {
                    self.verdict(Verdict::Reload {
                        request: now.clone(),
                        changed: changed_names(changes),
                    })
                }
                (Choice::Retry, GuardState::Failed(_)) => {
                    let request = new_request_id();
                    self.state = GuardState::Checking { request };
                    vec![
                        Effect::Reread {
                            request,
                            id: self.check.id,
                        }
                        .into(),
                    ]
                }
                (Choice::Up, GuardState::Changed { .. }) => {
                    self.scroll = self.scroll.saturating_sub(1);
                    Vec::new()
                }
                (Choice::Down, GuardState::Changed { changes, .. }) => {
                    self.scroll = (self.scroll + 1).min(changes.len().saturating_sub(1));
                    Vec::new()
                }
                _ => vec![Out::Quiet],
            },
        }
    }
}

/// A field's name as the agent reads it; the API's name for fields the UI has no label for.
pub fn field_label(i: &I18n, field: &str) -> String {
    let key = match field {
        "current_status" => T::FfCurrentStatus,
        "provider_name" => T::FfProviderName,
        "provider_phone" => T::FfProviderPhone,
        "technician_name" => T::FfTechnicianName,
        "scheduled_date" => T::FfScheduledDate,
        "scheduled_time" => T::FfScheduledTime,
        "scheduled_end_date" => T::FfScheduledEndDate,
        "external_id" => T::FfExternalId,
        "service_name" => T::FfServiceName,
        "service_id" => T::FfServiceId,
        "service_external_id" => T::FfServiceExternalId,
        "contract_id" => T::FfContractId,
        "access_identifier" => T::FfAccessIdentifier,
        "document_identifier" => T::FfDocumentIdentifier,
        "origin_address" => T::FfOriginAddress,
        "origin_latitude" => T::FfOriginLatitude,
        "origin_longitude" => T::FfOriginLongitude,
        "destination_address" => T::FfDestinationAddress,
        "destination_latitude" => T::FfDestinationLatitude,
        "destination_longitude" => T::FfDestinationLongitude,
        "user_phone" => T::FfUserPhone,
        "requested_at" => T::FfRequestedAt,
        "source" => T::FfSource,
        "contact_center_phone" => T::FfContactCenterPhone,
        "extra_info" => T::FfExtraInfo,
        "status_history" => T::DetailTimeline,
        "answers" => T::DetailAnswers,
        "user_email" => T::FieldEmail,
        "public_id" => T::ColPublicId,
        other => return other.to_owned(),
    };
    i.t(key).to_owned()
}

/// A value as shown: statuses by their label, nothing as "—".
fn shown(i: &I18n, field: &str, value: Option<&str>) -> String {
    match value {
        None => MISSING.to_owned(),
        Some(v) if field == "current_status" => status_label(i, &Status::parse(v)).to_owned(),
        Some(v) => v.to_owned(),
    }
}

impl StaleDialog {
    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let request = self.check.label.as_str();
        let (title, height) = match &self.state {
            GuardState::Checking { .. } => (T::StaleCheckingTitle, 6),
            GuardState::Changed { changes, .. } => (T::StaleChangedTitle, changes.len() + 8),
            GuardState::Failed(_) => (T::StaleFailedTitle, 9),
        };
        let rect = popup::centered(area, 110, height as u16);
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(" {} ", i.fmt(title, &[("request", request)])));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let hints = hints_line(&crate::tui::keys::merged(&self.help()), i);
        match &self.state {
            GuardState::Checking { .. } => {
                let text = Line::from(vec![
                    Span::styled(spinner::frame(ctx.tick), theme::key()),
                    Span::raw(format!(
                        " {}",
                        i.fmt(T::StaleChecking, &[("request", request)])
                    )),
                ]);
                frame.render_widget(
                    Paragraph::new(vec![text, Line::from(""), hints]).wrap(Wrap { trim: true }),
                    inner,
                );
            }
            GuardState::Failed(e) => {
                let lines = vec![
                    Line::styled(
                        format!(
                            "✗ {}",
                            i.fmt(
                                T::StaleRereadFailed,
                                &[("request", request), ("error", &i.api_error(e))]
                            )
                        ),
                        theme::bad(),
                    ),
                    Line::from(""),
                    Line::styled(i.t(T::StaleSendAnyway), theme::strong()),
                    Line::from(""),
                    hints,
                ];
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            }
            GuardState::Changed { changes, .. } => {
                self.draw_changes(frame, inner, i, changes, hints)
            }
        }
    }

    fn draw_changes(
        &self,
        frame: &mut Frame,
        inner: Rect,
        i: &I18n,
        changes: &[FieldChange],
        hints: Line<'static>,
    ) {
        let request = self.check.label.as_str();
        let [intro, table_area, legend, keys] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(2),
        ])
        .areas(inner);
        let n = changes.len().to_string();
        frame.render_widget(
            Paragraph::new(Line::styled(
                i.fmt(T::StaleChangedIntro, &[("request", request), ("n", &n)]),
                theme::warn(),
            ))
            .wrap(Wrap { trim: true }),
            intro,
        );
        // Widths first, so every cell is cut to fit, marked.
        let constraints = [
            Constraint::Length(1),
            Constraint::Length(22),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ];
        let widths: Vec<usize> = Layout::horizontal(constraints)
            .spacing(1)
            .split(Rect::new(0, 0, table_area.width, 1))
            .iter()
            .map(|a| a.width as usize)
            .collect();
        let cut = |text: &str, col: usize| ellipsize(text, widths[col]).into_owned();
        let header = Row::new(vec![
            Cell::from(""),
            Cell::from(cut(i.t(T::StaleColField), 1)),
            Cell::from(cut(i.t(T::StaleColOpened), 2)),
            Cell::from(cut(i.t(T::StaleColNow), 3)),
            Cell::from(cut(i.t(T::StaleColMine), 4)),
        ])
        .style(theme::label().patch(theme::strong()));
        let room = table_area.height.saturating_sub(1) as usize;
        let start = self.scroll.min(changes.len().saturating_sub(room.max(1)));
        let rows = changes.iter().skip(start).take(room).map(|c| {
            let f = c.field.as_str();
            let mine = match &c.mine {
                None => Span::styled(cut(i.t(T::StaleNotSent), 4), theme::dim()),
                Some(v) => {
                    let text = shown(i, f, v.as_deref());
                    if c.overwrites() {
                        Span::styled(cut(&text, 4), theme::bad())
                    } else {
                        Span::raw(cut(&text, 4))
                    }
                }
            };
            let mark = if c.overwrites() {
                Span::styled("⚠", theme::bad())
            } else {
                Span::raw(" ")
            };
            Row::new(vec![
                Cell::from(mark),
                Cell::from(cut(&field_label(i, f), 1)),
                Cell::from(Span::styled(
                    cut(&shown(i, f, c.then.as_deref()), 2),
                    theme::dim(),
                )),
                Cell::from(Span::styled(
                    cut(&shown(i, f, c.now.as_deref()), 3),
                    theme::strong(),
                )),
                Cell::from(mine),
            ])
        });
        let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w as u16)))
            .header(header)
            .column_spacing(1);
        frame.render_widget(table, table_area);
        let hidden = changes.len().saturating_sub(start + room);
        let overwrites = changes.iter().filter(|c| c.overwrites()).count();
        let mut legend_text = if overwrites > 0 {
            i.fmt(T::StaleLegend, &[("n", &overwrites.to_string())])
        } else {
            i.t(T::StaleNoOverwrite).to_owned()
        };
        if hidden > 0 || start > 0 {
            legend_text.push_str(" · ");
            legend_text.push_str(&i.fmt(
                T::StaleMore,
                &[("n", &(changes.len() - room.min(changes.len())).to_string())],
            ));
        }
        let style = if overwrites > 0 {
            theme::bad()
        } else {
            theme::label()
        };
        frame.render_widget(Paragraph::new(Line::styled(legend_text, style)), legend);
        frame.render_widget(Paragraph::new(hints).wrap(Wrap { trim: true }), keys);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(v: Verdict) -> Action {
        Action::LastError(match v {
            Verdict::Send => None,
            _ => Some(ApiError::new(
                crate::api::ErrorKind::Network,
                None,
                "not sent",
            )),
        })
    }

    fn check() -> Check {
        Check {
            id: 7,
            label: "#7".into(),
            opened: ServiceRequest {
                id: Some(7),
                provider_name: Some("A".into()),
                ..Default::default()
            },
            seen: Seen::Whole,
            sending: ServiceRequestUpdate::default(),
            reply,
        }
    }

    fn reread(d: &StaleDialog) -> RequestId {
        match d.state() {
            GuardState::Checking { request } => *request,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nothing_changed_sends_at_once_and_a_stale_answer_is_ignored() {
        let (mut d, outs) = StaleDialog::open(check());
        assert!(matches!(outs[0], Out::Run(Effect::Reread { id: 7, .. })));
        let request = reread(&d);
        let same = Box::new(check().opened);
        let stale = d.update(StaleAction::Reread {
            request: request + 1_000_000,
            result: Ok(same.clone()),
        });
        assert!(matches!(stale[..], [Out::Quiet]));
        let outs = d.update(StaleAction::Reread {
            request,
            result: Ok(same),
        });
        assert!(matches!(
            &outs[..],
            [
                Out::Route(Action::CloseOverlay),
                Out::Route(Action::LastError(None))
            ]
        ));
    }

    #[test]
    fn a_change_waits_for_the_agent_and_retry_re_reads() {
        let (mut d, _) = StaleDialog::open(check());
        let request = reread(&d);
        let mut now = check().opened;
        now.provider_name = Some("B".into());
        assert!(
            d.update(StaleAction::Reread {
                request,
                result: Ok(Box::new(now)),
            })
            .is_empty()
        );
        assert!(matches!(d.state(), GuardState::Changed { changes, .. } if changes.len() == 1));
        // Retry means nothing here; reload answers with the server's copy.
        assert!(matches!(
            d.update(StaleAction::Choose(Choice::Retry))[..],
            [Out::Quiet]
        ));
        let outs = d.update(StaleAction::Choose(Choice::ReloadTheirs));
        assert!(matches!(outs[0], Out::Route(Action::CloseOverlay)));
        let (mut d, _) = StaleDialog::open(check());
        let request = reread(&d);
        d.update(StaleAction::Reread {
            request,
            result: Err(ApiError::new(
                crate::api::ErrorKind::Timeout,
                None,
                "timeout",
            )),
        });
        assert!(matches!(d.state(), GuardState::Failed(_)));
        let outs = d.update(StaleAction::Choose(Choice::Retry));
        assert!(matches!(outs[..], [Out::Run(Effect::Reread { id: 7, .. })]));
        assert!(d.is_checking());
    }
}
