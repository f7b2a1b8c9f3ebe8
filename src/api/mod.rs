//! The async client of MOK's Integration API v1: one method per operation, typed answers.
//!
//! OWNER: issue 3 (client/config/CLI). This file fixes the public surface the TUI and the
//! CLI build on; bodies marked `todo!()` are that to write (auth, retry, errors and
//! paths live in sibling modules).

use std::time::Duration;

use crate::config::Secret;
use crate::model::*;

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Scheme, host and port, no trailing path: `https://partner.example`.
    pub base_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub admin: Option<AdminCredentials>,
    pub timeout: Duration,
    /// Operation name (see [`Operation::name`]) → path override.
    pub paths: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct AdminCredentials {
    pub email: String,
    pub token: Secret,
}

/// Filters and page of `GET service_requests`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceRequestQuery {
    pub current_status: Option<String>,
    pub service_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub external_id: Option<String>,
    pub access_identifier: Option<String>,
    pub document_identifier: Option<String>,
    pub service_external_id: Option<String>,
    /// 1-based; `None` lets the server default (1).
    pub page: Option<u32>,
    /// `None` lets the server default (25); at most 100.
    pub page_size: Option<u32>,
}

/// What a create did: the request, and whether it was found by `external_id` after its
/// answer was lost (so it was not sent twice).
#[derive(Debug, Clone)]
pub struct Created {
    pub request: ServiceRequest,
    pub recovered: bool,
}

/// One readable error, keeping the HTTP status. Never contains a secret.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ErrorKind,
    pub status: Option<u16>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Could not connect, connection dropped.
    Network,
    Timeout,
    /// 401/403: bad or missing credentials.
    Unauthorized,
    NotFound,
    /// 422 and other 4xx: the server refused the input.
    Rejected,
    /// 429 after retries.
    RateLimited,
    /// 5xx after retries.
    Server,
    /// The answer could not be read (malformed JSON, HTML where JSON was due).
    Decode,
    /// Refused before sending (bad input, missing configuration).
    Invalid,
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The client. Cheap to clone; clones share the connection pool and the token.
#[derive(Clone)]
pub struct ApiClient {
    _private: (),
}

#[allow(unused_variables)]
impl ApiClient {
    pub fn new(config: ClientConfig) -> ApiResult<Self> {
        todo!()
    }

    pub fn base_url(&self) -> &str {
        todo!()
    }

    pub fn has_admin(&self) -> bool {
        todo!()
    }

    pub async fn me(&self) -> ApiResult<ProviderNetwork> {
        todo!()
    }

    pub async fn search_contracts(
        &self,
        kind: ContractSearchKind,
        value: &str,
    ) -> ApiResult<Vec<Contract>> {
        todo!()
    }

    pub async fn plans(&self) -> ApiResult<Vec<Plan>> {
        todo!()
    }

    /// One page.
    pub async fn list_service_requests(
        &self,
        query: &ServiceRequestQuery,
    ) -> ApiResult<Vec<ServiceRequest>> {
        todo!()
    }

    /// Every page until a short one, fetched with bounded concurrency, as pages arrive.
    pub fn all_service_requests(
        &self,
        query: ServiceRequestQuery,
    ) -> futures::stream::BoxStream<'static, ApiResult<Vec<ServiceRequest>>> {
        todo!()
    }

    pub async fn get_service_request(&self, id: i64) -> ApiResult<ServiceRequest> {
        todo!()
    }

    /// Always sends an `external_id` (a UUID when `body` has none); when the outcome is
    /// unknown, looks it up by that id before any retry.
    pub async fn create_service_request(&self, body: ServiceRequestCreate) -> ApiResult<Created> {
        todo!()
    }

    pub async fn update_service_request(
        &self,
        id: i64,
        body: &ServiceRequestUpdate,
    ) -> ApiResult<ServiceRequest> {
        todo!()
    }

    /// Refuses a number that is not E.164 before sending.
    pub async fn send_whatsapp(&self, number: &str) -> ApiResult<()> {
        todo!()
    }

    pub async fn rank_providers(
        &self,
        zone_external_id: &str,
        service_external_id: &str,
    ) -> ApiResult<Vec<RankedProvider>> {
        todo!()
    }

    pub async fn admin_contracts(&self) -> ApiResult<Vec<AdminContract>> {
        todo!()
    }

    pub async fn admin_upsert_contract(
        &self,
        contract: &AdminContractInput,
    ) -> ApiResult<AdminContract> {
        todo!()
    }

    pub async fn admin_bulk_upsert_contracts(
        &self,
        contracts: &[AdminContractInput],
    ) -> ApiResult<Vec<AdminContract>> {
        todo!()
    }

    pub async fn point_transactions(&self) -> ApiResult<Vec<PointTransaction>> {
        todo!()
    }

    pub async fn create_point_transaction(
        &self,
        tx: &PointTransactionInput,
    ) -> ApiResult<PointTransaction> {
        todo!()
    }

    pub async fn get_point_transaction(&self, id: i64) -> ApiResult<PointTransaction> {
        todo!()
    }

    pub async fn recurrent_point_transactions(&self) -> ApiResult<Vec<RecurrentPointTransaction>> {
        todo!()
    }

    pub async fn create_recurrent_point_transaction(
        &self,
        rule: &RecurrentPointTransactionInput,
    ) -> ApiResult<RecurrentPointTransaction> {
        todo!()
    }

    pub async fn get_recurrent_point_transaction(
        &self,
        id: i64,
    ) -> ApiResult<RecurrentPointTransaction> {
        todo!()
    }

    pub async fn update_recurrent_point_transaction(
        &self,
        id: i64,
        rule: &RecurrentPointTransactionInput,
    ) -> ApiResult<RecurrentPointTransaction> {
        todo!()
    }
}
