//! The client under the faults CONTRACT.md warns of, injected by the sandbox.

mod common;

use mok_console::api::{ApiClient, ErrorKind, RetryPolicy, ServiceRequestQuery};
use mok_console::model::*;
use mok_console::sandbox::{Fault, FaultKind};
use std::time::{Duration, Instant};

const SR_PATH: &str = "/api/v1/provider_networks/service_requests";
const ME_PATH: &str = "/api/v1/provider_networks/me";

fn fault(kind: FaultKind, path: &str, method: Option<&str>, times: u32) -> Fault {
    Fault {
        kind,
        path_prefix: Some(path.into()),
        method: method.map(str::to_owned),
        times,
    }
}

#[tokio::test]
async fn expired_token_is_renewed_once_for_concurrent_calls() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    client.me().await.unwrap();
    let issued = sb.tokens_issued();
    assert_eq!(issued, 1, "one token for the session so far");
    sb.expire_tokens();
    let calls: Vec<_> = (0..8)
        .map(|i| {
            let c = client.clone();
            tokio::spawn(async move {
                if i % 2 == 0 {
                    c.me().await.map(|_| ())
                } else {
                    c.plans().await.map(|_| ())
                }
            })
        })
        .collect();
    for c in calls {
        c.await
            .unwrap()
            .expect("the caller sees nothing of the renewal");
    }
    assert_eq!(sb.tokens_issued(), issued + 1, "exactly one renewal");
    // And the session goes on with it.
    client.me().await.unwrap();
    assert_eq!(sb.tokens_issued(), issued + 1);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    client.me().await.unwrap();
    sb.inject(fault(
        FaultKind::TooManyRequests {
            retry_after_secs: 1,
        },
        ME_PATH,
        None,
        1,
    ));
    let started = Instant::now();
    client.me().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn too_many_requests_beyond_the_bound_is_reported() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    sb.inject(fault(
        FaultKind::TooManyRequests {
            retry_after_secs: 3600,
        },
        ME_PATH,
        None,
        1,
    ));
    let started = Instant::now();
    let e = client.me().await.unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::RateLimited, Some(429)));
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[tokio::test]
async fn server_errors_then_success() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    sb.inject(fault(
        FaultKind::Status(503),
        "/api/v1/provider_networks/plans",
        Some("GET"),
        2,
    ));
    assert!(!client.plans().await.unwrap().is_empty());
    // Lasting errors: one readable error after the retries.
    sb.inject(fault(
        FaultKind::Status(500),
        "/api/v1/provider_networks/plans",
        None,
        100,
    ));
    let e = client.plans().await.unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Server, Some(500)));
    assert!(e.message.starts_with("HTTP 500"), "{}", e.message);
}

#[tokio::test]
async fn dropped_answer_to_a_create_is_recovered_not_repeated() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    sb.inject(fault(
        FaultKind::DropAfterHandling,
        SR_PATH,
        Some("POST"),
        1,
    ));
    let ext = uuid::Uuid::new_v4().to_string();
    let created = client
        .create_service_request(ServiceRequestCreate {
            contract_id: Some(contract_id),
            service_id: Some(service_id),
            external_id: Some(ext.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(created.request.external_id.as_deref(), Some(ext.as_str()));
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1, "exactly one");
}

#[tokio::test]
async fn create_not_handled_is_sent_again() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    for kind in [FaultKind::DropBeforeHandling, FaultKind::Status(500)] {
        sb.inject(fault(kind.clone(), SR_PATH, Some("POST"), 1));
        let created = client
            .create_service_request(ServiceRequestCreate {
                contract_id: Some(contract_id),
                service_id: Some(service_id),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
        assert!(!created.recovered, "{kind:?}");
        let ext = created.request.external_id.unwrap();
        assert_eq!(sb.requests_with_external_id(&ext).len(), 1, "{kind:?}");
    }
}

#[tokio::test]
async fn malformed_json_is_a_clear_error() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    client.me().await.unwrap();
    sb.inject(fault(FaultKind::MalformedBody, ME_PATH, None, 1));
    let e = client.me().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert!(
        e.message.contains("the server's answer could not be read"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn html_error_page_is_read_as_its_title() {
    let sb = common::sandbox().await;
    let client = common::client(&sb).with_retry(RetryPolicy {
        max_attempts: 2,
        ..common::fast_retry()
    });
    client.me().await.unwrap();
    sb.inject(fault(FaultKind::HtmlError, ME_PATH, None, 100));
    let e = client.me().await.unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Server, Some(502)));
    assert!(e.message.starts_with("HTTP 502: "), "{}", e.message);
    assert!(!e.message.contains('<'), "no markup: {}", e.message);
    // A single HTML answer is retried away.
    sb.clear_faults();
    sb.inject(fault(FaultKind::HtmlError, ME_PATH, None, 1));
    client.me().await.unwrap();
}

#[tokio::test]
async fn nulls_and_unknown_fields_everywhere_are_accepted() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, _, _) = common::demo_contract(&client).await;
    let page = client
        .list_service_requests(&ServiceRequestQuery::default())
        .await
        .unwrap();
    let id = page[0].id.unwrap();
    sb.inject(Fault {
        kind: FaultKind::NullsAndExtras,
        path_prefix: None,
        method: None,
        times: 1000,
    });
    client.me().await.unwrap();
    client.plans().await.unwrap();
    client
        .search_contracts(ContractSearchKind::Id, &contract_id.to_string())
        .await
        .unwrap();
    client
        .search_contracts(ContractSearchKind::AccessIdentifier, "DEMO-0001")
        .await
        .unwrap();
    client
        .list_service_requests(&ServiceRequestQuery::default())
        .await
        .unwrap();
    // A nulled id is fine; the request itself still reads.
    let _ = client.get_service_request(id).await.unwrap();
    client.admin_contracts().await.unwrap();
    client.point_transactions().await.unwrap();
    client.recurrent_point_transactions().await.unwrap();
}

#[tokio::test]
async fn slow_answers_time_out_and_are_retried() {
    let sb = common::sandbox().await;
    let mut cfg = common::config(&sb);
    cfg.timeout = Duration::from_millis(700);
    let client = ApiClient::new(cfg)
        .unwrap()
        .with_retry(common::fast_retry());
    client.plans().await.unwrap();
    sb.inject(fault(
        FaultKind::Latency(Duration::from_secs(3)),
        "/api/v1/provider_networks/plans",
        None,
        1,
    ));
    client.plans().await.expect("the retry is answered in time");
    sb.inject(fault(
        FaultKind::Latency(Duration::from_secs(3)),
        "/api/v1/provider_networks/plans",
        None,
        100,
    ));
    let e = client.plans().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e:?}");
}

#[tokio::test]
async fn unreadable_answer_to_a_create_is_read_back_by_external_id() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    sb.inject(fault(FaultKind::MalformedBody, SR_PATH, Some("POST"), 1));
    let created = client
        .create_service_request(ServiceRequestCreate {
            contract_id: Some(contract_id),
            service_id: Some(service_id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(created.recovered);
    let ext = created.request.external_id.unwrap();
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);
}

fn raw(status: u16, headers: &[(&str, &str)], body: &str) -> FaultKind {
    FaultKind::Raw {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.into(),
    }
}

/// `Retry-After` values no sane server sends: each gives the readable 429 or a retry that
/// works, never a panic (`Duration::from_secs_f64(1e20)` used to abort the client).
#[tokio::test]
async fn absurd_retry_after_is_a_clear_error_or_a_retry_never_a_panic() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    client.me().await.unwrap();
    let body = r#"{"error":"rate_limited"}"#;
    for too_long in [
        "1e20",
        "1e400",
        "18446744073709551616",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        sb.inject(fault(
            raw(429, &[("Retry-After", too_long)], body),
            ME_PATH,
            None,
            1,
        ));
        let e = client.me().await.unwrap_err();
        assert_eq!(
            (e.kind, e.status),
            (ErrorKind::RateLimited, Some(429)),
            "{too_long}"
        );
        assert!(e.message.contains("429"), "{too_long}: {}", e.message);
    }
    // Nonsense or negative: the ordinary backoff, then the call works.
    for odd in ["-1", "NaN", "-inf", "soon", "0x10", ""] {
        sb.inject(fault(
            raw(429, &[("Retry-After", odd)], body),
            ME_PATH,
            None,
            1,
        ));
        client
            .me()
            .await
            .unwrap_or_else(|e| panic!("{odd:?}: {}", e.message));
    }
}

/// Token answers with absurd or odd `expires_in`: a session that works (renewing a day
/// later at most), never an `Instant` overflow.
#[tokio::test]
async fn absurd_expires_in_works_or_is_a_clear_error_never_a_panic() {
    let token_path = "/oauth/token";
    for expires_in in [
        i64::MAX.to_string(),
        (i64::MAX - 1).to_string(),
        "1e300".into(),
        u64::MAX.to_string(),
        "-9223372036854775808".into(),
        "0".into(),
        "\"forever\"".into(),
    ] {
        let sb = common::sandbox().await;
        let client = common::client(&sb);
        let body = format!(
            r#"{{"access_token":"odd-token","token_type":"Bearer","expires_in":{expires_in}}}"#
        );
        sb.inject(fault(raw(200, &[], &body), token_path, Some("POST"), 1));
        // The odd token is not the sandbox's: the call answers 401, the client renews once
        // (a real token this time) and the call works.
        client
            .me()
            .await
            .unwrap_or_else(|e| panic!("expires_in {expires_in}: {}", e.message));
        client.me().await.unwrap();
    }
    // A token answer that is not a number at all: a readable sign-in error.
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    sb.inject(fault(
        raw(200, &[], r#"{"token_type":"Bearer","expires_in":1e999}"#),
        token_path,
        Some("POST"),
        4,
    ));
    let e = client.me().await.unwrap_err();
    assert!(e.message.contains("could not"), "{}", e.message);
}
