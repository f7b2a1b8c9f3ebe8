//! Reading and checking a question-set file. Every problem is collected (not just the
//! first) with the line it is on, so a supervisor fixing a file sees them all at once.
//!
//! ```toml
//! [sets.roadside_tow]
//! services = ["ROADSIDE-TOW"]          # service external ids
//! [[sets.roadside_tow.questions]]
//! key = "vehicle_type"
//! text = { es = "Tipo de vehículo", en = "Vehicle type" }   # or text_es / text_en
//! type = "select"
//! required = true
//! options = [{ value = "car", label_es = "Turismo", label_en = "Car" }]
//! [[sets.roadside_tow.questions]]
//! key = "parking_height"
//! type = "number"
//! when = { key = "in_garage", is_true = true }   # equals / not_equals / in / is_false / answered
//! # and, on the set, conditions that make the request urgent:
//! # urgent_when = [{ key = "people_locked_inside", is_true = true }]
//! ```

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::{
    Condition, ConditionTest, FormCatalog, I18nText, Question, QuestionSet, QuestionType,
    SelectOption,
};

/// A question-set file that cannot be used, with every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct FormError {
    pub file: String,
    pub problems: Vec<FormProblem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormProblem {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Where in the file: `sets.roadside_tow.questions[2] (parking_height)`.
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "question sets in {} are invalid:", self.file)?;
        for p in &self.problems {
            write!(f, "\n  {}", self.file)?;
            if let Some(line) = p.line {
                write!(f, ":{line}")?;
            }
            if !p.location.is_empty() {
                write!(f, ": {}", p.location)?;
            }
            write!(f, ": {}", p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FormError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sets: BTreeMap<String, Spanned<RawSet>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    #[serde(default)]
    services: Vec<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    urgent_when: Vec<Spanned<RawCondition>>,
    /// Request fields the set makes required: `origin_address`, `destination_address`.
    #[serde(default)]
    requires: Vec<Spanned<String>>,
    /// The same, only while the request is urgent.
    #[serde(default)]
    requires_if_urgent: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    es: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    key: Spanned<String>,
    text: Option<RawText>,
    text_es: Option<String>,
    text_en: Option<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    required: bool,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default)]
    integer: bool,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<Spanned<String>>,
    options: Option<Vec<RawOption>>,
    when: Option<Spanned<RawCondition>>,
    help: Option<RawText>,
    help_es: Option<String>,
    help_en: Option<String>,
    /// A contract field whose value is the answer's starting text.
    prefill: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    value: String,
    label: Option<RawText>,
    label_es: Option<String>,
    label_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    key: String,
    equals: Option<toml::Value>,
    not_equals: Option<toml::Value>,
    #[serde(rename = "in")]
    in_list: Option<Vec<toml::Value>>,
    is_true: Option<bool>,
    is_false: Option<bool>,
    answered: Option<bool>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

struct Problems<'a> {
    text: &'a str,
    list: Vec<FormProblem>,
}

impl Problems<'_> {
    fn add(&mut self, offset: usize, location: &str, message: impl Into<String>) {
        self.list.push(FormProblem {
            line: Some(line_of(self.text, offset)),
            location: location.to_owned(),
            message: message.into(),
        });
    }
}

fn both(
    table: Option<RawText>,
    es: Option<String>,
    en: Option<String>,
) -> Result<Option<I18nText>, &'static str> {
    match (table, es, en) {
        (Some(t), None, None) => Ok(Some(I18nText { es: t.es, en: t.en })),
        (None, Some(es), Some(en)) => Ok(Some(I18nText { es, en })),
        (None, None, None) => Ok(None),
        (Some(_), _, _) => Err("give the table or the _es/_en keys, not both"),
        _ => Err("needs both a Spanish and an English text"),
    }
}

fn json(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The sets of one file, checked on their own (conditions refer within a set).
pub(super) fn parse_sets(file: &str, text: &str) -> Result<Vec<QuestionSet>, FormError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| FormError {
        file: file.to_owned(),
        problems: vec![FormProblem {
            line: e.span().map(|s| line_of(text, s.start)),
            location: String::new(),
            message: e.message().trim().to_owned(),
        }],
    })?;
    let mut p = Problems {
        text,
        list: Vec::new(),
    };
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    let mut sets = Vec::new();
    for (name, set) in raw.sets {
        let set_start = set.span().start;
        let set = set.into_inner();
        for svc in &set.services {
            let id = svc.get_ref().trim().to_owned();
            if id.is_empty() {
                p.add(
                    svc.span().start,
                    &format!("sets.{name}.services"),
                    "empty service id",
                );
            } else if let Some(other) = claimed.insert(id.clone(), name.clone()) {
                p.add(
                    svc.span().start,
                    &format!("sets.{name}.services"),
                    format!("service {id:?} is already served by set {other:?}"),
                );
            }
        }
        if set.questions.is_empty() {
            p.add(
                set_start,
                &format!("sets.{name}"),
                "a set needs at least one question",
            );
        }
        let mut questions: Vec<Question> = Vec::new();
        for (i, q) in set.questions.into_iter().enumerate() {
            let at = q.span().start;
            let q = q.into_inner();
            let loc = format!("sets.{name}.questions[{i}] ({})", q.key.get_ref());
            if let Some(question) = check_question(&mut p, &loc, at, q, &questions) {
                questions.push(question);
            }
        }
        let loc = format!("sets.{name}.urgent_when");
        let urgent_when = set
            .urgent_when
            .into_iter()
            .filter_map(|c| check_condition(&mut p, &loc, c, "", &questions))
            .collect();
        let mut fields = |list: Vec<Spanned<String>>, what: &str| -> Vec<String> {
            list.into_iter()
                .filter_map(|f| {
                    let key = f.get_ref().trim().to_owned();
                    if super::REQUIRABLE_FIELDS.contains(&key.as_str()) {
                        Some(key)
                    } else {
                        p.add(
                            f.span().start,
                            &format!("sets.{name}.{what}"),
                            format!(
                                "{key:?} cannot be required (one of {})",
                                super::REQUIRABLE_FIELDS.join(", ")
                            ),
                        );
                        None
                    }
                })
                .collect()
        };
        let requires = fields(set.requires, "requires");
        let requires_if_urgent = fields(set.requires_if_urgent, "requires_if_urgent");
        sets.push(QuestionSet {
            name,
            services: set.services.into_iter().map(|s| s.into_inner()).collect(),
            questions,
            urgent_when,
            requires,
            requires_if_urgent,
        });
    }
    if p.list.is_empty() {
        Ok(sets)
    } else {
        p.list.sort_by_key(|x| x.line);
        Err(FormError {
            file: file.to_owned(),
            problems: p.list,
        })
    }
}

/// The question, or `None` after recording why it cannot be used. `earlier` are the
/// questions before it in its set (conditions may only look back, so there are no cycles).
fn check_question(
    p: &mut Problems,
    loc: &str,
    at: usize,
    q: RawQuestion,
    earlier: &[Question],
) -> Option<Question> {
    let before = p.list.len();
    let key = q.key.get_ref().trim().to_owned();
    if key.is_empty() || key.chars().any(char::is_whitespace) {
        p.add(
            q.key.span().start,
            loc,
            "key must be non-empty, without spaces",
        );
    } else if earlier.iter().any(|e| e.key == key) {
        p.add(q.key.span().start, loc, format!("duplicate key {key:?}"));
    }
    let kind = QuestionType::parse(q.kind.get_ref().trim());
    if kind.is_none() {
        p.add(
            q.kind.span().start,
            loc,
            format!(
                "unknown type {:?} (expected one of {})",
                q.kind.get_ref(),
                QuestionType::ALL.join(", ")
            ),
        );
    }
    let text = match both(q.text, q.text_es, q.text_en) {
        Ok(Some(t)) => Some(t),
        Ok(None) => {
            p.add(
                at,
                loc,
                "text missing: give text = { es, en } or text_es and text_en",
            );
            None
        }
        Err(why) => {
            p.add(at, loc, format!("text: {why}"));
            None
        }
    };
    let help = both(q.help, q.help_es, q.help_en).unwrap_or_else(|why| {
        p.add(at, loc, format!("help: {why}"));
        None
    });
    let is = |t: QuestionType| kind == Some(t);
    if (q.min.is_some() || q.max.is_some() || q.integer) && !is(QuestionType::Number) {
        p.add(
            at,
            loc,
            "min, max and integer apply to number questions only",
        );
    }
    if let (Some(lo), Some(hi)) = (q.min, q.max) {
        if lo > hi {
            p.add(at, loc, format!("min ({lo}) is greater than max ({hi})"));
        }
    }
    if (q.min_length.is_some() || q.max_length.is_some()) && !is(QuestionType::Text) {
        p.add(
            at,
            loc,
            "min_length and max_length apply to text questions only",
        );
    }
    if let (Some(lo), Some(hi)) = (q.min_length, q.max_length) {
        if lo > hi {
            p.add(
                at,
                loc,
                format!("min_length ({lo}) is greater than max_length ({hi})"),
            );
        }
    }
    let pattern =
        q.pattern.as_ref().and_then(
            |pat| match Regex::new(&format!("^(?:{})$", pat.get_ref())) {
                Ok(re) => Some(re),
                Err(e) => {
                    let first = e.to_string();
                    let why = first.lines().last().unwrap_or("invalid").trim().to_owned();
                    p.add(
                        pat.span().start,
                        loc,
                        format!("bad pattern {:?}: {why}", pat.get_ref()),
                    );
                    None
                }
            },
        );
    if pattern.is_some() && (is(QuestionType::Number) || is(QuestionType::Boolean)) {
        p.add(
            at,
            loc,
            "pattern does not apply to number or boolean questions",
        );
    }
    let mut options = Vec::new();
    match (&q.options, is(QuestionType::Select)) {
        (None, true) => p.add(at, loc, "a select needs options"),
        (Some(o), true) if o.is_empty() => p.add(at, loc, "a select needs options"),
        (Some(_), false) if kind.is_some() => p.add(at, loc, "options apply to select only"),
        _ => {}
    }
    let mut seen = BTreeSet::new();
    for o in q.options.into_iter().flatten() {
        if !seen.insert(o.value.clone()) {
            p.add(at, loc, format!("duplicate option value {:?}", o.value));
        }
        match both(o.label, o.label_es, o.label_en) {
            Ok(Some(label)) => options.push(SelectOption {
                value: o.value,
                label,
            }),
            Ok(None) => options.push(SelectOption {
                label: I18nText {
                    es: o.value.clone(),
                    en: o.value.clone(),
                },
                value: o.value,
            }),
            Err(why) => p.add(at, loc, format!("option {:?}: {why}", o.value)),
        }
    }
    let when = q
        .when
        .and_then(|c| check_condition(p, loc, c, &key, earlier));
    let prefill = q.prefill.and_then(|f| {
        let field = f.get_ref().trim().to_owned();
        if super::PREFILLABLE_FIELDS.contains(&field.as_str()) {
            Some(field)
        } else {
            p.add(
                f.span().start,
                loc,
                format!(
                    "prefill: {field:?} is not a contract field a question can start from ({})",
                    super::PREFILLABLE_FIELDS.join(", ")
                ),
            );
            None
        }
    });
    if p.list.len() > before {
        return None;
    }
    Some(Question {
        key,
        text: text?,
        kind: kind?,
        required: q.required,
        min: q.min,
        max: q.max,
        integer: q.integer,
        min_length: q.min_length,
        max_length: q.max_length,
        pattern,
        options,
        when,
        help,
        prefill,
    })
}

fn check_condition(
    p: &mut Problems,
    loc: &str,
    c: Spanned<RawCondition>,
    own_key: &str,
    earlier: &[Question],
) -> Option<Condition> {
    let at = c.span().start;
    let c = c.into_inner();
    let target = earlier.iter().find(|q| q.key == c.key);
    let Some(target) = target else {
        let why = if c.key == own_key {
            "a question cannot depend on itself".to_owned()
        } else {
            format!(
                "condition on unknown key {:?} (it must be a question earlier in the set)",
                c.key
            )
        };
        p.add(at, loc, why);
        return None;
    };
    let mut tests = Vec::new();
    if let Some(v) = &c.equals {
        tests.push(ConditionTest::Equals(json(v)));
    }
    if let Some(v) = &c.not_equals {
        tests.push(ConditionTest::NotEquals(json(v)));
    }
    if let Some(list) = &c.in_list {
        tests.push(ConditionTest::In(list.iter().map(json).collect()));
    }
    match c.is_true {
        Some(true) => tests.push(ConditionTest::IsTrue),
        Some(false) => tests.push(ConditionTest::IsFalse),
        None => {}
    }
    match c.is_false {
        Some(true) => tests.push(ConditionTest::IsFalse),
        Some(false) => tests.push(ConditionTest::IsTrue),
        None => {}
    }
    if c.answered == Some(true) {
        tests.push(ConditionTest::Answered);
    }
    if tests.len() != 1 {
        p.add(
            at,
            loc,
            "a condition needs exactly one of equals, not_equals, in, is_true, is_false, answered",
        );
        return None;
    }
    let test = tests.pop()?;
    let values: Vec<&serde_json::Value> = match &test {
        ConditionTest::Equals(v) | ConditionTest::NotEquals(v) => vec![v],
        ConditionTest::In(list) => list.iter().collect(),
        _ => vec![],
    };
    if matches!(test, ConditionTest::IsTrue | ConditionTest::IsFalse)
        && target.kind != QuestionType::Boolean
    {
        p.add(
            at,
            loc,
            format!(
                "is_true/is_false need a boolean question, {:?} is not",
                c.key
            ),
        );
        return None;
    }
    if target.kind == QuestionType::Select {
        for v in values {
            let known = v
                .as_str()
                .is_some_and(|s| target.options.iter().any(|o| o.value == s));
            if !known {
                p.add(at, loc, format!("{v} is not an option of {:?}", c.key));
                return None;
            }
        }
    }
    Some(Condition { key: c.key, test })
}

/// A catalog of one file; it must have a `default` set.
pub(super) fn parse(file: &str, text: &str) -> Result<FormCatalog, FormError> {
    let sets = parse_sets(file, text)?;
    let Some(default) = sets.iter().position(|s| s.name == "default") else {
        return Err(FormError {
            file: file.to_owned(),
            problems: vec![FormProblem {
                line: None,
                location: "sets".into(),
                message: "no [sets.default] set".into(),
            }],
        });
    };
    let mut by_service = BTreeMap::new();
    for (i, s) in sets.iter().enumerate() {
        for svc in &s.services {
            by_service.insert(svc.trim().to_owned(), i);
        }
    }
    Ok(FormCatalog {
        sets,
        by_service,
        default,
    })
}
