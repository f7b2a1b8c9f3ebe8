//! Drives the [`App`] without a terminal, for tests: keys in, a `TestBackend` screen out.
//! Offline, effects are collected for the test to answer with constructed data; online,
//! they run through the real [`TaskRunner`] against a server (the sandbox), and
//! [`Harness::pump_until`] feeds the answers back until a condition holds.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use super::action::{Action, Effect};
use super::app::{App, Deps};
use super::runner::TaskRunner;
use crate::api::ApiClient;

pub struct Harness {
    pub app: App,
    terminal: Terminal<TestBackend>,
    runner: Option<TaskRunner>,
    rx: mpsc::UnboundedReceiver<Action>,
    /// Effects asked for and not yet taken (offline only).
    pending: Vec<Effect>,
}

impl Harness {
    /// Effects are kept for the test ([`take_effects`](Self::take_effects)).
    pub fn offline(deps: Deps, width: u16, height: u16) -> Self {
        let (_tx, rx) = mpsc::unbounded_channel();
        Self::build(deps, width, height, None, rx)
    }

    /// Effects run against `client`; must be called inside a tokio runtime.
    pub fn online(deps: Deps, client: ApiClient, width: u16, height: u16) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Self::build(deps, width, height, Some(TaskRunner::new(client, tx)), rx)
    }

    fn build(
        deps: Deps,
        width: u16,
        height: u16,
        runner: Option<TaskRunner>,
        rx: mpsc::UnboundedReceiver<Action>,
    ) -> Self {
        let mut h = Self {
            app: App::new(deps),
            terminal: Terminal::new(TestBackend::new(width, height)).expect("test terminal"),
            runner,
            rx,
            pending: Vec::new(),
        };
        h.flush_effects();
        h
    }

    fn flush_effects(&mut self) {
        let effects = self.app.take_effects();
        match &mut self.runner {
            Some(runner) => effects.into_iter().for_each(|e| runner.run(e)),
            None => self.pending.extend(effects),
        }
    }

    /// Online: keep local lists (recent zones) in `store`.
    pub fn with_local(mut self, store: crate::local::LocalStore) -> Self {
        if let Some(runner) = self.runner.take() {
            self.runner = Some(runner.with_local(store));
        }
        self
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        self.flush_effects();
        std::mem::take(&mut self.pending)
    }

    pub fn key_event(&mut self, key: KeyEvent) {
        self.app.handle_key(key);
        self.flush_effects();
    }

    pub fn key(&mut self, code: KeyCode) {
        self.key_event(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// A mouse event, as the terminal sends it (on the screen as drawn now, as a user
    /// always clicks on what was drawn).
    pub fn mouse(&mut self, ev: crossterm::event::MouseEvent) {
        self.render();
        self.app.handle_mouse(ev);
        self.flush_effects();
    }

    /// A left click at (`column`, `row`).
    pub fn click(&mut self, column: u16, row: u16) {
        self.mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        });
    }

    /// The wheel turned once at (`column`, `row`): `down` scrolls towards the end.
    pub fn wheel(&mut self, column: u16, row: u16, down: bool) {
        use crossterm::event::MouseEventKind::{ScrollDown, ScrollUp};
        self.mouse(crossterm::event::MouseEvent {
            kind: if down { ScrollDown } else { ScrollUp },
            column,
            row,
            modifiers: KeyModifiers::NONE,
        });
    }

    pub fn ctrl(&mut self, c: char) {
        self.key_event(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn update(&mut self, action: Action) {
        self.app.update(action);
        self.flush_effects();
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.app.update(Action::Resize);
    }

    /// Draws the app and returns the screen as text, one line per row, trailing spaces cut.
    pub fn render(&mut self) -> String {
        let app = &mut self.app;
        self.terminal
            .draw(|frame| app.draw(frame))
            .expect("draw into the test backend");
        screen_text(self.terminal.backend().buffer())
    }

    /// The buffer of the last render (to check styles).
    pub fn buffer(&self) -> &ratatui::buffer::Buffer {
        self.terminal.backend().buffer()
    }

    /// Feeds task answers to the app until `done(app, screen)` holds or `timeout` passes;
    /// returns whether it held. Polls, so it is robust on a slow machine.
    pub async fn pump_until(
        &mut self,
        timeout: Duration,
        mut done: impl FnMut(&App, &str) -> bool,
    ) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            while let Ok(action) = self.rx.try_recv() {
                self.app.update(action);
            }
            self.flush_effects();
            let screen = self.render();
            if done(&self.app, &screen) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::select! {
                Some(action) = self.rx.recv() => self.app.update(action),
                _ = tokio::time::sleep(Duration::from_millis(25)) => {}
            }
        }
    }

    /// Running API tasks (online only).
    pub fn running_tasks(&mut self) -> usize {
        self.runner.as_mut().map_or(0, |r| r.running())
    }
}

/// A buffer as plain text.
pub fn screen_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        for x in area.left()..area.right() {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
