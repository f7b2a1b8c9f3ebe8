//! What changed in a service request between two copies of it: the one the agent opened
//! and the server's copy now (the stale-edit guard, issue 14). Pure: no I/O, no UI.
//!
//! Both copies are compared field by field through their JSON form, so every field the
//! model knows takes part (answers and the status history included). Tolerant the way the
//! API asks: an absent field, a `null` and a blank string are the same "nothing"; fields the
//! lenient readers did not know are not in either copy, so they never count as a change.

use serde_json::Value;

use super::{ServiceRequest, ServiceRequestUpdate, value_text};

/// How much of the request the agent's copy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The whole request (a detail fetched by id, a form's loaded request).
    Whole,
    /// Only these fields (a board row keeps the fields it shows); others are not compared.
    Only(&'static [&'static str]),
}

impl Seen {
    fn covers(&self, field: &str) -> bool {
        match self {
            Seen::Whole => true,
            Seen::Only(fields) => fields.contains(&field),
        }
    }
}

/// One field that differs between the agent's copy and the server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The API's name of the field.
    pub field: String,
    /// As the agent opened it (`None`: empty).
    pub then: Option<String>,
    /// On the server now (`None`: empty).
    pub now: Option<String>,
    /// What the agent is about to send for it: `Some(None)` empties it, `None` leaves it.
    pub mine: Option<Option<String>>,
}

impl FieldChange {
    /// Sending would replace the server's new value with a different one.
    pub fn overwrites(&self) -> bool {
        self.mine.as_ref().is_some_and(|mine| *mine != self.now)
    }
}

/// Fields shown first (what agents fight over), then the rest in the model's order.
const FIRST: &[&str] = &[
    "current_status",
    "provider_name",
    "provider_phone",
    "technician_name",
    "scheduled_date",
    "scheduled_time",
    "scheduled_end_date",
];

/// Every field whose value differs between `opened` (the agent's copy, of which `seen`
/// tells how much is known) and `now` (the server's), each with what `sending` would put
/// there. Empty when nothing changed.
pub fn changes_since(
    opened: &ServiceRequest,
    now: &ServiceRequest,
    seen: Seen,
    sending: &ServiceRequestUpdate,
) -> Vec<FieldChange> {
    let then = as_object(opened);
    let current = as_object(now);
    let mut names: Vec<&str> = FIRST.to_vec();
    for name in then.keys().chain(current.keys()) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter(|name| seen.covers(name))
        .filter_map(|name| {
            let (a, b) = (normal(then.get(name)), normal(current.get(name)));
            (a != b).then(|| FieldChange {
                field: name.to_owned(),
                then: a.map(|v| text(&v)),
                now: b.map(|v| text(&v)),
                mine: mine(sending, name),
            })
        })
        .collect()
}

/// The names of the fields in `changes` (to keep the agent's other edits on a reload).
pub fn changed_names(changes: &[FieldChange]) -> Vec<String> {
    changes.iter().map(|c| c.field.clone()).collect()
}

fn as_object(r: &ServiceRequest) -> serde_json::Map<String, Value> {
    match serde_json::to_value(r) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// A value with "nothing" made one thing: absent, `null`, a blank string, an empty list or
/// object all become `None`; strings are compared trimmed.
fn normal(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(Value::String(s.trim().to_owned())),
        Value::Array(a) if a.is_empty() => None,
        Value::Object(o) if o.is_empty() => None,
        other => Some(other.clone()),
    }
}

/// A value as one line an agent reads: scalars as text, the status history as its entries,
/// answers as `question=value` pairs.
fn text(v: &Value) -> String {
    match v {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k} {}", value_text(Some(v))))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Object(a) => {
                    let key = a.get("question_key").and_then(Value::as_str).unwrap_or("?");
                    format!("{key}={}", value_text(a.get("value")))
                }
                other => value_text(Some(other)),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => value_text(Some(other)),
    }
}

/// What `sending` puts in `field`, if it touches it.
fn mine(sending: &ServiceRequestUpdate, field: &str) -> Option<Option<String>> {
    if sending.cleared.contains(field) {
        return Some(None);
    }
    sending
        .text(field)
        .flatten()
        .map(|v| Some(v.trim().to_owned()).filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    /// The seed's reference request 60 (dashed phones, a latitude of 94, a null end date).
    fn reference() -> ServiceRequest {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/reference_service_request.json"
        ))
        .unwrap()
    }

    fn update(pairs: &[(&str, Option<&str>)]) -> ServiceRequestUpdate {
        let mut u = ServiceRequestUpdate::default();
        for (k, v) in pairs {
            match v {
                Some(v) => u.set(k, Some((*v).into())).unwrap(),
                None => u.clear(k).unwrap(),
            }
        }
        u
    }

    #[test]
    fn the_same_request_has_no_changes() {
        let r = reference();
        assert!(changes_since(&r, &r.clone(), Seen::Whole, &update(&[])).is_empty());
    }

    #[test]
    fn nulls_absent_and_blank_are_the_same_and_unknown_fields_never_count() {
        let opened: ServiceRequest = serde_json::from_value(serde_json::json!({
            "id": 60, "technician_name": null, "provider_phone": "  ",
            "scheduled_end_date": "", "brand_new": {"x": 1}
        }))
        .unwrap();
        let now: ServiceRequest = serde_json::from_value(serde_json::json!({
            "id": 60, "provider_phone": null, "another_unknown": [1, 2],
            "answers": null, "status_history": {}
        }))
        .unwrap();
        assert_eq!(
            changes_since(&opened, &now, Seen::Whole, &update(&[])),
            vec![]
        );
    }

    #[test]
    fn a_colleagues_provider_change_is_found_and_marked_when_mine_overwrites_it() {
        let opened = reference();
        let mut now = reference();
        now.provider_name = Some("Grúas del Sur".into());
        now.provider_phone = Some("965 036 893".into());
        now.current_status = Some(Status::InProgress);
        let mine = update(&[
            ("provider_name", Some("Villalobos S.L.")),
            ("technician_name", Some("Luis Pérez")),
        ]);
        let changes = changes_since(&opened, &now, Seen::Whole, &mine);
        let names: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        // Status first, as agents read it; nothing the colleague left alone.
        assert_eq!(names, ["current_status", "provider_name", "provider_phone"]);
        let provider = &changes[1];
        assert_eq!(provider.then.as_deref(), Some("Villalobos S.L."));
        assert_eq!(provider.now.as_deref(), Some("Grúas del Sur"));
        assert!(provider.overwrites());
        // Not sent by the agent: shown, not marked.
        assert!(!changes[2].overwrites());
        assert_eq!(changes[2].mine, None);
        assert_eq!(changes[0].then.as_deref(), Some("assigned"));
        assert_eq!(changes[0].now.as_deref(), Some("in_progress"));
    }

    #[test]
    fn sending_what_the_server_already_has_overwrites_nothing_and_emptying_does() {
        let opened = reference();
        let mut now = reference();
        now.technician_name = Some("Ana Ruiz".into());
        now.scheduled_time = Some("18:00:00".into());
        let mine = update(&[
            ("technician_name", Some("Ana Ruiz")),
            ("scheduled_time", None),
        ]);
        let changes = changes_since(&opened, &now, Seen::Whole, &mine);
        let by = |f: &str| changes.iter().find(|c| c.field == f).unwrap().clone();
        assert!(!by("technician_name").overwrites());
        let time = by("scheduled_time");
        assert_eq!(time.mine, Some(None));
        assert!(time.overwrites());
    }

    #[test]
    fn a_board_row_compares_only_the_fields_it_keeps() {
        // What a board row knows: a few fields; everything else unknown, not "emptied".
        let full = reference();
        let row = ServiceRequest {
            id: full.id,
            current_status: full.current_status.clone(),
            provider_name: full.provider_name.clone(),
            ..Default::default()
        };
        const ROW: &[&str] = &["id", "current_status", "provider_name"];
        assert!(changes_since(&row, &full, Seen::Only(ROW), &update(&[])).is_empty());
        let mut now = full.clone();
        now.provider_name = None;
        now.technician_name = Some("Otro".into());
        let changes = changes_since(&row, &now, Seen::Only(ROW), &update(&[]));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "provider_name");
        assert_eq!(changes[0].now, None);
    }

    #[test]
    fn history_and_answers_read_as_one_line() {
        let opened = reference();
        let mut now = reference();
        let mut history = now.status_history.clone().unwrap_or_default();
        history.insert(
            "cancelled".into(),
            Value::String("2025-01-02T09:00:00.000Z".into()),
        );
        now.status_history = Some(history);
        now.answers = Some(vec![crate::model::Answer {
            question_key: Some("vehicle".into()),
            value: Some(Value::String("Turismo".into())),
            ..Default::default()
        }]);
        let changes = changes_since(&opened, &now, Seen::Whole, &update(&[]));
        let history = changes
            .iter()
            .find(|c| c.field == "status_history")
            .unwrap();
        assert!(
            history
                .now
                .as_deref()
                .unwrap()
                .ends_with("cancelled 2025-01-02T09:00:00.000Z"),
            "{history:?}"
        );
        let answers = changes.iter().find(|c| c.field == "answers").unwrap();
        assert_eq!(answers.now.as_deref(), Some("vehicle=Turismo"));
    }
}
