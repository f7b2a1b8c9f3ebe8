//! Routes, shared state, and the request/answer helpers every handler uses: JSON bodies
//! and queries read without ever answering an undocumented status, and the documented
//! error shapes.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use parking_lot::Mutex;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::SandboxConfig;
use super::demo::{self, People};
use super::handlers::{admin, auth, points, provider, requests};
use super::store::Store;
use crate::model::ServiceRequest;

/// A webhook to deliver: event name and the request as it is now.
pub type WebhookJob = (&'static str, ServiceRequest);

pub struct Shared {
    pub store: Mutex<Store>,
    pub people: People,
    pub addr: SocketAddr,
    webhook_tx: mpsc::UnboundedSender<WebhookJob>,
}

impl Shared {
    pub fn new(
        config: SandboxConfig,
        addr: SocketAddr,
    ) -> (Arc<Shared>, mpsc::UnboundedReceiver<WebhookJob>) {
        let (webhook_tx, rx) = mpsc::unbounded_channel();
        let shared = Shared {
            store: Mutex::new(demo::build(config)),
            people: demo::people(),
            addr,
            webhook_tx,
        };
        (Arc::new(shared), rx)
    }

    /// Queues `service_request.created|updated` for the webhook URL, if one is configured.
    pub fn notify(&self, event: &'static str, request: &ServiceRequest) {
        let _ = self.webhook_tx.send((event, request.clone()));
    }
}

pub fn app(shared: Arc<Shared>) -> Router {
    let provider_routes = Router::new()
        .route("/me", get(provider::me))
        .route("/contracts", get(provider::contracts))
        .route("/plans", get(provider::plans))
        .route(
            "/service_requests",
            get(requests::list).post(requests::create),
        )
        .route(
            "/service_requests/{id}",
            get(requests::show).patch(requests::update),
        )
        .route("/whatsapp_messages", post(provider::whatsapp))
        .route("/providers_ranking", get(provider::ranking))
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            auth::require_bearer,
        ));
    let admin_routes = Router::new()
        .route("/contracts", get(admin::list))
        .route("/contracts/create_or_update", post(admin::create_or_update))
        .route("/contracts/bulk_create_or_update", post(admin::bulk))
        .route(
            "/point_transactions",
            get(points::list).post(points::create),
        )
        .route("/point_transactions/{id}", get(points::show))
        .route(
            "/recurrent_point_transactions",
            get(points::list_recurrent).post(points::create_recurrent),
        )
        .route(
            "/recurrent_point_transactions/{id}",
            get(points::show_recurrent)
                .patch(points::update_recurrent)
                .put(points::update_recurrent),
        )
        .route_layer(middleware::from_fn(auth::require_admin));
    Router::new()
        .route("/oauth/token", post(auth::token))
        .nest("/api/v1/provider_networks", provider_routes)
        .nest("/api/v1/admin", admin_routes)
        .route(
            "/__sandbox/faults",
            post(super::faults::add).delete(super::faults::clear),
        )
        .fallback(|| async { not_found() })
        // Bulk contract loads can be large.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            super::faults::apply,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(shared)
}

/// An error answer in one of the documented shapes.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
    pub retry_after: Option<u64>,
    pub www_authenticate: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, body: Value) -> ApiError {
        ApiError {
            status,
            body,
            retry_after: None,
            www_authenticate: false,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.www_authenticate {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        res
    }
}

pub type ApiResult = Result<Response, ApiError>;

/// 400 `{error: "bad_request", error_description}`.
pub fn bad_request(description: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        json!({"error": "bad_request", "error_description": description.into()}),
    )
}

/// 404 `{error: "not_found"}`.
pub fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, json!({"error": "not_found"}))
}

/// 422 `{errors: {field: [msg]}}`.
pub fn field_errors(errors: &[(String, String)]) -> ApiError {
    let mut map = serde_json::Map::new();
    for (field, msg) in errors {
        map.entry(field.clone())
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
            .expect("array")
            .push(Value::String(msg.clone()));
    }
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "errors": Value::Object(map) }),
    )
}

pub fn field_error(field: &str, msg: &str) -> ApiError {
    field_errors(&[(field.to_owned(), msg.to_owned())])
}

/// 422 `{detail: "missing_required_params"}`.
pub fn missing_params() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"detail": "missing_required_params"}),
    )
}

pub fn ok(status: StatusCode, body: Value) -> ApiResult {
    Ok((status, Json(body)).into_response())
}

/// A JSON body, read whatever the content type says; not JSON → 400 in the documented shape.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| bad_request("The request body could not be read."))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(bad_request("The request body is empty."));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|_| bad_request("The request body could not be parsed as JSON."))
    }
}

/// The query string as ordered pairs (never rejects).
pub struct Params(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or_default();
        Ok(Params(
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }
}

impl Params {
    /// The first value of `key`, when present and not blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// An integer parameter; unreadable → 400.
    pub fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.get(key).map(str::trim) {
            None => Ok(None),
            // Too large for 64 bits but a whole number: as large as can be.
            Some(v) if v.len() > 18 && v.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(i64::MAX)),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| bad_request(format!("{key} must be an integer"))),
        }
    }
}

/// The object under `key` of a body like `{service_request: {...}}`; anything else → 422.
pub fn envelope<'a>(
    body: &'a Value,
    key: &str,
) -> Result<&'a serde_json::Map<String, Value>, ApiError> {
    body.get(key)
        .and_then(Value::as_object)
        .ok_or_else(|| field_error(key, "must be an object"))
}

/// A path id; anything not an integer is simply not found.
pub fn path_id(raw: &str) -> Result<i64, ApiError> {
    raw.trim().parse().map_err(|_| not_found())
}
