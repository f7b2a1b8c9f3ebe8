//! Dynamic question sets of the service request form (issue 5).
//!
//! The API publishes no form definitions (CONTRACT.md, "Dynamic answers"), so the console
//! keeps its own: question sets keyed by service `external_id`, plus a `default` set, in
//! TOML. `assets/forms.toml` is compiled in; `[requests] forms_file` names a file whose sets
//! replace the built-in sets of the same name (and whose `services` claims win).
//!
//! Answers are the raw texts the agent typed, keyed by question key ([`Answers`]).
//! [`Question::validate`] turns one into its typed JSON value or a [`FieldError`] the UI
//! renders in Spanish or English (`tui::i18n`'s `field_error`; `Display` is English).

mod field;
mod load;
pub mod urgency;

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use serde_json::Value;

use crate::config::Language;
use crate::model::AnswerInput;

pub use field::*;
pub use load::{FormError, FormProblem};

/// Raw answers as typed, by question key.
pub type Answers = BTreeMap<String, String>;

/// The input type of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionType {
    Text,
    Number,
    /// `YYYY-MM-DD`
    Date,
    /// `HH:MM`
    Time,
    Boolean,
    Select,
    /// E.164
    Phone,
    Email,
}

impl QuestionType {
    pub const ALL: [&'static str; 8] = [
        "text", "number", "date", "time", "boolean", "select", "phone", "email",
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "text" => Self::Text,
            "number" => Self::Number,
            "date" => Self::Date,
            "time" => Self::Time,
            "boolean" => Self::Boolean,
            "select" => Self::Select,
            "phone" => Self::Phone,
            "email" => Self::Email,
            _ => return None,
        })
    }

    /// The name the API's `type` field uses.
    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize]
    }
}

/// A text in both UI languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct I18nText {
    pub es: String,
    pub en: String,
}

impl I18nText {
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Es => &self.es,
            Language::En => &self.en,
        }
    }
}

/// One choice of a `select`: the value sent, and its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    pub value: String,
    pub label: I18nText,
}

/// When a question is shown: a test on an earlier question's (typed) answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub key: String,
    pub test: ConditionTest,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConditionTest {
    Equals(Value),
    NotEquals(Value),
    In(Vec<Value>),
    IsTrue,
    IsFalse,
    /// Any valid, non-empty answer.
    Answered,
}

/// One question of a set.
#[derive(Debug, Clone)]
pub struct Question {
    pub key: String,
    pub text: I18nText,
    pub kind: QuestionType,
    pub required: bool,
    /// Bounds of a `number`.
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// A `number` that must be whole; sent as a JSON integer.
    pub integer: bool,
    /// Bounds of a text, in characters.
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// Must match the whole trimmed text (anchored when loaded).
    pub pattern: Option<Regex>,
    pub options: Vec<SelectOption>,
    pub when: Option<Condition>,
    /// An optional hint shown under the field.
    pub help: Option<I18nText>,
    /// The contract field ([`PREFILLABLE_FIELDS`]) the answer starts from.
    pub prefill: Option<String>,
}

impl Question {
    /// The typed value of `raw`: number → JSON number (integer when `integer`), boolean →
    /// bool, select → the option's value, phone → normalised E.164, others → trimmed text.
    /// An empty optional answer is `Ok(Value::Null)`; an empty required one is `Required`.
    pub fn validate(&self, raw: &str) -> Result<Value, FieldError> {
        let t = raw.trim();
        if t.is_empty() {
            return if self.required {
                Err(FieldError::Required)
            } else {
                Ok(Value::Null)
            };
        }
        let value = match self.kind {
            QuestionType::Number => {
                let v = parse_number(t)?;
                if self.integer && v.fract() != 0.0 {
                    return Err(FieldError::NotAnInteger);
                }
                if let Some(min) = self.min.filter(|m| v < *m) {
                    return Err(FieldError::BelowMin(min));
                }
                if let Some(max) = self.max.filter(|m| v > *m) {
                    return Err(FieldError::AboveMax(max));
                }
                if self.integer {
                    Value::from(v as i64)
                } else {
                    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
                }
            }
            QuestionType::Boolean => Value::Bool(parse_bool(t)?),
            QuestionType::Date => Value::String(validate_date_field(t)?),
            QuestionType::Time => Value::String(validate_time_field(t)?),
            QuestionType::Select => {
                // Typed as said: without accents and case.
                let typed = crate::text::fold(t);
                let hit = self.options.iter().find(|o| {
                    crate::text::fold(&o.value) == typed
                        || crate::text::fold(&o.label.es) == typed
                        || crate::text::fold(&o.label.en) == typed
                });
                match hit {
                    Some(o) => Value::String(o.value.clone()),
                    None => {
                        let values = self.options.iter().map(|o| o.value.clone()).collect();
                        return Err(FieldError::NotAnOption(values));
                    }
                }
            }
            QuestionType::Phone => {
                let region = crate::model::PhoneRegion::configured();
                Value::String(
                    crate::model::normalize_phone(t, region).map_err(FieldError::BadPhone)?,
                )
            }
            QuestionType::Email => Value::String(validate_email(t)?),
            QuestionType::Text => {
                let n = t.chars().count();
                if let Some(min) = self.min_length.filter(|m| n < *m) {
                    return Err(FieldError::TooShort(min));
                }
                if let Some(max) = self.max_length.filter(|m| n > *m) {
                    return Err(FieldError::TooLong(max));
                }
                Value::String(t.to_owned())
            }
        };
        if let (Some(re), Value::String(s)) = (&self.pattern, &value) {
            if !re.is_match(s) {
                return Err(FieldError::PatternMismatch);
            }
        }
        Ok(value)
    }

    /// The label of a select option value in `lang`, or the value itself.
    pub fn option_label<'a>(&'a self, value: &'a str, lang: Language) -> &'a str {
        self.options
            .iter()
            .find(|o| o.value == value)
            .map_or(value, |o| o.label.get(lang))
    }
}

/// The questions of one service (or the default set), in display order.
#[derive(Debug, Clone)]
pub struct QuestionSet {
    /// The set's name in the file (`default`, `roadside_tow`, …).
    pub name: String,
    /// Service `external_id`s this set serves.
    pub services: Vec<String>,
    pub questions: Vec<Question>,
    /// Conditions any of which makes the request urgent.
    pub urgent_when: Vec<Condition>,
    /// Request fields ([`REQUIRABLE_FIELDS`]) this service cannot be sent without.
    pub requires: Vec<String>,
    /// The same, while the request is urgent (an urgent leak needs its address).
    pub requires_if_urgent: Vec<String>,
}

/// The request fields a question set may make required.
pub const REQUIRABLE_FIELDS: [&str; 2] = ["origin_address", "destination_address"];

/// The contract fields a question may take its starting answer from.
pub const PREFILLABLE_FIELDS: [&str; 9] = [
    "vehicle_plate_number",
    "address_line_one",
    "address_line_two",
    "city",
    "state",
    "email",
    "mobile_phone_number",
    "first_name",
    "last_name",
];

impl QuestionSet {
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// True when the request cannot be sent without `field` (a request field's API name),
    /// given the answers so far.
    pub fn requires_field(&self, field: &str, answers: &Answers) -> bool {
        self.requires.iter().any(|f| f == field)
            || (self.requires_if_urgent.iter().any(|f| f == field) && self.is_urgent(answers))
    }

    /// An answer as an agent says it: the question's text and, for a choice, the
    /// option's label ("Tipo de puerta: Normal", not `standard`); yes/no in words.
    /// `None` when the set has no such question (the caller shows what the server sent).
    pub fn say(&self, key: &str, value: &Value, lang: Language) -> Option<(String, String)> {
        let q = self.question(key)?;
        let text = match (q.kind, value) {
            (QuestionType::Select, Value::String(v)) => q
                .options
                .iter()
                .find(|o| o.value == *v)
                .map_or_else(|| v.clone(), |o| o.label.get(lang).to_owned()),
            (QuestionType::Boolean, Value::Bool(b)) => match (lang, b) {
                (Language::Es, true) => "Sí".into(),
                (Language::Es, false) => "No".into(),
                (Language::En, true) => "Yes".into(),
                (Language::En, false) => "No".into(),
            },
            (_, Value::String(s)) => s.clone(),
            (_, Value::Null) => "—".into(),
            (_, other) => other.to_string(),
        };
        Some((q.text.get(lang).to_owned(), text))
    }

    /// The starting answers a contract gives (`prefill`), as JSON of the contract.
    pub fn prefilled(&self, contract: &Value) -> Answers {
        self.questions
            .iter()
            .filter_map(|q| {
                let text = contract.get(q.prefill.as_deref()?)?.as_str()?.trim();
                (!text.is_empty()).then(|| (q.key.clone(), text.to_owned()))
            })
            .collect()
    }

    /// The valid, non-null typed answer of a question that is itself visible.
    fn effective_value(&self, key: &str, answers: &Answers, depth: usize) -> Option<Value> {
        let q = self.question(key)?;
        if depth > self.questions.len() || !self.is_visible_at(q, answers, depth + 1) {
            return None;
        }
        q.validate(answers.get(key).map_or("", String::as_str))
            .ok()
            .filter(|v| !v.is_null())
    }

    fn is_visible_at(&self, q: &Question, answers: &Answers, depth: usize) -> bool {
        q.when
            .as_ref()
            .is_none_or(|cond| self.holds(cond, answers, depth))
    }

    fn holds(&self, cond: &Condition, answers: &Answers, depth: usize) -> bool {
        let value = self.effective_value(&cond.key, answers, depth);
        match (&cond.test, value) {
            (ConditionTest::Answered, v) => v.is_some(),
            (_, None) => false,
            (ConditionTest::Equals(want), Some(v)) => same(&v, want),
            (ConditionTest::NotEquals(want), Some(v)) => !same(&v, want),
            (ConditionTest::In(list), Some(v)) => list.iter().any(|w| same(&v, w)),
            (ConditionTest::IsTrue, Some(v)) => v == Value::Bool(true),
            (ConditionTest::IsFalse, Some(v)) => v == Value::Bool(false),
        }
    }

    /// Whether `q` is shown given the answers so far (its condition's question must itself be
    /// shown and validly answered).
    pub fn is_visible(&self, q: &Question, answers: &Answers) -> bool {
        self.is_visible_at(q, answers, 0)
    }

    /// Whether the answers make the request urgent (any of the set's `urgent_when`
    /// conditions holds, e.g. people locked inside): the form flags it to the agent.
    pub fn is_urgent(&self, answers: &Answers) -> bool {
        self.urgent_when.iter().any(|c| self.holds(c, answers, 0))
    }

    /// The questions shown, in order.
    pub fn visible(&self, answers: &Answers) -> Vec<&Question> {
        self.questions
            .iter()
            .filter(|q| self.is_visible(q, answers))
            .collect()
    }

    /// Every problem of the visible questions, in order; empty when the form can be sent.
    pub fn validate_all(&self, answers: &Answers) -> Vec<(String, FieldError)> {
        self.visible(answers)
            .into_iter()
            .filter_map(|q| {
                let raw = answers.get(&q.key).map_or("", String::as_str);
                q.validate(raw).err().map(|e| (q.key.clone(), e))
            })
            .collect()
    }

    /// The `answers` of a create: visible questions with a non-empty answer, in question
    /// order, typed when valid (else the trimmed text: call [`validate_all`] first), then
    /// keys the set does not know, as given (the CLI warns about them: [`unknown_keys`]).
    /// Answers to hidden questions are dropped.
    ///
    /// [`validate_all`]: Self::validate_all
    /// [`unknown_keys`]: Self::unknown_keys
    pub fn to_answer_inputs(&self, answers: &Answers) -> Vec<AnswerInput> {
        let mut out: Vec<AnswerInput> = self
            .visible(answers)
            .into_iter()
            .filter_map(|q| {
                let raw = answers.get(&q.key)?.trim();
                let value = match q.validate(raw) {
                    Ok(Value::Null) => return None,
                    Ok(v) => v,
                    Err(_) if raw.is_empty() => return None,
                    Err(_) => Value::String(raw.to_owned()),
                };
                Some(AnswerInput {
                    question_key: q.key.clone(),
                    value,
                })
            })
            .collect();
        out.extend(self.unknown_keys(answers).into_iter().map(|k| AnswerInput {
            question_key: k.to_owned(),
            value: Value::String(answers[k].clone()),
        }));
        out
    }

    /// Answers given to known questions that the other answers hide (they are not sent).
    pub fn hidden_keys<'a>(&self, answers: &'a Answers) -> Vec<&'a str> {
        answers
            .keys()
            .filter(|k| {
                self.question(k)
                    .is_some_and(|q| !self.is_visible(q, answers))
            })
            .map(String::as_str)
            .collect()
    }

    /// Everything a headless create needs from `--answer KEY=VALUE` pairs: the answers to
    /// send, the problems of known answers, and the keys to warn about.
    pub fn prepare(&self, pairs: &[(String, String)]) -> PreparedAnswers {
        let answers: Answers = pairs.iter().cloned().collect();
        let given = |k: &String| answers.get(k).is_some_and(|v| !v.trim().is_empty());
        PreparedAnswers {
            inputs: self.to_answer_inputs(&answers),
            // Headless: a required question left out is the caller's business (the server
            // decides); only answers actually given are checked.
            errors: self
                .validate_all(&answers)
                .into_iter()
                .filter(|(k, _)| given(k))
                .collect(),
            unknown: self
                .unknown_keys(&answers)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            hidden: self
                .hidden_keys(&answers)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Answer keys no question of this set has, sorted.
    pub fn unknown_keys<'a>(&self, answers: &'a Answers) -> Vec<&'a str> {
        answers
            .keys()
            .filter(|k| self.question(k).is_none())
            .map(String::as_str)
            .collect()
    }
}

/// `--answer` pairs checked against a set: see [`QuestionSet::prepare`].
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedAnswers {
    /// What to send (typed, hidden answers dropped, unknown keys as given).
    pub inputs: Vec<AnswerInput>,
    /// Given answers the set refuses.
    pub errors: Vec<(String, FieldError)>,
    /// Keys the set does not know (sent as given, with a warning).
    pub unknown: Vec<String>,
    /// Known keys hidden by the other answers (not sent).
    pub hidden: Vec<String>,
}

/// Equality of typed answers, numbers by value (`2` equals `2.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Every question set, and which serves which service.
#[derive(Debug, Clone)]
pub struct FormCatalog {
    sets: Vec<QuestionSet>,
    /// Service external id → index in `sets`.
    by_service: BTreeMap<String, usize>,
    default: usize,
}

/// The built-in question sets.
pub const DEFAULT_FORMS: &str = include_str!("../../assets/forms.toml");

impl FormCatalog {
    /// The built-in sets, with the sets of `override_file` (when given) replacing those of
    /// the same name. Every problem of a file is reported, with its line.
    pub fn load(override_file: Option<&Path>) -> Result<FormCatalog, FormError> {
        let mut catalog = load::parse("assets/forms.toml (built in)", DEFAULT_FORMS)?;
        if let Some(path) = override_file {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| FormError {
                file: name.clone(),
                problems: vec![FormProblem {
                    line: None,
                    location: String::new(),
                    message: format!("cannot read the file: {e}"),
                }],
            })?;
            catalog.merge(load::parse_sets(&name, &text)?);
        }
        Ok(catalog)
    }

    /// The catalog a configuration asks for: `[requests] forms_file`, a relative path being
    /// relative to the config file's directory.
    pub fn load_for(config: &crate::config::Config) -> Result<FormCatalog, FormError> {
        let file = config.requests.forms_file.as_ref().map(|f| {
            match config.source.as_deref().and_then(Path::parent) {
                Some(dir) if f.is_relative() => dir.join(f),
                _ => f.clone(),
            }
        });
        Self::load(file.as_deref())
    }

    /// Parses one TOML text on its own (no built-in sets); `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<FormCatalog, FormError> {
        load::parse(file, text)
    }

    fn merge(&mut self, sets: Vec<QuestionSet>) {
        for set in sets {
            let idx = match self.sets.iter().position(|s| s.name == set.name) {
                Some(i) => {
                    self.sets[i] = set;
                    i
                }
                None => {
                    self.sets.push(set);
                    self.sets.len() - 1
                }
            };
            // The replaced set's old claims go; the new set's claims win over any set's.
            self.by_service.retain(|_, i| *i != idx);
            for svc in &self.sets[idx].services {
                self.by_service.insert(svc.clone(), idx);
            }
            if self.sets[idx].name == "default" {
                self.default = idx;
            }
        }
    }

    /// The set of a service, or the default set.
    pub fn for_service(&self, external_id: Option<&str>) -> &QuestionSet {
        external_id
            .and_then(|id| self.by_service.get(id.trim()))
            .map_or(&self.sets[self.default], |i| &self.sets[*i])
    }

    pub fn sets(&self) -> &[QuestionSet] {
        &self.sets
    }
}

#[cfg(test)]
mod tests;
