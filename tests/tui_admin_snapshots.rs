//! Snapshots of every Admin (F6) view at 80×24 and 120×40, in Spanish and English, from
//! constructed data (offline: the test answers the pane's effects itself).

use std::path::PathBuf;

use crossterm::event::KeyCode;
use mok_console::api::{ApiError, ErrorKind};
use mok_console::config::Language;
use mok_console::import::{ColumnRole, Outcome, Progress, RowResult, RowStatus};
use mok_console::model::{AdminContract, PointTransaction, RecurrentPointTransaction};
use mok_console::tui::app::Deps;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::admin::{AdminAction, ImportPreview};

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

fn lang_name(l: Language) -> &'static str {
    match l {
        Language::Es => "es",
        Language::En => "en",
    }
}

fn answer(h: &mut Harness, a: AdminAction) {
    h.update(a.into());
    h.take_effects();
}

fn check(view: &str, setup: impl Fn(&mut Harness)) {
    for lang in LANGS {
        for (w, hgt) in SIZES {
            let mut h = Harness::offline(deps(lang), w, hgt);
            h.take_effects();
            h.key(KeyCode::F(6));
            setup(&mut h);
            h.take_effects();
            let screen = h.render();
            insta::assert_snapshot!(format!("{view}__{}_{w}x{hgt}", lang_name(lang)), screen);
        }
    }
}

/// With the server's validation statuses as the reference shows them: a pending email,
/// and a contract whose missing email and mobile the server calls invalid.
fn contracts() -> Vec<AdminContract> {
    serde_json::from_value(serde_json::json!([
        {"id": 101, "access_identifier": "DEMO-0001", "web_app_name": "Ana García López",
         "active": true, "start_date": "2025-01-01", "end_date": "2026-12-31",
         "email": "ana.garcia@example.com", "email_validation_status": "pending",
         "mobile_phone_number": "+34612345678", "mobile_phone_number_validation_status": "valid"},
        {"id": 102, "access_identifier": "DEMO-0002", "web_app_name": "Luis Pérez",
         "active": false, "start_date": "2024-03-01", "end_date": "2025-02-28",
         "email": null, "mobile_phone_number": "+34699111222"},
        {"id": 103, "access_identifier": "ADM-77", "web_app_name": null,
         "active": true, "start_date": "2026-01-01", "end_date": null,
         "email": null, "email_validation_status": "invalid",
         "mobile_phone_number": null, "mobile_phone_number_validation_status": "invalid"}
    ]))
    .unwrap()
}

fn contracts_loaded(h: &mut Harness) {
    answer(h, AdminAction::ContractsLoaded(Ok(contracts())));
}

#[test]
fn not_configured() {
    check("admin_not_configured", |h| {
        answer(h, AdminAction::NotConfigured)
    });
}

#[test]
fn contracts_list() {
    check("admin_contracts", contracts_loaded);
}

#[test]
fn contracts_filtered() {
    check("admin_contracts_filtered", |h| {
        contracts_loaded(h);
        h.key(KeyCode::Char('/'));
        h.type_text("luis");
        h.key(KeyCode::Enter);
    });
}

/// The form after a save the server refused, with its errors beside the fields.
#[test]
fn contract_form_refused() {
    check("admin_contract_refused", |h| {
        contracts_loaded(h);
        h.key(KeyCode::Char('n'));
        h.type_text("NO-PLAN");
        h.key(KeyCode::Tab);
        h.type_text("ADM-9");
        h.ctrl('s');
        let refused: AdminContract = serde_json::from_value(serde_json::json!({
            "id": null, "new_contract?": true, "success?": false,
            "access_identifier": "ADM-9",
            "errors": {"application_code": ["does not match any plan"],
                       "start_date": ["can't be blank"]}
        }))
        .unwrap();
        answer(h, AdminAction::ContractSaved(Ok(refused)));
    });
}

/// Local validation (the CLI's rules) before sending.
#[test]
fn contract_form_invalid() {
    check("admin_contract_invalid", |h| {
        contracts_loaded(h);
        h.key(KeyCode::Char('n'));
        for _ in 0..5 {
            h.key(KeyCode::Tab);
        }
        // An odd email and a mobile number are the server's to judge: no local mark.
        h.type_text("ana@");
        h.key(KeyCode::Tab);
        h.type_text("612345678");
        h.key(KeyCode::Tab);
        h.type_text("2025-13-01");
        h.ctrl('s');
    });
}

#[test]
fn contract_form_updated() {
    check("admin_contract_updated", |h| {
        contracts_loaded(h);
        h.key(KeyCode::Enter);
        h.key(KeyCode::Up);
        h.type_text("HOGAR-PLUS");
        h.ctrl('s');
        // Taken, with the mobile number flagged (as the reference's own answer shows).
        let saved: AdminContract = serde_json::from_value(serde_json::json!({
            "id": 101, "new_contract?": false, "success?": true, "errors": {},
            "email_validation_status": "valid", "mobile_phone_number_validation_status": "invalid"
        }))
        .unwrap();
        answer(h, AdminAction::ContractSaved(Ok(saved)));
    });
}

fn preview() -> ImportPreview {
    let role = |c: &str, r: ColumnRole| (c.to_owned(), r);
    ImportPreview {
        path: PathBuf::from("/datos/altas.csv"),
        // Saved by a spreadsheet in Spanish.
        delimiter: b';',
        mapping: vec![
            role("application_code", ColumnRole::Field),
            role("access_identifier", ColumnRole::Field),
            role("first_name", ColumnRole::Field),
            role("email", ColumnRole::Field),
            role("start_date", ColumnRole::Field),
            role("error", ColumnRole::Ignored),
        ],
        refused: None,
        rows: 1200,
        valid: 1196,
        invalid: 4,
        already_done: 500,
        first_errors: vec![
            (14, "email \"ana@\" is not an email address".into()),
            (
                230,
                "duplicate of line 12: same application_code, access_identifier and client_contract"
                    .into(),
            ),
            (981, "access_identifier is required".into()),
            (1100, "start_date must be a date YYYY-MM-DD, not \"2025-13-01\"".into()),
        ],
    }
}

fn previewed(h: &mut Harness) {
    h.key(KeyCode::Char('2'));
    h.type_text("altas.csv");
    h.key(KeyCode::Enter);
    answer(h, AdminAction::PreviewLoaded(Ok(preview())));
}

#[test]
fn import_path() {
    check("admin_import_path", |h| {
        h.key(KeyCode::Char('2'));
        h.type_text("datos/al");
    });
}

#[test]
fn import_preview() {
    check("admin_import_preview", previewed);
}

#[test]
fn import_preview_unknown_column() {
    check("admin_import_unknown_column", |h| {
        h.key(KeyCode::Char('2'));
        h.type_text("raro.csv");
        h.key(KeyCode::Enter);
        let mut p = preview();
        p.mapping.push(("shoe_size".into(), ColumnRole::Unknown));
        p.refused =
            Some("/datos/raro.csv: unknown column shoe_size (known: application_code, …)".into());
        answer(h, AdminAction::PreviewLoaded(Ok(p)));
    });
}

#[test]
fn import_running() {
    check("admin_import_running", |h| {
        previewed(h);
        h.key(KeyCode::Enter);
        answer(
            h,
            AdminAction::ImportProgress(Progress {
                total: 696,
                sent: 348,
                created: 300,
                updated: 46,
                failed: 2,
            }),
        );
    });
}

#[test]
fn import_results() {
    check("admin_import_results", |h| {
        previewed(h);
        h.key(KeyCode::Enter);
        let row = |line: u64, ai: &str, status: RowStatus| RowResult {
            line,
            access_identifier: ai.into(),
            status,
            flagged: Vec::new(),
        };
        // Taken by the server, which flags the mobile number (as the reference shows).
        let flagged = RowResult {
            flagged: vec![("mobile_phone_number".into(), "invalid".into())],
            ..row(3, "ALTA-0002", RowStatus::Created)
        };
        let outcome = Outcome {
            rows: vec![
                row(2, "ALTA-0001", RowStatus::Skipped),
                flagged,
                row(4, "ALTA-0003", RowStatus::Updated),
                row(5, "ALTA-0004", RowStatus::Failed("email is invalid".into())),
                row(
                    6,
                    "ALTA-0005",
                    RowStatus::Failed("application_code does not match any plan".into()),
                ),
            ],
            created: 1,
            updated: 1,
            failed: 2,
            skipped: 1,
            failed_file: Some(PathBuf::from("/datos/altas.failed.csv")),
            interrupted: None,
        };
        answer(h, AdminAction::ImportFinished(Ok(outcome)));
    });
}

fn transactions() -> Vec<PointTransaction> {
    serde_json::from_value(serde_json::json!([
        {"id": 7, "access_identifier": "DEMO-0001", "transaction_type": "add", "status": "processed",
         "points": 150.0, "comment": "Bienvenida", "created_at": "2026-06-01T10:00:00Z",
         "updated_at": "2026-06-01T10:00:02Z"},
        {"id": 8, "access_identifier": "DEMO-0001", "transaction_type": "spend", "status": "failed",
         "points": 900.0, "comment": null, "expiration_date": null,
         "created_at": "2026-06-10T09:30:00Z", "updated_at": "2026-06-10T09:30:02Z"},
        {"id": 9, "access_identifier": "DEMO-0002", "transaction_type": "add", "status": "pending",
         "points": 12.5, "recurrent_point_transaction_id": 3,
         "created_at": "2026-06-15T08:00:00Z"}
    ]))
    .unwrap()
}

fn points_loaded(h: &mut Harness) {
    h.key(KeyCode::Char('3'));
    answer(h, AdminAction::TransactionsLoaded(Ok(transactions())));
}

#[test]
fn points_list() {
    check("admin_points", points_loaded);
}

#[test]
fn point_detail() {
    check("admin_point_detail", |h| {
        points_loaded(h);
        h.key(KeyCode::Down);
        h.key(KeyCode::Enter);
    });
}

#[test]
fn point_form_invalid() {
    check("admin_point_form", |h| {
        points_loaded(h);
        h.key(KeyCode::Char('n'));
        h.key(KeyCode::Tab);
        h.key(KeyCode::End);
        for _ in 0..3 {
            h.key(KeyCode::Backspace);
        }
        h.type_text("robar");
        h.key(KeyCode::Tab);
        h.type_text("-5");
        h.ctrl('s');
    });
}

/// A spend just created, followed: pending, then failed.
#[test]
fn point_followed() {
    for (view, status) in [
        ("admin_point_pending", "pending"),
        ("admin_point_failed", "failed"),
    ] {
        check(view, |h| {
            points_loaded(h);
            h.key(KeyCode::Char('n'));
            h.key(KeyCode::Tab);
            h.key(KeyCode::End);
            for _ in 0..3 {
                h.key(KeyCode::Backspace);
            }
            h.type_text("spend");
            h.key(KeyCode::Tab);
            h.type_text("5000");
            h.ctrl('s');
            let tx = |status: &str| -> PointTransaction {
                serde_json::from_value(serde_json::json!({
                    "id": 10, "access_identifier": "DEMO-0002", "transaction_type": "spend",
                    "status": status, "points": 5000.0, "created_at": "2026-06-15T09:00:00Z"
                }))
                .unwrap()
            };
            answer(h, AdminAction::TransactionCreated(Ok(tx("pending"))));
            if status != "pending" {
                answer(h, AdminAction::TransactionPolled(Ok(tx(status))));
            }
        });
    }
}

fn rules() -> Vec<RecurrentPointTransaction> {
    serde_json::from_value(serde_json::json!([
        {"id": 3, "access_identifier": "DEMO-0002", "raw_access_identifier": "DEMO-0002",
         "transaction_type": "add", "points": 12.5, "recurrence_start_date": "2026-01-01",
         "recurrence_end_date": "2026-12-31", "recurrence_period": "P1M",
         "last_recurrence_date": "2026-06-01T00:00:00Z", "comment": "Cuota mensual"},
        {"id": 4, "access_identifier": "DEMO-0001", "transaction_type": "add", "points": 1.0,
         "recurrence_start_date": "2026-06-01", "recurrence_period": "PT12H"}
    ]))
    .unwrap()
}

fn rules_loaded(h: &mut Harness) {
    h.key(KeyCode::Char('4'));
    answer(h, AdminAction::RulesLoaded(Ok(rules())));
}

#[test]
fn rules_list() {
    check("admin_rules", rules_loaded);
}

#[test]
fn rule_edit_with_preview() {
    check("admin_rule_edit", |h| {
        rules_loaded(h);
        h.key(KeyCode::Enter);
    });
}

#[test]
fn rule_new_with_a_bad_period() {
    check("admin_rule_bad_period", |h| {
        rules_loaded(h);
        h.key(KeyCode::Char('n'));
        h.type_text("DEMO-0001");
        h.key(KeyCode::Tab);
        h.key(KeyCode::Tab);
        h.type_text("10");
        h.key(KeyCode::Tab);
        h.type_text("2026-01-31");
        h.key(KeyCode::Tab);
        h.key(KeyCode::Tab);
        h.type_text("P1");
        h.key(KeyCode::Tab);
        h.type_text("1Y");
    });
}

#[test]
fn list_load_failure() {
    check("admin_points_error", |h| {
        h.key(KeyCode::Char('3'));
        answer(
            h,
            AdminAction::TransactionsLoaded(Err(ApiError::new(
                ErrorKind::Server,
                Some(503),
                "HTTP 503: Service Unavailable",
            ))),
        );
    });
}
