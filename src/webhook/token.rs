//! The sender's third auth mode: a Bearer token it fetches from us. With `[webhook]
//! token_client_id` / `token_client_secret`, `POST /webhooks/token` takes a
//! client_credentials grant (JSON or form body, or the credentials as HTTP Basic) and
//! answers `{access_token, token_type: "Bearer", expires_in}`; a delivery carrying a live
//! token we issued is authorised.
//!
//! Tokens are stateless: `base64url(expiry ‖ nonce) . hex(HMAC(key, expiry ‖ nonce))`, keyed
//! with a random key made when the receiver starts. A token is live when its MAC checks (in
//! constant time) and its expiry is in the future; one from another receiver, or from
//! before a restart, fails the MAC. Nothing to store, nothing to purge.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Where senders fetch tokens.
pub const TOKEN_PATH: &str = "/webhooks/token";
/// How long an issued token lives unless `[webhook] token_ttl_secs` says otherwise.
pub const DEFAULT_TTL: Duration = Duration::from_secs(3600);

/// Issues and checks tokens for one configured client.
pub(super) struct Issuer {
    /// SHA-256 of the client id and secret: compared digest to digest, so neither the
    /// time nor the length of a wrong guess says anything.
    client_id: [u8; 32],
    client_secret: [u8; 32],
    key: [u8; 32],
    ttl: Duration,
}

impl Issuer {
    pub(super) fn new(client_id: &str, client_secret: &SecretString, ttl: Duration) -> Issuer {
        Issuer {
            client_id: Sha256::digest(client_id.as_bytes()).into(),
            client_secret: Sha256::digest(client_secret.expose_secret().as_bytes()).into(),
            key: rand::random(),
            ttl: ttl.max(Duration::from_secs(1)),
        }
    }

    fn credentials_match(&self, id: &str, secret: &str) -> bool {
        let id: [u8; 32] = Sha256::digest(id.as_bytes()).into();
        let secret: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        // `&`, not `&&`: both are always compared.
        bool::from(id.ct_eq(&self.client_id) & secret.ct_eq(&self.client_secret))
    }

    fn issue(&self, now: u64) -> String {
        let mut claims = [0u8; 24];
        claims[..8].copy_from_slice(&now.saturating_add(self.ttl.as_secs()).to_be_bytes());
        claims[8..].copy_from_slice(&rand::random::<[u8; 16]>());
        // Signed with the crate's one HMAC signer, the same that signs webhook bodies.
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(claims),
            super::sign(&self.key, &claims)
        )
    }

    /// Whether `token` is one we issued and it has not expired at `now` (Unix seconds).
    pub(super) fn is_live(&self, token: &str, now: u64) -> bool {
        let Some((claims, sig)) = token.trim().split_once('.') else {
            return false;
        };
        let Ok(claims) = URL_SAFE_NO_PAD.decode(claims) else {
            return false;
        };
        let Ok(claims) = <[u8; 24]>::try_from(claims.as_slice()) else {
            return false;
        };
        if !super::verify_signature(&self.key, &claims, sig) {
            return false;
        }
        let expires = u64::from_be_bytes(claims[..8].try_into().expect("8 bytes"));
        now < expires
    }

    /// Whether the `Authorization` header carries a live token of ours.
    pub(super) fn authorizes(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_value)
            .is_some_and(|t| self.is_live(t, unix_now()))
    }

    /// `POST /webhooks/token`.
    pub(super) fn answer(&self, headers: &HeaderMap, body: &[u8]) -> Response {
        let Some(grant) = Grant::read(headers, body) else {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "expected a JSON or form body with grant_type, client_id and client_secret",
            );
        };
        if grant.grant_type.as_deref() != Some("client_credentials") {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only grant_type=client_credentials is served",
            );
        }
        let (Some(id), Some(secret)) = (&grant.client_id, &grant.client_secret) else {
            return invalid_client();
        };
        if !self.credentials_match(id, secret.expose_secret()) {
            tracing::warn!("webhook token refused: wrong client credentials");
            return invalid_client();
        }
        let token = self.issue(unix_now());
        tracing::info!(expires_in = self.ttl.as_secs(), "webhook token issued");
        let mut res = (
            StatusCode::OK,
            axum::Json(serde_json::json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": self.ttl.as_secs(),
            })),
        )
            .into_response();
        // RFC 6749 §5.1: token answers must not be cached.
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// The token of `Bearer TOKEN` (scheme case-insensitive).
fn bearer_value(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A client_credentials request, from whichever shape the sender used.
#[derive(Default, serde::Deserialize)]
struct Grant {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
}

impl Grant {
    fn read(headers: &HeaderMap, body: &[u8]) -> Option<Grant> {
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.to_ascii_lowercase().contains("json"));
        let mut grant = if json || body.trim_ascii_start().starts_with(b"{") {
            serde_json::from_slice::<Grant>(body).ok()?
        } else {
            let mut g = Grant::default();
            for (k, v) in form_urlencoded::parse(body) {
                match k.as_ref() {
                    "grant_type" => g.grant_type = Some(v.into_owned()),
                    "client_id" => g.client_id = Some(v.into_owned()),
                    "client_secret" => g.client_secret = Some(SecretString::from(v.into_owned())),
                    _ => {}
                }
            }
            g
        };
        // RFC 6749 §2.3.1: the credentials may come as HTTP Basic instead.
        if grant.client_id.is_none()
            && let Some((id, secret)) = basic_credentials(headers)
        {
            grant.client_id = Some(id);
            grant.client_secret = Some(SecretString::from(secret));
        }
        Some(grant)
    }
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

fn invalid_client() -> Response {
    let mut res = oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "wrong or missing client credentials",
    );
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"webhooks/token\""),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer() -> Issuer {
        Issuer::new(
            "hooks",
            &SecretString::from("s3cret"),
            Duration::from_secs(60),
        )
    }

    #[test]
    fn tokens_live_until_they_expire_and_only_for_their_issuer() {
        let a = issuer();
        let t = a.issue(1_000);
        assert!(a.is_live(&t, 1_000));
        assert!(a.is_live(&t, 1_059));
        assert!(!a.is_live(&t, 1_060), "expired");
        // Same credentials, another receiver (or a restart): another key.
        assert!(!issuer().is_live(&t, 1_000));
        // Tampered expiry or signature.
        let (claims, sig) = t.split_once('.').unwrap();
        let mut raw = URL_SAFE_NO_PAD.decode(claims).unwrap();
        raw[7] ^= 0xff;
        let forged = format!("{}.{sig}", URL_SAFE_NO_PAD.encode(&raw));
        assert!(!a.is_live(&forged, 1_000));
        assert!(!a.is_live(&format!("{claims}.{}", "0".repeat(64)), 1_000));
        for junk in ["", ".", "a.b", "nodot", &t[..t.len() - 2]] {
            assert!(!a.is_live(junk, 1_000), "{junk}");
        }
    }

    #[test]
    fn an_expiry_at_the_end_of_time_does_not_overflow() {
        let a = issuer();
        let t = a.issue(u64::MAX);
        assert!(a.is_live(&t, u64::MAX - 1));
    }

    #[test]
    fn credentials_are_checked_whole() {
        let a = issuer();
        assert!(a.credentials_match("hooks", "s3cret"));
        assert!(!a.credentials_match("hooks", "s3cre"));
        assert!(!a.credentials_match("hooks", "s3cret "));
        assert!(!a.credentials_match("hook", "s3cret"));
        assert!(!a.credentials_match("", ""));
    }

    #[test]
    fn grants_are_read_from_json_form_and_basic() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let g = Grant::read(
            &h,
            br#"{"grant_type":"client_credentials","client_id":"hooks","client_secret":"s3cret"}"#,
        )
        .unwrap();
        assert_eq!(g.client_id.as_deref(), Some("hooks"));
        let g = Grant::read(
            &HeaderMap::new(),
            b"grant_type=client_credentials&client_id=hooks&client_secret=s%3Acret",
        )
        .unwrap();
        assert_eq!(g.client_secret.unwrap().expose_secret(), "s:cret");
        let mut h = HeaderMap::new();
        let basic = format!("Basic {}", STANDARD.encode("hooks:s3cret"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&basic).unwrap(),
        );
        let g = Grant::read(&h, b"grant_type=client_credentials").unwrap();
        assert_eq!(g.client_id.as_deref(), Some("hooks"));
        assert_eq!(g.client_secret.unwrap().expose_secret(), "s3cret");
        assert!(Grant::read(&HeaderMap::new(), b"{not json").is_none());
    }
}
