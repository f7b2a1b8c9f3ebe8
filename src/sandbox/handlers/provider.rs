//! Provider Network API: the network, contract search (with computed limits), plans,
//! WhatsApp messages and the provider ranking.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::model::{ContractSearchKind, ProviderNetwork, RankedProvider, Service};
use crate::sandbox::demo;
use crate::sandbox::limits;
use crate::sandbox::router::{
    ApiResult, JsonBody, Params, Shared, field_error, missing_params, ok,
};
use crate::sandbox::store::{ContractRec, Store};

fn plain_service(s: &crate::sandbox::store::ServiceDef) -> Service {
    Service {
        id: Some(s.id),
        name: Some(s.name.clone()),
        external_id: s.external_id.clone(),
        limits: None,
    }
}

pub async fn me(State(shared): State<Arc<Shared>>) -> ApiResult {
    let store = shared.store.lock();
    let network = ProviderNetwork {
        name: Some(store.catalog.network.name.clone()),
        active: Some(store.catalog.network.active),
        webhook_url: store.config.webhook.as_ref().map(|w| w.url.clone()),
        services: Some(store.catalog.services.iter().map(plain_service).collect()),
    };
    ok(StatusCode::OK, json!({ "provider_network": network }))
}

/// The contract as a provider network sees it, with its plan's services; limits computed
/// from its requests when `with_limits`, else `null`.
pub fn contract_view(store: &Store, rec: &ContractRec, with_limits: bool) -> Value {
    let today = chrono::Utc::now().date_naive();
    let mut c = rec.contract.clone();
    let services = rec
        .contract
        .plan_code
        .as_deref()
        .and_then(|code| store.catalog.plan(code))
        .map(|plan| {
            store
                .catalog
                .plan_services(plan)
                .map(|(s, rules)| {
                    let mut service = plain_service(s);
                    if with_limits {
                        let usage = store.usage(rec.id(), s.id);
                        service.limits = Some(limits::compute(rec, s, rules, &usage, today));
                    }
                    service
                })
                .collect()
        })
        .unwrap_or_default();
    c.services = Some(services);
    serde_json::to_value(c).unwrap_or_default()
}

pub async fn contracts(State(shared): State<Arc<Shared>>, params: Params) -> ApiResult {
    // The first key with a value, else the first key sent blank (which matches nothing);
    // only a search with no key at all is refused.
    let given = |blank_ok: bool| {
        ContractSearchKind::ALL.into_iter().find_map(|k| {
            params
                .0
                .iter()
                .find(|(key, v)| key == k.param() && (blank_ok || !v.trim().is_empty()))
                .map(|(_, v)| (k, v.trim().to_owned()))
        })
    };
    let Some((kind, value)) = given(false).or_else(|| given(true)) else {
        return Err(missing_params());
    };
    let store = shared.store.lock();
    let found: Vec<&ContractRec> = match kind {
        ContractSearchKind::AccessIdentifier | ContractSearchKind::DocumentIdentifier => {
            store.contracts_by_access_identifier(&value)
        }
        ContractSearchKind::NationalId => store
            .contracts
            .iter()
            .filter(|c| c.contract.national_id.as_deref() == Some(value.as_str()))
            .collect(),
        ContractSearchKind::Email => store
            .contracts
            .iter()
            .filter(|c| {
                c.contract
                    .email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&value))
            })
            .collect(),
        ContractSearchKind::Id => match value.parse::<i64>() {
            Ok(id) => store.contract(id).into_iter().collect(),
            Err(_) => Vec::new(),
        },
    };
    let list: Vec<Value> = found
        .into_iter()
        .map(|c| contract_view(&store, c, kind.returns_limits()))
        .collect();
    ok(StatusCode::OK, json!({ "contracts": list }))
}

pub async fn plans(State(shared): State<Arc<Shared>>) -> ApiResult {
    let store = shared.store.lock();
    let plans: Vec<Value> = store
        .catalog
        .plans
        .iter()
        .map(|p| {
            let services: Vec<Service> = store
                .catalog
                .plan_services(p)
                .map(|(s, _)| plain_service(s))
                .collect();
            json!({
                "code": p.code,
                "name": p.name,
                "external_plan_id": p.external_plan_id,
                "services": services,
            })
        })
        .collect();
    ok(StatusCode::OK, json!({ "plans": plans }))
}

/// E.164 as the contract's schema states it (the `+` is optional), by the crate's one rule.
fn is_whatsapp_number(s: &str) -> bool {
    if s.starts_with('+') {
        crate::model::is_e164(s)
    } else {
        crate::model::is_e164(&format!("+{s}"))
    }
}

pub async fn whatsapp(State(shared): State<Arc<Shared>>, JsonBody(body): JsonBody) -> ApiResult {
    let number = match body.get("whatsapp_number") {
        Some(Value::String(s)) => s.trim().to_owned(),
        None | Some(Value::Null) => {
            return Err(field_error("whatsapp_number", "can't be blank"));
        }
        Some(_) => return Err(field_error("whatsapp_number", "must be a string")),
    };
    if !is_whatsapp_number(&number) {
        return Err(field_error(
            "whatsapp_number",
            "is not a valid E.164 number (e.g. +34612345678)",
        ));
    }
    shared.store.lock().whatsapp_sent.push(number);
    tracing::info!("whatsapp message accepted");
    ok(StatusCode::OK, Value::Null)
}

pub async fn ranking(State(shared): State<Arc<Shared>>, params: Params) -> ApiResult {
    // Present, even blank, is given; only a missing parameter is refused.
    let raw = |k: &str| {
        params
            .0
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let (Some(zone), Some(service)) = (raw("zone_external_id"), raw("service_external_id")) else {
        return Err(missing_params());
    };
    let store = shared.store.lock();
    let providers: Vec<RankedProvider> = demo::ranking(
        &store.catalog,
        store.config.seed,
        zone.trim(),
        service.trim(),
    )
    .into_iter()
    .map(|(position, name, external_id)| RankedProvider {
        position: Some(position),
        provider_name: Some(name),
        external_id: Some(external_id),
    })
    .collect();
    ok(StatusCode::OK, json!({ "providers": providers }))
}
