//! The terminal side: set up and restore the terminal, then loop over terminal events,
//! answers of API tasks and (only while something spins) a tick, drawing only when the
//! app says something changed. Idle, it sleeps in `select!` and uses no CPU.

use std::io::Write;
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;

use super::action::Action;
use super::app::App;
use super::runner::TaskRunner;
use crate::api::ApiClient;

/// The spinner's tick (the app says when to tick at all, and how often).
pub const TICK: Duration = Duration::from_millis(100);

/// Appends frame timings to the file named by `MOK_TRACE_FRAMES` (for
/// `scripts/measure_tui.sh`): `<micros since epoch> <event> <detail>` per line.
struct FrameTrace {
    file: Option<std::fs::File>,
}

impl FrameTrace {
    fn from_env() -> Self {
        let file = std::env::var_os("MOK_TRACE_FRAMES").and_then(|path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .ok()
        });
        Self { file }
    }

    fn log(&mut self, event: &str, detail: &str) {
        if let Some(f) = &mut self.file {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_micros();
            let _ = writeln!(f, "{now} {event} {detail}");
        }
    }
}

/// Runs the app on the real terminal until it quits. The terminal is restored on every
/// way out, panics included (ratatui's hook chains color-eyre's report).
pub async fn run(app: App, client: ApiClient) -> std::io::Result<()> {
    run_with(app, client, None).await
}

/// [`run`], keeping local lists (recent zones) in `local`.
pub async fn run_with(
    mut app: App,
    client: ApiClient,
    local: Option<crate::local::LocalStore>,
) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let mouse = app.mouse_enabled();
    if mouse {
        capture_mouse();
    }
    let result = drive(&mut terminal, &mut app, client, local).await;
    if mouse {
        release_mouse();
    }
    ratatui::restore();
    result
}

/// Asks the terminal for mouse events (`[ui] mouse`), and makes sure a panic gives them
/// back: the hook runs before ratatui's own restore (installed by `ratatui::init`).
fn capture_mouse() {
    if let Err(e) = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture) {
        tracing::warn!("mouse capture not enabled: {e}");
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release_mouse();
        previous(info);
    }));
}

/// Gives the mouse back to the terminal (its own selection works again).
fn release_mouse() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
}

async fn drive(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    client: ApiClient,
    local: Option<crate::local::LocalStore>,
) -> std::io::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut runner = TaskRunner::new(client, tx);
    if let Some(store) = local {
        runner = runner.with_local(store);
    }
    let mut events = EventStream::new();
    let mut stop = StopSignals::new()?;
    let mut trace = FrameTrace::from_env();
    let mut frames: u64 = 0;
    loop {
        for effect in app.take_effects() {
            runner.run(effect);
        }
        if app.should_quit() {
            return Ok(());
        }
        if app.is_dirty() {
            let started = Instant::now();
            terminal.draw(|frame| app.draw(frame))?;
            frames += 1;
            trace.log(
                "frame",
                &format!("{frames} {}", started.elapsed().as_micros()),
            );
        }
        let tick = app.tick_every();
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    trace.log("key", &format!("{:?}", key.code));
                    app.handle_key(key);
                }
                Some(Ok(Event::Resize(_, _))) => app.update(Action::Resize),
                Some(Ok(Event::Mouse(mouse))) => app.handle_mouse(mouse),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
            Some(action) = rx.recv() => {
                trace.log("action", action_name(&action));
                app.update(action);
            }
            _ = tokio::time::sleep(tick.unwrap_or(TICK)), if tick.is_some() => app.update(Action::Tick),
            name = stop.recv() => {
                // Like a quit without asking: the caller restores the terminal, and the
                // draft writer flushes the last keystroke as the app is dropped.
                tracing::info!("{name} received: quitting");
                return Ok(());
            }
        }
    }
}

/// SIGTERM, SIGHUP (the terminal went away) and SIGINT end the session cleanly instead of
/// killing the process with the terminal still raw and in the alternate screen.
struct StopSignals {
    #[cfg(unix)]
    signals: [(tokio::signal::unix::Signal, &'static str); 3],
}

impl StopSignals {
    fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                signals: [
                    (signal(SignalKind::terminate())?, "SIGTERM"),
                    (signal(SignalKind::hangup())?, "SIGHUP"),
                    (signal(SignalKind::interrupt())?, "SIGINT"),
                ],
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            let [(term, a), (hup, b), (int, c)] = &mut self.signals;
            tokio::select! {
                _ = term.recv() => a,
                _ = hup.recv() => b,
                _ = int.recv() => c,
            }
        }
        #[cfg(not(unix))]
        std::future::pending().await
    }
}

fn action_name(action: &Action) -> &'static str {
    match action {
        Action::MeLoaded(_) => "MeLoaded",
        Action::Lookup(_) => "Lookup",
        Action::WhatsApp(_) => "WhatsApp",
        Action::Board(_) => "Board",
        Action::Ranking(_) => "Ranking",
        _ => "Other",
    }
}
