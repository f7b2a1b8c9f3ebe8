//! `POST /oauth/token` (client credentials, JSON or form body), and the two guards: bearer
//! tokens for the Provider Network API, admin headers for the Admin API.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use crate::model::Token;
use crate::sandbox::router::{ApiError, ApiResult, Shared, bad_request, ok};
use crate::sandbox::{ADMIN_EMAIL, ADMIN_TOKEN, CLIENT_ID, CLIENT_SECRET};

pub const SCOPE: &str = "provider_networks";

fn oauth_error(status: StatusCode, error: &str, description: &str) -> ApiError {
    ApiError::new(
        status,
        json!({"error": error, "error_description": description}),
    )
}

fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// The token request's fields, from a JSON or an `application/x-www-form-urlencoded` body.
fn token_fields(headers: &HeaderMap, body: &Bytes) -> Result<Value, ApiError> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !form && let Ok(v) = serde_json::from_slice::<Value>(body) {
        return if v.is_object() {
            Ok(v)
        } else {
            Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The token request must be a JSON object.",
            ))
        };
    }
    let text = std::str::from_utf8(body).map_err(|_| bad_request("The body is not UTF-8."))?;
    if !form && !text.contains('=') {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The token request could not be parsed as JSON or as a form.",
        ));
    }
    let map: serde_json::Map<String, Value> = form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    Ok(Value::Object(map))
}

pub async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let fields = token_fields(&headers, &body)?;
    let text = |k: &str| fields.get(k).and_then(Value::as_str);
    match text("grant_type") {
        Some("client_credentials") => {}
        None => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required.",
            ));
        }
        Some(_) => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Only the client_credentials grant is supported.",
            ));
        }
    }
    // Credentials in the body, or HTTP Basic (client_secret_basic, RFC 6749 2.3.1).
    let basic = basic_credentials(&headers);
    let (id, secret) = match &basic {
        Some((id, secret)) => (Some(id.as_str()), Some(secret.as_str())),
        None => (text("client_id"), text("client_secret")),
    };
    let id_ok = id.is_some_and(|v| same(v, CLIENT_ID));
    let secret_ok = secret.is_some_and(|v| same(v, CLIENT_SECRET));
    if !(id_ok && secret_ok) {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
        ));
    }
    if let Some(scope) = text("scope")
        && !scope.split_whitespace().all(|s| s == SCOPE)
    {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "The requested scope is invalid, unknown, or malformed.",
        ));
    }
    let access_token: String = {
        let mut rng = rand::rng();
        (0..32)
            .map(|_| format!("{:02x}", rng.random::<u8>()))
            .collect()
    };
    {
        let mut store = shared.store.lock();
        store.tokens.insert(access_token.clone(), Instant::now());
        store.tokens_issued += 1;
    }
    tracing::info!("token issued");
    // No `expires_in`: the client must renew on 401 (CONTRACT.md).
    let token = Token {
        access_token: Some(access_token),
        token_type: Some("Bearer".into()),
        scope: Some(SCOPE.into()),
        created_at: Some(chrono::Utc::now().timestamp()),
        expires_in: None,
    };
    ok(
        StatusCode::OK,
        serde_json::to_value(token).unwrap_or_default(),
    )
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

fn unauthorized(description: &str) -> ApiError {
    let mut e = oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", description);
    e.www_authenticate = true;
    e
}

/// Provider Network API: a live bearer token.
pub async fn require_bearer(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    let Some(presented) = presented else {
        return unauthorized("The access token is missing.").into_response();
    };
    let valid = {
        let store = shared.store.lock();
        store.tokens.get(presented).is_some_and(|issued| {
            issued.elapsed() < store.config.token_ttl
                && store.tokens_valid_after.is_none_or(|cut| *issued > cut)
        })
    };
    if !valid {
        return unauthorized("The access token is invalid or expired.").into_response();
    }
    next.run(req).await
}

/// Admin API: both admin headers.
pub async fn require_admin(req: Request, next: Next) -> Response {
    let allowed = {
        let h = |name: &str| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        h("x-admin-user-email").is_some_and(|v| v.eq_ignore_ascii_case(ADMIN_EMAIL))
            && h("x-admin-user-token").is_some_and(|v| same(v, ADMIN_TOKEN))
    };
    if !allowed {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            json!({"error": "unauthorized", "error_description": "X-Admin-User-Email and X-Admin-User-Token are required and must match an admin user."}),
        )
        .into_response();
    }
    next.run(req).await
}
