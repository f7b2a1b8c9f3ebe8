//! Shared helpers of the sandbox tests: start a sandbox, get a token, call it over HTTP.
#![allow(dead_code)]

use std::time::Duration;

use mok_console::sandbox::{self, ADMIN_EMAIL, ADMIN_TOKEN, SandboxConfig, SandboxHandle};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const PN: &str = "/api/v1/provider_networks";
pub const ADMIN: &str = "/api/v1/admin";

pub struct Sb {
    pub handle: SandboxHandle,
    pub http: reqwest::Client,
    pub token: String,
}

pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

pub async fn start() -> Sb {
    start_with(SandboxConfig::default()).await
}

pub async fn start_with(config: SandboxConfig) -> Sb {
    let handle = sandbox::start(config).await.expect("sandbox starts");
    let http = client();
    let token = fetch_token(&http, &handle.base_url()).await;
    Sb {
        handle,
        http,
        token,
    }
}

pub fn token_body() -> Value {
    json!({
        "grant_type": "client_credentials",
        "client_id": sandbox::CLIENT_ID,
        "client_secret": sandbox::CLIENT_SECRET,
        "scope": "provider_networks",
    })
}

pub async fn fetch_token(http: &reqwest::Client, base: &str) -> String {
    let res = http
        .post(format!("{base}/oauth/token"))
        .json(&token_body())
        .send()
        .await
        .expect("token request");
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.expect("token json");
    v["access_token"].as_str().expect("access_token").to_owned()
}

/// Status and JSON body (`Value::Null` when the body is not JSON).
pub async fn read(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

impl Sb {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.handle.base_url(), path)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.send(method, path, body, |req| req.bearer_auth(&self.token))
            .await
    }

    /// Sends `body` (when given) with the headers `auth` adds.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        auth: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> (StatusCode, Value) {
        let mut req = auth(self.http.request(method, self.url(path)));
        if let Some(b) = body {
            req = req.json(&b);
        }
        read(req.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub async fn admin(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.send(method, path, body, |req| {
            req.header("X-Admin-User-Email", ADMIN_EMAIL)
                .header("X-Admin-User-Token", ADMIN_TOKEN)
        })
        .await
    }

    /// Contracts of an access identifier (with limits).
    pub async fn contracts_of(&self, ai: &str) -> Vec<Value> {
        let (status, body) = self
            .get(&format!("{PN}/contracts?access_identifier={ai}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["contracts"].as_array().cloned().unwrap_or_default()
    }

    /// Loads a contract through the Admin API and returns its id.
    pub async fn admin_contract(&self, plan: &str, ai: &str, start: &str) -> i64 {
        let (status, body) = self
            .admin(
                Method::POST,
                &format!("{ADMIN}/contracts/create_or_update"),
                Some(json!({"contract": {
                    "application_code": plan, "access_identifier": ai, "start_date": start,
                    "first_name": "Íñigo", "surname": "Peña", "email": "inigo@correo.test",
                }})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["contract"]["success?"], true, "{body}");
        body["contract"]["id"].as_i64().expect("id")
    }

    /// Creates a request by service external id on a contract; returns the answer.
    pub async fn create_request(&self, contract_id: i64, service_ext: &str) -> (StatusCode, Value) {
        self.post(
            &format!("{PN}/service_requests"),
            json!({"service_request": {
                "contract_id": contract_id,
                "service_external_id": service_ext,
                "external_id": uuid::Uuid::new_v4().to_string(),
                "origin_address": "Calle Mayor 1, Madrid",
                "origin_latitude": "40.415400",
                "origin_longitude": "-3.707400",
            }}),
        )
        .await
    }
}

/// The service of `contract` with this external id.
pub fn service<'a>(contract: &'a Value, external_id: &str) -> &'a Value {
    contract["services"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["external_id"] == external_id))
        .unwrap_or_else(|| panic!("service {external_id} in {contract}"))
}

/// Polls `check` every 100 ms until it answers `Some`, for up to `secs` seconds.
pub async fn eventually<T, F, Fut>(secs: u64, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return Some(v);
        }
        if tokio::time::Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

pub fn days_ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}
