//! Sandbox provider-network reads over HTTP: me, plans, contract search with limits
//! computed from usage (the DEMO-0001 fixed points, the cap flipping, the waiting
//! period, `limits: null` for other search keys), ranking and WhatsApp.
mod sandbox_support;

use mok_console::model::{ContractList, LimitGroup, PlanList, ProviderNetworkEnvelope};
use reqwest::StatusCode;
use sandbox_support::*;
use serde_json::json;

#[tokio::test]
async fn me_lists_services_with_64_bit_ids() {
    let sb = start().await;
    let (status, body) = sb.get(&format!("{PN}/me")).await;
    assert_eq!(status, StatusCode::OK);
    let me: ProviderNetworkEnvelope = serde_json::from_value(body.clone()).unwrap();
    let pn = me.provider_network;
    assert!(pn.name.is_some() && pn.active == Some(true));
    let services = pn.services.unwrap();
    assert!(services.len() >= 5);
    assert!(services.iter().all(|s| s.id.unwrap() > 1 << 31));
    assert!(body["provider_network"]["services"][0]["limits"].is_null());
}

#[tokio::test]
async fn plans_list_their_services() {
    let sb = start().await;
    let (status, body) = sb.get(&format!("{PN}/plans")).await;
    assert_eq!(status, StatusCode::OK);
    let plans: PlanList = serde_json::from_value(body).unwrap();
    assert!(plans.plans.len() >= 5);
    for p in &plans.plans {
        assert!(p.code.is_some() && p.name.is_some());
        assert!(!p.services.as_deref().unwrap_or_default().is_empty());
    }
}

#[tokio::test]
async fn demo_0001_fixed_points() {
    let sb = start().await;
    let (status, body) = sb
        .get(&format!("{PN}/contracts?access_identifier=DEMO-0001"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let list: ContractList = serde_json::from_value(body).unwrap();
    let today = today();
    let active: Vec<_> = list
        .contracts
        .iter()
        .filter(|c| c.is_usable(today))
        .collect();
    let expired: Vec<_> = list
        .contracts
        .iter()
        .filter(|c| c.is_expired(today))
        .collect();
    assert_eq!(active.len(), 1, "one active contract");
    assert_eq!(expired.len(), 1, "one expired contract");
    let services = active[0].services();
    let blocked = services.iter().filter(|s| s.is_blocked()).count();
    assert_eq!(blocked, 1, "one service blocked by its limit");
    let tiers = services.iter().find(|s| {
        s.limits.as_ref().is_some_and(|l| {
            l.present()
                .any(|(_, g)| g.copayment_tiers.as_ref().is_some_and(|t| !t.is_empty()))
        })
    });
    let tiers = tiers.expect("a service with variable copayment tiers");
    let tier = &tiers.limits.as_ref().unwrap().present().next().unwrap().1;
    let first = &tier.copayment_tiers.as_ref().unwrap()[0];
    for key in ["from", "amount", "percentage", "currency"] {
        assert!(first.contains_key(key), "tier has {key}");
    }
    assert!(
        services
            .iter()
            .any(|s| s.limits.as_ref().is_some_and(|l| !l.has_any())),
        "a service with no limits"
    );
}

#[tokio::test]
async fn limits_are_null_unless_searched_by_access_or_document_identifier() {
    let sb = start().await;
    for query in [
        "email=begona.munoz@correo.test",
        "national_id=12345678Z",
        "id=1",
    ] {
        let (status, body) = sb.get(&format!("{PN}/contracts?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        let contracts = body["contracts"].as_array().unwrap();
        assert!(!contracts.is_empty(), "{query} finds DEMO-0001");
        for c in contracts {
            for s in c["services"].as_array().unwrap() {
                assert!(s["limits"].is_null(), "{query}: {s}");
            }
        }
    }
    let (_, body) = sb
        .get(&format!("{PN}/contracts?document_identifier=DEMO-0001"))
        .await;
    assert!(body["contracts"][0]["services"][0]["limits"].is_object());
    let (status, body) = sb
        .get(&format!("{PN}/contracts?access_identifier=NOPE-404"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["contracts"], json!([]));
}

#[tokio::test]
async fn contract_search_without_a_key_is_422() {
    let sb = start().await;
    let (status, body) = sb.get(&format!("{PN}/contracts")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"], "missing_required_params");
    // A key sent blank is a search that matches nothing.
    let (status, body) = sb.get(&format!("{PN}/contracts?national_id=")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["contracts"], json!([]));
}

#[tokio::test]
async fn usage_cap_blocks_after_the_last_allowed_create() {
    let sb = start().await;
    // AUTO-BASICO: grúa allows 3 uses until the end of the contract.
    let id = sb
        .admin_contract("AUTO-BASICO", "CAP-TEST-1", &days_ago(100))
        .await;
    let limit = |contracts: &[serde_json::Value]| {
        let c = contracts.iter().find(|c| c["id"] == id).unwrap().clone();
        service(&c, "SRV-GRUA")["limits"].clone()
    };
    let l = limit(&sb.contracts_of("CAP-TEST-1").await);
    let group = &l[LimitGroup::UsageFrequencyByEndOfContract.key()];
    assert_eq!(group["multiplans_limit"], "3.0");
    assert_eq!(group["multiplans_limit_progress"], 0.0);
    assert_eq!(l["block_service"], false);
    for used in 1..=3 {
        let (status, body) = sb.create_request(id, "SRV-GRUA").await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let l = limit(&sb.contracts_of("CAP-TEST-1").await);
        let group = &l[LimitGroup::UsageFrequencyByEndOfContract.key()];
        assert_eq!(group["multiplans_limit_progress"], used as f64);
        assert_eq!(l["block_service"], used == 3, "blocked only at the cap");
        assert_eq!(group["block_service"], used == 3);
    }
    // A cancelled request gives its use back.
    let (_, list) = sb
        .get(&format!("{PN}/service_requests?contract_id={id}"))
        .await;
    let first = list["service_requests"][0]["id"].as_i64().unwrap();
    let (status, _) = sb
        .patch(
            &format!("{PN}/service_requests/{first}"),
            json!({"service_request": {"current_status": "cancelled"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let l = limit(&sb.contracts_of("CAP-TEST-1").await);
    assert_eq!(l["block_service"], false);
}

#[tokio::test]
async fn waiting_period_runs_from_the_contract_start() {
    let sb = start().await;
    // HOGAR-TOTAL: fontanería has a 60-day waiting period.
    let fresh = sb
        .admin_contract("HOGAR-TOTAL", "WAIT-NEW", &days_ago(10))
        .await;
    let old = sb
        .admin_contract("HOGAR-TOTAL", "WAIT-OLD", &days_ago(90))
        .await;
    let c = sb.contracts_of("WAIT-NEW").await;
    let c = c.iter().find(|c| c["id"] == fresh).unwrap();
    let l = &service(c, "SRV-FONTANERIA")["limits"];
    let wait = &l["waiting_period"];
    assert_eq!(wait["type"], "LimitGroups::WaitingPeriod");
    assert_eq!(wait["block_service"], true);
    assert_eq!(wait["multiplans_limit_progress"], 10.0);
    let until = (today() + chrono::Duration::days(50))
        .format("%d/%m/%Y")
        .to_string();
    assert_eq!(wait["multiplans_until_date"], until);
    assert_eq!(l["block_service"], true);
    let c = sb.contracts_of("WAIT-OLD").await;
    let c = c.iter().find(|c| c["id"] == old).unwrap();
    let l = &service(c, "SRV-FONTANERIA")["limits"];
    assert_eq!(l["waiting_period"]["block_service"], false);
    assert_eq!(l["block_service"], false);
}

#[tokio::test]
async fn every_limit_group_appears_in_the_demo_data() {
    let sb = start().await;
    let (_, body) = sb
        .admin(reqwest::Method::GET, &format!("{ADMIN}/contracts"), None)
        .await;
    let mut seen = std::collections::HashSet::new();
    let mut identifiers: Vec<String> = body["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["access_identifier"].as_str().map(str::to_owned))
        .collect();
    identifiers.dedup();
    for ai in identifiers {
        let ai = ai.replace('+', "%2B");
        for c in sb.contracts_of(&ai).await {
            for s in c["services"].as_array().unwrap() {
                for g in LimitGroup::ALL {
                    if s["limits"][g.key()].is_object() {
                        let limit = &s["limits"][g.key()];
                        assert_eq!(limit["type"], g.class_name());
                        if let Some(d) = limit["multiplans_until_date"].as_str() {
                            assert!(
                                chrono::NaiveDate::parse_from_str(d, "%d/%m/%Y").is_ok(),
                                "{d}"
                            );
                        }
                        seen.insert(g);
                    }
                }
            }
        }
    }
    assert_eq!(seen.len(), LimitGroup::ALL.len(), "seen {seen:?}");
}

#[tokio::test]
async fn ranking_of_the_demo_zone_and_its_errors() {
    let sb = start().await;
    let (_, me) = sb.get(&format!("{PN}/me")).await;
    for s in me["provider_network"]["services"].as_array().unwrap() {
        let Some(ext) = s["external_id"].as_str() else {
            continue;
        };
        let (status, body) = sb
            .get(&format!(
                "{PN}/providers_ranking?zone_external_id=Z-MAD-01&service_external_id={ext}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        let providers = body["providers"].as_array().unwrap();
        assert!(providers.len() >= 3, "{ext}: {body}");
        for (i, p) in providers.iter().enumerate() {
            assert_eq!(p["position"], i as i64 + 1);
            assert!(p["provider_name"].is_string() && p["external_id"].is_string());
        }
    }
    for query in [
        "zone_external_id=Z-MAD-01",
        "service_external_id=SRV-GRUA",
        "",
    ] {
        let (status, body) = sb.get(&format!("{PN}/providers_ranking?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(body, json!({"detail": "missing_required_params"}));
    }
    let (status, body) = sb
        .get(&format!(
            "{PN}/providers_ranking?zone_external_id=Z-NOWHERE&service_external_id=SRV-GRUA"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["providers"], json!([]));
}

#[tokio::test]
async fn whatsapp_accepts_e164_and_refuses_the_rest() {
    let sb = start().await;
    let path = format!("{PN}/whatsapp_messages");
    let (status, body) = sb
        .post(&path, json!({"whatsapp_number": "+56912345678"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_null());
    for bad in [
        json!("612 34 56 78"),
        json!("+0612345678"),
        json!("hola"),
        json!(5),
    ] {
        let (status, body) = sb.post(&path, json!({ "whatsapp_number": bad })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(body["errors"]["whatsapp_number"].is_array());
    }
    let (status, _) = sb.post(&path, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sb.handle.whatsapp_sent(), vec!["+56912345678".to_string()]);
}
