//! The board, detail and ranking panes from constructed data (the test answers the app's
//! effects itself): merge and diff shown, filter and sort by keys, and snapshots at 80×24
//! and 120×40 in both languages.

use std::time::Duration;

use chrono::TimeZone;
use crossterm::event::KeyCode;
use mok_console::api::{ApiError, ErrorKind};
use mok_console::board::feed::{FeedUpdate, Part};
use mok_console::board::{BoardDiff, Column, SortDir};
use mok_console::config::Language;
use mok_console::model::{ProviderNetwork, RankedProvider, ServiceRequest, Status};
use mok_console::tui::action::{Action, Effect, PaneId};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::board::{BoardAction, BoardEffect};
use mok_console::tui::panes::ranking::{RankingAction, RankingEffect};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Language; 2] = [Language::Es, Language::En];

fn deps(language: Language) -> Deps {
    Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
        warnings: Vec::new(),
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap()
}

const NAMES: [(&str, &str); 6] = [
    ("Ana", "García López"),
    ("Luis", "Pérez"),
    ("Marta", "Ruiz"),
    ("Jon", "Etxeberria"),
    ("María Lucía", "Fernández de Córdoba"),
    ("Pablo", "Santos"),
];
const STATUSES: [&str; 6] = [
    "pending",
    "assigned",
    "in_progress",
    "finished",
    "cancelled",
    "on_hold",
];

fn request(id: i64) -> ServiceRequest {
    let (first, last) = NAMES[id as usize % NAMES.len()];
    serde_json::from_value(serde_json::json!({
        "id": id,
        "public_id": format!("00032-{id:05}-EXT{id}"),
        "external_id": format!("EXT{id}"),
        "current_status": STATUSES[id as usize % STATUSES.len()],
        "access_identifier": format!("DEMO-{:04}", id % 4 + 1),
        "user_first_name": first,
        "user_last_name": last,
        "service_name": if id % 2 == 0 { "Grúa" } else { "Cerrajería" },
        "service_external_id": if id % 2 == 0 { "TOW" } else { "LOCK" },
        "provider_name": if id % 3 == 0 { "Grúas del Sur" } else { "Asistencia Norte" },
        "origin_address": format!("Calle Mayor {id}, Madrid"),
        "destination_address": "Taller Central, Getafe",
        "requested_at": (now() - chrono::Duration::minutes(id * 13)).to_rfc3339(),
        "status_history": {
            "pending": (now() - chrono::Duration::minutes(id * 13)).to_rfc3339(),
            "assigned": (now() - chrono::Duration::minutes(id * 13 - 5)).to_rfc3339()
        },
        "answers": [
            {"question_key": "vehicle", "question_text": "Vehículo", "answer_text": "Turismo"},
            {"question_key": "injured", "question_text": "¿Heridos?", "value": false},
            // The default question set's rule: every fifth request is urgent.
            {"question_key": "urgent", "question_text": "¿Es urgente?", "value": id % 5 == 0}
        ],
        "technician_name": "Técnico 7",
        "provider_phone": "+34910000000",
    }))
    .unwrap()
}

fn polled(requests: Vec<ServiceRequest>) -> Action {
    Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::All,
        diff: BoardDiff::of_requests(&requests, Vec::new()),
        at: now(),
        requests: 1,
    }))
}

/// An offline harness on the board, loaded with requests 1..=n.
fn board(language: Language, w: u16, h: u16, n: i64) -> Harness {
    let mut harness = Harness::offline(deps(language), w, h);
    harness.update(Action::MeLoaded(Ok(network())));
    harness.app.board_mut().set_clock(now());
    harness.key(KeyCode::F(5));
    let effects = harness.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Board(BoardEffect::StartPolling { .. }))),
        "showing the board starts polling: {effects:?}"
    );
    harness.update(polled((1..=n).map(request).collect()));
    // A full sweep hands its freed pages back (`crate::memory`), once per sweep.
    assert_eq!(harness.take_effects(), vec![Effect::ReturnFreedMemory]);
    harness
}

#[test]
fn a_refresh_highlights_changed_rows_and_keeps_unknown_statuses() {
    let mut h = board(Language::En, 120, 40, 12);
    // The first load highlights nothing.
    assert!((1..=12).all(|id| !h.app.board().is_highlighted(id)));
    assert!(!h.app.is_animating());
    let mut changed = request(2);
    changed.current_status = Some(Status::parse("waiting_parts"));
    let mut new = request(40);
    new.current_status = Some(Status::Pending);
    h.update(Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::All,
        diff: BoardDiff::of_requests(&[changed, new], vec![3]),
        at: now(),
        requests: 1,
    })));
    assert!(h.app.board().is_highlighted(2));
    assert!(h.app.board().is_highlighted(40));
    assert!(!h.app.board().is_highlighted(1));
    assert!(h.app.board().store().get(3).is_none());
    // Highlights keep the app ticking, until they expire.
    assert!(h.app.is_animating());
    let screen = h.render();
    assert!(screen.contains("waiting_parts? 1"), "{screen}");
    assert!(screen.contains("on_hold? 2"), "{screen}");
    let marked = screen.lines().filter(|l| l.contains('•')).count();
    assert_eq!(marked, 2, "{screen}");
    // A tick after the window: one redraw, then no more ticking.
    assert!(
        !h.app
            .board_mut()
            .expire_highlights(std::time::Instant::now())
    );
    assert!(
        h.app
            .board_mut()
            .expire_highlights(std::time::Instant::now() + Duration::from_secs(10))
    );
    assert!(!h.app.is_animating());
}

#[test]
fn background_polls_redraw_another_pane_only_for_the_headers_count() {
    let mut h = board(Language::En, 80, 24, 5);
    h.key(KeyCode::F(2));
    h.render();
    assert!(!h.app.is_dirty());
    // A new request while the agent is away: the header's "1 update since you looked".
    h.update(polled((1..=6).map(request).collect()));
    assert!(h.app.is_dirty(), "the header's count changed");
    assert!(h.render().contains("1 update since you looked"));
    // The same listing again: nothing on screen changes, no redraw.
    h.update(polled((1..=6).map(request).collect()));
    assert!(!h.app.is_dirty(), "the lookup on screen did not change");
    h.key(KeyCode::F(5));
    assert!(h.render().contains("6 of 6"));
}

#[test]
fn filter_by_status_and_text_and_sort_by_keys() {
    let mut h = board(Language::En, 120, 40, 30);
    assert_eq!(h.app.board().shown_ids().len(), 30);
    // 1 toggles pending, 2 adds assigned, 0 shows all again.
    h.key(KeyCode::Char('1'));
    let pending: Vec<i64> = (1..=30).filter(|id| id % 6 == 0).collect();
    let mut shown = h.app.board().shown_ids();
    shown.sort();
    assert_eq!(shown, pending);
    h.key(KeyCode::Char('2'));
    assert_eq!(h.app.board().shown_ids().len(), 10);
    h.key(KeyCode::Char('0'));
    assert_eq!(h.app.board().shown_ids().len(), 30);
    // `/` free text across names, ids, addresses, provider.
    h.key(KeyCode::Char('/'));
    h.type_text("ext1");
    let shown = h.app.board().shown_ids();
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|id| id.to_string().starts_with('1')),
        "{shown:?}"
    );
    let screen = h.render();
    assert!(screen.contains("Filter: ext1"), "{screen}");
    // Letters typed in the filter are text, not commands.
    assert_eq!(h.app.current(), PaneId::Board);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.board().shown_ids().len(), 30);
    h.key(KeyCode::Char('/'));
    h.type_text("etxeberria");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.board().shown_ids().len(), 5);
    h.key(KeyCode::Esc);
    // Default: oldest request first (the most overdue leads).
    assert_eq!(h.app.board().sort().column, Column::RequestedAt);
    assert_eq!(h.app.board().shown_ids()[0], 30);
    // `o` moves on through the columns on screen (back round to Id), `O` reverses.
    for _ in 0..6 {
        h.key(KeyCode::Char('o'));
    }
    assert_eq!(h.app.board().sort().column, Column::Id);
    assert_eq!(h.app.board().shown_ids(), (1..=30).collect::<Vec<_>>());
    h.key(KeyCode::Char('O'));
    assert_eq!(h.app.board().sort().dir, SortDir::Desc);
    assert_eq!(h.app.board().shown_ids()[0], 30);
    assert!(h.render().contains("sort: Id ↓"));
    // Moving keeps the selection on screen: End shows the last row.
    h.key(KeyCode::End);
    assert_eq!(h.app.board().selected_id(), Some(1));
    let screen = h.render();
    assert!(screen.contains("00001-EXT1"), "{screen}");
}

fn poll(requests: &[ServiceRequest], removed: Vec<i64>) -> Action {
    Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
        part: Part::Open,
        diff: BoardDiff::of_requests(requests, removed),
        at: now(),
        requests: 1,
    }))
}

#[test]
fn the_selection_follows_its_request_through_polls_that_move_and_remove_rows() {
    let mut h = board(Language::En, 120, 40, 12);
    // The oldest open request leads, and it is the board's last row (12 of 12).
    assert_eq!(h.app.board().selected_id(), Some(12));
    // A removal moves the last row into the gap: the selection still names request 12.
    h.update(poll(&[], vec![1]));
    assert_eq!(h.app.board().selected_id(), Some(12));
    assert_eq!(h.app.board().shown_ids().len(), 11);
    // A few changes update the view in place: 12 finishes (closed requests wait last), a
    // new open request arrives, older than all; the selection goes with 12 to the end.
    let mut finished = request(12);
    finished.current_status = Some(Status::Finished);
    let mut oldest = request(50);
    oldest.current_status = Some(Status::Pending);
    h.update(poll(&[finished, oldest], Vec::new()));
    let shown = h.app.board().shown_ids();
    assert_eq!(shown[0], 50);
    assert_eq!(h.app.board().selected_id(), Some(12));
    // The same rows in the same order as a full recompute (a sort key pressed twice).
    h.key(KeyCode::Char('O'));
    h.key(KeyCode::Char('O'));
    assert_eq!(h.app.board().shown_ids(), shown);
}

/// The columns `o` visits from the default sort, one press at a time, until back.
fn sort_cycle(h: &mut Harness) -> Vec<Column> {
    let start = h.app.board().sort().column;
    let mut seen = Vec::new();
    loop {
        h.key(KeyCode::Char('o'));
        let column = h.app.board().sort().column;
        if column == start || seen.len() > Column::ALL.len() {
            return seen;
        }
        seen.push(column);
    }
}

#[test]
fn o_cycles_only_through_the_columns_on_screen() {
    use Column::*;
    let mut narrow = board(Language::En, 80, 24, 12);
    narrow.render();
    assert_eq!(
        sort_cycle(&mut narrow),
        vec![Service, Customer, Provider, Id, Urgent, Status]
    );
    let mut wide = board(Language::En, 120, 40, 12);
    let screen = wide.render();
    let header = screen.lines().find(|l| l.contains("Public id")).unwrap();
    let cycle = sort_cycle(&mut wide);
    assert_eq!(
        cycle,
        vec![
            Service,
            Customer,
            PublicId,
            AccessIdentifier,
            Provider,
            Id,
            Urgent,
            Status
        ]
    );
    // None of them is a column the table does not draw at this width.
    for hidden in [ExternalId, Origin, Destination, ScheduledDate] {
        assert!(
            !cycle.contains(&hidden),
            "{hidden:?} is not on screen:\n{header}"
        );
    }
}

/// The labels of the statuses shown, top to bottom, in `lang`.
fn shown_statuses(h: &Harness, lang: Language) -> Vec<String> {
    let i = mok_console::tui::i18n::I18n::new(lang);
    h.app
        .board()
        .shown_ids()
        .iter()
        .map(|id| {
            let status = h.app.board().store().get(*id).unwrap().status();
            mok_console::tui::panes::board::status_label(&i, &status).to_lowercase()
        })
        .collect()
}

fn is_sorted(v: &[String]) -> bool {
    v.windows(2).all(|w| w[0] <= w[1])
}

#[test]
fn each_column_sorts_by_what_it_shows() {
    use Column::*;
    let mut h = board(Language::Es, 120, 40, 30);
    h.render();
    let sort_by = |h: &mut Harness, column: Column| {
        for _ in 0..Column::ALL.len() {
            if h.app.board().sort().column == column {
                return;
            }
            h.key(KeyCode::Char('o'));
        }
        panic!("{column:?} not reached");
    };
    // Status: by the label shown, in the UI language, and again when it changes.
    sort_by(&mut h, Status);
    let es = shown_statuses(&h, Language::Es);
    assert!(is_sorted(&es), "{es:?}");
    assert_eq!(es.first().map(String::as_str), Some("asignada"));
    h.update(Action::ToggleLanguage);
    let en = shown_statuses(&h, Language::En);
    assert!(is_sorted(&en), "{en:?}");
    // "finished" comes before "in progress" in English ("en curso" led "finalizada").
    let at = |v: &[String], s: &str| v.iter().position(|x| x == s).unwrap();
    assert!(at(&en, "finished") < at(&en, "in progress"), "{en:?}");
    assert!(at(&es, "en curso") < at(&es, "finalizada"), "{es:?}");
    // Customer: by the name as shown (first name first), not by the last name.
    sort_by(&mut h, Customer);
    let names: Vec<String> = h
        .app
        .board()
        .shown_ids()
        .iter()
        .map(|id| {
            let row = h.app.board().store().get(*id).unwrap();
            row.customer().unwrap().to_lowercase()
        })
        .collect();
    assert!(is_sorted(&names), "{names:?}");
    assert!(names[0].starts_with("ana"), "{names:?}");
    // Urgent: the urgent requests first, then the rest.
    sort_by(&mut h, Urgent);
    let urgent: Vec<bool> = h
        .app
        .board()
        .shown_ids()
        .iter()
        .map(|id| h.app.board().store().get(*id).unwrap().urgent)
        .collect();
    assert_eq!(
        urgent.iter().filter(|u| **u).count(),
        6,
        "every fifth of 30"
    );
    assert!(urgent[..6].iter().all(|u| *u), "{urgent:?}");
}

#[test]
fn status_keys_1_to_5_do_what_the_help_says() {
    let mut h = board(Language::En, 120, 40, 30);
    // The help names each of 1–5 with what it does.
    let (pane_keys, _) = h.app.help_entries();
    let i = mok_console::tui::i18n::I18n::new(Language::En);
    for n in 1..=5 {
        let entry = pane_keys
            .iter()
            .find(|k| k.keys == n.to_string())
            .unwrap_or_else(|| panic!("key {n} in the help"));
        assert_eq!(
            i.t(entry.what),
            "only that status (keys add up; again removes)"
        );
    }
    let shown = |h: &Harness| {
        let mut s: Vec<Status> = h
            .app
            .board()
            .shown_ids()
            .iter()
            .map(|id| h.app.board().store().get(*id).unwrap().status())
            .collect();
        s.dedup();
        s.sort_by_key(|s| s.as_str().to_owned());
        s.dedup();
        s
    };
    // "Only that status": 1 shows the pending requests alone…
    h.key(KeyCode::Char('1'));
    assert_eq!(shown(&h), vec![Status::Pending]);
    // …"keys add up": 3 adds the ones in progress…
    h.key(KeyCode::Char('3'));
    assert_eq!(shown(&h), vec![Status::InProgress, Status::Pending]);
    // …"again removes": 1 again leaves only those in progress.
    h.key(KeyCode::Char('1'));
    assert_eq!(shown(&h), vec![Status::InProgress]);
    // Removing the last one shows every status again, as 0 does.
    h.key(KeyCode::Char('3'));
    assert_eq!(h.app.board().shown_ids().len(), 30);
    h.key(KeyCode::Char('5'));
    assert_eq!(shown(&h), vec![Status::Cancelled]);
    h.key(KeyCode::Char('0'));
    assert_eq!(h.app.board().shown_ids().len(), 30);
}

#[test]
fn public_ids_take_less_width_than_names_and_names_are_cut_with_an_ellipsis() {
    let mut h = board(Language::En, 120, 40, 12);
    let screen = h.render();
    let header = screen.lines().find(|l| l.contains("Public id")).unwrap();
    let col = |name: &str| header.find(name).unwrap();
    let customer = col("Public id") - col("Customer");
    let public_id = col("Access id") - col("Public id");
    assert!(public_id < customer, "{header}");
    // A public id too long for its column keeps its distinctive end, marked.
    let row = screen.lines().find(|l| l.contains("00012-EXT12")).unwrap();
    assert!(row.contains("…00012-EXT12"), "{row}");
    // A long name is cut after a whole word, marked; never mid-word without a mark.
    let row = screen.lines().find(|l| l.contains("María")).unwrap();
    assert!(row.contains("María Lucía…"), "{row}");
    assert!(!row.contains("Fernández de C"), "{row}");
}

#[test]
fn the_detail_edits_and_looks_up_through_shared_actions() {
    let mut h = board(Language::En, 120, 40, 8);
    let id = h.app.board().selected_id().unwrap();
    h.key(KeyCode::Enter);
    assert_eq!(
        h.take_effects(),
        vec![Effect::Board(BoardEffect::FetchRequest { id })]
    );
    // At once the board's copy (the fields a row shows), then the server's full version
    // (history, answers), fetched by id when opened.
    let screen = h.render();
    assert!(screen.contains("refreshing"), "{screen}");
    assert!(screen.contains("Calle Mayor"), "{screen}");
    assert!(!screen.contains("Vehículo: Turismo"), "{screen}");
    h.update(Action::Board(BoardAction::DetailLoaded {
        id,
        result: Ok(Box::new(request(id))),
    }));
    let screen = h.render();
    assert!(screen.contains("Status history"), "{screen}");
    assert!(screen.contains("Vehículo: Turismo"), "{screen}");
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.current(), PaneId::NewRequest);
    h.key(KeyCode::F(5));
    h.key(KeyCode::Char('p'));
    assert_eq!(h.app.current(), PaneId::Ranking);
    assert_eq!(h.app.ranking().target().and_then(|r| r.id), Some(id));
}

#[test]
fn a_missing_params_answer_is_explained() {
    let mut h = Harness::offline(deps(Language::En), 80, 24);
    h.update(Action::MeLoaded(Ok(network())));
    h.key(KeyCode::F(4));
    h.type_text("Z-MAD-01");
    h.key(KeyCode::Enter);
    let request = h
        .take_effects()
        .into_iter()
        .find_map(|e| match e {
            Effect::Ranking(RankingEffect::Rank { request, .. }) => Some(request),
            _ => None,
        })
        .expect("a ranking is asked for");
    h.update(Action::Ranking(RankingAction::Ranked {
        request,
        result: Err(mok_console::api::ApiError::from_status(
            422,
            r#"{"detail":"missing_required_params"}"#,
        )),
    }));
    let screen = h.render();
    assert!(screen.contains("missing_required_params"), "{screen}");
    assert!(
        screen.contains("needs both a zone and a service"),
        "{screen}"
    );
}

fn network() -> ProviderNetwork {
    serde_json::from_value(serde_json::json!({
        "name": "Red Demo", "active": true,
        "services": [
            {"id": 1, "name": "Grúa", "external_id": "TOW"},
            {"id": 2, "name": "Cerrajería", "external_id": "LOCK"},
            {"id": 9, "name": "Sin id externo", "external_id": null}
        ]
    }))
    .unwrap()
}

fn ranked() -> Vec<RankedProvider> {
    ["Grúas del Sur", "Asistencia Norte", "Auxilio Madrid"]
        .iter()
        .enumerate()
        .map(|(n, name)| RankedProvider {
            position: Some(n as i64 + 1),
            provider_name: Some((*name).into()),
            external_id: Some(format!("PRV-{:03}", n + 1)),
        })
        .collect()
}

#[test]
fn snapshots() {
    for lang in LANGS {
        let code = match lang {
            Language::Es => "es",
            Language::En => "en",
        };
        for (w, hgt) in SIZES {
            let suffix = format!("{code}_{w}x{hgt}");
            // Board: counts, refresh time, the table.
            let mut h = board(lang, w, hgt, 40);
            insta::assert_snapshot!(format!("board__{suffix}"), h.render());
            // Board fed by pushes, then rate limited (429) by the server.
            let mut fed = board(lang, w, hgt, 40);
            let mut pushed = request(5);
            pushed.current_status = Some(Status::Assigned);
            fed.update(Action::Board(BoardAction::Pushed(Box::new(
                mok_console::model::WebhookEvent {
                    event: Some("service_request.updated".into()),
                    payload: Some(pushed),
                },
            ))));
            fed.update(Action::Board(BoardAction::Polled(FeedUpdate::Cadence {
                open_every: Duration::from_secs(30),
                sweep_every: Duration::from_secs(600),
                pushes: true,
            })));
            fed.update(Action::Board(BoardAction::Polled(FeedUpdate::Failed {
                part: Part::Open,
                error: {
                    let mut e = ApiError::new(
                        ErrorKind::RateLimited,
                        Some(429),
                        "HTTP 429: Too Many Requests",
                    );
                    e.retry_after = Some(Duration::from_secs(60));
                    e
                },
                failures: 1,
                retry_in: Duration::from_secs(60),
            })));
            let screen = fed.render();
            let pushed_at = fed.app.board().poll_state().pushed_at.unwrap();
            // The push's wall-clock time is the only moving part: fixed for the snapshot.
            let screen = screen.replace(&pushed_at.format("%H:%M:%S").to_string(), "HH:MM:SS");
            insta::assert_snapshot!(format!("board_pushes_429__{suffix}"), screen);
            // Detail of the selected request: the board's copy, then the server's full one.
            h.key(KeyCode::Enter);
            let id = h.app.board().selected_id().unwrap();
            h.update(Action::Board(BoardAction::DetailLoaded {
                id,
                result: Ok(Box::new(request(id))),
            }));
            insta::assert_snapshot!(format!("request_detail__{suffix}"), h.render());
            // Status picker over the detail.
            h.key(KeyCode::Char('s'));
            insta::assert_snapshot!(format!("status_picker__{suffix}"), h.render());
            // Ranking with results.
            h.key(KeyCode::F(4));
            h.type_text("Z-MAD-01");
            h.key(KeyCode::Enter);
            let request = h
                .take_effects()
                .into_iter()
                .find_map(|e| match e {
                    Effect::Ranking(RankingEffect::Rank { request, .. }) => Some(request),
                    _ => None,
                })
                .unwrap();
            h.update(Action::Ranking(RankingAction::Ranked {
                request,
                result: Ok(ranked()),
            }));
            insta::assert_snapshot!(format!("ranking__{suffix}"), h.render());
            // Empty ranking.
            h.key(KeyCode::Enter);
            let request = h
                .take_effects()
                .into_iter()
                .find_map(|e| match e {
                    Effect::Ranking(RankingEffect::Rank { request, .. }) => Some(request),
                    _ => None,
                })
                .unwrap();
            h.update(Action::Ranking(RankingAction::Ranked {
                request,
                result: Ok(vec![]),
            }));
            insta::assert_snapshot!(format!("ranking_empty__{suffix}"), h.render());
        }
    }
}

#[test]
fn the_counts_line_never_wraps() {
    // Eight statuses the console does not know, with long names, beside the five.
    let odd = [
        "waiting_for_parts",
        "on_hold_by_customer",
        "rescheduled",
        "escalated_to_supervisor",
        "pending_payment",
        "in_review",
        "provider_en_route",
        "awaiting_callback",
    ];
    for lang in LANGS {
        let code = match lang {
            Language::Es => "es",
            Language::En => "en",
        };
        for (w, hgt) in SIZES {
            let mut h = board(lang, w, hgt, 30);
            let extra: Vec<ServiceRequest> = (100..124)
                .map(|id| {
                    let mut r = request(id);
                    r.current_status = Some(Status::parse(odd[id as usize % odd.len()]));
                    r
                })
                .collect();
            h.update(Action::Board(BoardAction::Polled(FeedUpdate::Refreshed {
                part: Part::All,
                diff: BoardDiff::of_requests(&extra, Vec::new()),
                at: now(),
                requests: 1,
            })));
            let screen = h.render();
            let lines: Vec<&str> = screen.lines().collect();
            // Line 3 is the counts, line 4 the refresh line: nothing wrapped between.
            let counts = lines[2];
            assert!(counts.chars().count() <= w as usize, "{counts}");
            assert!(counts.starts_with("1 "), "{counts}");
            for key in ["2 ", "3 ", "4 ", "5 "] {
                assert!(counts.contains(key), "{key} in {counts}");
            }
            assert!(
                lines[3].starts_with("Abiertas") || lines[3].starts_with("Open"),
                "{screen}"
            );
            insta::assert_snapshot!(format!("board_many_statuses__{code}_{w}x{hgt}"), screen);
        }
    }
}
