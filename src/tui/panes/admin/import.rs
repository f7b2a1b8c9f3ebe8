//! Admin › Import CSV: a path field (Tab completes), a preview (column mapping, unknown
//! columns flagged, rows validated and counted, rows a previous run imported), the run in
//! batches with a progress gauge, and the results table. The work is
//! [`crate::import`]'s, the same as `admin contracts import`.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use super::field::LineInput;
use super::{AdminEffect, CancelFlag, request};
use crate::import::{
    ColumnRole, DEFAULT_BATCH_SIZE, ImportPlan, Outcome, Progress, RowStatus, column_mapping,
    read_header,
};
use crate::tui::action::Action;
use crate::tui::i18n::T;
use crate::tui::keys::{Binding, KeyHelp, KeyPress, Keys, help_of, k, lookup, merged};
use crate::tui::panes::ViewCtx;
use crate::tui::theme;
use crate::tui::widgets::gauge::gauge_line;
use crate::tui::widgets::spinner;

/// Invalid rows listed in the preview.
const FIRST_ERRORS: usize = 5;

/// What a run of the file would do, read before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    pub path: PathBuf,
    /// The field separator found in the header line, shown so a wrong guess is seen.
    pub delimiter: u8,
    /// Each header column and the API field it maps to.
    pub mapping: Vec<(String, ColumnRole)>,
    /// Why the file cannot be sent as it is (unknown or missing columns).
    pub refused: Option<String>,
    pub rows: usize,
    pub valid: usize,
    pub invalid: usize,
    /// Valid rows a previous, interrupted run already imported: not sent again.
    pub already_done: usize,
    /// The first invalid rows: (line, why).
    pub first_errors: Vec<(u64, String)>,
}

impl ImportPreview {
    /// Reads and validates the file (blocking: run it off the render loop).
    pub fn read(path: &Path) -> Result<ImportPreview, String> {
        let (header, delimiter) = read_header(path)?;
        let mapping = column_mapping(&header);
        let mut preview = ImportPreview {
            path: path.to_path_buf(),
            delimiter,
            mapping,
            refused: None,
            rows: 0,
            valid: 0,
            invalid: 0,
            already_done: 0,
            first_errors: Vec::new(),
        };
        match ImportPlan::read(path) {
            Err(e) => preview.refused = Some(e),
            Ok(plan) => {
                preview.rows = plan.rows.len();
                preview.invalid = plan.invalid_rows().count();
                preview.valid = preview.rows - preview.invalid;
                preview.already_done = preview.valid - plan.pending_rows().len();
                preview.first_errors = plan
                    .invalid_rows()
                    .take(FIRST_ERRORS)
                    .map(|(r, e)| (r.line, e.to_owned()))
                    .collect();
            }
        }
        Ok(preview)
    }

    /// Rows a run would send.
    pub fn to_send(&self) -> usize {
        self.valid - self.already_done
    }
}

/// Completes `text` as a path: the one match (directories get a `/`), or the longest
/// common prefix of several; offers directories and `*.csv` files. Returns the new text
/// and the candidates' names.
pub fn complete_path(text: &str) -> (String, Vec<String>) {
    let (dir_part, prefix) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let dir = if dir_part.is_empty() { "." } else { dir_part };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (text.to_owned(), Vec::new());
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                Some(format!("{name}/"))
            } else if name.to_lowercase().ends_with(".csv") {
                Some(name)
            } else {
                None
            }
        })
        .collect();
    names.sort();
    let completed = match names.as_slice() {
        [] => return (text.to_owned(), names),
        [one] => format!("{dir_part}{one}"),
        [first, rest @ ..] => {
            let mut common = first.clone();
            for n in rest {
                let len = common
                    .chars()
                    .zip(n.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                common = common.chars().take(len).collect();
            }
            format!("{dir_part}{common}")
        }
    };
    (completed, names)
}

#[derive(Debug, Clone)]
pub enum Stage {
    /// Typing the path.
    Path,
    Previewing,
    Preview(ImportPreview),
    Running {
        preview: ImportPreview,
        progress: Progress,
        cancel: CancelFlag,
    },
    Done(Result<Outcome, String>),
    /// The file could not be read at all.
    Unreadable(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    Preview,
    Complete,
    LeaveField,
    EditPath,
    Run,
    Back,
    Stop,
    Up,
    Down,
}

pub(super) const PATH_KEYS: Keys<Cmd> = Keys::new("admin_import", PATH_BINDINGS);
const PATH_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::AdmKeyPreview,
        cmd: Cmd::Preview,
    },
    Binding {
        keys: &[k::TAB],
        what: T::AdmKeyComplete,
        cmd: Cmd::Complete,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyLeaveField,
        cmd: Cmd::LeaveField,
    },
];

pub(super) const IDLE_KEYS: Keys<Cmd> = Keys::new("admin_import", IDLE_BINDINGS);
const IDLE_BINDINGS: &[Binding<Cmd>] = &[Binding {
    keys: &[k::ENTER, KeyPress::ch('/')],
    what: T::AdmKeyEditPath,
    cmd: Cmd::EditPath,
}];

pub(super) const PREVIEW_KEYS: Keys<Cmd> = Keys::new("admin_import", PREVIEW_BINDINGS);
const PREVIEW_BINDINGS: &[Binding<Cmd>] = &[
    Binding {
        keys: &[k::ENTER],
        what: T::AdmKeyImport,
        cmd: Cmd::Run,
    },
    Binding {
        keys: &[k::ESC],
        what: T::KeyBack,
        cmd: Cmd::Back,
    },
];

pub(super) const RUNNING_KEYS: Keys<Cmd> = Keys::new("admin_import", RUNNING_BINDINGS);
const RUNNING_BINDINGS: &[Binding<Cmd>] = &[Binding {
    keys: &[k::ESC],
    what: T::AdmKeyStop,
    cmd: Cmd::Stop,
}];

pub(super) const DONE_KEYS: Keys<Cmd> = Keys::new("admin_import", DONE_BINDINGS);
const DONE_BINDINGS: &[Binding<Cmd>] = &[
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
        keys: &[k::ENTER, k::ESC],
        what: T::KeyBack,
        cmd: Cmd::Back,
    },
];

#[derive(Debug, Clone)]
pub struct ImportView {
    pub path: LineInput,
    path_focused: bool,
    pub stage: Stage,
    completions: Vec<String>,
    /// Rows per request (tests make it small to interrupt between batches).
    pub batch_size: usize,
    selected: usize,
}

impl Default for ImportView {
    fn default() -> Self {
        Self {
            path: LineInput::default(),
            path_focused: true,
            stage: Stage::Path,
            completions: Vec::new(),
            batch_size: DEFAULT_BATCH_SIZE,
            selected: 0,
        }
    }
}

impl ImportView {
    pub(super) fn on_not_configured(&mut self) {
        if matches!(self.stage, Stage::Running { .. }) {
            self.stage = Stage::Path;
        }
    }

    pub(super) fn on_preview(&mut self, result: Result<ImportPreview, String>) {
        if !matches!(self.stage, Stage::Previewing) {
            return;
        }
        self.stage = match result {
            Ok(p) => Stage::Preview(p),
            Err(e) => Stage::Unreadable(e),
        };
    }

    pub(super) fn on_progress(&mut self, p: Progress) {
        if let Stage::Running { progress, .. } = &mut self.stage {
            *progress = p;
        }
    }

    /// True when the run ended (contracts may have changed).
    pub(super) fn on_finished(&mut self, result: Result<Outcome, String>) -> bool {
        if !matches!(self.stage, Stage::Running { .. }) {
            return false;
        }
        self.selected = 0;
        self.stage = Stage::Done(result);
        true
    }

    pub fn is_running(&self) -> bool {
        matches!(self.stage, Stage::Running { .. })
    }

    pub(super) fn is_busy(&self) -> bool {
        matches!(self.stage, Stage::Previewing | Stage::Running { .. })
    }

    pub(super) fn in_text_field(&self) -> bool {
        self.path_focused && self.editing_path()
    }

    fn editing_path(&self) -> bool {
        matches!(self.stage, Stage::Path | Stage::Unreadable(_))
    }

    fn table(&self) -> Keys<Cmd> {
        match &self.stage {
            Stage::Path | Stage::Unreadable(_) if self.path_focused => PATH_KEYS,
            Stage::Path | Stage::Unreadable(_) => IDLE_KEYS,
            Stage::Previewing => Keys::new("admin_import", &[]),
            Stage::Preview(_) => PREVIEW_KEYS,
            Stage::Running { .. } => RUNNING_KEYS,
            Stage::Done(_) => DONE_KEYS,
        }
    }

    pub(super) fn help(&self) -> Vec<KeyHelp> {
        let mut all = Vec::new();
        for table in [PATH_KEYS, PREVIEW_KEYS, RUNNING_KEYS, DONE_KEYS] {
            for entry in help_of(table) {
                if !all.contains(&entry) {
                    all.push(entry);
                }
            }
        }
        all
    }

    pub(super) fn hints(&self) -> Vec<KeyHelp> {
        merged(&help_of(self.table()))
    }

    fn path_buf(&self) -> PathBuf {
        PathBuf::from(self.path.text().trim())
    }

    pub(super) fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let Some(cmd) = lookup(self.table(), &key) else {
            if self.in_text_field() && key.code != KeyCode::Enter {
                self.path.handle(&key);
                self.completions.clear();
            }
            return None;
        };
        match cmd {
            Cmd::Preview => {
                if self.path.text().trim().is_empty() {
                    return None;
                }
                self.completions.clear();
                self.stage = Stage::Previewing;
                return request(AdminEffect::PreviewImport(self.path_buf()));
            }
            Cmd::Complete => {
                let (text, candidates) = complete_path(self.path.text());
                self.path.set(&text);
                self.completions = if candidates.len() > 1 {
                    candidates
                } else {
                    Vec::new()
                };
            }
            Cmd::LeaveField => self.path_focused = false,
            Cmd::EditPath => self.path_focused = true,
            Cmd::Run => {
                let Stage::Preview(p) = &self.stage else {
                    return None;
                };
                if p.refused.is_some() || p.to_send() == 0 {
                    return None;
                }
                let cancel = CancelFlag::default();
                let path = p.path.clone();
                self.stage = Stage::Running {
                    preview: p.clone(),
                    progress: Progress {
                        total: p.to_send(),
                        ..Default::default()
                    },
                    cancel: cancel.clone(),
                };
                return request(AdminEffect::RunImport {
                    path,
                    batch_size: self.batch_size,
                    cancel,
                });
            }
            Cmd::Back => {
                self.stage = Stage::Path;
                self.path_focused = true;
            }
            Cmd::Stop => {
                if let Stage::Running { cancel, .. } = &self.stage {
                    cancel.cancel();
                }
            }
            Cmd::Up => self.selected = self.selected.saturating_sub(1),
            Cmd::Down => {
                if let Stage::Done(Ok(o)) = &self.stage {
                    self.selected = (self.selected + 1).min(o.rows.len().saturating_sub(1));
                }
            }
        }
        None
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let [path_area, body] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
        let focused = self.in_text_field();
        let block = Block::bordered()
            .border_style(if focused {
                theme::border_focused()
            } else {
                theme::border()
            })
            .title(format!(" {} ", i.t(T::AdmCsvFile)));
        let width = block.inner(path_area).width as usize;
        let line = if self.path.text().is_empty() && !focused {
            Line::styled(i.t(T::AdmCsvPlaceholder), theme::dim())
        } else {
            Line::from(self.path.spans(focused, width.saturating_sub(1)))
        };
        frame.render_widget(Paragraph::new(line).block(block), path_area);
        let wrap = |lines: Vec<Line<'static>>| Paragraph::new(lines).wrap(Wrap { trim: false });
        match &self.stage {
            Stage::Path => {
                let hint = i.fmt(
                    T::AdmCsvHint,
                    &[
                        ("complete", &PATH_KEYS.label(Cmd::Complete)),
                        ("preview", &PATH_KEYS.label(Cmd::Preview)),
                    ],
                );
                let mut lines = vec![Line::styled(hint, theme::label())];
                if !self.completions.is_empty() {
                    lines.push(Line::from(""));
                    lines.push(Line::styled(self.completions.join("  "), theme::strong()));
                }
                frame.render_widget(wrap(lines), body);
            }
            Stage::Unreadable(e) => {
                frame.render_widget(wrap(vec![Line::styled(e.clone(), theme::bad())]), body)
            }
            Stage::Previewing => frame.render_widget(
                wrap(vec![Line::from(vec![
                    Span::styled(spinner::frame(ctx.tick), theme::key()),
                    Span::raw(format!(" {}", i.t(T::AdmReading))),
                ])]),
                body,
            ),
            Stage::Preview(p) => frame.render_widget(wrap(preview_lines(p, self, ctx)), body),
            Stage::Running {
                preview,
                progress,
                cancel,
            } => {
                let ratio = if progress.total == 0 {
                    1.0
                } else {
                    progress.sent as f64 / progress.total as f64
                };
                let gauge_width = (body.width as usize).saturating_sub(30).clamp(10, 50);
                let mut lines = vec![
                    Line::styled(
                        i.fmt(T::AdmImporting, &[("file", &file_name(&preview.path))]),
                        theme::strong(),
                    ),
                    Line::from(""),
                    gauge_line(
                        ratio,
                        gauge_width,
                        i.fmt(
                            T::AdmSentOf,
                            &[
                                ("sent", &progress.sent.to_string()),
                                ("total", &progress.total.to_string()),
                            ],
                        ),
                        false,
                    ),
                    Line::from(""),
                    counts_line(progress.created, progress.updated, progress.failed, ctx),
                    Line::from(""),
                ];
                lines.push(if cancel.is_cancelled() {
                    Line::styled(i.t(T::AdmStopping), theme::warn())
                } else {
                    Line::styled(
                        i.fmt(T::AdmStopHint, &[("stop", &RUNNING_KEYS.label(Cmd::Stop))]),
                        theme::label(),
                    )
                });
                frame.render_widget(wrap(lines), body);
            }
            Stage::Done(Err(e)) => frame.render_widget(
                wrap(vec![Line::styled(
                    i.fmt(T::AdmImportFailed, &[("error", e)]),
                    theme::bad(),
                )]),
                body,
            ),
            Stage::Done(Ok(o)) => self.draw_results(o, frame, body, ctx),
        }
    }

    fn draw_results(&self, o: &Outcome, frame: &mut Frame, area: Rect, ctx: &ViewCtx) {
        let i = &ctx.i18n;
        let mut head = vec![counts_line(o.created, o.updated, o.failed, ctx)];
        if o.skipped > 0 {
            head.push(Line::styled(
                i.fmt(T::AdmSkipped, &[("count", &o.skipped.to_string())]),
                theme::label(),
            ));
        }
        if let Some(why) = &o.interrupted {
            head.push(Line::styled(
                i.fmt(T::AdmInterrupted, &[("reason", why)]),
                theme::warn(),
            ));
        }
        if let Some(f) = &o.failed_file {
            head.push(Line::styled(
                i.fmt(T::AdmFailedFile, &[("file", &f.display().to_string())]),
                theme::bad(),
            ));
        }
        let [top, table_area] =
            Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Min(0)])
                .areas(area);
        frame.render_widget(Paragraph::new(head), top);
        let rows = o.rows.iter().map(|r| {
            let (mut text, style) = match &r.status {
                RowStatus::Created => (i.t(T::AdmRowCreated).to_owned(), theme::ok()),
                RowStatus::Updated => (i.t(T::AdmRowUpdated).to_owned(), theme::ok()),
                RowStatus::Skipped => (i.t(T::AdmRowSkipped).to_owned(), theme::label()),
                RowStatus::Failed(why) => {
                    (format!("{}: {why}", i.t(T::AdmRowFailed)), theme::bad())
                }
            };
            // What the server took but flagged (an odd phone or email).
            for (field, status) in &r.flagged {
                text.push_str(&format!(
                    " · {}",
                    i.fmt(T::AdmServerFlagged, &[("field", field), ("status", status)])
                ));
            }
            Row::new(vec![
                ratatui::text::Text::raw(r.line.to_string()),
                ratatui::text::Text::raw(r.access_identifier.clone()),
                ratatui::text::Text::styled(text, style),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(6),
                Constraint::Length(16),
                Constraint::Min(20),
            ],
        )
        .header(
            Row::new(vec![
                i.t(T::AdmColLine),
                i.t(T::AdmFieldAccessId),
                i.t(T::AdmColResult),
            ])
            .style(theme::label()),
        )
        .block(
            Block::bordered()
                .border_style(theme::border())
                .title(format!(" {} ", i.t(T::AdmResultsTitle))),
        )
        .row_highlight_style(theme::selected());
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, table_area, &mut state);
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn counts_line(created: usize, updated: usize, failed: usize, ctx: &ViewCtx) -> Line<'static> {
    let i = &ctx.i18n;
    Line::from(vec![
        Span::styled(
            i.fmt(T::AdmCreatedN, &[("count", &created.to_string())]),
            theme::ok(),
        ),
        Span::raw(" · "),
        Span::styled(
            i.fmt(T::AdmUpdatedN, &[("count", &updated.to_string())]),
            theme::ok(),
        ),
        Span::raw(" · "),
        Span::styled(
            i.fmt(T::AdmFailedN, &[("count", &failed.to_string())]),
            if failed > 0 {
                theme::bad()
            } else {
                theme::label()
            },
        ),
    ])
}

fn preview_lines(p: &ImportPreview, view: &ImportView, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let i = &ctx.i18n;
    let mut mapping = vec![Span::styled(
        format!("{} ", i.t(T::AdmColumns)),
        theme::label(),
    )];
    for (n, (column, role)) in p.mapping.iter().enumerate() {
        if n > 0 {
            mapping.push(Span::raw("  "));
        }
        let (mark, style) = match role {
            ColumnRole::Field | ColumnRole::ExtraData => ("✓", theme::ok()),
            ColumnRole::Ignored => ("·", theme::dim()),
            ColumnRole::Unknown => ("✗", theme::bad()),
            ColumnRole::Duplicate => ("✗✗", theme::bad()),
        };
        let note = match role {
            ColumnRole::Unknown => format!(" ({})", i.t(T::AdmColumnUnknown)),
            ColumnRole::Duplicate => format!(" ({})", i.t(T::AdmColumnRepeated)),
            ColumnRole::Ignored => format!(" ({})", i.t(T::AdmColumnIgnored)),
            _ => String::new(),
        };
        mapping.push(Span::styled(format!("{column} {mark}{note}"), style));
    }
    let separator = match p.delimiter {
        b';' => i.t(T::ShiftCsvSemicolon),
        b'\t' => i.t(T::ShiftCsvTab),
        _ => i.t(T::ShiftCsvComma),
    };
    let mut lines = vec![
        Line::from(mapping),
        Line::styled(
            i.fmt(T::ShiftCsvDelimiter, &[("separator", separator)]),
            theme::label(),
        ),
        Line::from(""),
    ];
    if let Some(why) = &p.refused {
        lines.push(Line::styled(
            i.fmt(T::AdmRefusedFile, &[("reason", why)]),
            theme::bad(),
        ));
        lines.push(Line::styled(
            i.fmt(
                T::AdmRefusedFileHint,
                &[("back", &PREVIEW_KEYS.label(Cmd::Back))],
            ),
            theme::label(),
        ));
        return lines;
    }
    lines.push(Line::from(vec![
        Span::styled(
            i.fmt(T::AdmRowsN, &[("count", &p.rows.to_string())]),
            theme::strong(),
        ),
        Span::raw(" · "),
        Span::styled(
            i.fmt(T::AdmValidN, &[("count", &p.valid.to_string())]),
            theme::ok(),
        ),
        Span::raw(" · "),
        Span::styled(
            i.fmt(T::AdmInvalidN, &[("count", &p.invalid.to_string())]),
            if p.invalid > 0 {
                theme::bad()
            } else {
                theme::label()
            },
        ),
    ]));
    if p.already_done > 0 {
        lines.push(Line::styled(
            i.fmt(T::AdmResume, &[("count", &p.already_done.to_string())]),
            theme::warn(),
        ));
    }
    for (line, why) in &p.first_errors {
        lines.push(Line::styled(
            i.fmt(
                T::AdmLineError,
                &[("line", &line.to_string()), ("error", why)],
            ),
            theme::bad(),
        ));
    }
    lines.push(Line::from(""));
    lines.push(if p.to_send() == 0 {
        Line::styled(i.t(T::AdmNothingToSend), theme::warn())
    } else {
        Line::styled(
            i.fmt(
                T::AdmSendHint,
                &[
                    ("count", &p.to_send().to_string()),
                    ("batch", &view.batch_size.to_string()),
                    ("run", &PREVIEW_KEYS.label(Cmd::Run)),
                    ("back", &PREVIEW_KEYS.label(Cmd::Back)),
                ],
            ),
            theme::label(),
        )
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_one_match_and_the_common_prefix_of_several() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().display().to_string();
        std::fs::write(dir.path().join("contracts_may.csv"), "x").unwrap();
        std::fs::write(dir.path().join("contracts_june.csv"), "x").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        std::fs::create_dir(dir.path().join("old")).unwrap();
        let (text, names) = complete_path(&format!("{base}/con"));
        assert_eq!(text, format!("{base}/contracts_"));
        assert_eq!(names, ["contracts_june.csv", "contracts_may.csv"]);
        let (text, _) = complete_path(&format!("{base}/contracts_m"));
        assert_eq!(text, format!("{base}/contracts_may.csv"));
        let (text, _) = complete_path(&format!("{base}/o"));
        assert_eq!(text, format!("{base}/old/"));
        // Not a CSV: not offered.
        let (text, names) = complete_path(&format!("{base}/no"));
        assert_eq!(text, format!("{base}/no"));
        assert!(names.is_empty());
    }
}
