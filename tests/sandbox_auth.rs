//! Sandbox authentication over HTTP: the token endpoint (JSON and form bodies, errors),
//! tokens without `expires_in` that expire after the TTL, and the admin headers.
mod sandbox_support;

use std::time::Duration;

use mok_console::sandbox::{CLIENT_ID, CLIENT_SECRET, SandboxConfig};
use reqwest::StatusCode;
use sandbox_support::*;
use serde_json::{Value, json};

#[tokio::test]
async fn token_json_and_form_bodies_without_expires_in() {
    let sb = start().await;
    let res = sb
        .http
        .post(sb.url("/oauth/token"))
        .json(&token_body())
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "provider_networks");
    assert!(body["created_at"].is_i64());
    assert!(body.get("expires_in").is_none(), "no expires_in: {body}");
    let form = format!(
        "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&scope=provider_networks"
    );
    let res = sb
        .http
        .post(sb.url("/oauth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["access_token"].as_str().is_some_and(|t| t.len() >= 32));
    // HTTP Basic client authentication (RFC 6749 2.3.1) works too.
    let res = sb
        .http
        .post(sb.url("/oauth/token"))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // start() fetched one, then three more here.
    assert_eq!(sb.handle.tokens_issued(), 4);
}

#[tokio::test]
async fn bad_credentials_bad_grant_bad_scope_and_garbage() {
    let sb = start().await;
    let post = |body: Value| {
        let req = sb.http.post(sb.url("/oauth/token")).json(&body);
        async move { read(req.send().await.unwrap()).await }
    };
    let mut wrong = token_body();
    wrong["client_secret"] = json!("nope");
    let (status, body) = post(wrong).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"].is_string());

    let mut grant = token_body();
    grant["grant_type"] = json!("password");
    let (status, body) = post(grant).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unsupported_grant_type");

    let mut scope = token_body();
    scope["scope"] = json!("admin");
    let (status, body) = post(scope).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_scope");

    let res = sb
        .http
        .post(sb.url("/oauth/token"))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].is_string());
}

#[tokio::test]
async fn missing_or_unknown_bearer_is_401() {
    let sb = start().await;
    let res = sb
        .http
        .get(sb.url(&format!("{PN}/me")))
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_token");
    let res = sb
        .http
        .get(sb.url(&format!("{PN}/me")))
        .bearer_auth("made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_expires_after_ttl_then_a_new_one_works() {
    let sb = start_with(SandboxConfig {
        token_ttl: Duration::from_secs(1),
        ..SandboxConfig::default()
    })
    .await;
    let expired = eventually(15, || async {
        let (status, _) = sb.get(&format!("{PN}/me")).await;
        (status == StatusCode::UNAUTHORIZED).then_some(())
    })
    .await;
    assert!(expired.is_some(), "the token never expired");
    let fresh = fetch_token(&sb.http, &sb.handle.base_url()).await;
    let res = sb
        .http
        .get(sb.url(&format!("{PN}/me")))
        .bearer_auth(fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn expire_tokens_invalidates_issued_tokens_only() {
    let sb = start().await;
    assert_eq!(sb.get(&format!("{PN}/me")).await.0, StatusCode::OK);
    sb.handle.expire_tokens();
    assert_eq!(
        sb.get(&format!("{PN}/me")).await.0,
        StatusCode::UNAUTHORIZED
    );
    let fresh = fetch_token(&sb.http, &sb.handle.base_url()).await;
    let res = sb
        .http
        .get(sb.url(&format!("{PN}/me")))
        .bearer_auth(fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(sb.handle.tokens_issued(), 2);
}

#[tokio::test]
async fn admin_headers_are_required() {
    let sb = start().await;
    let res = sb
        .http
        .get(sb.url(&format!("{ADMIN}/contracts")))
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"].is_string());
    let res = sb
        .http
        .get(sb.url(&format!("{ADMIN}/contracts")))
        .header("X-Admin-User-Email", "admin@sandbox.test")
        .header("X-Admin-User-Token", "wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The bearer token is not an admin credential.
    let (status, _) = sb.get(&format!("{ADMIN}/contracts")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = sb
        .admin(reqwest::Method::GET, &format!("{ADMIN}/contracts"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["contracts"].as_array().is_some_and(|c| c.len() >= 50));
}
