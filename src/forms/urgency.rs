//! Whether a service request is urgent. The API has no urgent field: a request is urgent
//! when its answers meet its service's question set's `urgent_when` — the rule the form
//! shows the agent while typing ("URGENTE"), applied to what the server sends back. Answers
//! do not change after the create, so the board decides it once per request.
//!
//! The console installs its configured question sets at start ([`install`]); anything
//! else (tests, the relay) reads with the built-in ones.

use std::sync::OnceLock;

use super::{Answers, FormCatalog};
use crate::model::Answer;

static CATALOG: OnceLock<FormCatalog> = OnceLock::new();

/// The question sets urgency is read with, for the rest of the process (the first install
/// wins; later ones are ignored and return false).
pub fn install(catalog: FormCatalog) -> bool {
    CATALOG.set(catalog).is_ok()
}

fn catalog() -> &'static FormCatalog {
    CATALOG.get_or_init(|| FormCatalog::load(None).expect("assets/forms.toml is valid"))
}

/// The question sets installed for this process (the built-in ones until [`install`]):
/// what the board reads answers' labels with.
pub fn question_sets() -> &'static FormCatalog {
    catalog()
}

/// Whether `answers`, given to a request for service `service_external_id`, make it
/// urgent. A null value falls back to the answer's text; unknown keys are ignored.
pub fn is_urgent(answers: &[Answer], service_external_id: Option<&str>) -> bool {
    if answers.is_empty() {
        return false;
    }
    let set = catalog().for_service(service_external_id);
    if set.urgent_when.is_empty() {
        return false;
    }
    let typed: Answers = answers
        .iter()
        .filter_map(|a| {
            let key = a.question_key.clone()?;
            let text = match &a.value {
                None | Some(serde_json::Value::Null) => a.answer_text.clone()?,
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            Some((key, text))
        })
        .collect();
    set.is_urgent(&typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(key: &str, value: serde_json::Value) -> Answer {
        serde_json::from_value(serde_json::json!({"question_key": key, "value": value})).unwrap()
    }

    #[test]
    fn the_service_sets_rule_decides() {
        // The default set: the `urgent` question answered yes.
        let yes = [answer("urgent", serde_json::json!(true))];
        let no = [answer("urgent", serde_json::json!(false))];
        assert!(is_urgent(&yes, None));
        assert!(!is_urgent(&no, None));
        // A text answer ("sí") reads like the form reads it.
        assert!(is_urgent(
            &[answer("urgent", serde_json::json!("sí"))],
            None
        ));
        // No answers, or nulls: not urgent.
        assert!(!is_urgent(&[], None));
        assert!(!is_urgent(
            &[answer("urgent", serde_json::Value::Null)],
            None
        ));
    }
}
