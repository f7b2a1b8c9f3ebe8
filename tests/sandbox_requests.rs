//! Sandbox service requests over HTTP: create (ids, public id, history, answers), the
//! documented errors, get, patch (allowed fields only, history), filters and pagination.
mod sandbox_support;

use mok_console::model::{ServiceRequestEnvelope, ServiceRequestList, Status};
use reqwest::StatusCode;
use sandbox_support::*;
use serde_json::{Value, json};

#[tokio::test]
async fn create_stores_everything_and_answers_201() {
    let sb = start().await;
    let cid = sb
        .admin_contract("AUTO-PLUS", "REQ-1", &days_ago(200))
        .await;
    let (status, body) = sb
        .post(
            &format!("{PN}/service_requests"),
            json!({"service_request": {
                "contract_id": cid,
                "service_id": 2431434880i64,
                "external_id": "EXT-42",
                "origin_address": "Calle de Alcalá 10, Madrid",
                "origin_latitude": "40.418900",
                "origin_longitude": "-3.696800",
                "scheduled_date": "2030-01-02",
                "scheduled_time": "10:30:00",
                "user_phone": "+34600111222",
                "source": "call_center",
                "answers": [
                    {"question_key": "vehicle_moves", "value": false},
                    {"question_key": "passengers", "value": 2},
                    {"question_key": "unknown_key", "value": "x"}
                ]
            }}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let sr = serde_json::from_value::<ServiceRequestEnvelope>(body.clone())
        .unwrap()
        .service_request;
    let id = sr.id.unwrap();
    assert_eq!(
        sr.public_id.as_deref(),
        Some(format!("00032-{id:05}-EXT-42").as_str())
    );
    assert_eq!(sr.status(), Status::Pending);
    assert!(sr.status_history.as_ref().unwrap().contains_key("pending"));
    assert_eq!(sr.contract_id, Some(cid));
    assert_eq!(sr.plan_code.as_deref(), Some("AUTO-PLUS"));
    assert_eq!(sr.access_identifier.as_deref(), Some("REQ-1"));
    assert_eq!(sr.service_external_id.as_deref(), Some("SRV-GRUA"));
    assert_eq!(sr.user_phone.as_deref(), Some("+34600111222"));
    assert_eq!(sr.origin_latitude.as_deref(), Some("40.418900"));
    let answers = sr.answers.unwrap();
    assert_eq!(answers.len(), 3);
    assert_eq!(
        answers[0].question_text.as_deref(),
        Some("¿El vehículo puede moverse?")
    );
    assert_eq!(answers[0].kind.as_deref(), Some("boolean"));
    assert_eq!(answers[1].value, Some(json!(2)));
    assert!(answers[2].question_text.is_none());
    // Stored: GET gives the same.
    let (status, got) = sb.get(&format!("{PN}/service_requests/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, body);
    assert_eq!(sb.handle.requests_with_external_id("EXT-42").len(), 1);
}

#[tokio::test]
async fn create_by_access_identifier_and_service_external_id() {
    let sb = start().await;
    sb.admin_contract("HOGAR-TOTAL", "REQ-AI", &days_ago(200))
        .await;
    let (status, body) = sb
        .post(
            &format!("{PN}/service_requests"),
            json!({"service_request": {
                "access_identifier": "REQ-AI",
                "service_id": 1,
                "service_external_id": "SRV-CERRAJERIA",
                "current_status": "assigned",
            }}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let sr = &body["service_request"];
    assert_eq!(
        sr["service_external_id"], "SRV-CERRAJERIA",
        "external id wins"
    );
    assert_eq!(sr["current_status"], "assigned");
    assert!(sr["status_history"]["assigned"].is_string());
}

#[tokio::test]
async fn create_errors_are_422_with_field_errors_or_400() {
    let sb = start().await;
    let path = format!("{PN}/service_requests");
    let cases = [
        (json!({"service_request": {"contract_id": 1}}), "service_id"),
        (
            json!({"service_request": {"service_external_id": "SRV-GRUA"}}),
            "contract_id",
        ),
        (
            json!({"service_request": {"contract_id": 999999, "service_external_id": "SRV-GRUA"}}),
            "contract_id",
        ),
        (
            json!({"service_request": {"contract_id": 1, "service_external_id": "NOPE"}}),
            "service_external_id",
        ),
        // DEMO-0001's second contract expired.
        (
            json!({"service_request": {"contract_id": 2, "service_external_id": "SRV-GRUA"}}),
            "contract_id",
        ),
        // Electricidad is not in AUTO-BASICO... nor grúa in HOGAR-DEMO.
        (
            json!({"service_request": {"contract_id": 1, "service_external_id": "SRV-GRUA"}}),
            "service_id",
        ),
        (
            json!({"service_request": {"contract_id": 1, "service_external_id": "SRV-ELECTRICIDAD", "origin_latitude": "north"}}),
            "origin_latitude",
        ),
        (
            json!({"service_request": {"contract_id": 1, "service_external_id": "SRV-ELECTRICIDAD", "current_status": "lost"}}),
            "current_status",
        ),
        (json!({"other": {}}), "service_request"),
    ];
    for (body, field) in cases {
        let (status, answer) = sb.post(&path, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {answer}"
        );
        assert!(answer["errors"][field].is_array(), "{body} → {answer}");
    }
    let res = sb
        .http
        .post(sb.url(&path))
        .bearer_auth(&sb.token)
        .header("Content-Type", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    let (status, answer) = read(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"], "bad_request");
}

#[tokio::test]
async fn get_unknown_is_404() {
    let sb = start().await;
    for id in ["99999999", "abc"] {
        let (status, body) = sb.get(&format!("{PN}/service_requests/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["error"], "not_found");
    }
    let (status, _) = sb
        .patch(
            &format!("{PN}/service_requests/99999999"),
            json!({"service_request": {"current_status": "assigned"}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn patch_changes_allowed_fields_only_and_records_history() {
    let sb = start().await;
    let cid = sb
        .admin_contract("AUTO-PLUS", "REQ-PATCH", &days_ago(30))
        .await;
    let (_, created) = sb.create_request(cid, "SRV-BATERIA").await;
    let id = created["service_request"]["id"].as_i64().unwrap();
    let (status, body) = sb
        .patch(
            &format!("{PN}/service_requests/{id}"),
            json!({"service_request": {
                "current_status": "assigned",
                "provider_name": "Grúas del Sur",
                "technician_name": "Ana Núñez",
                "external_id": "REQ123456",
                "contract_id": 1,
                "service_id": 1,
                "plan_code": "HACKED",
            }}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sr = &body["service_request"];
    assert_eq!(sr["current_status"], "assigned");
    assert_eq!(sr["provider_name"], "Grúas del Sur");
    assert_eq!(sr["technician_name"], "Ana Núñez");
    assert_eq!(sr["contract_id"], cid, "contract_id is not updatable");
    assert_eq!(sr["plan_code"], "AUTO-PLUS");
    assert_eq!(sr["public_id"], format!("00032-{id:05}-REQ123456"));
    let history = sr["status_history"].as_object().unwrap();
    assert!(history.contains_key("pending") && history.contains_key("assigned"));
    // Blank text clears a field.
    let (status, body) = sb
        .patch(
            &format!("{PN}/service_requests/{id}"),
            json!({"service_request": {"technician_name": "", "scheduled_date": ""}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["service_request"]["technician_name"].is_null());
    assert!(body["service_request"]["scheduled_date"].is_null());
    let (status, body) = sb
        .patch(
            &format!("{PN}/service_requests/{id}"),
            json!({"service_request": {"current_status": "teleported"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["current_status"].is_array());
}

async fn page(sb: &Sb, query: &str) -> (StatusCode, Vec<Value>) {
    let (status, body) = sb.get(&format!("{PN}/service_requests?{query}")).await;
    let items = body["service_requests"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (status, items)
}

#[tokio::test]
async fn pagination_defaults_max_and_the_short_last_page() {
    let sb = start().await;
    let (status, first) = page(&sb, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first.len(), 25, "default page size");
    let mut all = Vec::new();
    for n in 1.. {
        let (status, items) = page(&sb, &format!("page[number]={n}&page[size]=100")).await;
        assert_eq!(status, StatusCode::OK);
        let len = items.len();
        all.extend(items);
        if len < 100 {
            break;
        }
    }
    assert!(all.len() >= 300, "{} requests", all.len());
    let mut ids: Vec<i64> = all.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "pages do not overlap");
    let (_, second) = page(&sb, "page%5Bnumber%5D=2&page%5Bsize%5D=10").await;
    assert_eq!(second[0]["id"], all[10]["id"], "encoded brackets work too");
    for far in ["page[number]=1000", "page[number]=98765432109876543210987"] {
        let (status, beyond) = page(&sb, far).await;
        assert_eq!(status, StatusCode::OK, "{far}");
        assert!(beyond.is_empty());
    }
    for bad in [
        "page[size]=0",
        "page[size]=101",
        "page[number]=0",
        "page[size]=ten",
        "service_id=x",
    ] {
        let (status, body) = sb.get(&format!("{PN}/service_requests?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(body["error"].is_string());
    }
}

#[tokio::test]
async fn every_filter_narrows_the_list() {
    let sb = start().await;
    let (_, all) = page(&sb, "page[size]=100").await;
    let sample = &all[7];
    let statuses: std::collections::HashSet<&str> = all
        .iter()
        .filter_map(|r| r["current_status"].as_str())
        .collect();
    for s in [
        "pending",
        "assigned",
        "in_progress",
        "finished",
        "cancelled",
    ] {
        assert!(
            statuses.contains(s) || all.len() < 100,
            "status {s} in the demo data"
        );
    }
    let filters = [
        ("current_status", sample["current_status"].clone()),
        ("service_id", sample["service_id"].clone()),
        ("contract_id", sample["contract_id"].clone()),
        ("external_id", sample["external_id"].clone()),
        ("access_identifier", sample["access_identifier"].clone()),
        ("document_identifier", sample["document_identifier"].clone()),
        ("service_external_id", sample["service_external_id"].clone()),
    ];
    for (key, value) in filters {
        let v = match &value {
            Value::String(s) => s.replace('+', "%2B"),
            other => other.to_string(),
        };
        let (status, items) = page(&sb, &format!("{key}={v}&page[size]=100")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!items.is_empty(), "{key}={v}");
        assert!(items.iter().any(|r| r["id"] == sample["id"]), "{key}");
        assert!(items.iter().all(|r| r[key] == value), "{key}={v}");
    }
    let (_, none) = page(&sb, "external_id=does-not-exist").await;
    assert!(none.is_empty());
    let list: ServiceRequestList =
        serde_json::from_value(json!({"service_requests": all})).unwrap();
    assert!(list.service_requests.iter().all(|r| r.public_id.is_some()));
}
