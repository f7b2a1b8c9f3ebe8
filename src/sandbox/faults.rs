//! Fault injection (off by default): a middleware applies the first fault matching a
//! request, and `POST/DELETE /__sandbox/faults` manage them over HTTP for manual use.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::router::{ApiError, ApiResult, JsonBody, Shared, field_error, ok};
use super::server::ConnKill;
use super::{Fault, FaultKind};

/// A fault as JSON, for `POST /__sandbox/faults`, e.g.
/// `{"kind": "status", "status": 503, "path_prefix": "/api/v1/provider_networks/me", "times": 2}`.
/// Kinds: `latency` (`ms`), `latency_after_handling` (`ms`), `status` (`status`), `too_many_requests` (`retry_after_secs`),
/// `html_error`, `malformed_body`, `drop_before_handling`, `drop_after_handling`,
/// `nulls_and_extras`.
#[derive(Debug, Clone, Deserialize)]
pub struct FaultSpec {
    pub kind: String,
    #[serde(default)]
    pub ms: Option<u64>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub retry_after_secs: Option<u64>,
    #[serde(default)]
    pub path_prefix: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub times: Option<u32>,
}

impl FaultSpec {
    pub fn into_fault(self) -> Result<Fault, String> {
        let kind = match self.kind.as_str() {
            "latency" => FaultKind::Latency(Duration::from_millis(self.ms.unwrap_or(1000))),
            "latency_after_handling" => {
                FaultKind::LatencyAfterHandling(Duration::from_millis(self.ms.unwrap_or(1000)))
            }
            "status" => {
                let s = self.status.unwrap_or(500);
                if !(100..=599).contains(&s) {
                    return Err("status must be an HTTP status code".into());
                }
                FaultKind::Status(s)
            }
            "too_many_requests" => FaultKind::TooManyRequests {
                retry_after_secs: self.retry_after_secs.unwrap_or(1),
            },
            "html_error" => FaultKind::HtmlError,
            "malformed_body" => FaultKind::MalformedBody,
            "drop_before_handling" => FaultKind::DropBeforeHandling,
            "drop_after_handling" => FaultKind::DropAfterHandling,
            "nulls_and_extras" => FaultKind::NullsAndExtras,
            other => return Err(format!("unknown fault kind {other}")),
        };
        Ok(Fault {
            kind,
            path_prefix: self.path_prefix,
            method: self.method,
            times: self.times.unwrap_or(1),
        })
    }
}

pub async fn add(State(shared): State<Arc<Shared>>, JsonBody(body): JsonBody) -> ApiResult {
    let spec: FaultSpec =
        serde_json::from_value(body).map_err(|e| field_error("fault", &e.to_string()))?;
    let fault = spec.into_fault().map_err(|e| field_error("kind", &e))?;
    tracing::info!(?fault, "fault injected");
    shared.store.lock().faults.push(fault);
    ok(
        StatusCode::CREATED,
        json!({"faults": shared.store.lock().faults.len()}),
    )
}

pub async fn clear(State(shared): State<Arc<Shared>>) -> ApiResult {
    shared.store.lock().faults.clear();
    tracing::info!("faults cleared");
    ok(StatusCode::OK, json!({"faults": 0}))
}

/// Takes one use of the first fault matching `method path`.
fn take_fault(shared: &Shared, method: &str, path: &str) -> Option<FaultKind> {
    let mut store = shared.store.lock();
    let i = store.faults.iter().position(|f| {
        f.times > 0
            && f.path_prefix.as_deref().is_none_or(|p| path.starts_with(p))
            && f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    })?;
    let f = &mut store.faults[i];
    f.times -= 1;
    let kind = f.kind.clone();
    if f.times == 0 {
        store.faults.remove(i);
    }
    Some(kind)
}

/// Closes the connection unanswered: the accept loop drops it when pulled; this future
/// never finishes, so nothing is written.
async fn drop_connection(kill: Option<ConnKill>) -> Response {
    if let Some(kill) = kill {
        kill.kill();
    }
    std::future::pending::<()>().await;
    unreachable!()
}

pub async fn apply(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/__sandbox") {
        return next.run(req).await;
    }
    let Some(kind) = take_fault(&shared, req.method().as_str(), &path) else {
        return next.run(req).await;
    };
    tracing::info!(?kind, %path, "applying fault");
    let kill = req.extensions().get::<ConnKill>().cloned();
    match kind {
        FaultKind::Latency(d) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        FaultKind::LatencyAfterHandling(d) => {
            let res = next.run(req).await;
            tokio::time::sleep(d).await;
            res
        }
        FaultKind::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            ApiError::new(
                status,
                json!({"error": status.canonical_reason().unwrap_or("error").to_lowercase().replace(' ', "_"),
                       "error_description": "Injected by the sandbox."}),
            )
            .into_response()
        }
        FaultKind::TooManyRequests { retry_after_secs } => {
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"error": "rate_limited"}),
            );
            e.retry_after = Some(retry_after_secs);
            e.into_response()
        }
        FaultKind::HtmlError => {
            let mut res = Response::new(Body::from(
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
            ));
            *res.status_mut() = StatusCode::BAD_GATEWAY;
            res.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            res
        }
        FaultKind::MalformedBody => {
            let _ = next.run(req).await;
            let mut res = Response::new(Body::from("{\"service_request\": {\"id\": 1, <truncated"));
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            res
        }
        FaultKind::DropBeforeHandling => drop_connection(kill).await,
        FaultKind::DropAfterHandling => {
            let _ = next.run(req).await;
            drop_connection(kill).await
        }
        FaultKind::Raw {
            status,
            headers,
            body,
        } => {
            let mut res = Response::new(Body::from(body));
            *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            for (name, value) in headers {
                if let (Ok(n), Ok(v)) = (
                    header::HeaderName::try_from(name.as_str()),
                    HeaderValue::try_from(value.as_str()),
                ) {
                    res.headers_mut().insert(n, v);
                }
            }
            res
        }
        FaultKind::NullsAndExtras => {
            let res = next.run(req).await;
            let (parts, body) = res.into_parts();
            let bytes = axum::body::to_bytes(body, 16 * 1024 * 1024)
                .await
                .unwrap_or_default();
            let out = match serde_json::from_slice::<Value>(&bytes) {
                Ok(mut v) => {
                    degrade(&mut v, 0);
                    serde_json::to_vec(&v).unwrap_or_default().into()
                }
                Err(_) => bytes,
            };
            let mut res = Response::from_parts(parts, Body::from(out));
            res.headers_mut().remove(header::CONTENT_LENGTH);
            res
        }
    }
}

/// Keys a degraded answer keeps, so it still names what it is about.
const KEEP: [&str; 6] = [
    "id",
    "current_status",
    "access_token",
    "token_type",
    "status",
    "event",
];

/// Turns every other text field of every object to `null` and adds unknown fields.
fn degrade(v: &mut Value, depth: usize) {
    match v {
        Value::Object(m) => {
            let mut i = 0;
            for (k, val) in m.iter_mut() {
                if val.is_string() && depth > 0 && !KEEP.contains(&k.as_str()) {
                    if i % 2 == 1 {
                        *val = Value::Null;
                    }
                    i += 1;
                } else {
                    degrade(val, depth + 1);
                }
            }
            m.insert(
                "sandbox_unknown_field".into(),
                json!({"added": "by a fault", "n": 1}),
            );
            m.insert("x_extra_flag".into(), Value::Bool(true));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| degrade(x, depth + 1)),
        _ => {}
    }
}
