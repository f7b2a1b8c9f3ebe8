//! A service request's detail (opened from the board): the status history as a timeline,
//! the answers, addresses, provider and technician; and the small status picker.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::status_label;
use crate::api::ApiError;
use crate::config::Language;
use crate::model::{MISSING, ServiceRequest, Status, or_dash};
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::hit::{Gesture, ListHit, inside_border, list_gesture};
use crate::tui::widgets::popup;

/// What a key in the detail or the picker asks the board for.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailCmd {
    Close,
    Status,
    Lookup(String),
    Edit(Box<ServiceRequest>),
    Rank(Box<ServiceRequest>),
    Apply(i64, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Back,
    Status,
    Lookup,
    Edit,
    Rank,
    Up,
    Down,
}

pub(super) const DETAIL_KEYS: Keys<Key> = Keys::new("request", DETAIL_BINDINGS);
const DETAIL_BINDINGS: &[Binding<Key>] = &[
    Binding {
        keys: &[k::ESC],
        what: T::KeyBack,
        cmd: Key::Back,
    },
    Binding {
        keys: &[KeyPress::ch('s')],
        what: T::KeyChangeStatus,
        cmd: Key::Status,
    },
    Binding {
        keys: &[KeyPress::ch('c')],
        what: T::KeyLookupContract,
        cmd: Key::Lookup,
    },
    Binding {
        keys: &[KeyPress::ch('e')],
        what: T::KeyEditRequest,
        cmd: Key::Edit,
    },
    Binding {
        keys: &[KeyPress::ch('p')],
        what: T::KeyRankForRequest,
        cmd: Key::Rank,
    },
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyScroll,
        cmd: Key::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyScroll,
        cmd: Key::Down,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PickKey {
    Up,
    Down,
    Apply,
    Close,
}

pub(super) const PICKER_KEYS: Keys<PickKey> = Keys::new("status_picker", PICKER_BINDINGS);
const PICKER_BINDINGS: &[Binding<PickKey>] = &[
    Binding {
        keys: &[k::UP, KeyPress::ch('k')],
        what: T::KeyMove,
        cmd: PickKey::Up,
    },
    Binding {
        keys: &[k::DOWN, KeyPress::ch('j')],
        what: T::KeyMove,
        cmd: PickKey::Down,
    },
    Binding {
        keys: &[k::ENTER],
        what: T::KeyPick,
        cmd: PickKey::Apply,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyClose,
        cmd: PickKey::Close,
    },
];

pub fn help() -> Vec<KeyHelp> {
    help_of(DETAIL_KEYS)
}

pub fn picker_help() -> Vec<KeyHelp> {
    help_of(PICKER_KEYS)
}

/// The detail of one request: the board's copy at once, then the server's latest.
#[derive(Debug, Clone)]
pub struct RequestDetail {
    pub id: i64,
    pub request: Option<ServiceRequest>,
    pub loading: bool,
    pub error: Option<ApiError>,
    scroll: u16,
}

impl RequestDetail {
    pub fn new(id: i64, request: Option<ServiceRequest>) -> Self {
        Self {
            id,
            request,
            loading: true,
            error: None,
            scroll: 0,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<DetailCmd> {
        let request = self.request.clone();
        match lookup(DETAIL_KEYS, &key)? {
            Key::Back => Some(DetailCmd::Close),
            Key::Status => Some(DetailCmd::Status),
            Key::Lookup => request
                .and_then(|r| r.access_identifier)
                .filter(|a| !a.trim().is_empty())
                .map(DetailCmd::Lookup),
            Key::Edit => request.map(|r| DetailCmd::Edit(Box::new(r))),
            Key::Rank => request.map(|r| DetailCmd::Rank(Box::new(r))),
            Key::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                None
            }
            Key::Down => {
                self.scroll = self.scroll.saturating_add(1);
                None
            }
        }
    }

    /// The wheel: scrolls the detail by `lines` (negative: up).
    pub fn scroll_by(&mut self, lines: i16) {
        self.scroll = self.scroll.saturating_add_signed(lines);
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let mut title = i.fmt(T::DetailTitle, &[("request", &format!("#{}", self.id))]);
        if self.loading {
            title.push_str(" · ");
            title.push_str(i.t(T::DetailLoading));
        }
        let block = Block::bordered()
            .border_style(theme::border_focused())
            .title(format!(" {title} "));
        let mut lines = Vec::new();
        if let Some(e) = &self.error {
            lines.push(Line::styled(i.api_error(e), theme::bad()));
        }
        match &self.request {
            Some(r) => lines.extend(detail_lines(r, ctx)),
            None if !self.loading => lines.push(Line::styled(
                i.fmt(T::DetailNotFound, &[("request", &format!("#{}", self.id))]),
                theme::warn(),
            )),
            None => {}
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(block),
            area,
        );
    }
}

/// An address, then its coordinates when the server gave them (as they came: the
/// reference's own examples hold latitudes out of range).
fn place(address: Option<&str>, lat: Option<&str>, long: Option<&str>) -> String {
    let coords = match (lat, long) {
        (None, None) => String::new(),
        (la, lo) => format!(" ({}, {})", or_dash(la), or_dash(lo)),
    };
    format!("{}{coords}", or_dash(address))
}

fn field(label: &str, value: Option<&str>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {label}: "), theme::label()),
        Span::raw(or_dash(value).to_owned()),
    ])
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(text.to_owned(), theme::strong())
}

fn detail_lines(r: &ServiceRequest, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let status = r.status();
    let mut out = vec![Line::from(vec![
        Span::styled(
            format!("{} ", or_dash(r.public_id.as_deref())),
            theme::strong(),
        ),
        Span::styled(
            format!("[{}] ", status_label(i, &status).to_uppercase()),
            theme::key(),
        ),
        Span::raw(or_dash(r.service_name.as_deref()).to_owned()),
        Span::styled(
            format!(
                " · {}: {}",
                i.t(T::DetailRequested),
                shown_time(r.requested_at.as_deref(), i.lang)
            ),
            theme::label(),
        ),
    ])];
    out.push(heading(i.t(T::DetailCustomer)));
    let name = r.user_name();
    out.push(field(i.t(T::ColCustomer), Some(&name)));
    out.push(field(
        i.t(T::FieldAccessIdentifier),
        r.access_identifier.as_deref(),
    ));
    out.push(field(i.t(T::DetailPhone), r.user_phone.as_deref()));
    out.push(field(i.t(T::FieldEmail), r.user_email.as_deref()));
    out.push(heading(i.t(T::DetailAddresses)));
    let origin = place(
        r.origin_address.as_deref(),
        r.origin_latitude.as_deref(),
        r.origin_longitude.as_deref(),
    );
    out.push(field(i.t(T::ColOrigin), Some(&origin)));
    let destination = place(
        r.destination_address.as_deref(),
        r.destination_latitude.as_deref(),
        r.destination_longitude.as_deref(),
    );
    out.push(field(i.t(T::ColDestination), Some(&destination)));
    let scheduled = [r.scheduled_date.as_deref(), r.scheduled_time.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    out.push(field(
        i.t(T::DetailScheduled),
        Some(scheduled.as_str()).filter(|s| !s.is_empty()),
    ));
    out.push(field(
        i.t(T::FfScheduledEndDate),
        r.scheduled_end_date.as_deref(),
    ));
    out.push(heading(i.t(T::DetailProvider)));
    let provider = match (&r.provider_name, &r.provider_phone) {
        (Some(n), Some(p)) if !p.is_empty() => Some(format!("{n} ({p})")),
        (n, _) => n.clone(),
    };
    out.push(field(i.t(T::DetailProvider), provider.as_deref()));
    out.push(field(
        i.t(T::DetailTechnician),
        r.technician_name.as_deref(),
    ));
    out.push(field(
        i.t(T::FfContactCenterPhone),
        r.contact_center_phone.as_deref(),
    ));
    out.push(field(i.t(T::FfSource), r.source.as_deref()));
    out.push(field(i.t(T::FfExtraInfo), r.extra_info.as_deref()));
    out.push(heading(i.t(T::DetailTimeline)));
    let history = r.history();
    if history.is_empty() {
        out.push(Line::styled(
            format!("  {}", i.t(T::DetailNoHistory)),
            theme::dim(),
        ));
    }
    let last = history.len().saturating_sub(1);
    for (n, (name, at)) in history.iter().enumerate() {
        let s = Status::parse(name);
        let marker = if n == last { "●" } else { "○" };
        let connector = if n == last { " " } else { "│" };
        out.push(Line::from(vec![
            Span::styled(format!("  {marker} "), theme::key()),
            Span::styled(
                format!("{:<22} ", shown_time(at.as_deref(), i.lang)),
                theme::label(),
            ),
            Span::raw(status_label(i, &s).to_owned()),
            // The API's name beside the catalogue's words, for talking to MOK's support.
            Span::styled(api_name_beside(status_label(i, &s), &s), theme::dim()),
        ]));
        if n != last {
            out.push(Line::styled(format!("  {connector}"), theme::dim()));
        }
    }
    out.push(heading(i.t(T::DetailAnswers)));
    let answers = r.answers.clone().unwrap_or_default();
    if answers.is_empty() {
        out.push(Line::styled(
            format!("  {}", i.t(T::DetailNoAnswers)),
            theme::dim(),
        ));
    }
    let set = crate::forms::urgency::question_sets().for_service(r.service_external_id.as_deref());
    for a in answers {
        // The option's label in the agent's language, not its code ("Normal", not
        // `standard`); the server's own text when the question set does not know it.
        let said = match (&a.question_key, &a.value) {
            (Some(key), Some(value)) => set.say(key, value, i.lang),
            _ => None,
        };
        let question = a
            .question_text
            .clone()
            .or_else(|| said.as_ref().map(|(q, _)| q.clone()))
            .or(a.question_key.clone())
            .unwrap_or_else(|| "?".into());
        let value = said
            .map(|(_, v)| v)
            .or(a.answer_text.clone())
            .unwrap_or_else(|| a.value_text());
        out.push(Line::from(vec![
            Span::styled(format!("  {question}: "), theme::label()),
            Span::raw(value),
        ]));
    }
    out
}

/// The small status picker (`s`): the five known statuses.
#[derive(Debug, Clone)]
pub struct StatusPicker {
    pub id: i64,
    current: Option<Status>,
    selected: usize,
}

impl StatusPicker {
    pub fn new(id: i64, current: Option<Status>) -> Self {
        let selected = current
            .as_ref()
            .and_then(|c| Status::KNOWN.iter().position(|s| s == c))
            .map_or(0, |p| (p + 1).min(Status::KNOWN.len() - 1));
        Self {
            id,
            current,
            selected,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<DetailCmd> {
        match lookup(PICKER_KEYS, &key)? {
            PickKey::Up => self.selected = self.selected.saturating_sub(1),
            PickKey::Down => self.selected = (self.selected + 1).min(Status::KNOWN.len() - 1),
            PickKey::Apply => {
                return Some(DetailCmd::Apply(
                    self.id,
                    Status::KNOWN[self.selected].as_str().to_owned(),
                ));
            }
            PickKey::Close => return Some(DetailCmd::Close),
        }
        None
    }

    /// Where the picker is drawn over `area` (drawing and mouse hit-testing both use it).
    fn rect(area: Rect) -> Rect {
        popup::centered(area, 36, Status::KNOWN.len() as u16 + 2)
    }

    /// A click on a status selects it, on the selected one applies it; a click outside
    /// closes; the wheel moves. Answered as the key to press, as bound now.
    pub fn mouse(&mut self, gesture: Gesture, area: Rect) -> Option<KeyEvent> {
        let rect = Self::rect(area);
        if !rect.contains(gesture.at()) {
            return match gesture {
                Gesture::Click(_) => PICKER_KEYS.press_for(PickKey::Close),
                _ => None,
            };
        }
        let rows = inside_border(rect);
        let cmd = match list_gesture(gesture, rows, self.selected, Status::KNOWN.len(), 1)? {
            ListHit::Select(n) => {
                self.selected = n;
                return None;
            }
            ListHit::Open => PickKey::Apply,
            ListHit::Up => PickKey::Up,
            ListHit::Down => PickKey::Down,
        };
        PICKER_KEYS.press_for(cmd)
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let rect = Self::rect(area);
        frame.render_widget(Clear, rect);
        let items: Vec<ListItem> = Status::KNOWN
            .iter()
            .map(|s| {
                let mark = if Some(s) == self.current.as_ref() {
                    " ●"
                } else {
                    ""
                };
                ListItem::new(Line::from(vec![
                    Span::raw(format!("{}{mark}", status_label(i, s))),
                    Span::styled(api_name_beside(status_label(i, s), s), theme::dim()),
                ]))
            })
            .collect();
        let title = i.fmt(
            T::StatusPickerTitle,
            &[("request", &format!("#{}", self.id))],
        );
        let list = List::new(items)
            .block(
                Block::bordered()
                    .border_style(theme::border_focused())
                    .title(format!(" {title} ")),
            )
            .highlight_symbol("▶ ")
            .highlight_style(theme::selected());
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, rect, &mut state);
    }
}

/// The API's name of a status, shown dim after the catalogue's words (" · in_progress"),
/// or nothing when they read the same.
fn api_name_beside(label: &str, status: &Status) -> String {
    if label == status.as_str() {
        String::new()
    } else {
        format!(" · {}", status.as_str())
    }
}

/// A server time as the agent reads it: local time in the language's one date format.
fn shown_time(stamp: Option<&str>, lang: Language) -> String {
    match stamp.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => crate::tui::numbers::moment(s, lang),
        None => MISSING.to_owned(),
    }
}
