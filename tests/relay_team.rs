//! The team relay (issue 17) against a real `nats-server -js`, the real sandbox over
//! loopback HTTP, the relay as `mok-console relay` runs it, and consoles' board models
//! (the whole app in the test harness, fed by the same watcher the console runs).

mod common;
mod relay_support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use futures::StreamExt;
use mok_console::api::{ApiClient, ServiceRequestQuery};
use mok_console::config::{BoardSection, Config, Language, RelaySection, WebhookSection};
use mok_console::model::ServiceRequestUpdate;
use mok_console::relay::publish::{RelayOptions, RelayReport};
use mok_console::relay::source::follow_mok;
use mok_console::relay::watch::{DownCause, WatchEvent, spawn_watch};
use mok_console::relay::{NatsSettings, publish};
use mok_console::sandbox::{self, SandboxConfig, SandboxHandle, WebhookTarget};
use mok_console::tui::action::{Action, Effect};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::{BoardAction, BoardEffect, BoardSettings, RelayState};
use relay_support::{NatsServer, free_port};
use secrecy::SecretString;
use tokio::sync::{mpsc, oneshot};

const WAIT: Duration = Duration::from_secs(30);
/// Short, so a stopped relay shows within a test's patience (3 missed beats).
const BEAT: Duration = Duration::from_millis(200);

fn deps() -> Deps {
    Deps {
        language: Language::En,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Utc::now().date_naive(),
        warnings: Vec::new(),
    }
}

fn relay_section(url: &str) -> RelaySection {
    RelaySection {
        url: url.into(),
        bucket: mok_console::config::default_relay_bucket(),
        user: None,
        password: None,
        token: None,
        creds_file: None,
        fallback_poll: false,
    }
}

/// A relay as `mok-console relay` runs it, in this process.
struct RunningRelay {
    task: tokio::task::JoinHandle<()>,
    reports: mpsc::UnboundedReceiver<RelayReport>,
    stop: Option<oneshot::Sender<()>>,
}

impl RunningRelay {
    fn start(
        settings: std::sync::Arc<NatsSettings>,
        client: &ApiClient,
        poll: Duration,
        webhook: Option<WebhookSection>,
    ) -> RunningRelay {
        let source = follow_mok(client.clone(), poll, webhook);
        let (report_tx, reports) = mpsc::unbounded_channel();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let task = tokio::spawn(publish::run(
            settings,
            source,
            RelayOptions { heartbeat: BEAT },
            report_tx,
            async move {
                let _ = stop_rx.await;
            },
        ));
        RunningRelay {
            task,
            reports,
            stop: Some(stop_tx),
        }
    }

    /// Waits for a report matching `want`, returning every report seen up to it.
    async fn wait_for(&mut self, want: impl Fn(&RelayReport) -> bool) -> Vec<RelayReport> {
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.reports.recv()).await {
                Ok(Some(r)) => {
                    let done = want(&r);
                    seen.push(r);
                    if done {
                        return seen;
                    }
                }
                _ => panic!("no matching relay report; saw {seen:?}"),
            }
        }
    }

    /// Killed: no clean stop, no last heartbeat.
    async fn kill(self) {
        self.task.abort();
        let _ = self.task.await;
    }

    /// A clean stop (Ctrl-C): the last heartbeat says so.
    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(WAIT, self.task)
            .await
            .expect("the relay stops")
            .expect("the relay task ends cleanly");
    }
}

/// Every request MOK has: id → status.
async fn mok_board(client: &ApiClient) -> BTreeMap<i64, String> {
    let mut pages = client.all_service_requests(ServiceRequestQuery::default());
    let mut all = BTreeMap::new();
    while let Some(page) = pages.next().await {
        for r in page.expect("a page") {
            all.insert(r.id.unwrap(), r.status().to_string());
        }
    }
    all
}

/// The requests MOK's answers make urgent, as a board polling MOK itself marks them.
async fn mok_urgent(client: &ApiClient) -> BTreeSet<i64> {
    let mut pages = client.all_service_requests(ServiceRequestQuery::default());
    let mut names = mok_console::board::Interner::default();
    let mut urgent = BTreeSet::new();
    while let Some(page) = pages.next().await {
        for r in page.expect("a page") {
            if let Some(e) = mok_console::board::Entry::from_request(&r, &mut names)
                && e.urgent
            {
                urgent.insert(e.id);
            }
        }
    }
    urgent
}

fn console_board(h: &Harness) -> BTreeMap<i64, String> {
    h.app
        .board()
        .store()
        .rows()
        .iter()
        .map(|r| (r.id(), r.status().to_string()))
        .collect()
}

/// A console whose config has `[relay]`, on the board (F5).
fn console(client: &ApiClient, relay: &RelaySection) -> Harness {
    let mut h = Harness::online(deps(), client.clone(), 160, 40);
    h.app.configure_board(
        BoardSettings::from_config(&BoardSection::default(), None).with_relay(Some(relay)),
    );
    h.key(KeyCode::F(5));
    h
}

async fn shows(h: &mut Harness, want: &BTreeMap<i64, String>, what: &str) {
    assert!(
        h.pump_until(WAIT, |app, _| {
            matches!(app.board().relay_state(), RelayState::Live) && console_board_of(app) == *want
        })
        .await,
        "{what}: the console shows MOK's board from a live relay ({} of {} rows, relay {:?})",
        h.app.board().store().len(),
        want.len(),
        h.app.board().relay_state()
    );
}

fn console_board_of(app: &mok_console::tui::app::App) -> BTreeMap<i64, String> {
    app.board()
        .store()
        .rows()
        .iter()
        .map(|r| (r.id(), r.status().to_string()))
        .collect()
}

/// A request in `status`, and the status it moves to.
fn pick(board: &BTreeMap<i64, String>, status: &str) -> i64 {
    *board
        .iter()
        .find(|(_, s)| s.as_str() == status)
        .unwrap_or_else(|| panic!("a {status} request in {board:?}"))
        .0
}

async fn set_status(client: &ApiClient, id: i64, status: &str) {
    client
        .update_service_request(
            id,
            &ServiceRequestUpdate {
                current_status: Some(status.into()),
                ..Default::default()
            },
        )
        .await
        .expect("MOK takes the change");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_consoles_see_the_same_board_and_a_status_change_reaches_both_within_a_second() {
    let nats = NatsServer::start();
    // MOK pushes every change to the relay's webhook receiver; polls are only the safety net.
    let hook_port = free_port();
    let secret = "whsec-relay-test";
    let server = sandbox::start(SandboxConfig {
        webhook: Some(WebhookTarget {
            url: format!("http://127.0.0.1:{hook_port}/webhooks"),
            secret: secret.into(),
        }),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let client = common::client(&server);
    let webhook = WebhookSection {
        listen: format!("127.0.0.1:{hook_port}"),
        secret: Some(SecretString::from(secret)),
        max_body_bytes: 1 << 20,
        ..WebhookSection::default()
    };
    let relay = relay_section(&nats.url());
    let mut relay_task = RunningRelay::start(
        NatsSettings::from_config(&relay),
        &client,
        Duration::from_secs(600),
        Some(webhook),
    );
    relay_task
        .wait_for(|r| matches!(r, RelayReport::WebhookListening(_)))
        .await;

    let before = mok_board(&client).await;
    let mut a = console(&client, &relay);
    let mut b = console(&client, &relay);
    shows(&mut a, &before, "console A").await;
    shows(&mut b, &before, "console B").await;
    assert_eq!(
        console_board(&a),
        console_board(&b),
        "both see the same board"
    );
    let screen = b.render();
    assert!(screen.contains("relay live: nats://127.0.0.1"), "{screen}");

    // Console A changes a status, as its picker does.
    let id = pick(&before, "pending");
    a.update(Action::Board(BoardAction::SetStatus {
        id,
        status: "assigned".into(),
    }));
    assert!(
        a.pump_until(WAIT, |app, _| app
            .board()
            .store()
            .get(id)
            .is_some_and(|r| r.status().to_string() == "assigned"))
            .await,
        "MOK answers console A"
    );
    let answered = Instant::now();
    assert!(
        b.pump_until(WAIT, |app, _| app
            .board()
            .store()
            .get(id)
            .is_some_and(|r| r.status().to_string() == "assigned"))
            .await,
        "the change reaches console B"
    );
    let took = answered.elapsed();
    assert!(
        took <= Duration::from_secs(1),
        "B saw it {took:?} after MOK answered A"
    );
    let after = mok_board(&client).await;
    assert_eq!(after[&id], "assigned");
    shows(&mut a, &after, "console A after the change").await;
    shows(&mut b, &after, "console B after the change").await;
    drop(relay_task);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relay_killed_and_restarted_loses_nothing_and_consoles_keep_the_board_meanwhile() {
    let nats = NatsServer::start();
    let server = common::sandbox().await;
    let client = common::client(&server);
    let relay = relay_section(&nats.url());
    let poll = Duration::from_millis(300);
    let mut first = RunningRelay::start(NatsSettings::from_config(&relay), &client, poll, None);
    let before = mok_board(&client).await;
    first
        .wait_for(|r| matches!(r, RelayReport::Published { total, .. } if *total == before.len()))
        .await;
    let mut a = console(&client, &relay);
    shows(&mut a, &before, "before the kill").await;

    first.kill().await;
    // Changes on MOK while no relay runs.
    let moved = pick(&before, "pending");
    let closed = pick(&before, "assigned");
    set_status(&client, moved, "assigned").await;
    set_status(&client, closed, "cancelled").await;
    assert!(
        a.pump_until(WAIT, |app, _| matches!(
            app.board().relay_state(),
            RelayState::Down {
                cause: DownCause::RelaySilent,
                ..
            }
        ))
        .await,
        "the console notices the relay is gone: {:?}",
        a.app.board().relay_state()
    );
    let screen = a.render();
    assert!(screen.contains("relay unreachable since"), "{screen}");
    assert_eq!(console_board(&a), before, "the last known board is kept");

    // A new relay finds the bucket as the first one left it, then publishes what changed.
    let mut second = RunningRelay::start(NatsSettings::from_config(&relay), &client, poll, None);
    let reports = second
        .wait_for(|r| matches!(r, RelayReport::NatsConnected { .. }))
        .await;
    assert!(
        reports.contains(&RelayReport::NatsConnected {
            entries: before.len()
        }),
        "{reports:?}"
    );
    let reports = second
        .wait_for(|r| matches!(r, RelayReport::Published { .. }))
        .await;
    assert!(
        reports.iter().any(|r| matches!(
            r,
            RelayReport::Published {
                puts: 2,
                deletes: 0,
                ..
            }
        )),
        "only the two changed requests are written again: {reports:?}"
    );
    let after = mok_board(&client).await;
    shows(&mut a, &after, "after the restart").await;
    assert_eq!(after[&moved], "assigned");
    assert_eq!(after[&closed], "cancelled");
    second.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_console_gets_the_full_snapshot_first() {
    let nats = NatsServer::start();
    let server = common::sandbox().await;
    let client = common::client(&server);
    let relay = relay_section(&nats.url());
    let settings = NatsSettings::from_config(&relay);
    let mut running =
        RunningRelay::start(settings.clone(), &client, Duration::from_millis(300), None);
    let id = pick(&mok_board(&client).await, "pending");
    set_status(&client, id, "in_progress").await;
    let now = mok_board(&client).await;
    running
        .wait_for(|r| matches!(r, RelayReport::Published { total, .. } if *total == now.len()))
        .await;
    // Let a few changes pass before the late console comes.
    tokio::time::sleep(Duration::from_millis(700)).await;

    // The watcher the console runs: its first word is the whole board, in one diff.
    let mut events = spawn_watch(settings);
    let first = tokio::time::timeout(WAIT, events.recv())
        .await
        .unwrap()
        .unwrap();
    let WatchEvent::Board { diff, snapshot } = first else {
        panic!("the snapshot comes first, got {first:?}");
    };
    assert!(snapshot);
    assert!(diff.removed.is_empty());
    let got: BTreeMap<i64, String> = diff
        .upserts
        .iter()
        .map(|r| (r.id, r.status.to_string()))
        .collect();
    assert_eq!(got, now);
    assert_eq!(diff.total, now.len());
    // Urgency comes from answers, which the relay does not store: it travels as a flag.
    let urgent_at_mok = mok_urgent(&client).await;
    assert!(!urgent_at_mok.is_empty(), "the sandbox has urgent requests");
    let urgent_seen: BTreeSet<i64> = diff
        .upserts
        .iter()
        .filter(|e| e.urgent)
        .map(|e| e.id)
        .collect();
    assert_eq!(urgent_seen, urgent_at_mok);
    assert_eq!(
        tokio::time::timeout(WAIT, events.recv()).await.unwrap(),
        Some(WatchEvent::Live)
    );

    let mut late = console(&client, &relay);
    shows(&mut late, &now, "the late console").await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_started_while_the_relay_is_down_shows_the_state_jetstream_kept() {
    let mut nats = NatsServer::start();
    let server = common::sandbox().await;
    let client = common::client(&server);
    let relay = relay_section(&nats.url());
    let mut running = RunningRelay::start(
        NatsSettings::from_config(&relay),
        &client,
        Duration::from_millis(300),
        None,
    );
    let board = mok_board(&client).await;
    running
        .wait_for(|r| matches!(r, RelayReport::Published { total, .. } if *total == board.len()))
        .await;
    running.stop().await;
    // NATS itself restarted too: the bucket is on disk.
    nats.restart();

    let mut h = console(&client, &relay);
    assert!(
        h.pump_until(WAIT, |app, _| console_board_of(app) == board
            && matches!(
                app.board().relay_state(),
                RelayState::Down {
                    cause: DownCause::RelayStopped,
                    ..
                }
            ))
        .await,
        "the last state, and the relay said to be stopped: {:?}",
        h.app.board().relay_state()
    );
    let screen = h.render();
    assert!(screen.contains("relay unreachable since"), "{screen}");
    assert!(screen.contains("the relay stopped"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_down_the_relay_retries_with_backoff_and_reports_and_consoles_reconnect() {
    let mut nats = NatsServer::not_started(free_port(), &[]);
    let server = common::sandbox().await;
    let client = common::client(&server);
    let relay = relay_section(&nats.url());
    let mut running = RunningRelay::start(
        NatsSettings::from_config(&relay),
        &client,
        Duration::from_millis(300),
        None,
    );
    // Three failed attempts, each reported, each waiting longer.
    let reports = running
        .wait_for(|r| matches!(r, RelayReport::NatsUnreachable { failures: 3, .. }))
        .await;
    let waits: Vec<Duration> = reports
        .iter()
        .filter_map(|r| match r {
            RelayReport::NatsUnreachable {
                retry_in, error, ..
            } => {
                assert!(
                    error.contains(&nats.url()),
                    "the report names the server: {error}"
                );
                Some(*retry_in)
            }
            _ => None,
        })
        .collect();
    assert_eq!(waits.len(), 3, "{reports:?}");
    assert!(
        waits[0] < waits[1] && waits[1] < waits[2],
        "backoff: {waits:?}"
    );

    // A console meanwhile says so and has no board yet.
    let mut h = console(&client, &relay);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.board().relay_state(),
            RelayState::Down {
                cause: DownCause::Nats(_),
                ..
            }
        ))
        .await
    );

    nats.restart();
    let board = mok_board(&client).await;
    running
        .wait_for(|r| matches!(r, RelayReport::Published { total, .. } if *total == board.len()))
        .await;
    shows(&mut h, &board, "once NATS is up").await;

    // NATS goes down under a running relay and console: both say so, the board stays.
    nats.stop();
    running
        .wait_for(|r| matches!(r, RelayReport::NatsUnreachable { .. }))
        .await;
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.board().relay_state(),
            RelayState::Down {
                cause: DownCause::Nats(_),
                ..
            }
        ))
        .await
    );
    assert_eq!(console_board(&h), board, "the last known board is kept");
    let id = pick(&board, "pending");
    set_status(&client, id, "assigned").await;
    nats.restart();
    running
        .wait_for(|r| matches!(r, RelayReport::NatsConnected { .. }))
        .await;
    let after = mok_board(&client).await;
    shows(&mut h, &after, "after NATS came back").await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_auth_user_password_and_token_from_config_and_secrets_never_shown() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let poll = Duration::from_millis(300);

    let nats = NatsServer::start_with(&["--user", "team", "--pass", "pw-s3cret-42"]);
    let mut good = relay_section(&nats.url());
    good.user = Some("team".into());
    good.password = Some(SecretString::from("pw-s3cret-42"));
    let mut running = RunningRelay::start(NatsSettings::from_config(&good), &client, poll, None);
    running
        .wait_for(|r| matches!(r, RelayReport::Published { .. }))
        .await;
    running.stop().await;
    let mut wrong = good.clone();
    wrong.password = Some(SecretString::from("not-the-pw-77"));
    let settings = NatsSettings::from_config(&wrong);
    assert!(!format!("{settings:?}").contains("not-the-pw-77"));
    let mut refused = RunningRelay::start(settings, &client, poll, None);
    let reports = refused
        .wait_for(|r| matches!(r, RelayReport::NatsUnreachable { .. }))
        .await;
    let text = format!("{reports:?} {}", reports.last().unwrap());
    assert!(!text.contains("not-the-pw-77"), "{text}");
    refused.kill().await;

    let nats = NatsServer::start_with(&["--auth", "tok-s3cret-99"]);
    let mut token = relay_section(&nats.url());
    token.token = Some(SecretString::from("tok-s3cret-99"));
    let settings = NatsSettings::from_config(&token);
    assert!(!format!("{settings:?}").contains("tok-s3cret-99"));
    let mut running = RunningRelay::start(settings, &client, poll, None);
    running
        .wait_for(|r| matches!(r, RelayReport::Published { .. }))
        .await;
    running.stop().await;

    // A creds file that cannot be read is named, and nothing is sent.
    let mut creds = relay_section(&nats.url());
    creds.creds_file = Some("/nonexistent/team.creds".into());
    let mut refused = RunningRelay::start(NatsSettings::from_config(&creds), &client, poll, None);
    let reports = refused
        .wait_for(|r| matches!(r, RelayReport::NatsUnreachable { .. }))
        .await;
    assert!(
        reports
            .last()
            .unwrap()
            .to_string()
            .contains("/nonexistent/team.creds"),
        "{reports:?}"
    );
    refused.kill().await;
}

#[test]
fn relay_config_reads_one_auth_kind_with_secrets_from_env_and_rejects_bad_values() {
    let path = std::path::Path::new("team.toml");
    let text =
        "[relay]\nurl = \"nats://10.0.0.5:4222\"\nuser = \"desk\"\npassword = \"pw-in-file\"\n";
    let mut config = Config::parse(text, path).unwrap();
    config.apply_env(|k| (k == "MOK_RELAY_PASSWORD").then(|| "pw-from-env".into()));
    config.validate().unwrap();
    let relay = config.relay.as_ref().unwrap();
    assert_eq!(relay.bucket, "mok_board");
    assert!(!relay.fallback_poll, "fallback polling is off by default");
    use secrecy::ExposeSecret;
    assert_eq!(
        relay.password.as_ref().unwrap().expose_secret(),
        "pw-from-env"
    );
    let shown = format!("{config:?} {:?}", NatsSettings::from_config(relay));
    assert!(
        !shown.contains("pw-from-env") && !shown.contains("pw-in-file"),
        "{shown}"
    );

    for (bad, says) in [
        (
            "url = \"nats://a:1\"\ntoken = \"t\"\ncreds_file = \"x.creds\"",
            "one kind of NATS auth",
        ),
        ("url = \"http://a:1\"", "relay.url"),
        ("url = \"nats://a:1\"\nuser = \"u\"", "go together"),
        ("url = \"nats://a:1\"\nbucket = \"a.b\"", "relay.bucket"),
    ] {
        let text = format!("[relay]\n{bad}\n");
        let err = Config::parse(&text, path)
            .and_then(|c| c.validate().map(|_| c))
            .expect_err(bad);
        assert!(err.message.contains(says), "{bad}: {}", err.message);
    }
    let err = Config::parse("[relay]\nurl = \"nats://a:1\"\npasword = \"x\"\n", path).unwrap_err();
    assert!(err.message.contains("line 3"), "{}", err.message);
}

#[test]
fn a_console_with_relay_makes_no_board_polls() {
    let mut h = Harness::offline(deps(), 120, 40);
    h.app.configure_board(
        BoardSettings::from_config(&BoardSection::default(), None)
            .with_relay(Some(&relay_section("nats://127.0.0.1:4222"))),
    );
    h.key(KeyCode::F(5));
    let effects = h.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Board(BoardEffect::StartRelay(_)))),
        "{effects:?}"
    );
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Board(BoardEffect::StartPolling { .. }))),
        "{effects:?}"
    );
    // `r` asks no poll either: nothing polls.
    h.key(KeyCode::Char('r'));
    let effects = h.take_effects();
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Board(BoardEffect::StartPolling { .. }))),
        "{effects:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_fallback_poll_a_console_polls_mok_while_the_relay_is_unreachable() {
    let server: SandboxHandle = common::sandbox().await;
    let client = common::client(&server);
    let mut relay = relay_section(&format!("nats://127.0.0.1:{}", free_port()));
    relay.fallback_poll = true;
    let mut h = console(&client, &relay);
    let board = mok_board(&client).await;
    assert!(
        h.pump_until(WAIT, |app, _| console_board_of(app) == board)
            .await,
        "the board comes from MOK directly"
    );
    let screen = h.render();
    assert!(screen.contains("polling MOK directly"), "{screen}");
}

/// A push carrying only a few fields (as the reference's webhook example does: ids and a
/// status, no names) is merged into what the relay knows before it is published: the
/// bucket, and so every console, keeps the customer's name and address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partial_push_is_merged_before_the_relay_publishes_it() {
    let server = sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = common::client(&server);
    let secret = "whsec-relay-merge";
    let webhook = WebhookSection {
        listen: format!("127.0.0.1:{}", free_port()),
        secret: Some(SecretString::from(secret)),
        ..WebhookSection::default()
    };
    let mut updates = follow_mok(client.clone(), Duration::from_secs(3600), Some(webhook));
    let mut url = None;
    let mut full = None;
    let deadline = Instant::now() + WAIT;
    while url.is_none() || full.is_none() {
        let update = tokio::time::timeout_at(deadline.into(), updates.recv())
            .await
            .expect("the source answers")
            .expect("the source runs");
        match update {
            mok_console::relay::source::SourceUpdate::WebhookListening(u) => url = Some(u),
            mok_console::relay::source::SourceUpdate::Full(list) => full = Some(list),
            _ => {}
        }
    }
    let known = full
        .unwrap()
        .into_iter()
        .find(|r| r.user_first_name.is_some() && r.origin_address.is_some())
        .expect("a request with a customer and an origin");
    let id = known.id.unwrap();

    let partial = serde_json::json!({"event": "service_request.updated", "payload": {
        "id": id, "contract_id": 270, "external_id": "8970266001",
        "current_status": "in_progress", "provider_name": "Grúas del Norte",
        "user_first_name": null
    }});
    common::push_signed(&url.unwrap(), secret, &partial).await;

    let published = loop {
        let update = tokio::time::timeout_at(deadline.into(), updates.recv())
            .await
            .expect("the push is published")
            .expect("the source runs");
        if let mok_console::relay::source::SourceUpdate::Changed { upserts, .. } = update
            && let Some(r) = upserts.into_iter().find(|r| r.id == Some(id))
        {
            break r;
        }
    };
    assert_eq!(
        published.current_status.as_ref().map(|s| s.as_str()),
        Some("in_progress")
    );
    assert_eq!(published.provider_name.as_deref(), Some("Grúas del Norte"));
    assert_eq!(published.user_first_name, known.user_first_name);
    assert_eq!(published.user_last_name, known.user_last_name);
    assert_eq!(published.origin_address, known.origin_address);
}
