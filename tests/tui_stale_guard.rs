//! The stale-edit guard (issue 14) driven by real keys against the sandbox over loopback:
//! the sandbox changes a request between the moment the agent opens it and the moment they
//! send (an edit, a status change, an assignment); the console re-reads it, shows what
//! changed and asks — and the sandbox receives no update body until the agent answers.
//! Each answer does what it says. Also: the board's "N updates since you looked".

mod common;

use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::api::ApiClient;
use mok_console::config::Language;
use mok_console::forms::FormCatalog;
use mok_console::model::{ServiceRequest, Status};
use mok_console::sandbox::{self, Fault, FaultKind, SandboxHandle};
use mok_console::tui::action::{Action, PaneId};
use mok_console::tui::app::{App, ConnectionState, Deps, Overlay};
use mok_console::tui::harness::Harness;
use mok_console::tui::overlays::stale::GuardState;
use mok_console::tui::panes::board::{BoardSettings, Notice};
use mok_console::tui::panes::ranking::{RankNotice, RankState};
use mok_console::tui::panes::request_form::fields::Fixed;
use mok_console::tui::panes::request_form::{Done, FieldId, FormAction, RequestSetup};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

fn deps() -> Deps {
    Deps {
        language: Language::En,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Utc::now().date_naive(),
        warnings: Vec::new(),
    }
}

async fn connected(client: ApiClient) -> Harness {
    let mut h = Harness::online(deps(), client, 120, 40);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.connection(),
            ConnectionState::Connected(_)
        ))
        .await,
        "the console connects to the sandbox"
    );
    h
}

/// Someone else changes request `id` on the server (another console, the back office).
async fn changed_elsewhere(
    sb: &SandboxHandle,
    client: &ApiClient,
    id: i64,
    change: impl FnOnce(&mut ServiceRequest),
) {
    let mut r = client.get_service_request(id).await.unwrap();
    change(&mut r);
    sb.put_request(serde_json::to_value(&r).unwrap());
}

fn guard(app: &App) -> Option<&GuardState> {
    match app.overlay() {
        Overlay::Stale(d) => Some(d.state()),
        _ => None,
    }
}

/// Waits until the dialog shows what changed; returns the changed fields, `⚠` first.
async fn asks(h: &mut Harness) -> Vec<(String, bool)> {
    let asked = h
        .pump_until(WAIT, |app, _| {
            matches!(guard(app), Some(GuardState::Changed { .. }))
        })
        .await;
    let screen = h.render();
    assert!(
        asked,
        "the guard shows what changed: {:?}\n{screen}",
        guard(&h.app)
    );
    let Some(GuardState::Changed { changes, .. }) = guard(&h.app) else {
        unreachable!()
    };
    changes
        .iter()
        .map(|c| (c.field.clone(), c.overwrites()))
        .collect()
}

/// Gives the console time to send anything it would send, then checks it sent nothing.
async fn sends_nothing(h: &mut Harness, sb: &SandboxHandle, id: i64) {
    h.pump_until(Duration::from_millis(400), |_, _| false).await;
    assert_eq!(sb.update_bodies(id), Vec::new(), "nothing is sent");
}

fn body(sb: &SandboxHandle, id: i64) -> Vec<Value> {
    sb.update_bodies(id)
        .into_iter()
        .map(Value::Object)
        .collect()
}

// ---- the edit form ----

fn reference_request() -> Value {
    serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap()
}

fn focus(h: &Harness) -> FieldId {
    h.app.request_form().form().unwrap().focus.clone()
}

fn go_to(h: &mut Harness, id: &FieldId) {
    for code in [KeyCode::Tab, KeyCode::BackTab] {
        for _ in 0..80 {
            if focus(h) == *id {
                return;
            }
            h.key(code);
        }
    }
    panic!("{id:?} never got the focus");
}

/// Empties the focused text field and types `text`.
fn retype(h: &mut Harness, text: &str) {
    let len = h
        .app
        .request_form()
        .form()
        .unwrap()
        .data
        .raw(&focus(h))
        .chars()
        .count();
    for _ in 0..len {
        h.key(KeyCode::Backspace);
    }
    h.type_text(text);
}

fn value(h: &Harness, f: Fixed) -> String {
    h.app
        .request_form()
        .form()
        .unwrap()
        .data
        .raw(&FieldId::Fixed(f))
        .to_owned()
}

/// The reference request opened in the edit form; the agent changes the technician and
/// the time; meanwhile a colleague changes the provider and the technician; Ctrl-S.
async fn conflicting_edit() -> (SandboxHandle, ApiClient, Harness, i64) {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let id = sb.put_request(reference_request());
    let opened = client.get_service_request(id).await.unwrap();
    let mut h = Harness::online(deps(), client.clone(), 120, 40);
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    h.update(Action::Form(FormAction::Edit(Box::new(opened))));
    go_to(&mut h, &FieldId::Fixed(Fixed::TechnicianName));
    retype(&mut h, "Luis Pérez");
    go_to(&mut h, &FieldId::Fixed(Fixed::ScheduledTime));
    retype(&mut h, "16:05:30");
    changed_elsewhere(&sb, &client, id, |r| {
        r.provider_name = Some("Grúas del Sur".into());
        r.technician_name = Some("Ana Ruiz".into());
    })
    .await;
    h.ctrl('s');
    let changes = asks(&mut h).await;
    assert_eq!(
        changes,
        [
            ("provider_name".to_owned(), false),
            ("technician_name".to_owned(), true)
        ]
    );
    let screen = h.render();
    for shown in [
        "changed on the server",
        "When you opened it",
        "Now on the server",
        "Villalobos S.L.",
        "Grúas del Sur",
        "Benito Ballesteros",
        "Ana Ruiz",
        "Luis Pérez",
        "(not sent)",
        "⚠ 1 field(s): sending yours overwrites their change",
        "send mine",
        "reload theirs",
    ] {
        assert!(screen.contains(shown), "{shown} not in\n{screen}");
    }
    assert_eq!(
        sb.update_bodies(id),
        Vec::new(),
        "nothing sent while it asks"
    );
    (sb, client, h, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_edit_asks_and_send_mine_sends_only_the_agents_fields() {
    let (sb, client, mut h, id) = conflicting_edit().await;
    sends_nothing(&mut h, &sb, id).await;
    h.key(KeyCode::Char('s'));
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.request_form().done(),
            Some(Done::Updated(_))
        ))
        .await
    );
    assert_eq!(
        body(&sb, id),
        [json!({"technician_name": "Luis Pérez", "scheduled_time": "16:05:30"})]
    );
    let after = client.get_service_request(id).await.unwrap();
    // Theirs where the agent typed nothing, the agent's where they overwrote it knowingly.
    assert_eq!(after.provider_name.as_deref(), Some("Grúas del Sur"));
    assert_eq!(after.technician_name.as_deref(), Some("Luis Pérez"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_theirs_takes_the_servers_copy_keeps_untouched_edits_and_sends_nothing() {
    let (sb, _client, mut h, id) = conflicting_edit().await;
    h.key(KeyCode::Char('r'));
    sends_nothing(&mut h, &sb, id).await;
    assert!(matches!(h.app.overlay(), Overlay::None));
    // The field both changed takes theirs; the one only the agent changed keeps theirs.
    assert_eq!(value(&h, Fixed::ProviderName), "Grúas del Sur");
    assert_eq!(value(&h, Fixed::TechnicianName), "Ana Ruiz");
    assert_eq!(value(&h, Fixed::ScheduledTime), "16:05:30");
    let screen = h.render();
    assert!(
        screen.contains("kept your edits to 1 field(s) nobody else changed"),
        "{screen}"
    );
    // Saving again compares with the copy just loaded: nothing new, so it sends at once.
    h.ctrl('s');
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.request_form().done(),
            Some(Done::Updated(_))
        ))
        .await
    );
    assert_eq!(body(&sb, id), [json!({"scheduled_time": "16:05:30"})]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_sends_nothing_and_keeps_the_agents_edits() {
    let (sb, _client, mut h, id) = conflicting_edit().await;
    h.key(KeyCode::Esc);
    sends_nothing(&mut h, &sb, id).await;
    assert!(matches!(h.app.overlay(), Overlay::None));
    assert_eq!(value(&h, Fixed::TechnicianName), "Luis Pérez");
    assert_eq!(value(&h, Fixed::ProviderName), "Villalobos S.L.");
    assert!(
        h.render()
            .contains("Nothing was sent: your edits are still here")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_re_read_says_so_and_sends_only_when_told_to() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let id = sb.put_request(reference_request());
    let opened = client.get_service_request(id).await.unwrap();
    let mut h = Harness::online(deps(), client.clone(), 120, 40);
    h.app
        .setup_requests(RequestSetup::new(FormCatalog::load(None).unwrap(), None));
    h.update(Action::Form(FormAction::Edit(Box::new(opened))));
    go_to(&mut h, &FieldId::Fixed(Fixed::TechnicianName));
    retype(&mut h, "Luis Pérez");
    sb.inject(Fault {
        kind: FaultKind::HtmlError,
        path_prefix: Some(format!("/api/v1/provider_networks/service_requests/{id}")),
        method: Some("GET".into()),
        times: 50,
    });
    h.ctrl('s');
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            guard(app),
            Some(GuardState::Failed(_))
        ))
        .await,
        "{}",
        h.render()
    );
    let screen = h.render();
    assert!(screen.contains("Could not re-read"), "{screen}");
    assert!(screen.contains("Send anyway"), "{screen}");
    sends_nothing(&mut h, &sb, id).await;
    sb.clear_faults();
    h.key(KeyCode::Char('s'));
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.request_form().done(),
            Some(Done::Updated(_))
        ))
        .await
    );
    assert_eq!(body(&sb, id), [json!({"technician_name": "Luis Pérez"})]);
}

// ---- a status change on the board ----

/// The board loaded (no poll comes during the test), a pending request selected; a
/// colleague assigns it to a provider; the agent picks "in progress" for it.
async fn conflicting_status_change() -> (SandboxHandle, ApiClient, Harness, i64) {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let mut h = connected(client.clone()).await;
    h.app.configure_board(BoardSettings {
        poll_interval: Duration::from_secs(3600),
        ..BoardSettings::default()
    });
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().swept_at.is_some())
            .await
    );
    h.key(KeyCode::Char('1'));
    let id = h.app.board().selected_id().expect("a pending request");
    changed_elsewhere(&sb, &client, id, |r| {
        r.current_status = Some(Status::Assigned);
        r.provider_name = Some("Grúas del Sur".into());
    })
    .await;
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Down); // assigned → in progress
    h.key(KeyCode::Enter);
    let changes = asks(&mut h).await;
    // The row's fields are what the agent saw: status (overwritten) and provider.
    assert_eq!(
        changes,
        [
            ("current_status".to_owned(), true),
            ("provider_name".to_owned(), false)
        ]
    );
    let screen = h.render();
    for shown in ["pending", "assigned", "in progress", "Grúas del Sur"] {
        assert!(screen.contains(shown), "{shown} not in\n{screen}");
    }
    assert_eq!(
        sb.update_bodies(id),
        Vec::new(),
        "nothing sent while it asks"
    );
    (sb, client, h, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_status_change_asks_and_send_mine_sends_it() {
    let (sb, client, mut h, id) = conflicting_status_change().await;
    sends_nothing(&mut h, &sb, id).await;
    h.key(KeyCode::Char('s'));
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.board().notice(),
            Some(Notice::Changed { .. } | Notice::Failed(_))
        ))
        .await
    );
    assert_eq!(body(&sb, id), [json!({"current_status": "in_progress"})]);
    let after = client.get_service_request(id).await.unwrap();
    assert_eq!(after.status(), Status::InProgress);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_theirs_on_a_status_change_shows_the_servers_copy_and_sends_nothing() {
    let (sb, _client, mut h, id) = conflicting_status_change().await;
    h.key(KeyCode::Char('r'));
    sends_nothing(&mut h, &sb, id).await;
    assert!(matches!(
        h.app.board().notice(),
        Some(Notice::Reloaded { .. })
    ));
    let row = h.app.board().store().get(id).unwrap();
    assert_eq!(row.status(), Status::Assigned);
    assert_eq!(row.provider_name(), Some("Grúas del Sur"));
    assert!(
        h.render()
            .contains("nothing sent; showing the server's copy")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_on_a_status_change_sends_nothing_and_changes_nothing() {
    let (sb, _client, mut h, id) = conflicting_status_change().await;
    h.key(KeyCode::Char('c'));
    sends_nothing(&mut h, &sb, id).await;
    assert!(matches!(
        h.app.board().notice(),
        Some(Notice::NotSent { .. })
    ));
    assert_eq!(
        h.app.board().store().get(id).unwrap().status(),
        Status::Pending,
        "the board keeps what it showed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_request_changes_status_at_once_from_the_detail() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let mut h = connected(client.clone()).await;
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().swept_at.is_some())
            .await
    );
    h.key(KeyCode::Char('1'));
    let id = h.app.board().selected_id().unwrap();
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .detail()
            .is_some_and(|d| !d.loading))
            .await
    );
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.board().notice(),
            Some(Notice::Changed { .. } | Notice::Failed(_))
        ))
        .await
    );
    assert!(matches!(h.app.overlay(), Overlay::None), "never asked");
    assert_eq!(body(&sb, id), [json!({"current_status": "assigned"})]);
}

// ---- an assignment from the ranking ----

/// Ranked providers, `a`, the service's open requests loaded; a colleague assigns the
/// first one to another provider; the agent picks it.
async fn conflicting_assignment() -> (SandboxHandle, ApiClient, Harness, i64, String) {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let mut h = connected(client.clone()).await;
    h.key(KeyCode::F(4));
    h.type_text(sandbox::DEMO_ZONE);
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.ranking().state(),
            RankState::Ranked { .. }
        ))
        .await
    );
    let RankState::Ranked { providers, .. } = h.app.ranking().state().clone() else {
        unreachable!()
    };
    let provider = providers[0].provider_name.clone().unwrap();
    h.key(KeyCode::Char('a'));
    assert!(
        h.pump_until(WAIT, |app, _| app
            .ranking()
            .assign_picker()
            .is_some_and(|p| matches!(&p.requests, Some(Ok(l)) if !l.is_empty())))
            .await
    );
    let Some(Some(Ok(open))) = h.app.ranking().assign_picker().map(|p| p.requests.clone()) else {
        unreachable!()
    };
    let id = open[0].id.unwrap();
    changed_elsewhere(&sb, &client, id, |r| {
        r.provider_name = Some("Otra Grúa S.L.".into());
        r.technician_name = Some("Ana Ruiz".into());
    })
    .await;
    h.key(KeyCode::Enter);
    let changes = asks(&mut h).await;
    assert!(
        changes.contains(&("provider_name".to_owned(), true)),
        "{changes:?}"
    );
    assert!(
        changes.contains(&("technician_name".to_owned(), false)),
        "{changes:?}"
    );
    let screen = h.render();
    assert!(screen.contains("Otra Grúa S.L."), "{screen}");
    assert!(screen.contains(&provider), "{screen}");
    assert_eq!(
        sb.update_bodies(id),
        Vec::new(),
        "nothing sent while it asks"
    );
    (sb, client, h, id, provider)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_assignment_asks_and_send_mine_assigns() {
    let (sb, client, mut h, id, provider) = conflicting_assignment().await;
    // An assignment moves only a pending request to `assigned` (issue 16).
    let before = client.get_service_request(id).await.unwrap();
    let expected = if before.current_status == Some(Status::Pending) {
        json!({"provider_name": provider, "current_status": "assigned"})
    } else {
        json!({"provider_name": provider})
    };
    sends_nothing(&mut h, &sb, id).await;
    h.key(KeyCode::Char('s'));
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.ranking().notice(),
            Some(RankNotice::Assigned { .. } | RankNotice::AssignFailed(_))
        ))
        .await
    );
    assert_eq!(body(&sb, id), [expected]);
    let after = client.get_service_request(id).await.unwrap();
    assert_eq!(after.provider_name.as_deref(), Some(provider.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_theirs_on_an_assignment_sends_nothing_and_says_so() {
    let (sb, client, mut h, id, _) = conflicting_assignment().await;
    h.key(KeyCode::Char('r'));
    sends_nothing(&mut h, &sb, id).await;
    assert!(matches!(
        h.app.ranking().notice(),
        Some(RankNotice::Reloaded { .. })
    ));
    let after = client.get_service_request(id).await.unwrap();
    assert_eq!(after.provider_name.as_deref(), Some("Otra Grúa S.L."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_on_an_assignment_sends_nothing() {
    let (sb, _client, mut h, id, _) = conflicting_assignment().await;
    h.key(KeyCode::Esc);
    sends_nothing(&mut h, &sb, id).await;
    assert!(matches!(
        h.app.ranking().notice(),
        Some(RankNotice::NotSent { .. })
    ));
    assert!(h.render().contains("nothing was sent"));
}

// ---- "N updates since you looked" ----

fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_counts_updates_while_away_until_the_agent_looks() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let mut h = connected(client.clone()).await;
    h.app.configure_board(BoardSettings {
        poll_interval: Duration::from_millis(200),
        ..BoardSettings::default()
    });
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().swept_at.is_some())
            .await
    );
    h.key(KeyCode::Char('1'));
    let ids = h.app.board().shown_ids();
    assert!(ids.len() >= 2, "two pending requests");
    let (first, second) = (ids[0], ids[1]);
    assert!(!header(&h.render()).contains("since you looked"));
    // Away from the board, a colleague changes two open requests; the polls bring them.
    h.key(KeyCode::F(2));
    for id in [first, second] {
        changed_elsewhere(&sb, &client, id, |r| {
            r.provider_name = Some("Grúas del Sur".into())
        })
        .await;
    }
    assert!(
        h.pump_until(WAIT, |_, screen| header(screen)
            .contains("◆ 2 updates since you looked"))
            .await,
        "{}",
        h.render()
    );
    assert!(h.app.board().is_unseen(first) && h.app.board().is_unseen(second));
    // Looking: the header's count goes; the rows keep their mark, explained in words.
    h.key(KeyCode::F(5));
    let screen = h.render();
    assert!(!header(&screen).contains("since you looked"), "{screen}");
    assert!(
        screen.contains("◆ 2 changed while you were away"),
        "{screen}"
    );
    let marked = screen
        .lines()
        .filter(|l| l.contains("◆") && l.contains("Grúas del Sur"))
        .count();
    assert_eq!(marked, 2, "{screen}");
    // Selecting a row is looking at it.
    h.key(KeyCode::Down);
    let selected = h.app.board().selected_id().unwrap();
    assert!([first, second].contains(&selected));
    assert!(!h.app.board().is_unseen(selected));
    assert_eq!(h.app.board().unseen_count(), 1);
    assert!(h.render().contains("◆ 1 changed while you were away"));
    // Leaving the board: everything it showed was looked at.
    h.key(KeyCode::F(2));
    assert_eq!(h.app.board().unseen_count(), 0);
    assert!(!header(&h.render()).contains("since you looked"));
    assert_eq!(h.app.current(), PaneId::Lookup);
}
