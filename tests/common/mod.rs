//! Shared by the client and CLI tests: a sandbox on loopback and clients of it.
#![allow(dead_code)]

use std::time::Duration;

use mok_console::api::{AdminCredentials, ApiClient, ClientConfig, RetryPolicy};
use mok_console::sandbox::{self, SandboxConfig, SandboxHandle};
use mok_console::tui::action::Action;
use mok_console::tui::harness::Harness;
use mok_console::tui::panes::request_form::FormAction;

pub async fn sandbox() -> SandboxHandle {
    sandbox::start(SandboxConfig::default())
        .await
        .expect("the sandbox starts")
}

pub fn config(handle: &SandboxHandle) -> ClientConfig {
    ClientConfig {
        base_url: handle.base_url(),
        client_id: sandbox::CLIENT_ID.into(),
        client_secret: sandbox::CLIENT_SECRET.into(),
        admin: Some(AdminCredentials {
            email: sandbox::ADMIN_EMAIL.into(),
            token: sandbox::ADMIN_TOKEN.into(),
        }),
        timeout: Duration::from_secs(10),
        paths: Default::default(),
    }
}

/// Quick retries, so fault tests do not wait long on a loaded machine.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(5),
    }
}

pub fn client(handle: &SandboxHandle) -> ApiClient {
    ApiClient::new(config(handle))
        .expect("client")
        .with_retry(fast_retry())
}

/// A contract id and a service (id, external id) of DEMO-0001's active contract that is
/// not blocked, so creates succeed.
pub async fn demo_contract(client: &ApiClient) -> (i64, i64, String) {
    use mok_console::model::ContractSearchKind;
    let contracts = client
        .search_contracts(
            ContractSearchKind::AccessIdentifier,
            sandbox::DEMO_ACCESS_IDENTIFIER,
        )
        .await
        .expect("DEMO-0001 is found");
    let today = chrono::Utc::now().date_naive();
    let c = contracts
        .iter()
        .find(|c| c.is_usable(today))
        .expect("DEMO-0001 has a usable contract");
    let s = c
        .services()
        .iter()
        .find(|s| !s.is_blocked() && s.external_id.is_some())
        .expect("a service that is not blocked");
    (
        c.id.expect("contract id"),
        s.id.expect("service id"),
        s.external_id.clone().unwrap(),
    )
}

/// POSTs `body` to a webhook receiver at `url`, signed with `secret` as MOK signs it, and
/// checks it was accepted.
pub async fn push_signed(url: &str, secret: &str, body: &serde_json::Value) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let body = body.to_string();
    let answer = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
        .post(url)
        .header("content-type", "application/json")
        .header(
            "x-signature",
            mok_console::webhook::sign(secret.as_bytes(), body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status().as_u16(),
        200,
        "the receiver refused a signed push"
    );
}

/// Opens the request form for service `service` of `contract` (written as the API writes
/// a contract), as choosing it in Lookup does.
pub fn open_form(h: &mut Harness, contract: serde_json::Value, service: usize) {
    let contract: mok_console::model::Contract =
        serde_json::from_value(contract).expect("a contract");
    let service = contract.services()[service].clone();
    h.update(Action::Form(FormAction::NewFor {
        contract: Box::new(contract),
        service: Box::new(service),
    }));
}
