//! The async client of MOK's Integration API v1: one method per operation, typed answers.
//!
//! Layout: [`paths`] (operation names and their paths), [`transport`] (one call with
//! authentication, timeouts and retries), [`auth`] (the token cache), [`retry`] (backoff),
//! [`error`] (reading error answers), [`pages`] (every page as a stream), [`audit`] (what
//! each action tells the journal).

pub mod audit;
pub(crate) mod auth;
mod error;
mod pages;
pub mod paths;
mod raw_page;
pub mod retry;
pub mod tls;
mod transport;

use std::sync::Arc;
use std::time::Duration;

pub use paths::Operation;
pub use raw_page::RawPage;
pub use retry::RetryPolicy;
use transport::{Call, Repeat};

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
    /// A 429's `Retry-After`, in seconds, when it gave one: how long the server asks
    /// callers to wait (a poller honours it).
    pub retry_after: Option<std::time::Duration>,
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
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    client_id: String,
    client_secret: Secret,
    admin: Option<AdminCredentials>,
    paths: paths::Paths,
    tokens: auth::TokenCache,
    retry: RetryPolicy,
    /// Where actions are journaled; shared by every clone, attached once the local
    /// database is known (after the client is built).
    journal: parking_lot::RwLock<Option<Arc<dyn audit::AuditSink>>>,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.inner.base_url)
            .field("admin", &self.inner.admin.is_some())
            .finish_non_exhaustive()
    }
}

/// Pages fetched at once by [`ApiClient::all_service_requests`].
pub const PAGE_WAVE: usize = 4;
/// The page size `all_service_requests` asks for when the query names none (the maximum).
pub const MAX_PAGE_SIZE: u32 = 100;

impl ServiceRequestQuery {
    /// Query parameters, as CONTRACT.md names them.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut q = Vec::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                q.push((k.to_owned(), v));
            }
        };
        put("current_status", self.current_status.clone());
        put("service_id", self.service_id.map(|v| v.to_string()));
        put("contract_id", self.contract_id.map(|v| v.to_string()));
        put("external_id", self.external_id.clone());
        put("access_identifier", self.access_identifier.clone());
        put("document_identifier", self.document_identifier.clone());
        put("service_external_id", self.service_external_id.clone());
        put("page[number]", self.page.map(|v| v.to_string()));
        put("page[size]", self.page_size.map(|v| v.to_string()));
        q
    }

    fn check(&self) -> ApiResult<()> {
        match self.page_size {
            Some(0) => Err(ApiError::invalid("page size must be at least 1")),
            Some(n) if n > MAX_PAGE_SIZE => Err(ApiError::invalid(format!(
                "page size is at most {MAX_PAGE_SIZE}, not {n}"
            ))),
            _ if self.page == Some(0) => Err(ApiError::invalid("pages are numbered from 1")),
            _ => Ok(()),
        }
    }
}

impl ApiClient {
    pub fn new(config: ClientConfig) -> ApiResult<Self> {
        // reqwest is built without a default TLS provider; installing one twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let base_url = config.base_url.trim().trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| ApiError::invalid(format!("base_url {base_url:?} is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ApiError::invalid(format!(
                "base_url {base_url:?} must start with http:// or https://"
            )));
        }
        if config.client_id.trim().is_empty() {
            return Err(ApiError::invalid("client_id is empty"));
        }
        let paths = paths::Paths::new(&config.paths).map_err(ApiError::invalid)?;
        let timeout = if config.timeout.is_zero() {
            Duration::from_secs(10)
        } else {
            config.timeout
        };
        let tls = tls::client_config()
            .map_err(|e| ApiError::invalid(format!("could not set up TLS: {e}")))?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("mok-console/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::invalid(format!("could not build the HTTP client: {e}")))?;
        Ok(ApiClient {
            inner: Arc::new(Inner {
                http,
                base_url,
                client_id: config.client_id,
                client_secret: config.client_secret,
                admin: config.admin,
                paths,
                tokens: auth::TokenCache::default(),
                retry: RetryPolicy::default(),
                journal: Default::default(),
            }),
        })
    }

    /// The same client with other retry settings (tests, scripts that must not wait).
    /// Call before cloning: clones made earlier keep the old settings.
    pub fn with_retry(self, retry: RetryPolicy) -> Self {
        let inner = &self.inner;
        ApiClient {
            inner: Arc::new(Inner {
                http: inner.http.clone(),
                base_url: inner.base_url.clone(),
                client_id: inner.client_id.clone(),
                client_secret: inner.client_secret.clone(),
                admin: inner.admin.clone(),
                paths: inner.paths.clone(),
                tokens: auth::TokenCache::default(),
                retry,
                journal: parking_lot::RwLock::new(inner.journal.read().clone()),
            }),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The client id it signs in with (not a secret: it names the caller).
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    pub fn has_admin(&self) -> bool {
        self.inner.admin.is_some()
    }

    /// Journals every action this client (and each of its clones) takes from now on into
    /// `sink`, replacing any sink before.
    pub fn journal_to(&self, sink: Arc<dyn audit::AuditSink>) {
        *self.inner.journal.write() = Some(sink);
    }

    /// Tells the journal about an action taken outside the client's own calls (the outbox
    /// finding a queued create already on the server). Scrubbed of every credential.
    pub fn audit(&self, entry: audit::AuditEntry) {
        let Some(sink) = self.inner.journal.read().clone() else {
            return;
        };
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        sink.record(&entry.scrubbed(&refs));
    }

    /// Any operation, answered as the server's JSON (`null` for an empty body): for
    /// `--json` output. Same authentication and retries as the typed methods.
    pub async fn call_json(
        &self,
        op: Operation,
        id: Option<i64>,
        query: Vec<(String, String)>,
        body: Option<&serde_json::Value>,
    ) -> ApiResult<serde_json::Value> {
        let mut call = Call::new(op).query(query);
        call.id = id;
        if let Some(b) = body {
            call = call.json(b)?;
        }
        self.send(&call).await?.json()
    }

    pub async fn me(&self) -> ApiResult<ProviderNetwork> {
        let env: ProviderNetworkEnvelope = self
            .send(&Call::new(Operation::GetProviderNetwork))
            .await?
            .decode()?;
        Ok(env.provider_network)
    }

    pub async fn search_contracts(
        &self,
        kind: ContractSearchKind,
        value: &str,
    ) -> ApiResult<Vec<Contract>> {
        let list: ContractList = self
            .send(&Self::search_call(kind, value)?)
            .await?
            .decode()?;
        Ok(list.contracts)
    }

    /// The query of a contract search (shared with `--json`).
    pub fn search_query(kind: ContractSearchKind, value: &str) -> ApiResult<Vec<(String, String)>> {
        let value = value.trim();
        if value.is_empty() {
            return Err(ApiError::invalid(format!(
                "{} to search by is empty",
                kind.param()
            )));
        }
        Ok(vec![(kind.param().to_owned(), value.to_owned())])
    }

    fn search_call(kind: ContractSearchKind, value: &str) -> ApiResult<Call> {
        Ok(Call::new(Operation::SearchContracts).query(Self::search_query(kind, value)?))
    }

    pub async fn plans(&self) -> ApiResult<Vec<Plan>> {
        let list: PlanList = self
            .send(&Call::new(Operation::ListPlans))
            .await?
            .decode()?;
        Ok(list.plans)
    }

    /// One page.
    pub async fn list_service_requests(
        &self,
        query: &ServiceRequestQuery,
    ) -> ApiResult<Vec<ServiceRequest>> {
        query.check()?;
        let list: ServiceRequestList = self
            .send(&Call::new(Operation::ListServiceRequests).query(query.to_pairs()))
            .await?
            .decode()?;
        Ok(list.service_requests)
    }

    /// One page, each item as the server's JSON.
    pub async fn list_service_requests_json(
        &self,
        query: &ServiceRequestQuery,
    ) -> ApiResult<Vec<serde_json::Value>> {
        query.check()?;
        let v = self
            .call_json(Operation::ListServiceRequests, None, query.to_pairs(), None)
            .await?;
        match v.get("service_requests") {
            Some(serde_json::Value::Array(items)) => Ok(items.clone()),
            Some(serde_json::Value::Null) | None => Ok(Vec::new()),
            Some(_) => Err(ApiError::new(
                ErrorKind::Decode,
                Some(200),
                "HTTP 200: the server's answer could not be read: service_requests is not a list",
            )),
        }
    }

    /// Every page until a short one, fetched with bounded concurrency, as pages arrive.
    pub fn all_service_requests(
        &self,
        query: ServiceRequestQuery,
    ) -> futures::stream::BoxStream<'static, ApiResult<Vec<ServiceRequest>>> {
        pages::all_pages(self.clone(), query, |client, q| {
            Box::pin(async move { client.list_service_requests(&q).await })
        })
    }

    /// One page, its items kept as the server's text and parsed only when needed (see
    /// [`RawPage`]): the board's polls, which mostly re-list what they already know.
    pub async fn list_service_requests_raw(
        &self,
        query: &ServiceRequestQuery,
    ) -> ApiResult<RawPage> {
        query.check()?;
        let answer = self
            .send(&Call::new(Operation::ListServiceRequests).query(query.to_pairs()))
            .await?;
        RawPage::read(answer)
    }

    /// [`all_service_requests`](Self::all_service_requests) as [`RawPage`]s.
    pub fn all_service_requests_raw(
        &self,
        query: ServiceRequestQuery,
    ) -> futures::stream::BoxStream<'static, ApiResult<RawPage>> {
        pages::all_pages(self.clone(), query, |client, q| {
            Box::pin(async move { client.list_service_requests_raw(&q).await })
        })
    }

    /// [`all_service_requests`](Self::all_service_requests), each item as the server's JSON.
    pub fn all_service_requests_json(
        &self,
        query: ServiceRequestQuery,
    ) -> futures::stream::BoxStream<'static, ApiResult<Vec<serde_json::Value>>> {
        pages::all_pages(self.clone(), query, |client, q| {
            Box::pin(async move { client.list_service_requests_json(&q).await })
        })
    }

    pub async fn get_service_request(&self, id: i64) -> ApiResult<ServiceRequest> {
        let env: ServiceRequestEnvelope = self
            .send(&Call::new(Operation::GetServiceRequest).id(id))
            .await?
            .decode()?;
        Ok(env.service_request)
    }

    /// Always sends an `external_id` (a UUID when `body` has none); when the outcome is
    /// unknown, looks it up by that id before any retry.
    pub async fn create_service_request(&self, body: ServiceRequestCreate) -> ApiResult<Created> {
        self.create_service_request_json(body).await.map(|(c, _)| c)
    }

    /// [`create_service_request`](Self::create_service_request), also giving the server's
    /// JSON (`{service_request: …}`; when recovered, the item found, in the same envelope).
    pub async fn create_service_request_json(
        &self,
        mut body: ServiceRequestCreate,
    ) -> ApiResult<(Created, serde_json::Value)> {
        let external_id = match body.external_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => uuid::Uuid::new_v4().to_string(),
        };
        body.external_id = Some(external_id.clone());
        let mut call =
            Call::new(Operation::CreateServiceRequest).json(&ServiceRequestEnvelope {
                service_request: &body,
            })?;
        // One journal entry for the whole create (its tries and its lookup), not one per try.
        call.audited = false;
        let result = self.create_with_recovery(&call, &external_id).await;
        let fields = serde_json::to_value(&body)
            .map(|v| audit::names(&v))
            .unwrap_or_default();
        if !matches!(&result, Err(e) if e.kind == ErrorKind::Invalid) {
            let outcome = result.as_ref().map(|(created, _)| created);
            self.audit(audit::created(&external_id, fields, outcome));
        }
        result
    }

    async fn create_with_recovery(
        &self,
        call: &Call,
        external_id: &str,
    ) -> ApiResult<(Created, serde_json::Value)> {
        let policy = self.inner.retry.clone();
        let mut tries = 0;
        loop {
            tries += 1;
            // Never blindly repeated: connection refused and 429 are retried inside (nothing
            // was handled); anything else that leaves the outcome unknown comes back here.
            let error = match self.send_with(call, Repeat::OnlyIfNotSent).await {
                Ok(answer) => {
                    let read = answer.json().and_then(|json| {
                        serde_json::from_value::<ServiceRequestEnvelope>(json.clone())
                            .map(|env| (env, json))
                            .map_err(|e| ApiError::decode(answer.status, &e, &answer.body))
                    });
                    match read {
                        Ok((env, json)) => {
                            let created = Created {
                                request: env.service_request,
                                recovered: false,
                            };
                            return Ok((created, json));
                        }
                        // Created, but the answer is unreadable: read it back by its id.
                        Err(e) => e,
                    }
                }
                Err(e)
                    if matches!(
                        e.kind,
                        ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server
                    ) =>
                {
                    e
                }
                Err(e) => return Err(e),
            };
            tracing::warn!(error = %error.message, "create outcome unknown; looking it up by external_id");
            match self.find_by_external_id(external_id).await {
                Ok(Some(found)) => {
                    let request: ServiceRequest = serde_json::from_value(found.clone())
                        .map_err(|e| ApiError::decode(200, &e, ""))?;
                    tracing::info!("create recovered by external_id");
                    let json = serde_json::json!({ "service_request": found });
                    return Ok((
                        Created {
                            request,
                            recovered: true,
                        },
                        json,
                    ));
                }
                // A 2xx said it was created: sending it again could make a second one.
                Ok(None) if error.kind == ErrorKind::Decode => return Err(error),
                Ok(None) if tries < policy.max_attempts => {
                    tokio::time::sleep(policy.delay(tries - 1)).await;
                }
                Ok(None) => return Err(error),
                Err(lookup) => {
                    return Err(ApiError {
                        message: format!(
                            "{}; it may or may not have been created (external_id {external_id}; looking it up failed: {})",
                            error.message, lookup.message
                        ),
                        ..error
                    });
                }
            }
        }
    }

    /// The request with this `external_id`, as the server's JSON, if any.
    async fn find_by_external_id(&self, external_id: &str) -> ApiResult<Option<serde_json::Value>> {
        let query = ServiceRequestQuery {
            external_id: Some(external_id.to_owned()),
            ..Default::default()
        };
        let items = self.list_service_requests_json(&query).await?;
        // Do not trust the filter blindly: a server ignoring it would hand back anything.
        Ok(items
            .into_iter()
            .find(|v| v.get("external_id").and_then(|x| x.as_str()) == Some(external_id)))
    }

    pub async fn update_service_request(
        &self,
        id: i64,
        body: &ServiceRequestUpdate,
    ) -> ApiResult<ServiceRequest> {
        let env: ServiceRequestEnvelope = self
            .send(&Call::new(Operation::UpdateServiceRequest).id(id).json(
                &ServiceRequestEnvelope {
                    service_request: body,
                },
            )?)
            .await?
            .decode()?;
        Ok(env.service_request)
    }

    /// Refuses a number that is not a phone number before sending; sends it as E.164.
    pub async fn send_whatsapp(&self, number: &str) -> ApiResult<()> {
        let body = Self::whatsapp_body(number)?;
        self.send(&Call::new(Operation::SendWhatsappMessage).json(&body)?)
            .await?;
        Ok(())
    }

    /// The body of a WhatsApp message, or why the number is refused.
    pub fn whatsapp_body(number: &str) -> ApiResult<WhatsappMessage> {
        let region = crate::model::PhoneRegion::configured();
        let whatsapp_number = crate::model::normalize_phone(number, region)
            .map_err(|why| ApiError::invalid(format!("{number:?} is not a phone number: {why}")))?;
        Ok(WhatsappMessage { whatsapp_number })
    }

    pub async fn rank_providers(
        &self,
        zone_external_id: &str,
        service_external_id: &str,
    ) -> ApiResult<Vec<RankedProvider>> {
        let list: RankedProviderList = self
            .send(
                &Call::new(Operation::RankProviders)
                    .query(Self::rank_query(zone_external_id, service_external_id)?),
            )
            .await?
            .decode()?;
        Ok(list.providers)
    }

    /// The query of a ranking (shared with `--json`).
    pub fn rank_query(zone: &str, service: &str) -> ApiResult<Vec<(String, String)>> {
        if zone.trim().is_empty() || service.trim().is_empty() {
            return Err(ApiError::invalid(
                "a ranking needs both a zone and a service external id",
            ));
        }
        Ok(vec![
            ("zone_external_id".into(), zone.trim().into()),
            ("service_external_id".into(), service.trim().into()),
        ])
    }

    pub async fn admin_contracts(&self) -> ApiResult<Vec<AdminContract>> {
        let list: AdminContractList = self
            .send(&Call::new(Operation::AdminListContracts))
            .await?
            .decode()?;
        Ok(list.contracts)
    }

    pub async fn admin_upsert_contract(
        &self,
        contract: &AdminContractInput,
    ) -> ApiResult<AdminContract> {
        let env: AdminContractEnvelope = self
            .send(
                &Call::new(Operation::AdminCreateOrUpdateContract)
                    .json(&AdminContractEnvelope { contract })?,
            )
            .await?
            .decode()?;
        Ok(env.contract)
    }

    pub async fn admin_bulk_upsert_contracts(
        &self,
        contracts: &[AdminContractInput],
    ) -> ApiResult<Vec<AdminContract>> {
        #[derive(serde::Serialize)]
        struct Bulk<'a> {
            contracts: &'a [AdminContractInput],
        }
        let list: AdminContractList = self
            .send(
                &Call::new(Operation::AdminBulkCreateOrUpdateContracts)
                    .json(&Bulk { contracts })?,
            )
            .await?
            .decode()?;
        Ok(list.contracts)
    }

    pub async fn point_transactions(&self) -> ApiResult<Vec<PointTransaction>> {
        let list: PointTransactionList = self
            .send(&Call::new(Operation::AdminListPointTransactions))
            .await?
            .decode()?;
        Ok(list.point_transactions)
    }

    /// Not repeated once sent: a point transaction has no key to look it up by, so a lost
    /// answer is reported rather than risking points given twice.
    pub async fn create_point_transaction(
        &self,
        tx: &PointTransactionInput,
    ) -> ApiResult<PointTransaction> {
        let env: PointTransactionEnvelope = self
            .send(&Call::new(Operation::AdminCreatePointTransaction).json(
                &PointTransactionEnvelope {
                    point_transaction: tx,
                },
            )?)
            .await?
            .decode()?;
        Ok(env.point_transaction)
    }

    pub async fn get_point_transaction(&self, id: i64) -> ApiResult<PointTransaction> {
        let env: PointTransactionEnvelope = self
            .send(&Call::new(Operation::AdminGetPointTransaction).id(id))
            .await?
            .decode()?;
        Ok(env.point_transaction)
    }

    pub async fn recurrent_point_transactions(&self) -> ApiResult<Vec<RecurrentPointTransaction>> {
        let list: RecurrentPointTransactionList = self
            .send(&Call::new(Operation::AdminListRecurrentPointTransactions))
            .await?
            .decode()?;
        Ok(list.recurrent_point_transactions)
    }

    /// Not repeated once sent (see [`create_point_transaction`](Self::create_point_transaction)).
    pub async fn create_recurrent_point_transaction(
        &self,
        rule: &RecurrentPointTransactionInput,
    ) -> ApiResult<RecurrentPointTransaction> {
        let env: RecurrentPointTransactionEnvelope = self
            .send(
                &Call::new(Operation::AdminCreateRecurrentPointTransaction).json(
                    &RecurrentPointTransactionEnvelope {
                        recurrent_point_transaction: rule,
                    },
                )?,
            )
            .await?
            .decode()?;
        Ok(env.recurrent_point_transaction)
    }

    pub async fn get_recurrent_point_transaction(
        &self,
        id: i64,
    ) -> ApiResult<RecurrentPointTransaction> {
        let env: RecurrentPointTransactionEnvelope = self
            .send(&Call::new(Operation::AdminGetRecurrentPointTransaction).id(id))
            .await?
            .decode()?;
        Ok(env.recurrent_point_transaction)
    }

    pub async fn update_recurrent_point_transaction(
        &self,
        id: i64,
        rule: &RecurrentPointTransactionInput,
    ) -> ApiResult<RecurrentPointTransaction> {
        let env: RecurrentPointTransactionEnvelope = self
            .send(
                &Call::new(Operation::AdminUpdateRecurrentPointTransaction)
                    .id(id)
                    .json(&RecurrentPointTransactionEnvelope {
                        recurrent_point_transaction: rule,
                    })?,
            )
            .await?
            .decode()?;
        Ok(env.recurrent_point_transaction)
    }
}
