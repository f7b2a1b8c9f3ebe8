//! Every operation of CONTRACT.md through the client, against the sandbox over HTTP.

mod common;

use futures::StreamExt;
use mok_console::api::{ApiClient, ErrorKind, ServiceRequestQuery};
use mok_console::model::*;
use mok_console::sandbox;
use std::collections::HashSet;

#[tokio::test]
async fn provider_network_and_plans() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let me = client.me().await.unwrap();
    assert!(me.name.is_some());
    assert!(!me.services.unwrap_or_default().is_empty());
    let plans = client.plans().await.unwrap();
    assert!(!plans.is_empty());
    assert!(
        plans
            .iter()
            .any(|p| p.services.as_ref().is_some_and(|s| !s.is_empty()))
    );
}

#[tokio::test]
async fn contract_search_by_every_kind() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let found = client
        .search_contracts(
            ContractSearchKind::AccessIdentifier,
            sandbox::DEMO_ACCESS_IDENTIFIER,
        )
        .await
        .unwrap();
    assert!(found.len() >= 2, "an active and an expired contract");
    let c = &found[0];
    // Limits come with a search by access identifier.
    assert!(c.services().iter().any(|s| s.limits.is_some()));
    assert!(
        found
            .iter()
            .flat_map(|c| c.services())
            .any(|s| s.is_blocked())
    );
    let id = c.id.unwrap();
    let by_id = client
        .search_contracts(ContractSearchKind::Id, &id.to_string())
        .await
        .unwrap();
    assert_eq!(by_id.len(), 1);
    assert_eq!(by_id[0].id, Some(id));
    assert!(by_id[0].services().iter().all(|s| s.limits.is_none()));
    for (kind, value) in [
        (ContractSearchKind::Email, c.email.clone()),
        (ContractSearchKind::NationalId, c.national_id.clone()),
        (
            ContractSearchKind::DocumentIdentifier,
            c.document_identifier.clone(),
        ),
    ] {
        if let Some(v) = value {
            let list = client.search_contracts(kind, &v).await.unwrap();
            assert!(list.iter().any(|x| x.id == Some(id)), "{kind:?} {v}");
        }
    }
    let none = client
        .search_contracts(ContractSearchKind::AccessIdentifier, "NO-SUCH-ID-42")
        .await
        .unwrap();
    assert!(none.is_empty());
    let e = client
        .search_contracts(ContractSearchKind::Email, "  ")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
}

#[tokio::test]
async fn service_request_create_get_update_list() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let created = client
        .create_service_request(ServiceRequestCreate {
            contract_id: Some(contract_id),
            service_id: Some(service_id),
            origin_address: Some("Calle Mayor 1, Madrid".into()),
            answers: Some(vec![AnswerInput {
                question_key: "people_inside".into(),
                value: serde_json::json!(2),
            }]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!created.recovered);
    let id = created.request.id.unwrap();
    // An external_id was generated: a UUID v4.
    let ext = created.request.external_id.clone().unwrap();
    assert_eq!(uuid::Uuid::parse_str(&ext).unwrap().get_version_num(), 4);
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);

    let got = client.get_service_request(id).await.unwrap();
    assert_eq!(got.external_id.as_deref(), Some(ext.as_str()));
    assert_eq!(got.origin_address.as_deref(), Some("Calle Mayor 1, Madrid"));

    let mut change = ServiceRequestUpdate::default();
    change
        .set("current_status", Some("assigned".into()))
        .unwrap();
    change
        .set("provider_name", Some("Grúas Test".into()))
        .unwrap();
    let updated = client.update_service_request(id, &change).await.unwrap();
    assert_eq!(updated.status(), Status::Assigned);
    assert_eq!(updated.provider_name.as_deref(), Some("Grúas Test"));

    let page = client
        .list_service_requests(&ServiceRequestQuery {
            external_id: Some(ext.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, Some(id));

    let missing = client.get_service_request(9_999_999_999).await.unwrap_err();
    assert_eq!(
        (missing.kind, missing.status),
        (ErrorKind::NotFound, Some(404))
    );
    assert!(
        missing.message.starts_with("HTTP 404"),
        "{}",
        missing.message
    );
}

#[tokio::test]
async fn all_pages_equal_one_big_page() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let big = client
        .list_service_requests(&ServiceRequestQuery {
            page_size: Some(100),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(big.len() > 7, "the sandbox has demo requests");
    let pages: Vec<_> = client
        .all_service_requests(ServiceRequestQuery {
            page_size: Some(3),
            ..Default::default()
        })
        .collect()
        .await;
    let mut ids = Vec::new();
    for p in pages {
        let p = p.unwrap();
        assert!(p.len() <= 3);
        ids.extend(p.into_iter().map(|r| r.id.unwrap()));
    }
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no request twice");
    if big.len() < 100 {
        assert_eq!(ids.len(), big.len());
    }
    // JSON pages keep the server's items as they are.
    let mut json_items = 0;
    let mut s = client.all_service_requests_json(ServiceRequestQuery {
        page_size: Some(4),
        ..Default::default()
    });
    while let Some(p) = s.next().await {
        json_items += p.unwrap().len();
    }
    assert_eq!(json_items, ids.len());
    let e = client
        .list_service_requests(&ServiceRequestQuery {
            page_size: Some(101),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
}

#[tokio::test]
async fn whatsapp_and_ranking() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    client.send_whatsapp("+34 612 345 678").await.unwrap();
    assert_eq!(sb.whatsapp_sent(), vec!["+34612345678".to_string()]);
    let e = client.send_whatsapp("612-34x").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(sb.whatsapp_sent().len(), 1, "refused before sending");
    // No country code: read in the configured region (ES by default), sent as E.164.
    client.send_whatsapp("916-773-639").await.unwrap();
    assert_eq!(sb.whatsapp_sent()[1], "+34916773639");

    let (_, _, service_external_id) = common::demo_contract(&client).await;
    let ranked = client
        .rank_providers(sandbox::DEMO_ZONE, &service_external_id)
        .await
        .unwrap();
    assert!(ranked.len() >= 3);
    assert!(ranked.windows(2).all(|w| w[0].position <= w[1].position));
    assert_eq!(
        client.rank_providers("", "x").await.unwrap_err().kind,
        ErrorKind::Invalid
    );
}

#[tokio::test]
async fn admin_contracts() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let before = client.admin_contracts().await.unwrap();
    let plan = client.plans().await.unwrap()[0].code.clone().unwrap();
    let mut input = AdminContractInput::default();
    input.set("application_code", &plan).unwrap();
    input.set("access_identifier", "CLIENT-TEST-1").unwrap();
    input.set("first_name", "Ana").unwrap();
    input.set("email", "ana@example.com").unwrap();
    input.set("start_date", "2025-01-01").unwrap();
    input.set("end_date", "2030-01-01").unwrap();
    let c = client.admin_upsert_contract(&input).await.unwrap();
    assert!(c.succeeded(), "{}", c.error_text());
    assert_eq!(c.new_contract, Some(true));
    let again = client.admin_upsert_contract(&input).await.unwrap();
    assert_eq!(again.new_contract, Some(false));

    let mut bad = input.clone();
    bad.access_identifier = Some("CLIENT-TEST-2".into());
    bad.email = Some("not-an-email".into());
    let mut good = input.clone();
    good.access_identifier = Some("CLIENT-TEST-3".into());
    let results = client
        .admin_bulk_upsert_contracts(&[bad, good])
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert!(!results[0].succeeded());
    assert!(
        results[0].error_text().contains("email"),
        "{}",
        results[0].error_text()
    );
    assert!(results[1].succeeded());
    let after = client.admin_contracts().await.unwrap();
    assert_eq!(after.len(), before.len() + 2);
}

#[tokio::test]
async fn admin_points_and_recurrent_rules() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let tx = client
        .create_point_transaction(&PointTransactionInput {
            access_identifier: sandbox::DEMO_ACCESS_IDENTIFIER.into(),
            transaction_type: TransactionType::Add,
            points: 12.5,
            comment: Some("welcome".into()),
            expiration_date: Some("2030-12-31".into()),
        })
        .await
        .unwrap();
    let id = tx.id.unwrap();
    assert_eq!(tx.points, Some(12.5));
    let got = client.get_point_transaction(id).await.unwrap();
    assert_eq!(got.id, Some(id));
    assert!(
        client
            .point_transactions()
            .await
            .unwrap()
            .iter()
            .any(|t| t.id == Some(id))
    );

    let mut rule = RecurrentPointTransactionInput {
        access_identifier: sandbox::DEMO_ACCESS_IDENTIFIER.into(),
        transaction_type: TransactionType::Add,
        points: 10.0,
        recurrence_start_date: "2026-01-01".into(),
        recurrence_end_date: None,
        recurrence_period: "P1M".into(),
        point_expiration_period: Some("P1Y".into()),
        comment: None,
    };
    let created = client
        .create_recurrent_point_transaction(&rule)
        .await
        .unwrap();
    let rid = created.id.unwrap();
    rule.points = 20.0;
    let updated = client
        .update_recurrent_point_transaction(rid, &rule)
        .await
        .unwrap();
    assert_eq!(updated.points, Some(20.0));
    assert_eq!(
        client
            .get_recurrent_point_transaction(rid)
            .await
            .unwrap()
            .points,
        Some(20.0)
    );
    assert!(
        client
            .recurrent_point_transactions()
            .await
            .unwrap()
            .iter()
            .any(|r| r.id == Some(rid))
    );
}

#[tokio::test]
async fn admin_needs_admin_credentials_and_the_right_token() {
    let sb = common::sandbox().await;
    let mut cfg = common::config(&sb);
    cfg.admin = None;
    let client = ApiClient::new(cfg.clone()).unwrap();
    assert!(!client.has_admin());
    let e = client.admin_contracts().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    cfg.admin = Some(mok_console::api::AdminCredentials {
        email: sandbox::ADMIN_EMAIL.into(),
        token: "wrong-admin-token".into(),
    });
    let e = ApiClient::new(cfg)
        .unwrap()
        .admin_contracts()
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert!(!e.message.contains("wrong-admin-token"), "{}", e.message);
}

#[tokio::test]
async fn bad_client_secret_is_one_readable_error_without_the_secret() {
    let sb = common::sandbox().await;
    let mut cfg = common::config(&sb);
    cfg.client_secret = "definitely-wrong-secret".into();
    let client = ApiClient::new(cfg).unwrap();
    let e = client.me().await.unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Unauthorized, Some(401)));
    assert!(e.message.contains("HTTP 401"), "{}", e.message);
    assert!(
        !e.message.contains("definitely-wrong-secret"),
        "{}",
        e.message
    );
    assert!(!format!("{client:?} {e:?}").contains("definitely-wrong-secret"));
}

#[tokio::test]
async fn path_overrides_are_used() {
    let sb = common::sandbox().await;
    let mut cfg = common::config(&sb);
    // Point `me` somewhere else: the sandbox does not serve it, so a 404 proves the
    // override was used; the other operations keep their paths.
    cfg.paths
        .insert("get_provider_network".into(), "/api/v2/me".into());
    let client = ApiClient::new(cfg)
        .unwrap()
        .with_retry(common::fast_retry());
    assert_eq!(client.me().await.unwrap_err().status, Some(404));
    assert!(client.plans().await.is_ok());
}

#[tokio::test]
async fn unreachable_server_is_a_network_error() {
    let sb = common::sandbox().await;
    let mut cfg = common::config(&sb);
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    cfg.base_url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = ApiClient::new(cfg)
        .unwrap()
        .with_retry(common::fast_retry());
    let e = client.plans().await.unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::Network | ErrorKind::Timeout),
        "{e:?}"
    );
    assert!(e.message.contains("127.0.0.1"), "{}", e.message);
}
