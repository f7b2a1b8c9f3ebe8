//! The sandbox's state: catalogue, contracts, requests, points, tokens, faults. One lock
//! guards it all ([`Shared::store`]); handlers take it briefly and never across an await.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::{Fault, SandboxConfig};
use crate::model::{
    Contract, JsonObject, PointTransaction, RecurrentPointTransaction, ServiceRequest,
};

/// One limit a plan sets on one of its services (from `assets/demo/catalog.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct LimitRule {
    pub group: String,
    #[serde(default)]
    pub limit: Option<f64>,
    #[serde(default)]
    pub period_months: Option<u32>,
    #[serde(default)]
    pub days: Option<i64>,
    #[serde(default)]
    pub tiers: Option<Vec<JsonObject>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServiceDef {
    pub key: String,
    pub id: i64,
    pub name: String,
    pub external_id: Option<String>,
    pub unit_cost: f64,
    #[allow(dead_code)]
    pub currency: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlanService {
    pub service: String,
    #[serde(default)]
    pub limits: Vec<LimitRule>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlanDef {
    pub code: String,
    pub name: String,
    pub external_plan_id: Option<String>,
    pub services: Vec<PlanService>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProviderDef {
    pub name: String,
    pub external_id: String,
    pub phone: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ZoneDef {
    pub external_id: String,
    #[allow(dead_code)]
    pub name: String,
    pub providers: Vec<ProviderDef>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NetworkDef {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

/// The fixed catalogue.
#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub network: NetworkDef,
    pub services: Vec<ServiceDef>,
    pub plans: Vec<PlanDef>,
    pub zones: Vec<ZoneDef>,
}

impl Catalog {
    pub fn service_by_key(&self, key: &str) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.key == key)
    }
    pub fn service_by_id(&self, id: i64) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.id == id)
    }
    pub fn service_by_external_id(&self, ext: &str) -> Option<&ServiceDef> {
        self.services
            .iter()
            .find(|s| s.external_id.as_deref() == Some(ext))
    }
    pub fn plan(&self, code: &str) -> Option<&PlanDef> {
        self.plans.iter().find(|p| p.code == code)
    }
    /// The services of a plan with their limit rules.
    pub fn plan_services<'a>(
        &'a self,
        plan: &'a PlanDef,
    ) -> impl Iterator<Item = (&'a ServiceDef, &'a [LimitRule])> + 'a {
        plan.services.iter().filter_map(move |ps| {
            self.service_by_key(&ps.service)
                .map(|s| (s, ps.limits.as_slice()))
        })
    }
}

/// A contract and what the sandbox keeps beside the API fields.
#[derive(Debug, Clone)]
pub struct ContractRec {
    pub contract: Contract,
    /// Generated demo contract the dispatch may create requests on.
    pub simulated: bool,
    /// Outcome of the last create-or-update (admin answers).
    pub new_contract: bool,
}

impl ContractRec {
    pub fn id(&self) -> i64 {
        self.contract.id.unwrap_or_default()
    }
    pub fn start(&self) -> Option<NaiveDate> {
        parse_date(self.contract.start_date.as_deref()?)
    }
    pub fn end(&self) -> Option<NaiveDate> {
        parse_date(self.contract.end_date.as_deref()?)
    }
}

/// A point transaction and when it may be processed.
#[derive(Debug, Clone)]
pub struct PointRec {
    pub tx: PointTransaction,
    pub process_after: Instant,
}

#[derive(Debug, Clone)]
pub struct RecurrentRec {
    pub rule: RecurrentPointTransaction,
    /// Next time an issue is due (None once past the end date).
    pub next_due: Option<DateTime<Utc>>,
}

/// Everything the handlers read and change.
pub struct Store {
    pub catalog: Catalog,
    pub contracts: Vec<ContractRec>,
    pub requests: BTreeMap<i64, ServiceRequest>,
    pub next_contract_id: i64,
    pub next_request_id: i64,
    pub points: BTreeMap<i64, PointRec>,
    pub next_point_id: i64,
    pub recurrent: BTreeMap<i64, RecurrentRec>,
    pub next_recurrent_id: i64,
    /// Processed balance per access identifier.
    pub balances: HashMap<String, f64>,
    /// Token → when it was issued.
    pub tokens: HashMap<String, Instant>,
    pub tokens_issued: usize,
    /// Tokens issued before this answer 401 ([`super::SandboxHandle::expire_tokens`]).
    pub tokens_valid_after: Option<Instant>,
    pub whatsapp_sent: Vec<String>,
    /// Each update's `service_request` object as it arrived, by request id (what a test
    /// checks was sent).
    pub update_bodies: Vec<(i64, serde_json::Map<String, serde_json::Value>)>,
    /// Listings served, by `current_status` filter ("" for none), and lookups by id: what
    /// a board costs the server.
    pub list_calls: std::collections::BTreeMap<String, usize>,
    pub get_calls: usize,
    pub faults: Vec<Fault>,
    pub config: SandboxConfig,
    /// Randomness of the dispatch (seeded; the data stays repeatable).
    pub rng: rand::rngs::StdRng,
}

impl Store {
    pub fn contract(&self, id: i64) -> Option<&ContractRec> {
        self.contracts.iter().find(|c| c.id() == id)
    }

    /// Ids of the generated contracts whose requests the demo and its life simulate.
    pub fn simulated_contract_ids(&self) -> Vec<i64> {
        self.contracts
            .iter()
            .filter(|c| c.simulated)
            .map(|c| c.id())
            .collect()
    }

    /// Contracts whose access identifier (or its deprecated alias) is this.
    pub fn contracts_by_access_identifier(&self, ai: &str) -> Vec<&ContractRec> {
        self.contracts
            .iter()
            .filter(|c| {
                c.contract.access_identifier.as_deref() == Some(ai)
                    || c.contract.document_identifier.as_deref() == Some(ai)
            })
            .collect()
    }

    /// Requests counted by the limits of (contract, service): every request not cancelled.
    pub fn usage(&self, contract_id: i64, service_id: i64) -> Vec<&ServiceRequest> {
        self.requests
            .values()
            .filter(|r| {
                r.contract_id == Some(contract_id)
                    && r.service_id == Some(service_id)
                    && r.current_status != Some(crate::model::Status::Cancelled)
            })
            .collect()
    }

    pub fn public_id(&self, id: i64, external_id: Option<&str>) -> String {
        format!(
            "{:05}-{:05}-{}",
            self.catalog.network.id,
            id,
            external_id.unwrap_or_default()
        )
    }
}

/// `YYYY-MM-DD` (a longer ISO stamp is cut to its date).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// ISO 8601 with milliseconds, UTC, as the reference writes times.
pub fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00.000Z").to_string()
}
