//! Service requests: list (filters, pages), create, show, update.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Map, Value, json};

use crate::model::{
    EVENT_CREATED, EVENT_UPDATED, ServiceRequest, ServiceRequestCreate, Status, UPDATABLE_FIELDS,
};
use crate::sandbox::demo;
use crate::sandbox::router::{
    ApiError, ApiResult, JsonBody, Params, Shared, bad_request, envelope, field_error,
    field_errors, not_found, ok, path_id,
};
use crate::sandbox::store::{ContractRec, ServiceDef, Store, iso};

pub const DEFAULT_PAGE_SIZE: i64 = 25;
pub const MAX_PAGE_SIZE: i64 = 100;

pub async fn list(State(shared): State<Arc<Shared>>, params: Params) -> ApiResult {
    let page = params.int("page[number]")?.unwrap_or(1);
    let size = params.int("page[size]")?.unwrap_or(DEFAULT_PAGE_SIZE);
    if page < 1 {
        return Err(bad_request("page[number] must be 1 or more"));
    }
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        return Err(bad_request("page[size] must be between 1 and 100"));
    }
    let service_id = params.int("service_id")?;
    let contract_id = params.int("contract_id")?;
    let status = params.get("current_status");
    let external_id = params.get("external_id");
    let access_identifier = params.get("access_identifier");
    let document_identifier = params.get("document_identifier");
    let service_external_id = params.get("service_external_id");
    let mut store = shared.store.lock();
    *store
        .list_calls
        .entry(status.unwrap_or_default().to_owned())
        .or_default() += 1;
    let skip = ((page - 1) as usize).saturating_mul(size as usize);
    let items: Vec<&ServiceRequest> = store
        .requests
        .values()
        .filter(|r| {
            status.is_none_or(|s| r.current_status.as_ref().map(Status::as_str) == Some(s))
                && service_id.is_none_or(|id| r.service_id == Some(id))
                && contract_id.is_none_or(|id| r.contract_id == Some(id))
                && external_id.is_none_or(|x| r.external_id.as_deref() == Some(x))
                && access_identifier.is_none_or(|x| r.access_identifier.as_deref() == Some(x))
                && document_identifier.is_none_or(|x| {
                    r.document_identifier.as_deref() == Some(x)
                        || r.access_identifier.as_deref() == Some(x)
                })
                && service_external_id.is_none_or(|x| r.service_external_id.as_deref() == Some(x))
        })
        .skip(skip)
        .take(size as usize)
        .collect();
    ok(StatusCode::OK, json!({ "service_requests": items }))
}

pub async fn show(State(shared): State<Arc<Shared>>, Path(raw): Path<String>) -> ApiResult {
    let id = path_id(&raw)?;
    let mut store = shared.store.lock();
    store.get_calls += 1;
    let r = store.requests.get(&id).ok_or_else(not_found)?;
    ok(StatusCode::OK, json!({ "service_request": r }))
}

/// A coordinate: a decimal string (a number is taken too); `None` clears it.
fn coordinate(field: &str, v: &Value, range: f64) -> Result<Option<String>, ApiError> {
    let text = match v {
        Value::Null => return Ok(None),
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return Err(field_error(field, "must be a decimal number")),
    };
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() && f.abs() <= range => Ok(Some(text)),
        _ => Err(field_error(field, "must be a decimal number in range")),
    }
}

fn is_coordinate(field: &str) -> Option<f64> {
    match field {
        "origin_latitude" | "destination_latitude" => Some(90.0),
        "origin_longitude" | "destination_longitude" => Some(180.0),
        _ => None,
    }
}

/// Reads one text field of a create/update body, checking the formats the schema states.
fn text_field(field: &str, v: &Value) -> Result<Option<String>, ApiError> {
    // Blank text clears a field, whatever its format.
    if v.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(None);
    }
    if let Some(range) = is_coordinate(field) {
        return coordinate(field, v, range);
    }
    let text = match v {
        Value::Null => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return Err(field_error(field, "must be a string")),
    };
    let problem = match field {
        "current_status" if !Status::parse(&text).is_known() => Some("is not included in the list"),
        "scheduled_date" | "scheduled_end_date"
            if chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_err() =>
        {
            Some("must be a date (YYYY-MM-DD)")
        }
        "requested_at" if crate::model::parse_time(&text).is_none() => {
            Some("must be an ISO 8601 date-time")
        }
        _ => None,
    };
    if let Some(msg) = problem {
        return Err(field_error(field, msg));
    }
    Ok(Some(text))
}

/// Moves a request to `status`, recording when in its history.
pub fn set_status(r: &mut ServiceRequest, status: Status) {
    let history = r.status_history.get_or_insert_with(Map::new);
    history.insert(status.as_str().to_owned(), Value::String(iso(Utc::now())));
    r.current_status = Some(status);
}

/// The service of a create: `service_external_id` wins over `service_id`.
fn resolve_service<'a>(
    store: &'a Store,
    input: &ServiceRequestCreate,
) -> Result<&'a ServiceDef, ApiError> {
    if let Some(ext) = input
        .service_external_id
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        return store
            .catalog
            .service_by_external_id(ext)
            .ok_or_else(|| field_error("service_external_id", "does not match any service"));
    }
    match input.service_id {
        Some(id) => store
            .catalog
            .service_by_id(id)
            .ok_or_else(|| field_error("service_id", "does not match any service")),
        None => Err(field_errors(&[
            ("service_id".into(), "can't be blank".into()),
            ("service_external_id".into(), "can't be blank".into()),
        ])),
    }
}

fn includes(store: &Store, c: &ContractRec, service: &ServiceDef) -> bool {
    c.contract
        .plan_code
        .as_deref()
        .and_then(|code| store.catalog.plan(code))
        .is_some_and(|p| p.services.iter().any(|s| s.service == service.key))
}

/// The contract of a create: `contract_id`, else the usable contract of the access
/// identifier whose plan includes the service.
fn resolve_contract(
    store: &Store,
    input: &ServiceRequestCreate,
    service: &ServiceDef,
) -> Result<ContractRec, ApiError> {
    let today = Utc::now().date_naive();
    let c = if let Some(id) = input.contract_id {
        store
            .contract(id)
            .ok_or_else(|| field_error("contract_id", "does not match any contract"))?
    } else {
        let ai = input
            .access_identifier
            .as_deref()
            .or(input.document_identifier.as_deref())
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| {
                field_errors(&[
                    ("contract_id".into(), "can't be blank".into()),
                    ("access_identifier".into(), "can't be blank".into()),
                ])
            })?;
        let found = store.contracts_by_access_identifier(ai.trim());
        found
            .iter()
            .copied()
            .find(|c| c.contract.is_usable(today) && includes(store, c, service))
            .or_else(|| found.first().copied())
            .ok_or_else(|| field_error("access_identifier", "does not match any contract"))?
    };
    if !c.contract.is_usable(today) {
        return Err(field_error("contract_id", "is not active or has expired"));
    }
    if !includes(store, c, service) {
        return Err(field_error(
            "service_id",
            "is not included in the contract's plan",
        ));
    }
    Ok(c.clone())
}

pub async fn create(State(shared): State<Arc<Shared>>, JsonBody(body): JsonBody) -> ApiResult {
    let fields = envelope(&body, "service_request")?.clone();
    let input: ServiceRequestCreate = serde_json::from_value(Value::Object(fields.clone()))
        .map_err(|_| field_error("service_request", "could not be read"))?;
    if fields
        .get("answers")
        .is_some_and(|a| !a.is_array() && !a.is_null())
    {
        return Err(field_error("answers", "must be a list"));
    }
    // Validate every text field before anything is stored.
    let mut texts = Vec::new();
    for &f in ServiceRequest::TEXT_FIELDS {
        if let Some(v) = fields.get(f) {
            texts.push((f, text_field(f, v)?));
        }
    }
    let status = match fields.get("current_status") {
        Some(v) => text_field("current_status", v)?.map(|s| Status::parse(&s)),
        None => None,
    };
    let created = {
        let mut store = shared.store.lock();
        let service = resolve_service(&store, &input)?.clone();
        let contract = resolve_contract(&store, &input, &service)?;
        let requested = input
            .requested_at
            .as_deref()
            .and_then(crate::model::parse_time)
            .unwrap_or_else(Utc::now);
        let mut r = demo::new_request(&mut store, &contract, &service, requested);
        for (f, v) in texts {
            if let Some(s) = r.text_mut(f)
                && v.is_some()
            {
                *s = v;
            }
        }
        if let Some(status) = status.filter(|s| *s != Status::Pending) {
            set_status(&mut r, status);
        }
        let answers = input.answers.clone().unwrap_or_default();
        r.answers = Some(demo::stored_answers(&service, &answers));
        r.public_id = Some(store.public_id(r.id.unwrap_or_default(), r.external_id.as_deref()));
        store.requests.insert(r.id.unwrap_or_default(), r.clone());
        r
    };
    tracing::info!(id = created.id, "service request created");
    shared.notify(EVENT_CREATED, &created);
    ok(StatusCode::CREATED, json!({ "service_request": created }))
}

pub async fn update(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let id = path_id(&raw)?;
    if !shared.store.lock().requests.contains_key(&id) {
        return Err(not_found());
    }
    let fields = envelope(&body, "service_request")?;
    shared.store.lock().update_bodies.push((id, fields.clone()));
    // Only the fields CONTRACT.md allows; anything else is ignored.
    let mut changes = Vec::new();
    for &f in UPDATABLE_FIELDS {
        if let Some(v) = fields.get(f) {
            changes.push((f, text_field(f, v)?));
        }
    }
    let updated = {
        let mut store = shared.store.lock();
        let r = store.requests.get_mut(&id).ok_or_else(not_found)?;
        let before = r.clone();
        for (f, v) in changes {
            if f == "current_status" {
                if let Some(s) = v.map(|s| Status::parse(&s))
                    && r.current_status.as_ref() != Some(&s)
                {
                    set_status(r, s);
                }
            } else if let Some(s) = r.text_mut(f) {
                *s = v;
            }
        }
        if r.external_id != before.external_id {
            let public = format!(
                "{:05}-{:05}-{}",
                store_network_id(&before),
                id,
                r.external_id.clone().unwrap_or_default()
            );
            r.public_id = Some(public);
        }
        let changed = *r != before;
        (r.clone(), changed)
    };
    if updated.1 {
        tracing::info!(id, "service request updated");
        shared.notify(EVENT_UPDATED, &updated.0);
    }
    ok(StatusCode::OK, json!({ "service_request": updated.0 }))
}

/// The network id prefix of a request's public id.
fn store_network_id(r: &ServiceRequest) -> i64 {
    r.public_id
        .as_deref()
        .and_then(|p| p.split('-').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_default()
}
