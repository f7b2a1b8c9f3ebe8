//! The Admin pane (F6) against the sandbox over loopback HTTP, driven by keys: CSV import
//! (counts, failures file, stop and resume without sending twice, an outage midway),
//! create-or-update outcomes and server errors in the form, a spend beyond the balance
//! followed until `failed`, a recurring rule with a bad period refused before sending, and
//! the pane without admin credentials.
mod common;

use std::ops::ControlFlow;
use std::time::Duration;

use crossterm::event::KeyCode;
use mok_console::api::{ApiClient, ClientConfig};
use mok_console::config::Language;
use mok_console::import::{ImportPlan, RowStatus};
use mok_console::sandbox::{Fault, FaultKind};
use mok_console::tui::action::{Effect, PaneId};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::admin::{AdminAction, AdminEffect, import::Stage};

const WAIT: Duration = Duration::from_secs(30);

fn deps(language: Language) -> Deps {
    Deps {
        language,
        place: "SANDBOX".into(),
        sandbox: true,
        today: chrono::Utc::now().date_naive(),
        warnings: Vec::new(),
    }
}

fn harness(client: ApiClient, language: Language) -> Harness {
    Harness::online(deps(language), client, 120, 40)
}

/// Empties the focused field and types `text`.
fn fill(h: &mut Harness, text: &str) {
    h.key(KeyCode::End);
    for _ in 0..60 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(text);
}

async fn plan_code(client: &ApiClient) -> String {
    client.plans().await.unwrap()[0].code.clone().unwrap()
}

/// Opens Admin › Import CSV and previews `path`.
async fn preview(h: &mut Harness, path: &std::path::Path) {
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('2'));
    fill(h, &path.display().to_string());
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.admin().import.stage,
            Stage::Preview(_)
        ))
        .await,
        "the preview shows"
    );
}

async fn run_import(h: &mut Harness) -> mok_console::import::Outcome {
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.admin().import.stage,
            Stage::Done(_)
        ))
        .await,
        "the import ends"
    );
    match &h.app.admin().import.stage {
        Stage::Done(Ok(o)) => o.clone(),
        other => panic!("the import failed: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn import_counts_valid_invalid_and_duplicate_rows_and_writes_exactly_the_failed_rows() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let plan = plan_code(&client).await;
    let before = client.admin_contracts().await.unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("altas.csv");
    std::fs::write(
        &csv,
        format!(
            "application_code,access_identifier,first_name,email,start_date\n\
             {plan},TUI-IMP-1,Ana,ana@example.com,2025-01-01\n\
             {plan},TUI-IMP-2,Luis,not-an-email,2025-01-01\n\
             {plan},TUI-IMP-3,Eva,eva@example.com,2025-01-01\n\
             {plan},TUI-IMP-1,Ana bis,ana2@example.com,2025-02-01\n\
             NO-SUCH-PLAN,TUI-IMP-5,Pía,pia@example.com,2025-01-01\n\
             {plan},,Nadie,,2025-01-01\n"
        ),
    )
    .unwrap();
    let mut h = harness(client.clone(), Language::Es);
    preview(&mut h, &csv).await;
    let screen = h.render();
    // 6 rows: 4 valid (1, 3, and 2 and 5 whose odd email and unknown plan only the server
    // judges), 2 invalid.
    assert!(screen.contains("6 filas"), "{screen}");
    assert!(screen.contains("4 válidas"), "{screen}");
    assert!(screen.contains("2 no válidas"), "{screen}");
    assert!(screen.contains("duplicate of line 2"), "{screen}");
    h.app.admin_mut().import.batch_size = 2;

    let outcome = run_import(&mut h).await;
    assert_eq!(
        (outcome.created, outcome.updated, outcome.failed),
        (2, 0, 4)
    );
    let screen = h.render();
    assert!(screen.contains("2 creados"), "{screen}");
    assert!(screen.contains("4 fallidos"), "{screen}");
    assert!(screen.contains("altas.failed.csv"), "{screen}");
    let by_line = |line: u64| {
        outcome
            .rows
            .iter()
            .find(|r| r.line == line)
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(by_line(2), RowStatus::Created);
    assert!(matches!(by_line(6), RowStatus::Failed(why) if why.contains("plan")));

    let failed = std::fs::read_to_string(dir.path().join("altas.failed.csv")).unwrap();
    let lines: Vec<&str> = failed.lines().collect();
    assert_eq!(
        lines[0],
        "application_code,access_identifier,first_name,email,start_date,error"
    );
    assert_eq!(lines.len(), 5, "{failed}");
    assert!(lines[1].starts_with(&format!("{plan},TUI-IMP-2,Luis,not-an-email,")));
    assert!(lines[1].contains("email"), "{failed}");
    assert!(lines[2].starts_with(&format!("{plan},TUI-IMP-1,Ana bis,")));
    assert!(lines[2].contains("duplicate of line 2"), "{failed}");
    assert!(lines[3].starts_with("NO-SUCH-PLAN,TUI-IMP-5,"));
    assert!(lines[3].contains("does not match any plan"), "{failed}");
    assert!(
        lines[4].contains("access_identifier is required"),
        "{failed}"
    );
    assert_eq!(client.admin_contracts().await.unwrap().len(), before + 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_columns_are_flagged_in_the_preview_and_nothing_is_sent() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let before = client.admin_contracts().await.unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("raro.csv");
    std::fs::write(
        &csv,
        "application_code,access_identifier,shoe_size\nAUTO-BASICO,X-1,42\n",
    )
    .unwrap();
    let mut h = harness(client.clone(), Language::En);
    preview(&mut h, &csv).await;
    let screen = h.render();
    assert!(screen.contains("shoe_size ✗ (unknown)"), "{screen}");
    assert!(screen.contains("The file cannot be sent"), "{screen}");
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.admin().import.stage, Stage::Preview(_)));
    assert_eq!(client.admin_contracts().await.unwrap().len(), before);
}

fn valid_rows(plan: &str, prefix: &str, n: usize) -> String {
    let mut text = String::from("application_code,access_identifier,first_name,start_date\n");
    for k in 1..=n {
        text.push_str(&format!("{plan},{prefix}-{k},Cliente {k},2025-01-01\n"));
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_stopped_in_the_pane_resumes_without_sending_anything_twice() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let plan = plan_code(&client).await;
    let before = client.admin_contracts().await.unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("lote.csv");
    std::fs::write(&csv, valid_rows(&plan, "TUI-RES", 10)).unwrap();
    // Slow batches, so the stop lands while batches remain.
    sb.inject(Fault {
        kind: FaultKind::Latency(Duration::from_millis(300)),
        path_prefix: Some("/api/v1/admin/contracts/bulk_create_or_update".into()),
        method: None,
        times: 100,
    });
    let mut h = harness(client.clone(), Language::En);
    preview(&mut h, &csv).await;
    h.app.admin_mut().import.batch_size = 2;
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            &app.admin().import.stage,
            Stage::Running { progress, .. } if progress.sent >= 2
        ))
        .await
    );
    h.key(KeyCode::Esc);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.admin().import.stage,
            Stage::Done(_)
        ))
        .await
    );
    let first = match &h.app.admin().import.stage {
        Stage::Done(Ok(o)) => o.clone(),
        other => panic!("{other:?}"),
    };
    assert!(first.interrupted.is_some());
    assert!(
        first.created >= 2 && first.created < 10,
        "stopped midway: {first:?}"
    );
    let sent_first = first.created;
    assert_eq!(
        client.admin_contracts().await.unwrap().len(),
        before + sent_first
    );

    // Back to the file: the preview says what resumes, and the rest is sent.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(
        h.pump_until(WAIT, |app, _| matches!(
            app.admin().import.stage,
            Stage::Preview(_)
        ))
        .await
    );
    let screen = h.render();
    assert!(
        screen.contains(&format!("{sent_first} were imported by an earlier run")),
        "{screen}"
    );
    sb.clear_faults();
    let second = run_import(&mut h).await;
    // Nothing re-sent: a row sent again would come back "updated".
    assert_eq!(second.updated, 0, "{second:?}");
    assert_eq!(second.created, 10 - sent_first);
    assert_eq!(second.skipped, sent_first);
    assert_eq!(second.failed, 0);
    assert_eq!(client.admin_contracts().await.unwrap().len(), before + 10);
    assert!(!dir.path().join("lote.csv.import-state").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outage_on_the_second_batch_leaves_a_resumable_import() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let plan = plan_code(&client).await;
    let before = client.admin_contracts().await.unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("caida.csv");
    std::fs::write(&csv, valid_rows(&plan, "TUI-OUT", 9)).unwrap();

    // The shared import, as the pane's task runs it: after the first batch the server
    // drops every connection (more times than the client retries).
    let plan_file = ImportPlan::read(&csv).unwrap();
    let mut batches = 0;
    let outcome = plan_file
        .run_controlled(&client, 3, |p| {
            if p.sent > 0 && batches == 0 {
                batches += 1;
                sb.inject(Fault {
                    kind: FaultKind::DropBeforeHandling,
                    path_prefix: Some("/api/v1/admin/contracts/bulk_create_or_update".into()),
                    method: None,
                    times: 50,
                });
            }
            ControlFlow::Continue(())
        })
        .await
        .unwrap();
    assert_eq!(outcome.created, 3);
    assert!(outcome.interrupted.is_some());
    assert_eq!(outcome.failed, 6);
    assert_eq!(client.admin_contracts().await.unwrap().len(), before + 3);
    sb.clear_faults();

    // Resumed from the pane.
    let mut h = harness(client.clone(), Language::Es);
    preview(&mut h, &csv).await;
    assert!(h.render().contains("3 ya se importaron"));
    let resumed = run_import(&mut h).await;
    assert_eq!(
        (resumed.created, resumed.updated, resumed.skipped),
        (6, 0, 3)
    );
    assert_eq!(client.admin_contracts().await.unwrap().len(), before + 9);
}

/// Fills the contract form: plan, access identifier, first name, then the start date.
fn fill_contract(h: &mut Harness, plan: &str, ai: &str, name: &str) {
    fill(h, plan);
    h.key(KeyCode::Tab);
    fill(h, ai);
    h.key(KeyCode::Tab);
    fill(h, name);
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    fill(h, "2025-01-01");
    for _ in 0..7 {
        h.key(KeyCode::BackTab);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_form_shows_created_then_updated_and_the_servers_errors_beside_each_field() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let plan = plan_code(&client).await;
    let mut h = harness(client.clone(), Language::En);
    h.key(KeyCode::F(6));
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("Contracts:")
            && !s.contains("Loading"))
            .await
    );
    h.key(KeyCode::Char('n'));
    fill_contract(&mut h, &plan, "TUI-FORM-1", "Marta");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("✓ Contract ")
            && s.contains(" created")
            && !s.contains("new_contract?"))
            .await,
        "{}",
        h.render()
    );
    // The same plan and identifier again: updated.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    fill(&mut h, "Marta Luisa");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("✓ Contract ")
            && s.contains(" updated")
            && !s.contains("new_contract?"))
            .await,
        "{}",
        h.render()
    );
    // A plan the server does not know: its error beside the field.
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    fill(&mut h, "NO-SUCH-PLAN");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("The server refused the contract"))
            .await
    );
    let screen = h.render();
    let line = screen
        .lines()
        .find(|l| l.contains("Application code"))
        .unwrap();
    assert!(line.contains("✗ does not match any plan"), "{screen}");
    // An odd email is not refused here: it is sent, and the server's verdict shows
    // beside the field.
    fill(&mut h, &plan);
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    fill(&mut h, "not-an-email");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("The server refused the contract")
            && s.lines()
                .any(|l| l.contains("Email") && l.contains("✗ is invalid")))
            .await,
        "{}",
        h.render()
    );
    // An odd mobile number is sent too, and taken: the server's status is shown.
    fill(&mut h, "marta@example.com");
    h.key(KeyCode::Tab);
    fill(&mut h, "12-ab");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("✓ Contract ")
            && s.contains(" updated")
            && !s.contains("new_contract?")
            && s.contains("the server marks Mobile as \"invalid\""))
            .await,
        "{}",
        h.render()
    );
    let found = client
        .admin_contracts()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.access_identifier.as_deref() == Some("TUI-FORM-1"))
        .count();
    assert_eq!(found, 1, "created once, then updated");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spend_beyond_the_balance_is_followed_live_until_failed() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let mut h = harness(client.clone(), Language::En);
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('3'));
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("Point transactions")
            && !s.contains("Loading"))
            .await
    );
    h.key(KeyCode::Char('n'));
    fill(&mut h, "TUI-POOR-1");
    h.key(KeyCode::Tab);
    fill(&mut h, "spend");
    h.key(KeyCode::Tab);
    fill(&mut h, "50");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    let mut saw_pending = false;
    assert!(
        h.pump_until(WAIT, |app, s| {
            let followed = app.admin().points.followed.as_ref();
            if followed.is_some_and(|t| t.is_pending()) && s.contains("pending") {
                saw_pending = true;
            }
            followed.is_some_and(|t| t.status.as_deref() == Some("failed"))
        })
        .await,
        "{}",
        h.render()
    );
    assert!(saw_pending, "the pending status was shown first");
    let screen = h.render();
    let line = screen
        .lines()
        .find(|l| l.contains("Transaction") && l.contains("TUI-POOR-1"))
        .unwrap();
    assert!(line.contains("✗ failed"), "{screen}");
    let id = h.app.admin().points.followed.as_ref().unwrap().id.unwrap();
    assert_eq!(
        client
            .get_point_transaction(id)
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("failed")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recurring_rule_with_a_bad_period_is_refused_before_sending() {
    // Offline: every effect the app asks for is kept, so none can slip out.
    let mut h = Harness::offline(deps(Language::Es), 120, 40);
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('4'));
    h.update(AdminAction::RulesLoaded(Ok(vec![])).into());
    h.take_effects();
    h.key(KeyCode::Char('n'));
    fill(&mut h, "DEMO-0001");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    fill(&mut h, "100");
    h.key(KeyCode::Tab);
    fill(&mut h, "2026-01-31");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    // As typed: "P1" lacks its unit.
    h.type_text("P1");
    let screen = h.render();
    let line = screen.lines().find(|l| l.contains("Periodo")).unwrap();
    assert!(line.contains("✗ falta la unidad"), "{screen}");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    let sends: Vec<Effect> = h
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::Admin(a) if matches!(**a, AdminEffect::SaveRule { .. })))
        .collect();
    assert!(sends.is_empty(), "nothing sent: {sends:?}");
    // Completed, it is valid and the next issues are previewed.
    h.type_text("M");
    let screen = h.render();
    let line = screen.lines().find(|l| l.contains("Periodo")).unwrap();
    assert!(line.contains("✓ válido: P1M"), "{screen}");
    assert!(screen.contains("Próximas emisiones:"), "{screen}");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    let sends: Vec<Effect> = h
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::Admin(a) if matches!(**a, AdminEffect::SaveRule { .. })))
        .collect();
    assert_eq!(sends.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recurring_rule_is_created_and_edited_against_the_sandbox() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let before = client.recurrent_point_transactions().await.unwrap().len();
    let mut h = harness(client.clone(), Language::En);
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('4'));
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("Recurring point rules")
            && !s.contains("Loading"))
            .await
    );
    h.key(KeyCode::Char('n'));
    fill(&mut h, "TUI-RULE-1");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    fill(&mut h, "25");
    h.key(KeyCode::Tab);
    fill(&mut h, "2026-01-01");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    // A bad period first: refused, nothing sent.
    fill(&mut h, "1M");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    assert!(h.render().contains("must start with P"));
    assert_eq!(
        client.recurrent_point_transactions().await.unwrap().len(),
        before
    );
    fill(&mut h, "P1M");
    h.ctrl('s'); // Ctrl-S sends: Enter only moves on
    assert!(
        h.pump_until(WAIT, |_, s| s.contains("created")
            && s.contains("TUI-RULE-1"))
            .await,
        "{}",
        h.render()
    );
    assert_eq!(
        client.recurrent_point_transactions().await.unwrap().len(),
        before + 1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_admin_credentials_the_pane_says_how_to_configure_them() {
    let sb = common::sandbox().await;
    let client = ApiClient::new(ClientConfig {
        admin: None,
        ..common::config(&sb)
    })
    .unwrap();
    let mut h = harness(client, Language::En);
    h.key(KeyCode::F(6));
    assert!(
        h.pump_until(WAIT, |app, _| !app.admin().is_configured())
            .await
    );
    let screen = h.render();
    assert!(screen.contains("MOK_ADMIN_EMAIL"), "{screen}");
    assert!(screen.contains("[admin]"), "{screen}");
    assert_eq!(h.app.current(), PaneId::Admin);
}
