//! The ranking and board panes driven by key events against the real sandbox over loopback
//! HTTP, and the webhook receiver feeding the board without a poll.

mod common;

use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::api::ServiceRequestQuery;
use mok_console::config::{BoardSection, Language, WebhookSection};
use mok_console::local::{LocalStore, RecentList};
use mok_console::model::Status;
use mok_console::sandbox;
use mok_console::tui::action::PaneId;
use mok_console::tui::app::{ConnectionState, Deps};
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::{BoardSettings, WebhookState};
use mok_console::tui::panes::ranking::{RankNotice, RankState};
use secrecy::SecretString;

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

async fn connected(client: mok_console::api::ApiClient) -> Harness {
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

/// F4, the zone typed, Enter: waits until the ranking is no longer loading.
async fn rank(h: &mut Harness, zone: &str) {
    h.key(KeyCode::F(4));
    h.type_text(zone);
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| !matches!(
            app.ranking().state(),
            RankState::Loading { .. } | RankState::Idle
        ))
        .await,
        "the ranking answers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ranking_found_by_keys_and_the_zone_is_remembered() {
    let server = common::sandbox().await;
    let store = LocalStore::open_in_memory().unwrap();
    let mut h = connected(common::client(&server))
        .await
        .with_local(store.clone());
    rank(&mut h, sandbox::DEMO_ZONE).await;
    let RankState::Ranked { providers, .. } = h.app.ranking().state() else {
        panic!("ranked: {:?}", h.app.ranking().state());
    };
    assert!(!providers.is_empty(), "Z-MAD-01 has providers");
    let first = providers[0].provider_name.clone().unwrap();
    let screen = h.render();
    assert!(screen.contains(&first), "{screen}");
    assert!(screen.contains("provider(s) of"), "{screen}");
    // Saved to the local database, off the UI thread.
    let deadline = std::time::Instant::now() + WAIT;
    while store.recent(RecentList::Zones).unwrap().is_empty() {
        assert!(std::time::Instant::now() < deadline, "zone saved");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        store.recent(RecentList::Zones).unwrap(),
        [sandbox::DEMO_ZONE]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_zone_is_explained_not_blank() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server)).await;
    rank(&mut h, "Z-NOWHERE-99").await;
    assert!(
        matches!(h.app.ranking().state(), RankState::Ranked { providers, .. } if providers.is_empty())
    );
    let screen = h.render();
    assert!(screen.contains("No provider serves"), "{screen}");
    assert!(screen.contains("Z-NOWHERE-99"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_params_are_explained() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server)).await;
    h.key(KeyCode::F(4));
    h.key(KeyCode::Enter);
    assert!(matches!(
        h.app.ranking().notice(),
        Some(RankNotice::NeedZone)
    ));
    let screen = h.render();
    assert!(
        screen.contains("Type a zone before pressing Enter"),
        "{screen}"
    );
    // The server's own refusal (a zone without a service), as the client reports it, is
    // recognised and explained.
    let error = common::client(&server)
        .call_json(
            mok_console::api::Operation::RankProviders,
            None,
            vec![("zone_external_id".into(), "Z-MAD-01".into())],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(error.status, Some(422));
    assert!(mok_console::tui::panes::ranking::is_missing_params(&error));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assigning_a_ranked_provider_patches_the_request() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let mut h = connected(client.clone()).await;
    rank(&mut h, sandbox::DEMO_ZONE).await;
    let RankState::Ranked { providers, .. } = h.app.ranking().state().clone() else {
        panic!("ranked");
    };
    let provider = providers[0].provider_name.clone().unwrap();
    h.key(KeyCode::Char('a'));
    assert!(
        h.pump_until(WAIT, |app, _| app
            .ranking()
            .assign_picker()
            .is_some_and(|p| p.requests.is_some()))
            .await
    );
    let Some(Some(Ok(open))) = h.app.ranking().assign_picker().map(|p| p.requests.clone()) else {
        panic!("open requests loaded");
    };
    assert!(!open.is_empty(), "the service has open requests to assign");
    assert!(open.iter().all(|r| r.status().is_open()));
    let id = open[0].id.unwrap();
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.ranking().notice(),
            Some(RankNotice::Assigned { .. } | RankNotice::AssignFailed(_))
        ))
        .await
    );
    assert!(
        matches!(h.app.ranking().notice(), Some(RankNotice::Assigned { .. })),
        "{:?}",
        h.app.ranking().notice()
    );
    let after = client.get_service_request(id).await.unwrap();
    assert_eq!(after.provider_name.as_deref(), Some(provider.as_str()));
    // A pending request becomes assigned; one further on keeps its status (issue 16).
    let expected = match open[0].status() {
        Status::Pending => Status::Assigned,
        other => other,
    };
    assert_eq!(after.status(), expected);
}

async fn board_loaded(h: &mut Harness, expected: usize) {
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().store().len() == expected
            && app.board().poll_state().last_ok.is_some())
            .await,
        "every request on the board ({} of {expected})",
        h.app.board().store().len()
    );
}

async fn count_all(client: &mok_console::api::ApiClient) -> usize {
    use futures::StreamExt;
    let mut pages = client.all_service_requests(ServiceRequestQuery::default());
    let mut n = 0;
    while let Some(p) = pages.next().await {
        n += p.unwrap().len();
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_change_through_the_board_reaches_the_sandbox() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let total = count_all(&client).await;
    let mut h = connected(client.clone()).await;
    board_loaded(&mut h, total).await;
    let screen = h.render();
    assert!(screen.contains("Open "), "{screen}");
    assert!(screen.contains("all "), "{screen}");
    assert!(screen.contains(&format!("of {total}")), "{screen}");
    // Only pending requests, then `s`: the picker offers the next status (assigned).
    h.key(KeyCode::Char('1'));
    let id = h.app.board().selected_id().expect("a pending request");
    assert_eq!(
        h.app.board().store().get(id).unwrap().status(),
        Status::Pending
    );
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Down); // assigned → in progress
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.board().notice(),
            Some(mok_console::tui::panes::board::Notice::Changed { .. })
                | Some(mok_console::tui::panes::board::Notice::Failed(_))
        ))
        .await
    );
    let after = client.get_service_request(id).await.unwrap();
    assert_eq!(after.status(), Status::InProgress);
    // The board shows it at once, highlighted, and the pending filter now hides it.
    assert_eq!(
        h.app.board().store().get(id).unwrap().status(),
        Status::InProgress
    );
    assert!(h.app.board().is_highlighted(id));
    assert!(!h.app.board().shown_ids().contains(&id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_opens_with_enter_and_jumps_to_the_contract() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let total = count_all(&client).await;
    let mut h = connected(client.clone()).await;
    board_loaded(&mut h, total).await;
    let id = h.app.board().selected_id().unwrap();
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .detail()
            .is_some_and(|d| d.id == id && !d.loading))
            .await
    );
    let screen = h.render();
    assert!(screen.contains(&format!("Request #{id}")), "{screen}");
    assert!(screen.contains("Status history"), "{screen}");
    let access = h
        .app
        .board()
        .detail()
        .and_then(|d| d.request.as_ref())
        .and_then(|r| r.access_identifier.clone())
        .expect("an access identifier");
    h.key(KeyCode::Char('c'));
    assert_eq!(h.app.current(), PaneId::Lookup);
    assert!(
        h.pump_until(WAIT, |app, _| !app.lookup().contracts().is_empty())
            .await,
        "the contract of {access} is looked up"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_event_updates_the_board_without_a_poll() {
    let server = common::sandbox().await;
    let client = common::client(&server);
    let total = count_all(&client).await;
    let mut h = connected(client.clone()).await;
    let secret = "whsec-board-test";
    let board = BoardSection {
        // No poll will come during the test.
        poll_interval_secs: 3600,
        ..Default::default()
    };
    let webhook = WebhookSection {
        listen: "127.0.0.1:0".into(),
        secret: Some(SecretString::from(secret)),
        basic_user: None,
        basic_password: None,
        bearer_token: None,
        token_client_id: None,
        token_client_secret: None,
        token_ttl_secs: None,
        max_body_bytes: 1 << 20,
    };
    h.app
        .configure_board(BoardSettings::from_config(&board, Some(&webhook)));
    board_loaded(&mut h, total).await;
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.board().webhook_state(),
            WebhookState::Listening(_)
        ))
        .await
    );
    let WebhookState::Listening(url) = h.app.board().webhook_state().clone() else {
        unreachable!()
    };
    let polled_at = h.app.board().poll_state().last_ok;
    let id = h.app.board().selected_id().unwrap();
    let mut pushed = h.app.board().store().get(id).unwrap().to_request();
    pushed.current_status = Some(Status::parse("on_hold"));
    pushed.provider_name = Some("Pushed Provider".into());
    common::push_signed(
        &url,
        secret,
        &serde_json::json!({"event": "service_request.updated", "payload": pushed}),
    )
    .await;
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .store()
            .get(id)
            .is_some_and(|r| r.status() == Status::parse("on_hold")))
            .await,
        "the pushed change is on the board"
    );
    assert_eq!(h.app.board().poll_state().last_ok, polled_at, "no poll ran");
    assert!(h.app.board().is_highlighted(id));
    let screen = h.render();
    assert!(screen.contains("on_hold? 1"), "{screen}");
    assert!(screen.contains("Pushed Provider"), "{screen}");
}

/// The board with `[webhook]` on a free port (polls every hour: none comes during a test),
/// loaded; the receiver's URL.
async fn board_with_receiver(h: &mut Harness, secret: &str) -> String {
    let board = BoardSection {
        poll_interval_secs: 3600,
        ..Default::default()
    };
    let webhook = WebhookSection {
        listen: "127.0.0.1:0".into(),
        secret: Some(SecretString::from(secret)),
        max_body_bytes: 1 << 20,
        ..WebhookSection::default()
    };
    h.app
        .configure_board(BoardSettings::from_config(&board, Some(&webhook)));
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().swept_at.is_some()
            && matches!(app.board().webhook_state(), WebhookState::Listening(_)))
            .await
    );
    let WebhookState::Listening(url) = h.app.board().webhook_state().clone() else {
        unreachable!()
    };
    url
}

async fn push(url: &str, secret: &str, body: serde_json::Value) {
    common::push_signed(url, secret, &body).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partial_webhook_event_merges_into_the_row_without_blanking_it() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server)).await;
    let secret = "whsec-merge-test";
    let url = board_with_receiver(&mut h, secret).await;
    // A request with a customer name and an address on the board.
    let id = h
        .app
        .board()
        .store()
        .rows()
        .iter()
        .find(|r| r.customer().is_some() && r.text(mok_console::board::Text::Origin).is_some())
        .map(|r| r.id())
        .expect("a request with a customer and an origin");
    let before = h.app.board().store().get(id).unwrap().entry.clone();
    let name = before.customer().unwrap().into_owned();

    // Shaped like the reference's webhook example: ids, status, identifier, no names.
    push(
        &url,
        secret,
        serde_json::json!({"event": "service_request.updated", "payload": {
            "id": id, "service_id": 2862459925_i64, "contract_id": 270,
            "external_id": "8970266001", "public_id": "00043-00095-8970266001",
            "plan_code": "h9qiujmt12", "current_status": "in_progress",
            "access_identifier": "123456789", "access_identifier_kind": "national_id"
        }}),
    )
    .await;
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .store()
            .get(id)
            .is_some_and(|r| r.status() == Status::InProgress))
            .await
    );
    let row = h.app.board().store().get(id).unwrap().entry.clone();
    assert_eq!(
        row.text(mok_console::board::Text::PublicId),
        Some("00043-00095-8970266001")
    );
    assert_eq!(
        row.text(mok_console::board::Text::AccessIdentifier),
        Some("123456789")
    );
    assert_eq!(row.customer().unwrap(), name, "the name is kept");
    assert_eq!(
        row.text(mok_console::board::Text::Origin),
        before.text(mok_console::board::Text::Origin)
    );
    assert_eq!(row.service_name(), before.service_name());

    // Only id, status and provider, and a null name: nothing else is blanked.
    push(
        &url,
        secret,
        serde_json::json!({"event": "service_request.updated", "payload": {
            "id": id, "current_status": "assigned", "provider_name": "Grúas Parciales",
            "user_first_name": null
        }}),
    )
    .await;
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .store()
            .get(id)
            .is_some_and(|r| r.status() == Status::Assigned))
            .await
    );
    let row = h.app.board().store().get(id).unwrap().entry.clone();
    assert_eq!(row.provider_name(), Some("Grúas Parciales"));
    assert_eq!(row.customer().unwrap(), name, "the name is kept");
    assert_eq!(
        row.text(mok_console::board::Text::PublicId),
        Some("00043-00095-8970266001")
    );
    let screen = h.render();
    assert!(screen.contains("Grúas Parciales"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_on_the_embedded_sandbox_reach_the_board() {
    // As `mok-console` with no credentials: the embedded sandbox, wired to our receiver.
    let server = common::sandbox().await;
    let webhook = mok_console::tui::embedded_pushes(&server).expect("a free port");
    let mut h = connected(common::client(&server)).await;
    let board = BoardSection {
        poll_interval_secs: 3600,
        ..Default::default()
    };
    h.app
        .configure_board(BoardSettings::from_config(&board, Some(&webhook)));
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().swept_at.is_some()
            && matches!(app.board().webhook_state(), WebhookState::Listening(_)))
            .await
    );
    let screen = h.render();
    assert!(screen.contains("by polling"), "{screen}");
    let polled_at = h.app.board().poll_state().last_ok;
    // The sandbox's dispatch moves a request: it signs and sends the change.
    let id = h.app.board().selected_id().unwrap();
    let moved = server.set_request_status(id, "in_progress").unwrap();
    assert!(
        h.pump_until(WAIT, |app, _| app
            .board()
            .store()
            .get(id)
            .is_some_and(|r| r.status() == Status::InProgress))
            .await,
        "the pushed change is on the board"
    );
    assert_eq!(h.app.board().poll_state().last_ok, polled_at, "no poll ran");
    assert!(h.app.board().poll_state().pushed_at.is_some());
    assert_eq!(moved.status(), Status::InProgress);
    // The feed hears of the push and stretches its polls; the board says it is fed by both.
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().stretched)
            .await
    );
    let screen = h.render();
    assert!(screen.contains("by pushes + polling"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_sweeps_every_page_and_closed_rows_are_not_polled_between() {
    let server = common::sandbox().await;
    let mut h = connected(common::client(&server)).await;
    h.key(KeyCode::F(5));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().swept_at.is_some())
            .await
    );
    let swept = server.list_calls().get("").copied().unwrap_or(0);
    assert!(swept >= 1);
    let first = h.app.board().poll_state().swept_at;
    h.key(KeyCode::Char('r'));
    assert!(
        h.pump_until(WAIT, |app, _| app.board().poll_state().swept_at != first)
            .await,
        "r sweeps"
    );
    assert!(server.list_calls().get("").copied().unwrap_or(0) > swept);
}
