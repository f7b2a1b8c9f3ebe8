//! Contracts as a provider network sees them, and the services they include.
use serde::{Deserialize, Serialize};

use super::{JsonObject, ServiceLimits};

crate::api_object! {
    /// A service of the provider network. `limits` is filled only by a contract search by
    /// access or document identifier.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Service {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub external_id: Option<String>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub limits: Option<ServiceLimits>,
    }
}

impl Service {
    /// True when the service's limits say it cannot be used now.
    pub fn is_blocked(&self) -> bool {
        self.limits.as_ref().is_some_and(|l| l.is_blocked())
    }
}

crate::api_object! {
    /// A customer's contract (`GET /api/v1/provider_networks/contracts`).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Contract {
        pub id: Option<i64>,
        pub access_identifier: Option<String>,
        pub document_identifier: Option<String>,
        pub email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub surname: Option<String>,
        pub second_surname: Option<String>,
        pub start_date: Option<String>,
        pub end_date: Option<String>,
        pub vehicle_plate_number: Option<String>,
        pub city: Option<String>,
        pub state: Option<String>,
        pub country: Option<String>,
        pub address_line_one: Option<String>,
        pub address_line_two: Option<String>,
        pub national_id: Option<String>,
        pub active: Option<bool>,
        pub plan_code: Option<String>,
        pub plan_name: Option<String>,
        pub external_plan_id: Option<String>,
        pub unique_contract_id: Option<String>,
        pub mobile_phone_number: Option<String>,
        pub client_contract: Option<String>,
        pub external_extra_data: Option<JsonObject>,
        #[serde(default, deserialize_with = "crate::model::de::opt_vec")]
        pub services: Option<Vec<Service>>,
    }
}

impl Contract {
    /// "First Last", preferring `last_name` over the deprecated surname pair.
    pub fn full_name(&self) -> String {
        let last = self.last_name.clone().or_else(|| {
            let parts: Vec<&str> = [self.surname.as_deref(), self.second_surname.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        [self.first_name.as_deref(), last.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// True when the contract ended before `today` (its `end_date` is in the past).
    pub fn is_expired(&self, today: chrono::NaiveDate) -> bool {
        self.end_date
            .as_deref()
            .and_then(|d| {
                chrono::NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok()
            })
            .is_some_and(|end| end < today)
    }

    /// Whether a service request can be made on it: active and not expired.
    pub fn is_usable(&self, today: chrono::NaiveDate) -> bool {
        self.active != Some(false) && !self.is_expired(today)
    }

    pub fn services(&self) -> &[Service] {
        self.services.as_deref().unwrap_or_default()
    }
}

/// `{contracts: [...]}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ContractList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub contracts: Vec<Contract>,
}

/// The identifier kinds a contract search accepts, with their query parameter names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractSearchKind {
    AccessIdentifier,
    DocumentIdentifier,
    NationalId,
    Email,
    Id,
}

impl ContractSearchKind {
    pub const ALL: [ContractSearchKind; 5] = [
        Self::AccessIdentifier,
        Self::DocumentIdentifier,
        Self::NationalId,
        Self::Email,
        Self::Id,
    ];

    /// Query parameter name.
    pub fn param(self) -> &'static str {
        match self {
            Self::AccessIdentifier => "access_identifier",
            Self::DocumentIdentifier => "document_identifier",
            Self::NationalId => "national_id",
            Self::Email => "email",
            Self::Id => "id",
        }
    }

    /// Only these searches return limits (CONTRACT.md).
    pub fn returns_limits(self) -> bool {
        matches!(self, Self::AccessIdentifier | Self::DocumentIdentifier)
    }
}
