//! The request form's keys: the hub's, the form's and the result's tables, and what
//! each key does (moving, editing, toggling, submitting).

use super::*;
use crate::tui::keys::label_of;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FormCmd {
    Next,
    Prev,
    Submit,
    Leave,
    Edit,
    Toggle,
    OptionPrev,
    OptionNext,
    PageUp,
    PageDown,
    Advanced,
}

pub(super) const FORM_KEYS: Keys<FormCmd> = Keys::new("form", FORM_BINDINGS);
pub(super) const FORM_BINDINGS: &[Binding<FormCmd>] = &[
    Binding {
        keys: &[k::TAB, k::DOWN],
        what: T::KeyNextField,
        cmd: FormCmd::Next,
    },
    Binding {
        keys: &[k::BACKTAB, k::UP],
        what: T::KeyPrevField,
        cmd: FormCmd::Prev,
    },
    Binding {
        keys: &[KeyPress::ctrl('s')],
        what: T::KeySubmit,
        cmd: FormCmd::Submit,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyLeaveFieldOrForm,
        cmd: FormCmd::Leave,
    },
    Binding {
        keys: &[k::ENTER],
        what: T::KeyEditField,
        cmd: FormCmd::Edit,
    },
    Binding {
        keys: &[KeyPress::ch(' ')],
        what: T::KeyToggle,
        cmd: FormCmd::Toggle,
    },
    Binding {
        keys: &[KeyPress::plain(KeyCode::Left)],
        what: T::KeyChooseOption,
        cmd: FormCmd::OptionPrev,
    },
    Binding {
        keys: &[KeyPress::plain(KeyCode::Right)],
        what: T::KeyChooseOption,
        cmd: FormCmd::OptionNext,
    },
    Binding {
        keys: &[k::PGUP],
        what: T::KeyPage,
        cmd: FormCmd::PageUp,
    },
    Binding {
        keys: &[k::PGDN],
        what: T::KeyPage,
        cmd: FormCmd::PageDown,
    },
    Binding {
        keys: &[KeyPress::ctrl('a')],
        what: T::ShiftKeyAdvanced,
        cmd: FormCmd::Advanced,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HubCmd {
    Up,
    Down,
    Open,
    Discard,
    Retry,
    BackToForm,
}

pub(super) const HUB_KEYS: Keys<HubCmd> = Keys::new("form_hub", HUB_BINDINGS);
pub(super) const HUB_BINDINGS: &[Binding<HubCmd>] = &[
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyMove,
        cmd: HubCmd::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyMove,
        cmd: HubCmd::Down,
    },
    Binding {
        keys: &[k::ENTER],
        what: T::KeyOpen,
        cmd: HubCmd::Open,
    },
    Binding {
        keys: &[KeyPress::ch('x')],
        what: T::KeyDiscard,
        cmd: HubCmd::Discard,
    },
    Binding {
        keys: &[KeyPress::ch('r')],
        what: T::KeyRetryOutbox,
        cmd: HubCmd::Retry,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyBackToForm,
        cmd: HubCmd::BackToForm,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DoneCmd {
    Open,
    New,
}

pub(super) const DONE_KEYS: Keys<DoneCmd> = Keys::new("form_done", DONE_BINDINGS);
pub(super) const DONE_BINDINGS: &[Binding<DoneCmd>] = &[
    Binding {
        keys: &[k::ENTER, KeyPress::ch('o')],
        what: T::KeyOpenRequest,
        cmd: DoneCmd::Open,
    },
    Binding {
        keys: &[KeyPress::ch('n'), k::ESC],
        what: T::KeyNewForm,
        cmd: DoneCmd::New,
    },
];

impl RequestFormPane {
    pub(super) fn hub_key(&mut self, key: KeyEvent) -> Option<Action> {
        let rows = self.hub_rows();
        let last = rows.len().saturating_sub(1);
        self.hub_selected = self.hub_selected.min(last);
        let cmd = crate::tui::keys::lookup(HUB_KEYS, &key)?;
        let row = rows.get(self.hub_selected).copied();
        match cmd {
            HubCmd::Up => self.hub_selected = self.hub_selected.saturating_sub(1),
            HubCmd::Down => self.hub_selected = (self.hub_selected + 1).min(last),
            HubCmd::BackToForm if self.form.is_some() => self.view = View::Form,
            HubCmd::BackToForm => {}
            HubCmd::Open => match row? {
                HubRow::Draft(i) => {
                    let d = self.drafts.get(i)?.clone();
                    if self.form.as_ref().is_some_and(|f| f.key == d.key) {
                        self.view = View::Form;
                    } else {
                        self.open_form(d.key, d.data);
                    }
                }
                // A sent request opens on the board; otherwise Enter says what happens to
                // the item and which keys act on it.
                HubRow::Outbox(i) => {
                    let item = self.outbox.get(i)?;
                    match (item.state, item.request_id) {
                        (OutboxState::Sent, Some(id)) => {
                            return Some(crate::tui::panes::board::BoardAction::Open(id).into());
                        }
                        (state, _) => {
                            let key = if state == OutboxState::Rejected {
                                T::FormOutboxEnterRejected
                            } else {
                                T::FormOutboxEnterPending
                            };
                            // The keys as bound now (`[keys]` may have moved them).
                            let label = |cmd| label_of(&HUB_KEYS.keys_for(cmd));
                            self.notice = Some(Notice {
                                args: vec![
                                    ("retry", label(HubCmd::Retry)),
                                    ("discard", label(HubCmd::Discard)),
                                ],
                                ..Notice::good(key)
                            });
                        }
                    }
                }
                HubRow::Service { contract, service } => {
                    let c = self.recent.get(contract)?.clone();
                    let s = c.services().get(service)?.clone();
                    self.new_form(Context {
                        contract: Some(c),
                        service: Some(s),
                    });
                }
                HubRow::Blank => self.new_form(Context::default()),
            },
            HubCmd::Discard => match row? {
                HubRow::Draft(i) => {
                    let key = self.drafts.get(i)?.key.clone();
                    if self.form.as_ref().is_some_and(|f| f.key == key) {
                        self.form = None;
                    }
                    self.forget_draft(&key);
                }
                HubRow::Outbox(i) => {
                    let ext = self.outbox.get(i)?.external_id.clone();
                    return Some(Action::Form(FormAction::Outbox(OutboxCommand::Discard(
                        ext,
                    ))));
                }
                _ => {}
            },
            HubCmd::Retry => {
                if let HubRow::Outbox(i) = row? {
                    let ext = self.outbox.get(i)?.external_id.clone();
                    return Some(Action::Form(FormAction::Outbox(OutboxCommand::Requeue(
                        ext,
                    ))));
                }
            }
        }
        None
    }

    // ---- form ----

    pub(super) fn form_key(&mut self, key: KeyEvent) -> Option<Action> {
        let visited = self.form.as_ref().map(|f| f.data.visited.len());
        let out = self.form_key_inner(key);
        // Leaving a field marks it visited (its "required" hint shows from then on): the
        // mark is saved with the draft even when no value changed, so a draft restored
        // after a crash shows the same hints.
        if let Some(form) = &self.form
            && form.changed
            && Some(form.data.visited.len()) != visited
        {
            self.save_draft();
        }
        out
    }

    fn form_key_inner(&mut self, key: KeyEvent) -> Option<Action> {
        let catalog = self.catalog.clone();
        let lang_i18n = crate::tui::i18n::I18n::new(crate::config::Language::Es);
        let form = self.form.as_mut()?;
        if form.sending.is_some() {
            return None;
        }
        // A dialog takes every key.
        match form.popup.clone() {
            Popup::List(selected) => {
                let InputKind::Select(options) =
                    form.data.input_kind(&catalog, &form.focus, &lang_i18n)
                else {
                    form.popup = Popup::None;
                    return None;
                };
                let last = options.len().saturating_sub(1);
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => {
                        form.popup = Popup::List(selected.saturating_sub(1))
                    }
                    KeyCode::Down | KeyCode::Char('j') => {
                        form.popup = Popup::List((selected + 1).min(last))
                    }
                    KeyCode::Enter | KeyCode::Char(' ') => {
                        if let Some((value, _)) = options.get(selected) {
                            form.set_value(&catalog, value.clone());
                        }
                        form.popup = Popup::None;
                        self.after_change();
                    }
                    KeyCode::Esc => form.popup = Popup::None,
                    _ => {}
                }
                return None;
            }
            Popup::ConfirmDiscard => {
                return match key.code {
                    KeyCode::Char('y' | 'Y' | 's' | 'S') => self.discard_edit(),
                    KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                        form.popup = Popup::None;
                        None
                    }
                    _ => None,
                };
            }
            Popup::ConfirmBlocked => {
                return match key.code {
                    KeyCode::Char('y' | 'Y' | 's' | 'S') => self.submit(true),
                    KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                        form.popup = Popup::None;
                        None
                    }
                    _ => None,
                };
            }
            Popup::None => {}
        }
        let kind = form.data.input_kind(&catalog, &form.focus, &lang_i18n);
        let cmd = crate::tui::keys::lookup(FORM_KEYS, &key);
        // Inside a text field, Space and ←/→ are text.
        let cmd = match cmd {
            Some(FormCmd::Toggle) if kind != InputKind::Toggle => None,
            Some(FormCmd::OptionPrev | FormCmd::OptionNext)
                if !matches!(kind, InputKind::Select(_)) =>
            {
                None
            }
            other => other,
        };
        match cmd {
            Some(FormCmd::Next) => form.move_focus(&catalog, 1),
            Some(FormCmd::Prev) => form.move_focus(&catalog, -1),
            Some(FormCmd::PageDown) => form.move_focus(&catalog, 5),
            Some(FormCmd::PageUp) => form.move_focus(&catalog, -5),
            Some(FormCmd::Submit) => return self.submit(false),
            Some(FormCmd::Advanced) if !form.data.is_edit() => form.toggle_advanced(&catalog),
            Some(FormCmd::Advanced) => {}
            Some(FormCmd::Leave) => {
                if form.editing {
                    form.editing = false;
                    form.data.visited.insert(FormData::key_of(&form.focus));
                } else if form.data.is_edit() && form.changed {
                    // Leaving an edit loses its changes: ask first.
                    form.popup = Popup::ConfirmDiscard;
                } else if form.data.is_edit() {
                    return self.discard_edit();
                } else {
                    self.view = View::Hub;
                }
            }
            Some(FormCmd::Edit) => match kind {
                InputKind::Text if form.editing => form.move_focus(&catalog, 1),
                InputKind::Text => form.editing = true,
                InputKind::Toggle => {
                    form.toggle(&catalog);
                    self.after_change();
                }
                InputKind::Select(options) => {
                    let at = options
                        .iter()
                        .position(|(v, _)| v == form.data.raw(&form.focus))
                        .unwrap_or(0);
                    form.popup = Popup::List(at);
                }
            },
            Some(FormCmd::Toggle) => {
                form.toggle(&catalog);
                self.after_change();
            }
            Some(FormCmd::OptionPrev | FormCmd::OptionNext) => {
                if let InputKind::Select(options) = kind {
                    let forward = cmd == Some(FormCmd::OptionNext);
                    form.cycle(&catalog, &options, forward);
                    self.after_change();
                }
            }
            None if kind == InputKind::Text => {
                let printable = matches!(key.code, KeyCode::Char(_))
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                    && !key.modifiers.contains(KeyModifiers::ALT);
                if !form.editing && !printable {
                    return None;
                }
                form.editing = true;
                if form.input.input(key) {
                    // One line only: a pasted newline is dropped.
                    let text = form.input.lines().join("");
                    if form.input.lines().len() > 1 {
                        form.input = new_input(&text);
                    }
                    form.set_value(&catalog, text);
                    self.after_change();
                }
            }
            // A choice or a yes/no taken back: no value.
            None if matches!(key.code, KeyCode::Backspace | KeyCode::Delete) => {
                form.clear(&catalog);
                self.after_change();
            }
            None => {}
        }
        None
    }

    /// Leaves an edit without sending: its draft is dropped and the request it edits is
    /// shown again.
    fn discard_edit(&mut self) -> Option<Action> {
        let form = self.form.take()?;
        let id = match &form.data.mode {
            Mode::Edit(request) => request.id,
            Mode::Create => None,
        };
        self.forget_draft(&form.key);
        self.view = View::Hub;
        id.map(|id| crate::tui::panes::board::BoardAction::Open(id).into())
    }

    /// After the agent changed a value: remember it, save the draft, clear old notices.
    pub(super) fn after_change(&mut self) {
        if let Some(form) = &mut self.form {
            form.changed = true;
            form.error = None;
        }
        if self
            .notice
            .as_ref()
            .is_some_and(|n| n.key == T::FormDraftRestored)
        {
            self.notice = None;
        }
        self.save_draft();
    }

    /// Ctrl-S: sends when every field is valid (after confirming a blocked service);
    /// otherwise says what is missing and goes to the first problem.
    pub(super) fn submit(&mut self, confirmed: bool) -> Option<Action> {
        let catalog = self.catalog.clone();
        let form = self.form.as_mut()?;
        form.data.show_all = true;
        form.popup = Popup::None;
        let problems = form.data.problems(&catalog);
        if let Some((first, _)) = problems.first() {
            self.notice = Some(Notice {
                key: T::FormMissing,
                args: vec![("count", problems.len().to_string())],
                bad: true,
                field: Some(first.clone()),
            });
            let first = first.clone();
            form.focus_on(&catalog, first);
            return None;
        }
        self.notice = None;
        match &form.data.mode {
            Mode::Create => {
                if form.data.is_blocked() && !confirmed {
                    form.popup = Popup::ConfirmBlocked;
                    return None;
                }
                let body = form.data.create_body(&catalog);
                Some(Action::Form(FormAction::Send(Box::new(
                    Submission::Create(body),
                ))))
            }
            Mode::Edit(_) => {
                let (id, body) = form.data.update_body()?;
                if body.is_empty() {
                    self.notice = Some(Notice::good(T::FormNothingChanged));
                    return None;
                }
                Some(Action::Form(FormAction::Send(Box::new(
                    Submission::Update { id, body },
                ))))
            }
        }
    }

    pub(super) fn done_key(&mut self, key: KeyEvent) -> Option<Action> {
        match crate::tui::keys::lookup(DONE_KEYS, &key)? {
            DoneCmd::Open => {
                let id = match self.done.as_ref()? {
                    Done::Created { request, .. } | Done::Updated(request) => request.id?,
                    Done::Queued { .. } => return None,
                };
                Some(crate::tui::panes::board::BoardAction::Open(id).into())
            }
            DoneCmd::New => {
                self.view = View::Hub;
                None
            }
        }
    }
}
