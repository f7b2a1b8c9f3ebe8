//! Admin API contracts: the create-or-update input and the answer with its outcome.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::JsonObject;

crate::api_object! {
    /// A contract as the Admin API returns it, with the outcome of the last create-or-update
    /// (the keys `new_contract?` and `success?` hold a literal question mark).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct AdminContract {
        pub id: Option<i64>,
        #[serde(rename = "new_contract?")]
        pub new_contract: Option<bool>,
        #[serde(rename = "success?")]
        pub success: Option<bool>,
        pub access_identifier: Option<String>,
        pub web_app_name: Option<String>,
        pub active: Option<bool>,
        pub start_date: Option<String>,
        pub end_date: Option<String>,
        pub email: Option<String>,
        pub email_validation_status: Option<String>,
        pub mobile_phone_number: Option<String>,
        pub mobile_phone_number_validation_status: Option<String>,
        pub external_extra_data: Option<JsonObject>,
        /// Validation messages by field; empty when `success?` is true.
        #[serde(default, deserialize_with = "lenient_errors")]
        pub errors: Option<BTreeMap<String, Vec<String>>>,
    }
}

impl AdminContract {
    /// All validation messages as one line: `field msg, msg; field msg`.
    pub fn error_text(&self) -> String {
        self.errors
            .iter()
            .flatten()
            .filter(|(_, m)| !m.is_empty())
            .map(|(f, m)| format!("{f} {}", m.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The fields whose server validation status is not `valid`, with that status
    /// (`("mobile_phone_number", "invalid")`): the server took the contract all the same.
    pub fn flagged(&self) -> Vec<(String, String)> {
        [
            ("email", &self.email_validation_status),
            (
                "mobile_phone_number",
                &self.mobile_phone_number_validation_status,
            ),
        ]
        .into_iter()
        .filter_map(|(field, status)| {
            let s = status.as_deref()?.trim();
            (!s.is_empty() && s != "valid").then(|| (field.to_owned(), s.to_owned()))
        })
        .collect()
    }

    /// Succeeded unless the server said otherwise or gave errors.
    pub fn succeeded(&self) -> bool {
        self.success.unwrap_or(true) && self.error_text().is_empty()
    }
}

/// `errors` as a field map; a list of messages is kept under `base`.
fn lenient_errors<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, Vec<String>>>, D::Error> {
    use serde_json::Value;
    let text = |v: &Value| {
        v.as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| v.to_string())
    };
    let v: Value = Deserialize::deserialize(d)?;
    Ok(match v {
        Value::Object(m) => Some(
            m.into_iter()
                .map(|(k, v)| {
                    let msgs = match v {
                        Value::Array(a) => a.iter().map(text).collect(),
                        Value::Null => Vec::new(),
                        other => vec![text(&other)],
                    };
                    (k, msgs)
                })
                .collect(),
        ),
        Value::Array(a) if !a.is_empty() => Some(BTreeMap::from([(
            "base".into(),
            a.iter().map(text).collect(),
        )])),
        _ => None,
    })
}

/// `{contracts: [...]}` (list and bulk answers).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminContractList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub contracts: Vec<AdminContract>,
}

/// `{contract: {...}}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminContractEnvelope<T = AdminContract> {
    pub contract: T,
}

/// The contract fields an admin may send, in CSV column order.
pub const ADMIN_CONTRACT_FIELDS: [&str; 18] = [
    "application_code",
    "access_identifier",
    "first_name",
    "surname",
    "second_surname",
    "email",
    "mobile_phone_number",
    "national_id",
    "start_date",
    "end_date",
    "active",
    "client_contract",
    "vehicle_plate_number",
    "city",
    "state",
    "country",
    "address_line_one",
    "address_line_two",
];

crate::api_object! {
    /// Body of create-or-update (one item of a bulk). `application_code` (plan code) and
    /// `access_identifier` pick the contract.
    #[serde_with::skip_serializing_none]
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct AdminContractInput {
        pub application_code: Option<String>,
        pub access_identifier: Option<String>,
        pub client_contract: Option<String>,
        pub first_name: Option<String>,
        pub surname: Option<String>,
        pub second_surname: Option<String>,
        pub email: Option<String>,
        pub mobile_phone_number: Option<String>,
        pub national_id: Option<String>,
        pub start_date: Option<String>,
        pub end_date: Option<String>,
        pub active: Option<bool>,
        pub vehicle_plate_number: Option<String>,
        pub city: Option<String>,
        pub state: Option<String>,
        pub country: Option<String>,
        pub address_line_one: Option<String>,
        pub address_line_two: Option<String>,
        pub external_extra_data: Option<JsonObject>,
    }
}

/// Why a contract field's text is refused. `Display` words it in English (the CLI, the
/// import's failures file); the TUI renders the same value in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractFieldError {
    #[error("{column} is required")]
    Required { column: String },
    #[error("{column} must be a date YYYY-MM-DD, not {value:?}")]
    NotADate { column: String, value: String },
    #[error("active must be true or false, not {value:?}")]
    NotABool { value: String },
    #[error("external_extra_data must be a JSON object")]
    NotAJsonObject,
    #[error("end_date is before start_date")]
    EndBeforeStart,
    #[error("unknown contract field {0}")]
    UnknownField(String),
}

impl ContractFieldError {
    /// The field the problem belongs to (API name).
    pub fn field(&self) -> &str {
        match self {
            ContractFieldError::Required { column }
            | ContractFieldError::NotADate { column, .. } => column,
            ContractFieldError::NotABool { .. } => "active",
            ContractFieldError::NotAJsonObject => "external_extra_data",
            ContractFieldError::EndBeforeStart => "end_date",
            ContractFieldError::UnknownField(field) => field,
        }
    }
}

/// Every problem of one contract row; `Display` joins them with `; ` (English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractProblems(pub Vec<ContractFieldError>);

impl std::fmt::Display for ContractProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, problem) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContractProblems {}

impl AdminContractInput {
    /// Sets one field by its API name from text (CSV cells, CLI `--field`, forms).
    /// Blank text clears the field.
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), ContractFieldError> {
        let v = value.trim();
        let text = (!v.is_empty()).then(|| v.to_owned());
        match field {
            "application_code" => self.application_code = text,
            "access_identifier" => self.access_identifier = text,
            "client_contract" => self.client_contract = text,
            "first_name" => self.first_name = text,
            "surname" => self.surname = text,
            "second_surname" => self.second_surname = text,
            "email" => self.email = text,
            "mobile_phone_number" => self.mobile_phone_number = text,
            "national_id" => self.national_id = text,
            "start_date" => self.start_date = text,
            "end_date" => self.end_date = text,
            "active" => {
                self.active = match v.to_ascii_lowercase().as_str() {
                    "" => None,
                    "true" | "1" | "yes" | "si" | "sí" | "t" => Some(true),
                    "false" | "0" | "no" | "f" => Some(false),
                    _ => {
                        return Err(ContractFieldError::NotABool {
                            value: v.to_owned(),
                        });
                    }
                }
            }
            "vehicle_plate_number" => self.vehicle_plate_number = text,
            "city" => self.city = text,
            "state" => self.state = text,
            "country" => self.country = text,
            "address_line_one" => self.address_line_one = text,
            "address_line_two" => self.address_line_two = text,
            "external_extra_data" => {
                self.external_extra_data = match text {
                    None => None,
                    Some(t) => match serde_json::from_str(&t) {
                        Ok(serde_json::Value::Object(m)) => Some(m),
                        _ => return Err(ContractFieldError::NotAJsonObject),
                    },
                }
            }
            other => return Err(ContractFieldError::UnknownField(other.to_owned())),
        }
        Ok(())
    }
}
