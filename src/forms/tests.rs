use serde_json::json;

use super::*;

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn catalog() -> FormCatalog {
    FormCatalog::load(None).expect("built-in forms load")
}

fn problems(text: &str) -> Vec<FormProblem> {
    FormCatalog::from_toml("test.toml", text)
        .expect_err("file should be refused")
        .problems
}

#[test]
fn builtin_sets_load_and_map_services() {
    let c = catalog();
    assert!(c.sets().len() >= 6);
    assert_eq!(c.for_service(Some("ROADSIDE-TOW")).name, "roadside_tow");
    assert_eq!(c.for_service(Some(" GRUA ")).name, "roadside_tow");
    assert_eq!(c.for_service(Some("SRV-FONTANERIA")).name, "home_plumbing");
    assert_eq!(c.for_service(Some("HOME-LOCKSMITH")).name, "home_locksmith");
    assert_eq!(c.for_service(Some("HOME-PLUMBING")).name, "home_plumbing");
    assert_eq!(
        c.for_service(Some("ROADSIDE-BATTERY")).name,
        "roadside_battery"
    );
    assert_eq!(c.for_service(Some("HOME-REPAIR")).name, "home_repair");
    assert_eq!(c.for_service(Some("SRV-GRUA")).name, "roadside_tow");
    assert_eq!(c.for_service(Some("SRV-NEUMATICO")).name, "roadside_tyre");
    assert_eq!(c.for_service(Some("SRV-CRISTALERIA")).name, "vehicle_glass");
    assert_eq!(c.for_service(Some("SRV-MEDICO")).name, "medical_advice");
    assert_eq!(c.for_service(Some("nope")).name, "default");
    assert_eq!(c.for_service(None).name, "default");
    for set in c.sets() {
        for q in &set.questions {
            assert!(!q.text.es.is_empty() && !q.text.en.is_empty(), "{}", q.key);
        }
    }
}

#[test]
fn tow_parking_height_shown_only_in_a_garage() {
    let c = catalog();
    let tow = c.for_service(Some("ROADSIDE-TOW"));
    let keys =
        |a: &Answers| -> Vec<String> { tow.visible(a).iter().map(|q| q.key.clone()).collect() };
    let street = answers(&[("in_garage", "no")]);
    assert!(!keys(&street).contains(&"parking_height".to_string()));
    let garage = answers(&[("in_garage", "sí")]);
    assert!(keys(&garage).contains(&"parking_height".to_string()));
    // Unanswered or invalid boolean: the dependent question stays hidden.
    assert!(!keys(&answers(&[("in_garage", "maybe")])).contains(&"parking_height".to_string()));
}

#[test]
fn validate_all_checks_visible_questions_only() {
    let c = catalog();
    let tow = c.for_service(Some("ROADSIDE-TOW"));
    let mut a = answers(&[
        ("vehicle_plate", "1234 BCD"),
        ("vehicle_type", "Turismo"),
        ("in_garage", "no"),
        ("passengers", "2"),
        ("vehicle_starts", "n"),
        ("parking_height", "99"), // hidden: not checked
    ]);
    assert_eq!(tow.validate_all(&a), vec![]);
    a.insert("in_garage".into(), "yes".into());
    assert_eq!(
        tow.validate_all(&a),
        vec![("parking_height".to_string(), FieldError::AboveMax(4.5))]
    );
    a.insert("passengers".into(), "9".into());
    a.insert("parking_height".into(), "1,90".into());
    assert_eq!(
        tow.validate_all(&a),
        vec![("passengers".to_string(), FieldError::AboveMax(8.0))]
    );
    a.remove("vehicle_plate");
    assert!(
        tow.validate_all(&a)
            .contains(&("vehicle_plate".to_string(), FieldError::Required))
    );
}

#[test]
fn answer_inputs_are_typed_and_drop_hidden_answers() {
    let c = catalog();
    let tow = c.for_service(Some("ROADSIDE-TOW"));
    let a = answers(&[
        ("vehicle_plate", " 1234 BCD "),
        ("vehicle_type", "car"),
        ("in_garage", "no"),
        ("parking_height", "2.1"),
        ("passengers", "3"),
        ("vehicle_starts", "false"),
        ("destination_workshop", ""),
        ("colour", "rojo"),
    ]);
    let inputs = tow.to_answer_inputs(&a);
    let got: Vec<(String, serde_json::Value)> = inputs
        .into_iter()
        .map(|i| (i.question_key, i.value))
        .collect();
    assert_eq!(
        got,
        vec![
            ("vehicle_plate".into(), json!("1234 BCD")),
            ("vehicle_type".into(), json!("car")),
            ("in_garage".into(), json!(false)),
            ("passengers".into(), json!(3)),
            ("vehicle_starts".into(), json!(false)),
            ("colour".into(), json!("rojo")),
        ]
    );
    assert_eq!(tow.unknown_keys(&a), vec!["colour"]);
}

#[test]
fn question_types_validate_to_typed_values() {
    let c = catalog();
    let q = |set: &str, key: &str| c.for_service(Some(set)).question(key).unwrap().clone();
    let height = q("ROADSIDE-TOW", "parking_height");
    assert_eq!(height.validate("1,85").unwrap(), json!(1.85));
    assert_eq!(height.validate("1"), Err(FieldError::BelowMin(1.5)));
    assert_eq!(height.validate("alto"), Err(FieldError::NotANumber));
    let pax = q("ROADSIDE-TOW", "passengers");
    assert_eq!(pax.validate("2.5"), Err(FieldError::NotAnInteger));
    assert_eq!(pax.validate("0").unwrap(), json!(0));
    let plate = q("ROADSIDE-TOW", "vehicle_plate");
    assert_eq!(plate.validate("!!!!"), Err(FieldError::PatternMismatch));
    let kind = q("ROADSIDE-TOW", "vehicle_type");
    assert_eq!(kind.validate("FURGONETA").unwrap(), json!("van"));
    assert!(
        matches!(kind.validate("tractor"), Err(FieldError::NotAnOption(v)) if v.contains(&"car".to_string()))
    );
    assert_eq!(kind.option_label("van", Language::En), "Van");
    let phone = q("nope", "contact_phone");
    assert_eq!(
        phone.validate("+34 612 345 678").unwrap(),
        json!("+34612345678")
    );
    // Without a country code: read in the configured region (ES by default).
    assert_eq!(phone.validate("612345678").unwrap(), json!("+34612345678"));
    assert!(matches!(
        phone.validate("612-34x"),
        Err(FieldError::BadPhone(_))
    ));
    assert_eq!(phone.validate("  ").unwrap(), serde_json::Value::Null);
    let email = q("HOME-REPAIR", "contact_email");
    assert_eq!(email.validate("x@y.es").unwrap(), json!("x@y.es"));
    assert_eq!(email.validate("x@y"), Err(FieldError::BadEmail));
    let date = q("HOME-REPAIR", "preferred_date");
    assert_eq!(date.validate("2025-13-01"), Err(FieldError::BadDate));
    let time = q("HOME-REPAIR", "preferred_time");
    // HH:MM or HH:MM:SS typed, HH:MM:SS sent (the reference's format).
    assert_eq!(time.validate("18:30").unwrap(), json!("18:30:00"));
    assert_eq!(time.validate("18:30:15").unwrap(), json!("18:30:15"));
    let desc = q("HOME-REPAIR", "problem");
    assert_eq!(desc.validate("abc"), Err(FieldError::TooShort(5)));
    assert_eq!(
        desc.validate(&"x".repeat(501)),
        Err(FieldError::TooLong(500))
    );
}

#[test]
fn conditions_in_equals_answered_and_chains() {
    let c = catalog();
    let battery = c.for_service(Some("ROADSIDE-BATTERY"));
    let shown =
        |a: &[(&str, &str)], key: &str| battery.visible(&answers(a)).iter().any(|q| q.key == key);
    assert!(shown(&[("fuel_type", "Eléctrico")], "ev_charge_level"));
    assert!(shown(&[("fuel_type", "hybrid")], "ev_charge_level"));
    assert!(!shown(&[("fuel_type", "diesel")], "ev_charge_level"));

    let home = c.for_service(Some("HOME-REPAIR"));
    let keys = |a: &[(&str, &str)]| -> Vec<String> {
        home.visible(&answers(a))
            .iter()
            .map(|q| q.key.clone())
            .collect()
    };
    assert!(keys(&[("trade", "electrician")]).contains(&"no_power".into()));
    assert!(!keys(&[("trade", "glazier")]).contains(&"no_power".into()));
    assert!(keys(&[("preferred_date", "2025-06-01")]).contains(&"preferred_time".into()));
    assert!(!keys(&[("preferred_date", "junio")]).contains(&"preferred_time".into()));

    // A chain: a question depending on a hidden question is hidden too.
    let text = r#"
[sets.default]
[[sets.default.questions]]
key = "a"
text_es = "A"
text_en = "A"
type = "boolean"
[[sets.default.questions]]
key = "b"
text_es = "B"
text_en = "B"
type = "number"
when = { key = "a", is_true = true }
[[sets.default.questions]]
key = "c"
text_es = "C"
text_en = "C"
type = "text"
when = { key = "b", equals = 2 }
"#;
    let cat = FormCatalog::from_toml("chain.toml", text).unwrap();
    let set = cat.for_service(None);
    let vis = |a: &[(&str, &str)]| -> Vec<String> {
        set.visible(&answers(a))
            .iter()
            .map(|q| q.key.clone())
            .collect()
    };
    assert_eq!(vis(&[("a", "sí"), ("b", "2.0")]), vec!["a", "b", "c"]);
    assert_eq!(vis(&[("a", "no"), ("b", "2")]), vec!["a"]);
}

#[test]
fn urgency_follows_the_sets_conditions() {
    let c = catalog();
    let lock = c.for_service(Some("HOME-LOCKSMITH"));
    assert!(lock.is_urgent(&answers(&[("people_locked_inside", "sí")])));
    assert!(!lock.is_urgent(&answers(&[("people_locked_inside", "no")])));
    let plumbing = c.for_service(Some("HOME-PLUMBING"));
    let flood = answers(&[("water_leak", "yes"), ("affects_neighbours", "yes")]);
    assert!(plumbing.is_urgent(&flood));
    // The neighbours answer does not count while the leak question says no.
    let dry = answers(&[("water_leak", "no"), ("affects_neighbours", "yes")]);
    assert!(!plumbing.is_urgent(&dry));
}

const ONE_Q: &str = r#"
[sets.default]
[[sets.default.questions]]
key = "ok"
text = { es = "Bien", en = "Fine" }
type = "text"
"#;

#[test]
fn load_reports_unknown_type_with_line() {
    let p = problems(&format!(
        "{ONE_Q}\n[[sets.default.questions]]\nkey = \"x\"\ntext_es = \"x\"\ntext_en = \"x\"\ntype = \"colour\"\n"
    ));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, Some(12));
    assert!(
        p[0].message.contains("unknown type \"colour\""),
        "{}",
        p[0].message
    );
    assert!(p[0].location.contains("questions[1] (x)"));
}

#[test]
fn load_reports_every_structural_problem() {
    let text = format!(
        r#"{ONE_Q}
[[sets.default.questions]]
key = "ok"
text_es = "dup"
text_en = "dup"
type = "text"
[[sets.default.questions]]
key = "pick"
text_es = "p"
text_en = "p"
type = "select"
[[sets.default.questions]]
key = "n"
text_es = "n"
text_en = "n"
type = "number"
min = 5
max = 1
[[sets.default.questions]]
key = "re"
text_es = "r"
text_en = "r"
type = "text"
pattern = "([a-z"
[[sets.default.questions]]
key = "dep"
text_es = "d"
text_en = "d"
type = "text"
when = {{ key = "ghost", equals = "x" }}
[[sets.default.questions]]
key = "half"
text_es = "only spanish"
type = "text"
"#
    );
    let p = problems(&text);
    let msgs: Vec<&str> = p.iter().map(|x| x.message.as_str()).collect();
    let has = |needle: &str| msgs.iter().any(|m| m.contains(needle));
    assert!(has("duplicate key \"ok\""), "{msgs:?}");
    assert!(has("a select needs options"), "{msgs:?}");
    assert!(has("min (5) is greater than max (1)"), "{msgs:?}");
    assert!(has("bad pattern"), "{msgs:?}");
    assert!(has("unknown key \"ghost\""), "{msgs:?}");
    assert!(has("both a Spanish and an English"), "{msgs:?}");
    assert_eq!(p.len(), 6);
    assert!(p.iter().all(|x| x.line.is_some()));
    // Sorted by line, and the message names the file.
    assert!(p.windows(2).all(|w| w[0].line <= w[1].line));
    let err = FormCatalog::from_toml("test.toml", &text).unwrap_err();
    assert!(err.to_string().contains("test.toml:"));
}

#[test]
fn load_reports_toml_errors_and_unknown_fields_with_line() {
    let p = problems(&format!("{ONE_Q}colour = \"red\"\n"));
    assert_eq!(p[0].line, Some(7));
    assert!(p[0].message.contains("colour"), "{}", p[0].message);
    let p = problems("[sets.default\n");
    assert_eq!(p[0].line, Some(1));
    let p = problems(
        "[sets.other]\n[[sets.other.questions]]\nkey=\"a\"\ntext_es=\"a\"\ntext_en=\"a\"\ntype=\"text\"\n",
    );
    assert!(p[0].message.contains("no [sets.default]"));
}

#[test]
fn load_refuses_bad_conditions() {
    let base = r#"
[sets.default]
[[sets.default.questions]]
key = "kind"
text_es = "k"
text_en = "k"
type = "select"
options = [{ value = "car", label_es = "Coche", label_en = "Car" }]
[[sets.default.questions]]
key = "later"
text_es = "l"
text_en = "l"
type = "text"
"#;
    let with = |cond: &str| format!("{base}when = {cond}\n");
    let msg = |cond: &str| problems(&with(cond))[0].message.clone();
    assert!(msg(r#"{ key = "kind", equals = "bus" }"#).contains("not an option"));
    assert!(msg(r#"{ key = "kind", is_true = true }"#).contains("boolean"));
    assert!(msg(r#"{ key = "kind" }"#).contains("exactly one"));
    assert!(msg(r#"{ key = "later", answered = true }"#).contains("itself"));
    assert!(FormCatalog::from_toml("t", &with(r#"{ key = "kind", in = ["car"] }"#)).is_ok());
}

#[test]
fn override_file_replaces_sets_by_name_and_claims_services() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.toml");
    std::fs::write(
        &path,
        r#"
[sets.roadside_tow]
services = ["ROADSIDE-TOW"]
[[sets.roadside_tow.questions]]
key = "plate_only"
text = { es = "Matrícula", en = "Plate" }
type = "text"
required = true

[sets.gas]
services = ["HOME-GAS", "HOME-REPAIR"]
[[sets.gas.questions]]
key = "smell"
text = { es = "¿Huele a gas?", en = "Smell of gas?" }
type = "boolean"
"#,
    )
    .unwrap();
    let c = FormCatalog::load(Some(&path)).unwrap();
    let tow = c.for_service(Some("ROADSIDE-TOW"));
    assert_eq!(tow.questions.len(), 1);
    // GRUA was claimed by the replaced built-in set only: it falls back to the default.
    assert_eq!(c.for_service(Some("GRUA")).name, "default");
    assert_eq!(c.for_service(Some("HOME-GAS")).name, "gas");
    assert_eq!(c.for_service(Some("HOME-REPAIR")).name, "gas");
    assert_eq!(c.for_service(None).name, "default");

    std::fs::write(&path, "[sets.x]\nservices = 3\n").unwrap();
    let err = FormCatalog::load(Some(&path)).unwrap_err();
    assert!(err.file.ends_with("forms.toml"));
    assert_eq!(err.problems[0].line, Some(2));
    let missing = FormCatalog::load(Some(&dir.path().join("absent.toml"))).unwrap_err();
    assert!(missing.problems[0].message.contains("cannot read"));
}

#[test]
fn duplicate_service_claims_are_refused() {
    let text = format!(
        "[sets.a]\nservices = [\"A\"]\n{}\n[sets.b]\nservices = [\"A\"]\n{}",
        ONE_Q.replace("default", "a").replace("[sets.a]", ""),
        ONE_Q.replace("default", "b").replace("[sets.b]", ""),
    );
    let p = problems(&format!("{ONE_Q}{text}"));
    assert!(p[0].message.contains("already served"), "{:?}", p);
}

#[test]
fn config_forms_file_is_relative_to_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("my-forms.toml"),
        "[sets.default]\n[[sets.default.questions]]\nkey = \"only\"\ntext_es = \"Única\"\ntext_en = \"Only\"\ntype = \"text\"\n",
    )
    .unwrap();
    let mut config = crate::config::Config::default();
    assert_eq!(
        FormCatalog::load_for(&config)
            .unwrap()
            .for_service(None)
            .questions[0]
            .key,
        "description"
    );
    config.requests.forms_file = Some("my-forms.toml".into());
    config.source = Some(dir.path().join("config.toml"));
    let c = FormCatalog::load_for(&config).unwrap();
    assert_eq!(c.for_service(None).questions[0].key, "only");
    // Sets the file does not name stay built in.
    assert_eq!(c.for_service(Some("SRV-GRUA")).name, "roadside_tow");
}

#[test]
fn prepare_checks_given_cli_answers_and_names_keys_to_warn_about() {
    let c = catalog();
    let tow = c.for_service(Some("SRV-GRUA"));
    let pairs: Vec<(String, String)> = [
        ("vehicle_type", "tractor"),
        ("in_garage", "no"),
        ("parking_height", "2"),
        ("colour", "rojo"),
        ("passengers", "1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let p = tow.prepare(&pairs);
    assert_eq!(p.unknown, vec!["colour"]);
    assert_eq!(p.hidden, vec!["parking_height"]);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors[0].0, "vehicle_type");
    let keys: Vec<&str> = p.inputs.iter().map(|i| i.question_key.as_str()).collect();
    assert_eq!(keys, ["vehicle_type", "in_garage", "passengers", "colour"]);
}
