//! The outside check on our models: every example of `shared/api/openapi.yaml` parses with
//! them, and serialising what we parsed keeps every field the example has (so no model
//! silently drops a documented field).

use mok_console::model::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn examples() -> serde_json::Map<String, Value> {
    // `shared/` sits beside the repo (CI, /work/main); worktrees sit one level deeper.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/api/openapi.yaml"))
        .find(|p| p.exists())
        .expect("shared/api/openapi.yaml beside the repo");
    let text = std::fs::read_to_string(path).unwrap();
    let doc: Value = serde_yaml_ng::from_str(&text).expect("openapi.yaml parses");
    doc["components"]["examples"]
        .as_object()
        .expect("components.examples")
        .iter()
        .map(|(k, v)| (k.clone(), v["value"].clone()))
        .collect()
}

/// Every key of `expected` (recursively) is present in `actual`, with equal scalars.
/// Compares numbers by value, so `10.1` and `10.1` written differently still match.
fn assert_covers(name: &str, path: &str, expected: &Value, actual: &Value) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                // Input types send only what is set: an explicit null may be left out.
                if ev.is_null() && !a.contains_key(k) {
                    continue;
                }
                let av = a
                    .get(k)
                    .unwrap_or_else(|| panic!("{name}: {path}.{k} is dropped by the model"));
                assert_covers(name, &format!("{path}.{k}"), ev, av);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{name}: {path} length");
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                assert_covers(name, &format!("{path}[{i}]"), ev, av);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            assert_eq!(e.as_f64(), a.as_f64(), "{name}: {path}");
        }
        (e, a) => assert_eq!(e, a, "{name}: {path}"),
    }
}

fn check<T: DeserializeOwned + Serialize>(
    examples: &serde_json::Map<String, Value>,
    name: &str,
) -> T {
    let value = examples
        .get(name)
        .unwrap_or_else(|| panic!("example {name} exists"));
    let parsed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = serde_json::to_value(&parsed).unwrap();
    assert_covers(name, "$", value, &back);
    parsed
}

#[test]
fn every_answer_example_parses_and_keeps_its_fields() {
    let ex = examples();
    let token: Token = check(&ex, "token_response");
    assert!(token.access_token.is_some());
    assert_eq!(
        token.expires_in, None,
        "the reference's token has no expires_in"
    );

    let me: ProviderNetworkEnvelope = check(&ex, "provider_network_me");
    assert!(!me.provider_network.services.unwrap_or_default().is_empty());

    let contracts: ContractList = check(&ex, "contracts_search");
    let first = &contracts.contracts[0];
    assert!(first.id.is_some());
    let service = &first.services()[0];
    assert!(
        service.id.unwrap() > i64::from(i32::MAX),
        "service ids exceed 2^31"
    );
    let limits = service
        .limits
        .as_ref()
        .expect("limits when searched by access identifier");
    assert!(limits.present().count() >= 1);

    let plans: PlanList = check(&ex, "plans_list");
    assert!(!plans.plans.is_empty());

    let list: ServiceRequestList = check(&ex, "service_requests_list");
    assert!(
        list.service_requests
            .iter()
            .all(|r| r.id.is_some() && r.current_status.is_some())
    );

    for name in [
        "service_request_create_response",
        "service_request_get_response",
        "service_request_update_response",
    ] {
        let env: ServiceRequestEnvelope = check(&ex, name);
        assert!(env.service_request.public_id.is_some(), "{name}");
    }

    for name in [
        "webhook_service_request_created",
        "webhook_service_request_updated",
    ] {
        let ev: WebhookEvent = check(&ex, name);
        assert!(ev.event.as_deref().unwrap().starts_with("service_request."));
        assert!(ev.payload.and_then(|p| p.id).is_some());
    }

    let admin: AdminContractList = check(&ex, "admin_contracts_list");
    assert!(admin.contracts.iter().all(|c| c.succeeded()));
    let one: AdminContractEnvelope = check(&ex, "admin_contract_create_or_update_response");
    assert_eq!(one.contract.new_contract, Some(true));
    let bulk: AdminContractList = check(&ex, "admin_contracts_bulk_response");
    assert_eq!(bulk.contracts.len(), 2);

    let pts: PointTransactionList = check(&ex, "point_transactions_list");
    assert!(pts.point_transactions.iter().all(|p| p.is_pending()));
    let _: PointTransactionEnvelope = check(&ex, "point_transaction_create_response");
    let _: PointTransactionEnvelope = check(&ex, "point_transaction_get_response");

    let rules: RecurrentPointTransactionList = check(&ex, "recurrent_point_transactions_list");
    assert!(!rules.recurrent_point_transactions.is_empty());
    for name in [
        "recurrent_point_transaction_create_response",
        "recurrent_point_transaction_get_response",
        "recurrent_point_transaction_update_response",
    ] {
        let _: RecurrentPointTransactionEnvelope = check(&ex, name);
    }

    let ranking: RankedProviderList = check(&ex, "providers_ranking");
    assert_eq!(ranking.providers[0].position, Some(1));
}

#[test]
fn every_request_example_parses_into_our_input_types() {
    let ex = examples();
    let _: TokenRequest = check(&ex, "token_request");
    let create: ServiceRequestEnvelope<ServiceRequestCreate> =
        check(&ex, "service_request_create_request");
    assert!(create.service_request.service_id.is_some());
    let _: ServiceRequestEnvelope<ServiceRequestUpdate> =
        check(&ex, "service_request_update_request");
    let _: WhatsappMessage = check(&ex, "whatsapp_message_request");
    let _: AdminContractEnvelope<AdminContractInput> =
        check(&ex, "admin_contract_create_or_update_request");
    let _: PointTransactionEnvelope<PointTransactionInput> =
        check(&ex, "point_transaction_create_request");
    for name in [
        "recurrent_point_transaction_create_request",
        "recurrent_point_transaction_update_request",
    ] {
        let _: RecurrentPointTransactionEnvelope<RecurrentPointTransactionInput> = check(&ex, name);
    }
}

#[test]
fn every_error_example_reads_as_one_message() {
    let ex = examples();
    for (name, value) in ex.iter().filter(|(k, _)| k.starts_with("error_")) {
        let msg =
            error_message(&value.to_string()).unwrap_or_else(|| panic!("{name} gives a message"));
        assert!(!msg.trim().is_empty(), "{name}");
    }
}

/// Every service request the reference shows (lists, answers, webhook payloads) opens in
/// the edit form with nothing to fix, and an edit that changes nothing sends nothing:
/// the server's times with seconds, dashed and dotted phones and out-of-range latitudes
/// are its own, not the agent's.
#[test]
fn every_service_request_example_opens_in_the_edit_form_with_nothing_to_fix() {
    use mok_console::forms::FormCatalog;
    use mok_console::tui::panes::request_form::FormData;
    let ex = examples();
    let catalog = FormCatalog::load(None).unwrap();
    let mut requests: Vec<(String, Value)> = Vec::new();
    for (i, r) in ex["service_requests_list"]["service_requests"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        requests.push((format!("service_requests_list[{i}]"), r.clone()));
    }
    for name in [
        "service_request_create_response",
        "service_request_get_response",
        "service_request_update_response",
    ] {
        requests.push((name.into(), ex[name]["service_request"].clone()));
    }
    for name in [
        "webhook_service_request_created",
        "webhook_service_request_updated",
    ] {
        requests.push((name.into(), ex[name]["payload"].clone()));
    }
    assert!(requests.len() >= 8);
    for (name, value) in requests {
        let r: ServiceRequest = serde_json::from_value(value).unwrap();
        let form = FormData::edit(r);
        assert_eq!(form.problems(&catalog), vec![], "{name}");
        let (_, body) = form.update_body().unwrap();
        assert!(body.is_empty(), "{name}: {body:?}");
    }
}

/// The request bodies the reference shows, typed field by field as an agent would (the
/// form and `requests create|update --field`): every value is accepted; phones go out in
/// E.164, times keep their seconds.
#[test]
fn every_service_request_input_example_is_accepted_as_typed() {
    let ex = examples();
    for name in [
        "service_request_create_request",
        "service_request_update_request",
    ] {
        for (key, value) in ex[name]["service_request"].as_object().unwrap() {
            let Some(text) = value.as_str() else { continue };
            if text == "989 791 252" {
                // 989 is no Spanish range (libphonenumber's metadata): typed by an agent it
                // is refused, while the same value sent by the server is shown and kept.
                let e = mok_console::forms::typed_request_field(key, text).unwrap_err();
                assert!(e.to_string().contains("not a valid number"), "{e}");
                continue;
            }
            let sent = mok_console::forms::typed_request_field(key, text)
                .unwrap_or_else(|e| panic!("{name}.{key} = {text:?}: {e}"));
            if key.ends_with("_phone") {
                assert!(is_e164(&sent), "{name}.{key}: {sent}");
            }
            if key == "scheduled_time" {
                assert_eq!(sent, "15:24:48");
            }
        }
    }
    // The admin contract example goes through the shared row validation unchanged.
    let contract = ex["admin_contract_create_or_update_request"]["contract"]
        .as_object()
        .unwrap();
    let header: Vec<String> = contract.keys().cloned().collect();
    let cells: Vec<String> = contract
        .values()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect();
    mok_console::import::validate_row(&header, &cells).unwrap();
}
