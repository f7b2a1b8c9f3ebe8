//! Service requests: the answer shape, the create and update bodies, answers and statuses.
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeSet;

use super::JsonObject;

/// A request's status. The five known values, and any other string kept as it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Pending,
    Assigned,
    InProgress,
    Finished,
    Cancelled,
    Other(String),
}

impl Status {
    pub const KNOWN: [Status; 5] = [
        Status::Pending,
        Status::Assigned,
        Status::InProgress,
        Status::Finished,
        Status::Cancelled,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            Status::Pending => "pending",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::Finished => "finished",
            Status::Cancelled => "cancelled",
            Status::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> Status {
        match s {
            "pending" => Status::Pending,
            "assigned" => Status::Assigned,
            "in_progress" => Status::InProgress,
            "finished" => Status::Finished,
            "cancelled" => Status::Cancelled,
            other => Status::Other(other.to_owned()),
        }
    }

    /// Open requests still need work: neither finished nor cancelled.
    pub fn is_open(&self) -> bool {
        !matches!(self, Status::Finished | Status::Cancelled)
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Status::Other(_))
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Status::parse(s))
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Status::parse(&String::deserialize(d)?))
    }
}

fn opt_status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Status>, D::Error> {
    Ok(super::de::opt_string(d)?.map(|s| Status::parse(&s)))
}

crate::api_object! {
    /// One answer of the service's dynamic form, as the server returns it.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Answer {
        pub question_key: Option<String>,
        pub question_text: Option<String>,
        /// String, number, boolean or null, as given.
        #[serde(default)]
        pub value: Option<Value>,
        pub answer_text: Option<String>,
        #[serde(rename = "type")]
        pub kind: Option<String>,
    }
}

impl Answer {
    /// The value as text, "—" when missing.
    pub fn value_text(&self) -> String {
        value_text(self.value.as_ref())
    }
}

/// A JSON scalar as the text an agent reads.
pub fn value_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => super::MISSING.to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// An answer sent on create: `{question_key, value}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerInput {
    pub question_key: String,
    pub value: Value,
}

crate::api_object! {
    /// A service request as returned by the API and carried by webhooks.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct ServiceRequest {
        pub id: Option<i64>,
        pub service_id: Option<i64>,
        pub contract_id: Option<i64>,
        pub external_id: Option<String>,
        pub public_id: Option<String>,
        pub plan_code: Option<String>,
        #[serde(default, deserialize_with = "opt_status")]
        pub current_status: Option<Status>,
        pub access_identifier: Option<String>,
        pub access_identifier_kind: Option<String>,
        pub requested_at: Option<String>,
        pub service_name: Option<String>,
        /// Status reached → when (ISO 8601), in the order the server sent them.
        pub status_history: Option<JsonObject>,
        pub extra_info: Option<String>,
        pub origin_address: Option<String>,
        pub origin_latitude: Option<String>,
        pub origin_longitude: Option<String>,
        pub destination_address: Option<String>,
        pub destination_latitude: Option<String>,
        pub destination_longitude: Option<String>,
        pub scheduled_date: Option<String>,
        pub scheduled_end_date: Option<String>,
        pub scheduled_time: Option<String>,
        pub provider_name: Option<String>,
        pub provider_phone: Option<String>,
        pub technician_name: Option<String>,
        pub user_full_name: Option<String>,
        pub user_email: Option<String>,
        pub user_phone: Option<String>,
        pub source: Option<String>,
        pub contact_center_phone: Option<String>,
        pub service_external_id: Option<String>,
        pub user_first_name: Option<String>,
        pub user_last_name: Option<String>,
        pub external_plan_id: Option<String>,
        pub document_identifier: Option<String>,
        #[serde(default, deserialize_with = "crate::model::de::opt_vec", skip_serializing_if = "Option::is_none")]
        pub answers: Option<Vec<Answer>>,
    }
}

impl ServiceRequest {
    /// The status, `Other("")` when the server sent none.
    pub fn status(&self) -> Status {
        self.current_status
            .clone()
            .unwrap_or(Status::Other(String::new()))
    }

    /// The customer's name: first + last, or the deprecated full name.
    pub fn user_name(&self) -> String {
        let joined = [
            self.user_first_name.as_deref(),
            self.user_last_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        if joined.is_empty() {
            self.user_full_name.clone().unwrap_or_default()
        } else {
            joined
        }
    }

    /// The status history as (status, time) pairs, oldest first.
    pub fn history(&self) -> Vec<(String, Option<String>)> {
        let mut items: Vec<(String, Option<String>)> = self
            .status_history
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned)))
            .collect();
        // ISO 8601 UTC stamps sort as text; entries without a time keep their place last.
        items.sort_by(|a, b| match (&a.1, &b.1) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        items
    }

    /// When the request entered its current status or, failing that, was requested.
    pub fn requested_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        parse_time(self.requested_at.as_deref()?)
    }
}

/// An ISO 8601 / RFC 3339 timestamp.
pub fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// `{service_requests: [...]}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ServiceRequestList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub service_requests: Vec<ServiceRequest>,
}

/// `{service_request: {...}}`; used for answers and, with the input types, for bodies.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ServiceRequestEnvelope<T = ServiceRequest> {
    pub service_request: T,
}

crate::api_object! {
    /// Body of a create (inside `{service_request: ...}`). Only set fields are sent.
    #[serde_with::skip_serializing_none]
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct ServiceRequestCreate {
        pub service_id: Option<i64>,
        pub contract_id: Option<i64>,
        pub external_id: Option<String>,
        pub current_status: Option<String>,
        pub access_identifier: Option<String>,
        pub document_identifier: Option<String>,
        pub requested_at: Option<String>,
        pub service_name: Option<String>,
        pub origin_address: Option<String>,
        pub origin_latitude: Option<String>,
        pub origin_longitude: Option<String>,
        pub destination_address: Option<String>,
        pub destination_latitude: Option<String>,
        pub destination_longitude: Option<String>,
        pub scheduled_date: Option<String>,
        pub scheduled_end_date: Option<String>,
        pub scheduled_time: Option<String>,
        pub provider_name: Option<String>,
        pub provider_phone: Option<String>,
        pub technician_name: Option<String>,
        pub user_phone: Option<String>,
        pub source: Option<String>,
        pub contact_center_phone: Option<String>,
        pub service_external_id: Option<String>,
        /// Not in the reference's list but carried by answers; sent when the agent wrote one.
        pub extra_info: Option<String>,
        #[serde(default, deserialize_with = "crate::model::de::opt_vec")]
        pub answers: Option<Vec<AnswerInput>>,
    }
}

crate::api_object! {
    /// Body of an update (inside `{service_request: ...}`): only the fields the server
    /// allows to change, and only those set are sent.
    #[serde_with::skip_serializing_none]
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct ServiceRequestUpdate {
        pub external_id: Option<String>,
        pub current_status: Option<String>,
        pub service_name: Option<String>,
        pub origin_address: Option<String>,
        pub origin_latitude: Option<String>,
        pub origin_longitude: Option<String>,
        pub destination_address: Option<String>,
        pub destination_latitude: Option<String>,
        pub destination_longitude: Option<String>,
        pub scheduled_date: Option<String>,
        pub scheduled_end_date: Option<String>,
        pub scheduled_time: Option<String>,
        pub provider_name: Option<String>,
        pub provider_phone: Option<String>,
        pub technician_name: Option<String>,
        pub user_phone: Option<String>,
        pub contact_center_phone: Option<String>,
        /// Fields to empty: each is sent as `null` (none of them is also set above).
        /// Only written: a body read back has `None` for a null field, as the lenient
        /// readers give every null.
        #[serde(
            flatten,
            skip_deserializing,
            skip_serializing_if = "BTreeSet::is_empty",
            serialize_with = "as_nulls"
        )]
        pub cleared: BTreeSet<String>,
    }
}

/// `{"field": null, …}` for each cleared field.
fn as_nulls<S: Serializer>(fields: &BTreeSet<String>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(fields.len()))?;
    for f in fields {
        map.serialize_entry(f, &())?;
    }
    map.end()
}

/// Text fields by name (CLI `--field KEY=VALUE`, the sandbox's create and update): one
/// list per type gives `TEXT_FIELDS`, `text` and `text_mut`, instead of a `match` per use.
macro_rules! text_fields {
    ($ty:ty { $($field:ident),* $(,)? }) => {
        impl $ty {
            /// Names of the `Option<String>` fields settable by name.
            pub const TEXT_FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The text field named `name`; `None` when there is no such text field.
            pub fn text(&self, name: &str) -> Option<Option<&str>> {
                match name {
                    $(stringify!($field) => Some(self.$field.as_deref()),)*
                    _ => None,
                }
            }

            /// The text field named `name`, to set.
            pub fn text_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
                match name {
                    $(stringify!($field) => Some(&mut self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

// What a create sets directly on the stored request (besides ids, status and answers).
text_fields!(ServiceRequest {
    external_id,
    requested_at,
    service_name,
    origin_address,
    origin_latitude,
    origin_longitude,
    destination_address,
    destination_latitude,
    destination_longitude,
    scheduled_date,
    scheduled_end_date,
    scheduled_time,
    provider_name,
    provider_phone,
    technician_name,
    user_phone,
    source,
    contact_center_phone,
    extra_info,
});

text_fields!(ServiceRequestCreate {
    external_id,
    current_status,
    access_identifier,
    document_identifier,
    requested_at,
    service_name,
    origin_address,
    origin_latitude,
    origin_longitude,
    destination_address,
    destination_latitude,
    destination_longitude,
    scheduled_date,
    scheduled_end_date,
    scheduled_time,
    provider_name,
    provider_phone,
    technician_name,
    user_phone,
    source,
    contact_center_phone,
    service_external_id,
    extra_info,
});

text_fields!(ServiceRequestUpdate {
    external_id,
    current_status,
    service_name,
    origin_address,
    origin_latitude,
    origin_longitude,
    destination_address,
    destination_latitude,
    destination_longitude,
    scheduled_date,
    scheduled_end_date,
    scheduled_time,
    provider_name,
    provider_phone,
    technician_name,
    user_phone,
    contact_center_phone,
});

/// Field names an update may carry (CONTRACT.md); anything else the server ignores.
pub const UPDATABLE_FIELDS: &[&str] = ServiceRequestUpdate::TEXT_FIELDS;

impl ServiceRequestUpdate {
    /// Sets one field by name from text; `Err` names a field an update cannot change.
    pub fn set(&mut self, field: &str, value: Option<String>) -> Result<(), String> {
        let name = if field == "status" {
            "current_status"
        } else {
            field
        };
        let slot = self
            .text_mut(name)
            .ok_or_else(|| format!("{field} cannot be changed by an update"))?;
        *slot = value;
        self.cleared.remove(name);
        Ok(())
    }

    /// Empties one field by name: it is sent as `null`. `Err` names a field an update
    /// cannot change.
    pub fn clear(&mut self, field: &str) -> Result<(), String> {
        let name = if field == "status" {
            "current_status"
        } else {
            field
        };
        if name == "current_status" {
            return Err("current_status cannot be cleared".into());
        }
        let slot = self
            .text_mut(name)
            .ok_or_else(|| format!("{field} cannot be changed by an update"))?;
        *slot = None;
        self.cleared.insert(name.to_owned());
        Ok(())
    }

    /// True when nothing would be sent.
    pub fn is_empty(&self) -> bool {
        *self == ServiceRequestUpdate::default()
    }

    /// Only the fields of `self` that differ from `current`: an update sends what changed.
    pub fn changes_from(&self, current: &ServiceRequest) -> ServiceRequestUpdate {
        let mut diff = ServiceRequestUpdate::default();
        for &name in UPDATABLE_FIELDS {
            let old = match name {
                "current_status" => current.current_status.as_ref().map(|s| s.as_str()),
                _ => current.text(name).flatten(),
            };
            if let Some(Some(new)) = self.text(name)
                && Some(new) != old
                && let Some(slot) = diff.text_mut(name)
            {
                *slot = Some(new.to_owned());
            }
            if self.cleared.contains(name) && old.is_some() {
                diff.cleared.insert(name.to_owned());
            }
        }
        diff
    }
}

impl ServiceRequestCreate {
    /// Sets one field by name from text (CLI `--field KEY=VALUE`, forms).
    pub fn set(&mut self, field: &str, value: Option<String>) -> Result<(), String> {
        let int = |v: &Option<String>| -> Result<Option<i64>, String> {
            v.as_deref()
                .map(|s| {
                    s.trim()
                        .parse::<i64>()
                        .map_err(|_| format!("{field} must be an integer"))
                })
                .transpose()
        };
        match field {
            "service_id" => self.service_id = int(&value)?,
            "contract_id" => self.contract_id = int(&value)?,
            "status" => self.current_status = value,
            other => {
                *self
                    .text_mut(other)
                    .ok_or_else(|| format!("unknown service request field {other}"))? = value
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_status_and_fields_parse() {
        let sr: ServiceRequest = serde_json::from_str(
            r#"{"id": 60, "current_status": "on_hold", "brand_new": {"x": 1}, "status_history": {"pending": "2024-12-31T12:00:00.000Z", "assigned": null}}"#,
        )
        .unwrap();
        assert_eq!(sr.status(), Status::Other("on_hold".into()));
        assert_eq!(sr.history()[0].0, "pending");
        assert_eq!(sr.history()[1], ("assigned".to_string(), None));
    }

    #[test]
    fn update_sends_only_changes() {
        let current = ServiceRequest {
            provider_name: Some("Grúas del Sur".into()),
            current_status: Some(Status::Pending),
            ..Default::default()
        };
        let mut wanted = ServiceRequestUpdate::default();
        wanted
            .set("provider_name", Some("Grúas del Sur".into()))
            .unwrap();
        wanted
            .set("current_status", Some("assigned".into()))
            .unwrap();
        let diff = wanted.changes_from(&current);
        assert_eq!(
            serde_json::to_value(&diff).unwrap(),
            serde_json::json!({"current_status": "assigned"})
        );
        assert!(wanted.set("contract_id", Some("1".into())).is_err());
    }

    #[test]
    fn cleared_fields_are_sent_as_null() {
        let current = ServiceRequest {
            technician_name: Some("Benito Ballesteros Bermúdez".into()),
            scheduled_time: Some("15:24:48".into()),
            ..Default::default()
        };
        let mut wanted = ServiceRequestUpdate::default();
        wanted.clear("technician_name").unwrap();
        wanted.clear("provider_phone").unwrap();
        wanted
            .set("scheduled_time", Some("16:00:00".into()))
            .unwrap();
        assert!(wanted.clear("current_status").is_err());
        assert!(wanted.clear("contract_id").is_err());
        let sent = serde_json::to_value(&wanted).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"scheduled_time": "16:00:00", "provider_phone": null, "technician_name": null})
        );
        // Clearing what is already empty is no change.
        let diff = serde_json::to_value(wanted.changes_from(&current)).unwrap();
        assert_eq!(
            diff,
            serde_json::json!({"scheduled_time": "16:00:00", "technician_name": null})
        );
    }

    #[test]
    fn every_text_field_is_set_by_its_name() {
        let mut create = ServiceRequestCreate::default();
        for &f in ServiceRequestCreate::TEXT_FIELDS {
            create.set(f, Some(format!("v-{f}"))).unwrap();
        }
        create.set("service_id", Some(" 42 ".into())).unwrap();
        assert_eq!(create.service_id, Some(42));
        assert!(create.set("contract_id", Some("x".into())).is_err());
        assert!(create.set("nonsense", None).is_err());
        let sent = serde_json::to_value(&create).unwrap();
        for &f in ServiceRequestCreate::TEXT_FIELDS {
            assert_eq!(sent[f], format!("v-{f}"), "{f}");
        }
        let mut update = ServiceRequestUpdate::default();
        for &f in UPDATABLE_FIELDS {
            update.set(f, Some(format!("v-{f}"))).unwrap();
        }
        let sent = serde_json::to_value(&update).unwrap();
        assert_eq!(sent.as_object().unwrap().len(), UPDATABLE_FIELDS.len());
        // Nothing differs from a request holding the same values.
        let mut current = ServiceRequest {
            current_status: Some(Status::parse("v-current_status")),
            ..Default::default()
        };
        for &f in UPDATABLE_FIELDS.iter().filter(|f| **f != "current_status") {
            *current.text_mut(f).unwrap() = Some(format!("v-{f}"));
        }
        assert!(update.changes_from(&current).is_empty());
    }
}
