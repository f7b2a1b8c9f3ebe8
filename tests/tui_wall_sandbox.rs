//! The wallboard against the real sandbox over loopback HTTP: opened as `--wall` does, it
//! starts the board's feed itself, shows the sandbox's open requests, and follows a change
//! the sandbox pushes (signed webhook) with no key and no poll.

mod common;

use std::time::Duration;

use futures::StreamExt;
use mok_console::api::ServiceRequestQuery;
use mok_console::config::{BoardSection, Language};
use mok_console::model::Status;
use mok_console::tui::action::PaneId;
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::{BoardSettings, WebhookState};
use mok_console::tui::panes::wall::figures::Freshness;

const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wall_shows_the_sandbox_and_follows_a_push_without_keys() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let mut open = 0;
    let mut pages = client.all_service_requests(ServiceRequestQuery::default());
    while let Some(page) = pages.next().await {
        open += page
            .unwrap()
            .iter()
            .filter(|r| r.status().is_open())
            .count();
    }
    assert!(open > 0, "the sandbox has open requests");

    // As `mok-console --wall` on the embedded sandbox: pushes wired, polls rare (an hour),
    // so only the push can change the figures during the test.
    let webhook = mok_console::tui::embedded_pushes(&server).expect("a free port");
    let deps = Deps {
        language: Language::En,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Utc::now().date_naive(),
        warnings: Vec::new(),
    };
    let mut h = Harness::online(deps, client.clone(), 100, 30);
    let board = BoardSection {
        poll_interval_secs: 3600,
        ..Default::default()
    };
    h.app
        .configure_board(BoardSettings::from_config(&board, Some(&webhook)));
    h.app.open_wall(true);
    assert_eq!(h.app.current(), PaneId::Wall);
    assert!(
        h.pump_until(WAIT, |app, _| app.wall().figures().total_open() == open
            && matches!(app.board().webhook_state(), WebhookState::Listening(_)))
            .await,
        "the wall shows the sandbox's {open} open requests (shows {})",
        h.app.wall().figures().total_open()
    );
    assert!(matches!(
        h.app.wall().freshness(),
        Some(Freshness::Live { .. })
    ));
    let screen = h.render();
    assert!(screen.contains("SANDBOX"), "{screen}");
    assert!(screen.contains("● live"), "{screen}");
    let finished = h.app.wall().figures().finished_last_hour;

    // The sandbox finishes an open request and pushes it: the wall follows, no key pressed.
    let id = h
        .app
        .board()
        .store()
        .rows()
        .iter()
        .find(|r| r.status_ref().is_open())
        .map(|r| r.id())
        .unwrap();
    let polled_at = h.app.board().poll_state().last_ok;
    server.set_request_status(id, "finished").unwrap();
    assert!(
        h.pump_until(WAIT, |app, _| app.wall().figures().total_open() == open - 1)
            .await,
        "the pushed change reaches the wall"
    );
    assert_eq!(
        h.app.wall().figures().finished_last_hour,
        finished + 1,
        "finished just now counts in the last hour"
    );
    assert_eq!(h.app.board().poll_state().last_ok, polled_at, "no poll ran");
    assert_eq!(
        h.app.board().store().get(id).unwrap().status(),
        Status::Finished
    );
    assert_eq!(h.app.current(), PaneId::Wall);
}
