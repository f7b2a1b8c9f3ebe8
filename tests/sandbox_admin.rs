//! Sandbox Admin API over HTTP: create-or-update (created, updated, the client_contract
//! rule, field errors), bulk per-item results, point transactions processed
//! asynchronously, recurrent rules (durations, PATCH and PUT, issuing on cadence).
mod sandbox_support;

use reqwest::{Method, StatusCode};
use sandbox_support::*;
use serde_json::{Value, json};

async fn upsert(sb: &Sb, contract: Value) -> Value {
    let (status, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/contracts/create_or_update"),
            Some(json!({ "contract": contract })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["contract"].clone()
}

#[tokio::test]
async fn create_or_update_follows_the_published_rule() {
    let sb = start().await;
    let created = upsert(
        &sb,
        json!({"application_code": "AUTO-BASICO", "access_identifier": "ADM-1",
               "start_date": "2025-01-01", "first_name": "Ramón", "surname": "Ibáñez",
               "email": "ramon@correo.test", "mobile_phone_number": "+34611223344"}),
    )
    .await;
    assert_eq!(created["new_contract?"], true);
    assert_eq!(created["success?"], true);
    assert_eq!(created["errors"], json!({}));
    assert_eq!(created["web_app_name"], "Ramón Ibáñez");
    assert_eq!(created["email_validation_status"], "valid");
    assert_eq!(created["mobile_phone_number_validation_status"], "valid");
    let id = created["id"].as_i64().unwrap();

    // Same plan and identifier, no client_contract: the same contract is updated.
    let updated = upsert(
        &sb,
        json!({"application_code": "AUTO-BASICO", "access_identifier": "ADM-1", "first_name": "Ramona"}),
    )
    .await;
    assert_eq!(updated["new_contract?"], false);
    assert_eq!(updated["id"], id);
    assert_eq!(updated["web_app_name"], "Ramona Ibáñez");
    assert_eq!(updated["start_date"], "2025-01-01");

    // A different client_contract creates a new contract.
    let other = upsert(
        &sb,
        json!({"application_code": "AUTO-BASICO", "access_identifier": "ADM-1",
               "client_contract": "CC-NEW", "start_date": "2025-06-01"}),
    )
    .await;
    assert_eq!(other["new_contract?"], true);
    assert_ne!(other["id"], id);
    // ... and the same client_contract then updates that one.
    let again = upsert(
        &sb,
        json!({"application_code": "AUTO-BASICO", "access_identifier": "ADM-1",
               "client_contract": "CC-NEW", "end_date": "2027-06-01"}),
    )
    .await;
    assert_eq!(again["new_contract?"], false);
    assert_eq!(again["id"], other["id"]);
    // Another plan is another contract.
    let plan = upsert(
        &sb,
        json!({"application_code": "HOGAR-TOTAL", "access_identifier": "ADM-1", "start_date": "2025-01-01"}),
    )
    .await;
    assert_eq!(plan["new_contract?"], true);
    assert_eq!(sb.contracts_of("ADM-1").await.len(), 3);
}

#[tokio::test]
async fn create_or_update_reports_field_errors() {
    let sb = start().await;
    let bad_email = upsert(
        &sb,
        json!({"application_code": "AUTO-BASICO", "access_identifier": "ADM-E",
               "start_date": "2025-01-01", "email": "not-an-email"}),
    )
    .await;
    assert_eq!(bad_email["success?"], false);
    assert!(bad_email["errors"]["email"].is_array());
    let no_start = upsert(
        &sb,
        json!({"application_code": "AUTO-BASICO", "access_identifier": "ADM-S"}),
    )
    .await;
    assert_eq!(no_start["success?"], false);
    assert!(no_start["errors"]["start_date"].is_array());
    let unknown = upsert(
        &sb,
        json!({"application_code": "NO-SUCH-PLAN", "access_identifier": "ADM-U", "start_date": "2025-01-01"}),
    )
    .await;
    assert_eq!(unknown["success?"], false);
    assert!(unknown["errors"]["application_code"].is_array());
    let wrong_types = upsert(
        &sb,
        json!({"application_code": "AUTO-BASICO", "access_identifier": "ADM-T", "start_date": "2025-01-01",
               "active": "maybe", "external_extra_data": [1, 2], "first_name": {"a": 1}}),
    )
    .await;
    assert_eq!(wrong_types["success?"], false);
    for f in ["active", "external_extra_data", "first_name"] {
        assert!(wrong_types["errors"][f].is_array(), "{f}: {wrong_types}");
    }
    // None of them was stored.
    for ai in ["ADM-E", "ADM-S", "ADM-U", "ADM-T"] {
        assert!(sb.contracts_of(ai).await.is_empty(), "{ai}");
    }
    let (status, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/contracts/create_or_update"),
            Some(json!({"x": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["contract"].is_array());
}

#[tokio::test]
async fn bulk_answers_one_result_per_item() {
    let sb = start().await;
    let (status, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/contracts/bulk_create_or_update"),
            Some(json!({"contracts": [
                {"application_code": "AUTO-PLUS", "access_identifier": "B-1", "start_date": "2025-01-01"},
                {"application_code": "AUTO-PLUS", "access_identifier": "B-2", "email": "bad"},
                {"application_code": "AUTO-PLUS", "access_identifier": "B-1", "first_name": "Inés"},
                "not an object"
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let items = body["contracts"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["success?"], true);
    assert_eq!(items[0]["new_contract?"], true);
    assert_eq!(items[1]["success?"], false);
    assert!(items[1]["errors"]["email"].is_array());
    assert!(items[1]["errors"]["start_date"].is_array());
    assert_eq!(items[2]["success?"], true);
    assert_eq!(items[2]["new_contract?"], false);
    assert_eq!(items[2]["id"], items[0]["id"]);
    assert_eq!(items[3]["success?"], false);
    let (_, list) = sb
        .admin(Method::GET, &format!("{ADMIN}/contracts"), None)
        .await;
    assert!(
        list["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["access_identifier"] == "B-1")
    );
}

async fn point(sb: &Sb, ai: &str, kind: &str, points: f64) -> Value {
    let (status, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/point_transactions"),
            Some(json!({"point_transaction": {"access_identifier": ai, "transaction_type": kind, "points": points, "comment": "prueba"}})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["point_transaction"]["status"], "pending");
    body["point_transaction"].clone()
}

async fn settled(sb: &Sb, id: i64) -> String {
    eventually(20, || async {
        let (_, body) = sb
            .admin(
                Method::GET,
                &format!("{ADMIN}/point_transactions/{id}"),
                None,
            )
            .await;
        let status = body["point_transaction"]["status"].as_str()?.to_owned();
        (status != "pending").then_some(status)
    })
    .await
    .expect("processed in time")
}

#[tokio::test]
async fn point_transactions_are_processed_and_overspending_fails() {
    let sb = start().await;
    let add = point(&sb, "PTS-1", "add", 10.5).await;
    assert_eq!(add["points"], 10.5);
    assert_eq!(settled(&sb, add["id"].as_i64().unwrap()).await, "processed");
    let spend = point(&sb, "PTS-1", "spend", 4.0).await;
    assert_eq!(
        settled(&sb, spend["id"].as_i64().unwrap()).await,
        "processed"
    );
    let over = point(&sb, "PTS-1", "spend", 7.0).await;
    assert_eq!(settled(&sb, over["id"].as_i64().unwrap()).await, "failed");
    let (status, list) = sb
        .admin(Method::GET, &format!("{ADMIN}/point_transactions"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["point_transactions"].as_array().unwrap().len(), 3);
    let (status, body) = sb
        .admin(
            Method::GET,
            &format!("{ADMIN}/point_transactions/424242"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
    let (status, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/point_transactions"),
            Some(json!({"point_transaction": {"access_identifier": "", "transaction_type": "steal", "points": -1}})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["access_identifier", "transaction_type", "points"] {
        assert!(body["errors"][f].is_array(), "{f}: {body}");
    }
}

fn rule(period: &str, start: &str) -> Value {
    json!({"recurrent_point_transaction": {
        "access_identifier": "my-dni-123", "transaction_type": "add", "points": 1.5,
        "recurrence_start_date": start, "recurrence_period": period,
        "point_expiration_period": "P1Y"
    }})
}

#[tokio::test]
async fn recurrent_rules_validate_durations() {
    let sb = start().await;
    for good in ["P1D", "P1M", "P1Y", "PT12H", "P2W"] {
        let (status, body) = sb
            .admin(
                Method::POST,
                &format!("{ADMIN}/recurrent_point_transactions"),
                Some(rule(good, "2099-01-01")),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{good}: {body}");
        let r = &body["recurrent_point_transaction"];
        assert_eq!(r["recurrence_period"], good);
        assert_eq!(r["raw_access_identifier"], "my-dni-123");
        assert_eq!(r["access_identifier"], "MYDNI123");
        assert_eq!(r["recurrence_start_date"], "2099-01-01T00:00:00.000Z");
    }
    for bad in ["every month", "P", "1D", "PT", "P0D"] {
        let (status, body) = sb
            .admin(
                Method::POST,
                &format!("{ADMIN}/recurrent_point_transactions"),
                Some(rule(bad, "2099-01-01")),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(body["errors"]["recurrence_period"].is_array());
    }
}

#[tokio::test]
async fn recurrent_rules_get_patch_put_and_404() {
    let sb = start().await;
    let (_, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/recurrent_point_transactions"),
            Some(rule("P1M", "2099-01-01")),
        )
        .await;
    let id = body["recurrent_point_transaction"]["id"].as_i64().unwrap();
    let path = format!("{ADMIN}/recurrent_point_transactions/{id}");
    let mut changed = rule("P1Y", "2099-02-01");
    changed["recurrent_point_transaction"]["points"] = json!(2.5);
    let (status, body) = sb.admin(Method::PATCH, &path, Some(changed.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recurrent_point_transaction"]["points"], 2.5);
    assert_eq!(
        body["recurrent_point_transaction"]["recurrence_period"],
        "P1Y"
    );
    changed["recurrent_point_transaction"]["recurrence_period"] = json!("PT12H");
    let (status, body) = sb.admin(Method::PUT, &path, Some(changed.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["recurrent_point_transaction"]["recurrence_period"],
        "PT12H"
    );
    let (status, body) = sb.admin(Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["recurrent_point_transaction"]["recurrence_period"],
        "PT12H"
    );
    changed["recurrent_point_transaction"]["recurrence_period"] = json!("sometimes");
    let (status, _) = sb.admin(Method::PATCH, &path, Some(changed.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = format!("{ADMIN}/recurrent_point_transactions/987654");
    assert_eq!(
        sb.admin(Method::GET, &missing, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sb.admin(Method::PATCH, &missing, Some(changed)).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, list) = sb
        .admin(
            Method::GET,
            &format!("{ADMIN}/recurrent_point_transactions"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        list["recurrent_point_transactions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn recurrent_rules_issue_past_due_transactions_bounded() {
    let sb = start().await;
    // Daily since three days ago: the issues of each past day, processed.
    let (status, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/recurrent_point_transactions"),
            Some(rule("P1D", &days_ago(3))),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = body["recurrent_point_transaction"]["id"].as_i64().unwrap();
    let issued = eventually(20, || async {
        let (_, list) = sb
            .admin(Method::GET, &format!("{ADMIN}/point_transactions"), None)
            .await;
        let mine: Vec<Value> = list["point_transactions"]
            .as_array()?
            .iter()
            .filter(|t| t["recurrent_point_transaction_id"] == id)
            .cloned()
            .collect();
        (mine.len() == 4 && mine.iter().all(|t| t["status"] == "processed")).then_some(mine)
    })
    .await
    .expect("four daily issues (three days ago to today), processed");
    assert!(
        issued
            .iter()
            .all(|t| t["points"] == 1.5 && t["expiration_date"].is_string())
    );
    let (_, body) = sb
        .admin(
            Method::GET,
            &format!("{ADMIN}/recurrent_point_transactions/{id}"),
            None,
        )
        .await;
    assert!(body["recurrent_point_transaction"]["last_recurrence_date"].is_string());
    // Daily since 2020: only a bounded number of catch-up issues.
    let (_, body) = sb
        .admin(
            Method::POST,
            &format!("{ADMIN}/recurrent_point_transactions"),
            Some(rule("P1D", "2020-01-01")),
        )
        .await;
    let old = body["recurrent_point_transaction"]["id"].as_i64().unwrap();
    let count = eventually(20, || async {
        let (_, list) = sb
            .admin(Method::GET, &format!("{ADMIN}/point_transactions"), None)
            .await;
        let n = list["point_transactions"]
            .as_array()?
            .iter()
            .filter(|t| t["recurrent_point_transaction_id"] == old)
            .count();
        (n > 0).then_some(n)
    })
    .await
    .expect("catch-up issues");
    assert!(count <= 12, "{count} issues");
}
