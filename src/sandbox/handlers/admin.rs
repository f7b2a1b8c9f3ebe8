//! Admin API contracts: list, create-or-update and its bulk form.
//!
//! The published rule: the active contract with the same `application_code` (plan code) and
//! `access_identifier` is updated, unless the request's `client_contract` differs from its
//! own, in which case a new contract is created; none matching → created.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::model::{AdminContract, AdminContractInput, Contract};
use crate::sandbox::router::{ApiResult, JsonBody, Shared, envelope, field_error, ok};
use crate::sandbox::store::{ContractRec, Store, parse_date};

fn web_app_name(c: &Contract) -> Option<String> {
    let name = [
        c.first_name.as_deref(),
        c.surname.as_deref(),
        c.second_surname.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    (!name.is_empty()).then_some(name)
}

fn admin_view(
    rec: &ContractRec,
    success: bool,
    errors: BTreeMap<String, Vec<String>>,
) -> AdminContract {
    let c = &rec.contract;
    AdminContract {
        id: c.id,
        new_contract: Some(rec.new_contract),
        success: Some(success),
        access_identifier: c.access_identifier.clone(),
        web_app_name: web_app_name(c),
        active: c.active,
        start_date: c.start_date.clone(),
        end_date: c.end_date.clone(),
        email: c.email.clone(),
        email_validation_status: Some(
            if c.email.as_deref().is_some_and(crate::model::is_email) {
                "valid"
            } else {
                "invalid"
            }
            .into(),
        ),
        mobile_phone_number: c.mobile_phone_number.clone(),
        mobile_phone_number_validation_status: Some(
            if c.mobile_phone_number
                .as_deref()
                .is_some_and(crate::model::is_e164)
            {
                "valid"
            } else {
                "invalid"
            }
            .into(),
        ),
        external_extra_data: c.external_extra_data.clone(),
        errors: Some(errors),
    }
}

pub async fn list(State(shared): State<Arc<Shared>>) -> ApiResult {
    let store = shared.store.lock();
    let list: Vec<AdminContract> = store
        .contracts
        .iter()
        .map(|c| admin_view(c, true, BTreeMap::new()))
        .collect();
    ok(StatusCode::OK, json!({ "contracts": list }))
}

/// Applies one item; never fails as a whole: the outcome is in `success?`/`errors`.
fn create_or_update_one(store: &mut Store, item: &Value) -> AdminContract {
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut err = |f: &str, m: &str| errors.entry(f.into()).or_default().push(m.into());
    let input: AdminContractInput = if item.is_object() {
        serde_json::from_value(item.clone()).unwrap_or_default()
    } else {
        err("base", "each contract must be an object");
        AdminContractInput::default()
    };
    // The lenient input drops values of the wrong type: say so instead of ignoring them.
    for (field, value) in item.as_object().into_iter().flatten() {
        let ok = match field.as_str() {
            "active" => value.is_boolean() || value.is_null(),
            "external_extra_data" => value.is_object() || value.is_null(),
            "access_identifier" | "national_id" | "mobile_phone_number" => {
                value.is_string() || value.is_number() || value.is_null()
            }
            f if crate::model::ADMIN_CONTRACT_FIELDS.contains(&f) => {
                value.is_string() || value.is_null()
            }
            _ => true,
        };
        if !ok {
            err(field, "has the wrong type");
        }
    }
    let code = input
        .application_code
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let plan = code.and_then(|c| store.catalog.plan(c)).cloned();
    match code {
        None => err("application_code", "can't be blank"),
        Some(_) if plan.is_none() => err("application_code", "does not match any plan"),
        _ => {}
    }
    let ai = input
        .access_identifier
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    if ai.is_none() {
        err("access_identifier", "can't be blank");
    }
    if let Some(e) = input.email.as_deref().filter(|e| !e.is_empty())
        && !crate::model::is_email(e)
    {
        err("email", "is invalid");
    }
    let start = input.start_date.as_deref().filter(|s| !s.is_empty());
    let end = input.end_date.as_deref().filter(|s| !s.is_empty());
    if start.is_some_and(|s| parse_date(s).is_none()) {
        err("start_date", "is not a valid date");
    }
    if end.is_some_and(|s| parse_date(s).is_none()) {
        err("end_date", "is not a valid date");
    }
    // The active contract this item names, unless its client contract differs.
    let existing = match (&plan, &ai) {
        (Some(plan), Some(ai)) => store.contracts.iter().position(|c| {
            c.contract.active != Some(false)
                && c.contract.plan_code.as_deref() == Some(plan.code.as_str())
                && c.contract.access_identifier.as_deref() == Some(ai.as_str())
                && input
                    .client_contract
                    .as_ref()
                    .is_none_or(|cc| c.contract.client_contract.as_ref() == Some(cc))
        }),
        _ => None,
    };
    if existing.is_none() && start.is_none() {
        err("start_date", "can't be blank");
    }
    let start_d = start
        .and_then(parse_date)
        .or_else(|| existing.and_then(|i| store.contracts[i].start()));
    let end_d = end.and_then(parse_date);
    if let (Some(s), Some(e)) = (start_d, end_d)
        && e < s
    {
        err("end_date", "must be after start_date");
    }
    let failed = !errors.is_empty();
    if failed {
        // Not saved: echo what was sent (what can be read of it).
        let text = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let rec = ContractRec {
            contract: Contract {
                id: existing.and_then(|i| store.contracts[i].contract.id),
                access_identifier: ai,
                first_name: text(input.first_name),
                surname: text(input.surname),
                second_surname: text(input.second_surname),
                email: text(input.email),
                mobile_phone_number: text(input.mobile_phone_number),
                start_date: start.and_then(parse_date).map(|d| d.to_string()),
                end_date: end.and_then(parse_date).map(|d| d.to_string()),
                active: input.active,
                external_extra_data: input.external_extra_data,
                ..Default::default()
            },
            simulated: false,
            new_contract: existing.is_none(),
        };
        return admin_view(&rec, false, errors);
    }
    let plan = plan.expect("validated");
    let idx = match existing {
        Some(i) => {
            store.contracts[i].new_contract = false;
            i
        }
        None => {
            let id = store.next_contract_id;
            store.next_contract_id += 1;
            store.contracts.push(ContractRec {
                contract: Contract {
                    id: Some(id),
                    active: Some(true),
                    plan_code: Some(plan.code.clone()),
                    plan_name: Some(plan.name.clone()),
                    external_plan_id: plan.external_plan_id.clone(),
                    unique_contract_id: Some(format!("{}-{id}", plan.code)),
                    ..Default::default()
                },
                simulated: false,
                new_contract: true,
            });
            store.contracts.len() - 1
        }
    };
    let c = &mut store.contracts[idx].contract;
    let set = |slot: &mut Option<String>, v: Option<String>| {
        if let Some(v) = v {
            *slot = (!v.trim().is_empty()).then(|| v.trim().to_owned());
        }
    };
    c.access_identifier = ai.clone();
    c.document_identifier = ai;
    set(&mut c.client_contract, input.client_contract);
    set(&mut c.first_name, input.first_name);
    set(&mut c.surname, input.surname);
    set(&mut c.second_surname, input.second_surname);
    set(&mut c.email, input.email);
    set(&mut c.mobile_phone_number, input.mobile_phone_number);
    set(&mut c.national_id, input.national_id);
    set(&mut c.start_date, start_d.map(|d| d.to_string()));
    set(&mut c.end_date, end_d.map(|d| d.to_string()));
    set(&mut c.vehicle_plate_number, input.vehicle_plate_number);
    set(&mut c.city, input.city);
    set(&mut c.state, input.state);
    set(&mut c.country, input.country);
    set(&mut c.address_line_one, input.address_line_one);
    set(&mut c.address_line_two, input.address_line_two);
    if let Some(active) = input.active {
        c.active = Some(active);
    }
    if input.external_extra_data.is_some() {
        c.external_extra_data = input.external_extra_data;
    }
    let last: Vec<&str> = [c.surname.as_deref(), c.second_surname.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    c.last_name = (!last.is_empty()).then(|| last.join(" "));
    admin_view(&store.contracts[idx], true, BTreeMap::new())
}

pub async fn create_or_update(
    State(shared): State<Arc<Shared>>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let item = Value::Object(envelope(&body, "contract")?.clone());
    let result = create_or_update_one(&mut shared.store.lock(), &item);
    tracing::info!(
        id = result.id,
        success = result.success,
        "admin create_or_update"
    );
    ok(StatusCode::OK, json!({ "contract": result }))
}

pub async fn bulk(State(shared): State<Arc<Shared>>, JsonBody(body): JsonBody) -> ApiResult {
    let Some(items) = body.get("contracts").and_then(Value::as_array) else {
        return Err(field_error("contracts", "must be a list"));
    };
    let results: Vec<AdminContract> = {
        let mut store = shared.store.lock();
        items
            .iter()
            .map(|item| create_or_update_one(&mut store, item))
            .collect()
    };
    tracing::info!(items = results.len(), "admin bulk_create_or_update");
    ok(StatusCode::OK, json!({ "contracts": results }))
}
