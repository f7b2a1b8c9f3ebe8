//! Fault injection over HTTP: each kind, matching by path and method, counting down, and
//! the `/__sandbox/faults` endpoints.
mod sandbox_support;

use std::time::{Duration, Instant};

use mok_console::sandbox::{Fault, FaultKind};
use reqwest::StatusCode;
use sandbox_support::*;
use serde_json::{Value, json};

fn fault(kind: FaultKind, path: &str) -> Fault {
    Fault {
        kind,
        path_prefix: Some(path.into()),
        method: None,
        times: 1,
    }
}

fn me() -> String {
    format!("{PN}/me")
}

#[tokio::test]
async fn latency_delays_then_answers() {
    let sb = start().await;
    sb.handle
        .inject(fault(FaultKind::Latency(Duration::from_millis(400)), &me()));
    let t = Instant::now();
    let (status, _) = sb.get(&me()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(t.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn status_fault_answers_json_error_once() {
    let sb = start().await;
    let mut f = fault(FaultKind::Status(503), &me());
    f.times = 2;
    sb.handle.inject(f);
    for _ in 0..2 {
        let (status, body) = sb.get(&me()).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body["error"].is_string());
    }
    assert_eq!(
        sb.get(&me()).await.0,
        StatusCode::OK,
        "cleared after its uses"
    );
}

#[tokio::test]
async fn too_many_requests_carries_retry_after() {
    let sb = start().await;
    sb.handle.inject(fault(
        FaultKind::TooManyRequests {
            retry_after_secs: 7,
        },
        &me(),
    ));
    let res = sb
        .http
        .get(sb.url(&me()))
        .bearer_auth(&sb.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()["retry-after"], "7");
}

#[tokio::test]
async fn html_error_is_a_502_page() {
    let sb = start().await;
    sb.handle.inject(fault(FaultKind::HtmlError, &me()));
    let res = sb
        .http
        .get(sb.url(&me()))
        .bearer_auth(&sb.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("<title>502 Bad Gateway</title>")
    );
}

#[tokio::test]
async fn malformed_body_is_200_not_json_after_handling() {
    let sb = start().await;
    let cid = sb
        .admin_contract("AUTO-PLUS", "FAULT-M", &days_ago(40))
        .await;
    let mut f = fault(FaultKind::MalformedBody, &format!("{PN}/service_requests"));
    f.method = Some("POST".into());
    sb.handle.inject(f);
    let external = "malformed-1";
    let res = sb
        .http
        .post(sb.url(&format!("{PN}/service_requests")))
        .bearer_auth(&sb.token)
        .json(&json!({"service_request": {"contract_id": cid, "service_external_id": "SRV-GRUA", "external_id": external}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&res.text().await.unwrap()).is_err());
    assert_eq!(
        sb.handle.requests_with_external_id(external).len(),
        1,
        "handled"
    );
}

#[tokio::test]
async fn drop_before_handling_closes_without_answer_and_stores_nothing() {
    let sb = start().await;
    let cid = sb
        .admin_contract("AUTO-PLUS", "FAULT-B", &days_ago(40))
        .await;
    sb.handle.inject(fault(
        FaultKind::DropBeforeHandling,
        &format!("{PN}/service_requests"),
    ));
    let res = sb
        .http
        .post(sb.url(&format!("{PN}/service_requests")))
        .bearer_auth(&sb.token)
        .json(&json!({"service_request": {"contract_id": cid, "service_external_id": "SRV-GRUA", "external_id": "drop-before"}}))
        .send()
        .await;
    let err = res.expect_err("connection closed without an answer");
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    assert!(
        sb.handle
            .requests_with_external_id("drop-before")
            .is_empty()
    );
    assert_eq!(sb.get(&me()).await.0, StatusCode::OK, "the next call works");
}

#[tokio::test]
async fn drop_after_handling_stores_the_create_but_never_answers() {
    let sb = start().await;
    let cid = sb
        .admin_contract("AUTO-PLUS", "FAULT-A", &days_ago(40))
        .await;
    let mut f = fault(
        FaultKind::DropAfterHandling,
        &format!("{PN}/service_requests"),
    );
    f.method = Some("POST".into());
    sb.handle.inject(f);
    let res = sb
        .http
        .post(sb.url(&format!("{PN}/service_requests")))
        .bearer_auth(&sb.token)
        .json(&json!({"service_request": {"contract_id": cid, "service_external_id": "SRV-GRUA", "external_id": "drop-after"}}))
        .send()
        .await;
    let err = res.expect_err("connection closed without an answer");
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    assert_eq!(
        sb.handle.requests_with_external_id("drop-after").len(),
        1,
        "stored"
    );
    let (status, body) = sb
        .get(&format!("{PN}/service_requests?external_id=drop-after"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["service_requests"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn nulls_and_extras_keep_ids_and_add_unknown_fields() {
    let sb = start().await;
    sb.handle
        .inject(fault(FaultKind::NullsAndExtras, &format!("{PN}/contracts")));
    let (status, body) = sb
        .get(&format!("{PN}/contracts?access_identifier=DEMO-0001"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let c = &body["contracts"][0];
    assert_eq!(c["id"], 1);
    assert!(c["sandbox_unknown_field"].is_object());
    let nulls = c
        .as_object()
        .unwrap()
        .values()
        .filter(|v| v.is_null())
        .count();
    assert!(nulls >= 5, "{c}");
    let parsed: mok_console::model::ContractList = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(parsed.contracts.len(), 2);
}

#[tokio::test]
async fn faults_match_method_and_can_be_cleared() {
    let sb = start().await;
    let mut f = fault(FaultKind::Status(500), &format!("{PN}/service_requests"));
    f.method = Some("POST".into());
    f.times = 5;
    sb.handle.inject(f);
    assert_eq!(
        sb.get(&format!("{PN}/service_requests")).await.0,
        StatusCode::OK,
        "GET is not hit"
    );
    sb.handle.clear_faults();
    let (status, _) = sb
        .post(
            &format!("{PN}/service_requests"),
            json!({"service_request": {}}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "cleared: handled normally"
    );
}

#[tokio::test]
async fn faults_over_http_for_manual_use() {
    let sb = start().await;
    let res = sb
        .http
        .post(sb.url("/__sandbox/faults"))
        .json(&json!({"kind": "status", "status": 500, "path_prefix": me(), "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(sb.get(&me()).await.0, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(sb.get(&me()).await.0, StatusCode::OK);
    sb.http
        .post(sb.url("/__sandbox/faults"))
        .json(&json!({"kind": "too_many_requests", "retry_after_secs": 3, "times": 10}))
        .send()
        .await
        .unwrap();
    assert_eq!(sb.get(&me()).await.0, StatusCode::TOO_MANY_REQUESTS);
    let res = sb
        .http
        .delete(sb.url("/__sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(sb.get(&me()).await.0, StatusCode::OK);
    let res = sb
        .http
        .post(sb.url("/__sandbox/faults"))
        .json(&json!({"kind": "earthquake"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
