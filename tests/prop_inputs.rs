//! Property tests (issue 15) of what the console reads from files and from the agent:
//! config.toml, forms.toml, the contract CSV, ISO 8601 periods, and every typed field of the
//! request, point and rule forms. Files are the shipped ones with lines mutated (values of
//! other types, extremes, broken syntax, lines dropped or doubled) or arbitrary bytes.
//! Goal: no panic, and every refusal is a readable message (naming the file for files).

mod prop_support;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use mok_console::config::{Config, Language};
use mok_console::forms::{DEFAULT_FORMS, FormCatalog, typed_request_field};
use mok_console::import::{ImportPlan, validate_row};
use mok_console::points::{
    Period, PointTransactionForm, RecurrentRuleForm, next_issue_dates, validate_point_transaction,
    validate_recurrent_rule,
};
use mok_console::tui::i18n::I18n;
use prop_support::{ODD_TEXT, cases};
use proptest::prelude::*;

const CONFIG_EXAMPLE: &str = include_str!("../config.example.toml");

/// A TOML value, well-formed or not.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just("18446744073709551616".to_owned()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        Just("inf".to_owned()),
        Just("nan".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        prop::sample::select(ODD_TEXT).prop_map(|s| format!("{s:?}")),
        ".{0,30}".prop_map(|s| format!("{s:?}")),
        ".{0,30}",
        Just("[]".to_owned()),
        Just("[1, \"a\", true]".to_owned()),
        Just("{ es = \"x\" }".to_owned()),
        Just("{ a = { b = 1 } }".to_owned()),
        Just("\"\"\"\nmulti\n\"\"\"".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
    ]
}

#[derive(Debug, Clone)]
enum LineEdit {
    /// The value of a `key = value` line becomes this.
    Value(prop::sample::Index, String),
    Drop(prop::sample::Index),
    Double(prop::sample::Index),
    /// Arbitrary text inserted as a line.
    Insert(prop::sample::Index, String),
}

fn line_edit() -> impl Strategy<Value = LineEdit> {
    prop_oneof![
        6 => (any::<prop::sample::Index>(), toml_value()).prop_map(|(i, v)| LineEdit::Value(i, v)),
        1 => any::<prop::sample::Index>().prop_map(LineEdit::Drop),
        1 => any::<prop::sample::Index>().prop_map(LineEdit::Double),
        1 => (any::<prop::sample::Index>(), ".{0,40}").prop_map(|(i, s)| LineEdit::Insert(i, s)),
    ]
}

/// `text` with `edits` applied; `key = value` edits only touch such lines, so most
/// documents keep their shape and reach the checks past the TOML syntax.
fn edit_lines(text: &str, edits: &[LineEdit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for e in edits {
        let assignments: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains(" = "))
            .map(|(i, _)| i)
            .collect();
        match e {
            LineEdit::Value(i, v) if !assignments.is_empty() => {
                let at = assignments[i.index(assignments.len())];
                let key = lines[at].split(" = ").next().unwrap().to_owned();
                lines[at] = format!("{key} = {v}");
            }
            LineEdit::Drop(i) if !lines.is_empty() => {
                lines.remove(i.index(lines.len()));
            }
            LineEdit::Double(i) if !lines.is_empty() => {
                let at = i.index(lines.len());
                lines.insert(at, lines[at].clone());
            }
            LineEdit::Insert(i, s) => {
                let at = i.index(lines.len() + 1);
                lines.insert(at, s.clone());
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// The example config with its commented keys switched on, so every section is there.
fn full_config() -> String {
    CONFIG_EXAMPLE
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.split_once(" = ").is_some_and(|(k, _)| {
                    k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                }) =>
            {
                rest.to_owned()
            }
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn config_is_parsed_or_named(text: &str) -> Result<(), TestCaseError> {
    let path = Path::new("/tmp/mok-prop/config.toml");
    match Config::parse(text, path) {
        Ok(mut c) => {
            c.apply_env(|_| None);
            if let Err(e) = c.validate() {
                prop_assert!(!e.message.trim().is_empty());
            } else {
                let _ = (c.client_config(), c.admin_credentials(), c.language());
            }
        }
        Err(e) => prop_assert!(
            e.message.contains("config.toml"),
            "a config error names the file: {}",
            e.message
        ),
    }
    Ok(())
}

fn forms_are_parsed_or_named(text: &str) -> Result<(), TestCaseError> {
    match FormCatalog::from_toml("forms.toml", text) {
        Ok(catalog) => {
            // A catalog that loads validates any answer without a panic.
            for set in catalog.sets() {
                for q in &set.questions {
                    for raw in ODD_TEXT {
                        let _ = q.validate(raw);
                    }
                }
            }
        }
        Err(e) => {
            let m = e.to_string();
            prop_assert!(m.contains("forms.toml"), "{m}");
        }
    }
    Ok(())
}

const CSV_HEADER: &str = "access_identifier,document_identifier,first_name,surname,email,mobile_phone_number,start_date,end_date,plan_code,vehicle_plate_number,active";

fn csv_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(ODD_TEXT).prop_map(str::to_owned),
        ".{0,20}",
        "[A-Z]{3}-[0-9]{4}",
        "\"[^\"]{0,10}\"\"[^\"]{0,5}\"",
        Just("2024-01-01".to_owned()),
        Just("ana@example.com".to_owned()),
    ]
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn mutated_config_files_load_or_name_the_file(edits in prop::collection::vec(line_edit(), 1..6)) {
        config_is_parsed_or_named(&edit_lines(&full_config(), &edits))?;
    }

    #[test]
    fn arbitrary_bytes_as_config_are_a_named_error(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        config_is_parsed_or_named(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn mutated_forms_files_load_or_name_the_file(edits in prop::collection::vec(line_edit(), 1..6)) {
        forms_are_parsed_or_named(&edit_lines(DEFAULT_FORMS, &edits))?;
    }

    #[test]
    fn arbitrary_bytes_as_forms_are_a_named_error(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        forms_are_parsed_or_named(&String::from_utf8_lossy(&bytes))?;
    }

    /// A contract CSV with the documented columns (shuffled, some dropped, unknown ones
    /// added) and arbitrary cells: a plan with every bad row named, or one readable error.
    #[test]
    fn contract_csv_rows_are_planned_or_refused_readably(
        drop in prop::collection::vec(any::<bool>(), 11),
        extra in prop::option::of("[a-z_]{1,10}"),
        rows in prop::collection::vec(prop::collection::vec(csv_cell(), 0..14), 0..8),
        separator in prop::sample::select(vec![",", ";", "\t"]),
    ) {
        let mut header: Vec<&str> = CSV_HEADER
            .split(',')
            .zip(&drop)
            .filter(|(_, d)| !**d)
            .map(|(h, _)| h)
            .collect();
        if let Some(x) = &extra {
            header.push(x);
        }
        let mut text = header.join(separator);
        for r in &rows {
            text.push('\n');
            text.push_str(&r.join(separator));
        }
        let dir = tempfile::tempdir().unwrap();
        match ImportPlan::from_reader(text.as_bytes(), &dir.path().join("contracts.csv")) {
            Ok(plan) => {
                for (row, why) in plan.invalid_rows() {
                    prop_assert!(!why.trim().is_empty(), "line {}", row.line);
                }
                let _ = plan.pending_rows();
            }
            Err(e) => prop_assert!(e.contains("contracts.csv"), "{e}"),
        }
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        for r in &rows {
            if let Err(e) = validate_row(&header, r) {
                prop_assert!(!e.to_string().trim().is_empty());
            }
        }
    }

    #[test]
    fn arbitrary_bytes_as_contract_csv(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let _ = ImportPlan::from_reader(&bytes[..], &dir.path().join("c.csv"));
    }
}

/// An ISO 8601 period, well-formed or nearly.
fn period_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,16}",
        "[Pp][0-9]{0,12}[YMWDymwd]{0,2}([Tt][0-9]{0,12}[HMShms]{0,2})?",
        (
            prop::option::of(0u64..u64::MAX),
            prop::option::of(0u64..100_000),
            prop::option::of(0u64..10_000),
            prop::option::of(0u64..10_000_000),
            prop::option::of(0u64..u64::MAX),
        )
            .prop_map(|(y, m, d, h, s)| {
                let mut t = "P".to_owned();
                if let Some(y) = y {
                    t += &format!("{y}Y");
                }
                if let Some(m) = m {
                    t += &format!("{m}M");
                }
                if let Some(d) = d {
                    t += &format!("{d}D");
                }
                if h.is_some() || s.is_some() {
                    t += "T";
                }
                if let Some(h) = h {
                    t += &format!("{h}H");
                }
                if let Some(s) = s {
                    t += &format!("{s}S");
                }
                t
            }),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (-300_000i32..300_000).prop_map(|d| {
        NaiveDate::from_ymd_opt(2000, 1, 1)
            .unwrap()
            .checked_add_signed(chrono::Duration::days(i64::from(d) * 10))
            .unwrap_or(NaiveDate::MAX)
    })
}

fn point_field() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(ODD_TEXT).prop_map(str::to_owned),
        ".{0,12}",
        any::<i64>().prop_map(|n| n.to_string()),
        Just("add".to_owned()),
        Just("spend".to_owned()),
        Just("2025-06-30".to_owned()),
        period_text(),
    ]
}

proptest! {
    #![proptest_config(cases(4096))]

    /// A period parses or says why in both languages; a parsed one prints back as itself
    /// and steps through dates without overflow.
    #[test]
    fn iso_periods_parse_or_say_why(
        text in period_text(),
        start in date(),
        after in date(),
        end in prop::option::of(date()),
        k in any::<u64>(),
        n in 0usize..2000,
    ) {
        match Period::parse(&text) {
            Ok(p) => {
                let again = Period::parse(&p.to_string());
                prop_assert_eq!(again.as_ref().ok(), Some(&p), "{} prints as {}", text, p);
                let _ = p.nth_after(start.and_time(chrono::NaiveTime::MIN), k);
                let _ = p.max_len();
                let after: NaiveDateTime = after.and_time(chrono::NaiveTime::MIN);
                let dates = next_issue_dates(start, &p, end, after, n);
                prop_assert!(dates.len() <= n.min(1000));
                prop_assert!(dates.windows(2).all(|w| w[0] < w[1]), "in order");
            }
            Err(e) => {
                prop_assert!(!I18n::new(Language::Es).period_error(&e).trim().is_empty());
                prop_assert!(!I18n::new(Language::En).period_error(&e).trim().is_empty());
            }
        }
    }

    /// Every field of the point and rule forms as typed: a body, or each bad field's
    /// readable reason.
    #[test]
    fn point_and_rule_forms_validate_or_say_why(f in prop::collection::vec(point_field(), 8)) {
        let tx = PointTransactionForm {
            access_identifier: f[0].clone(),
            transaction_type: f[1].clone(),
            points: f[2].clone(),
            comment: f[3].clone(),
            expiration_date: f[4].clone(),
        };
        if let Err(errors) = validate_point_transaction(&tx) {
            prop_assert!(!errors.is_empty());
            for (_, e) in &errors {
                prop_assert!(!I18n::new(Language::Es).point_error(e).trim().is_empty());
            }
        }
        let rule = RecurrentRuleForm {
            access_identifier: f[0].clone(),
            transaction_type: f[1].clone(),
            points: f[2].clone(),
            recurrence_start_date: f[4].clone(),
            recurrence_end_date: f[5].clone(),
            recurrence_period: f[6].clone(),
            point_expiration_period: f[7].clone(),
            comment: f[3].clone(),
        };
        if let Err(errors) = validate_recurrent_rule(&rule) {
            prop_assert!(!errors.is_empty());
            for (_, e) in &errors {
                prop_assert!(!I18n::new(Language::En).point_error(e).trim().is_empty());
            }
        }
    }

    /// Every service-request field as an agent types it (form and `--field`): the value to
    /// send, or a readable reason.
    #[test]
    fn typed_request_fields_are_sent_or_refused_readably(
        key in prop::sample::select(vec![
            "provider_phone", "contact_center_phone", "user_phone", "scheduled_date",
            "scheduled_time", "scheduled_end_date", "latitude", "longitude", "user_email",
            "address", "comments", "extra_info", "unknown_field",
        ]),
        raw in prop_oneof![prop::sample::select(ODD_TEXT).prop_map(str::to_owned), ".{0,30}",
                           "[0-9 +().-]{0,20}", "-?[0-9]{1,4}\\.[0-9]{0,8}"],
    ) {
        if let Err(e) = typed_request_field(key, &raw) {
            prop_assert!(!e.to_string().trim().is_empty());
        }
    }
}
