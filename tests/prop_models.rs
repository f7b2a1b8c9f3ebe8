//! Property tests (issue 15): every model the client parses, fed the reference's own
//! examples with values mutated (other types, nulls, extremes, odd text, removed fields,
//! unknown fields) and fed arbitrary bytes. Goal: no panic; what parses is shown by the CLI
//! tables and opened in the edit form without a panic; what does not parse is one readable
//! error.
//!
//! Case counts are bounded for CI (`PROPTEST_CASES` raises them for the long runs, see the
//! README's "Hardening" section).

mod prop_support;

use mok_console::api::ApiError;
use mok_console::cli::output;
use mok_console::forms::FormCatalog;
use mok_console::model::*;
use mok_console::tui::panes::request_form::FormData;
use prop_support::{Mutation, arb_json, cases, examples, mutate};
use proptest::prelude::*;
use serde_json::Value;

/// Parses `value` as the answer type of example `name` and uses it the way the console
/// does; an error is returned as the client would show it.
fn probe(name: &str, value: &Value, catalog: &FormCatalog) -> Result<(), String> {
    let body = value.to_string();
    let today = chrono::Local::now().date_naive();
    macro_rules! parse {
        ($t:ty) => {
            serde_json::from_str::<$t>(&body)
                .map_err(|e| ApiError::decode(200, &e, &body).message)?
        };
    }
    let requests = |list: &[ServiceRequest]| {
        output::service_requests(list).render();
        for r in list {
            output::service_request(r);
            output::scheduled(r);
            let _ = (r.status(), r.user_name(), r.history(), r.requested_time());
            local_time(r.requested_at.as_deref());
            let form = FormData::edit(r.clone());
            let _ = form.problems(catalog);
            let _ = form.update_body();
        }
    };
    let contracts = |list: &[Contract]| {
        output::contracts(list);
        for c in list {
            let _ = (c.full_name(), c.is_expired(today), c.is_usable(today));
            output::services_table(c.services()).render();
            for s in c.services() {
                output::limits_summary(s.limits.as_ref());
                if let Some(l) = &s.limits {
                    for (_, limit) in l.present() {
                        let _ = (limit.ratio(), limit.until(), limit.limit_value());
                    }
                    let _ = (l.is_blocked(), l.blocking().count());
                }
            }
        }
    };
    match name {
        "token_response" => {
            parse!(Token);
        }
        "provider_network_me" => {
            let me = parse!(ProviderNetworkEnvelope);
            output::services_table(&me.provider_network.services.unwrap_or_default()).render();
        }
        "contracts_search" => contracts(&parse!(ContractList).contracts),
        "plans_list" => {
            output::plans(&parse!(PlanList).plans);
        }
        "service_requests_list" => requests(&parse!(ServiceRequestList).service_requests),
        n if n.starts_with("service_request_") && n.ends_with("_response") => {
            requests(&[parse!(ServiceRequestEnvelope).service_request])
        }
        n if n.starts_with("webhook_") => {
            let ev = parse!(WebhookEvent);
            if let Some(p) = ev.payload {
                requests(&[p]);
            }
        }
        "admin_contracts_list" | "admin_contracts_bulk_response" => {
            let list = parse!(AdminContractList).contracts;
            output::admin_contracts(&list);
            for c in &list {
                let _ = (c.error_text(), c.flagged(), c.succeeded());
                output::validation_notes(c);
            }
        }
        "admin_contract_create_or_update_response" => {
            let c = parse!(AdminContractEnvelope).contract;
            output::admin_contracts(std::slice::from_ref(&c));
            let _ = (c.error_text(), c.flagged(), c.succeeded());
        }
        "point_transactions_list" => {
            output::point_transactions(&parse!(PointTransactionList).point_transactions);
        }
        n if n.starts_with("point_transaction_") && n.ends_with("_response") => {
            let p = parse!(PointTransactionEnvelope).point_transaction;
            output::point_transactions(std::slice::from_ref(&p));
        }
        "recurrent_point_transactions_list" => {
            output::recurrent(&parse!(RecurrentPointTransactionList).recurrent_point_transactions);
        }
        n if n.starts_with("recurrent_point_transaction_") && n.ends_with("_response") => {
            let r = parse!(RecurrentPointTransactionEnvelope).recurrent_point_transaction;
            output::recurrent(std::slice::from_ref(&r));
        }
        "providers_ranking" => {
            output::ranking(&parse!(RankedProviderList).providers);
        }
        n if n.starts_with("error_") => {
            error_message(&body);
            field_errors(&body);
        }
        _ => return Ok(()),
    }
    Ok(())
}

/// The answer examples a probe knows (request bodies are the console's own output).
fn answer_examples() -> Vec<(String, Value)> {
    examples()
        .into_iter()
        .filter(|(k, _)| !k.ends_with("_request") && !k.starts_with("token_request"))
        .collect()
}

#[test]
fn every_answer_example_is_probed_and_parses_unchanged() {
    let catalog = FormCatalog::load(None).unwrap();
    let all = answer_examples();
    assert!(all.len() >= 20, "{} examples", all.len());
    for (name, value) in &all {
        probe(name, value, &catalog).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

proptest! {
    #![proptest_config(cases(2048))]

    /// Valid shapes, arbitrary values: a mutated answer example parses (answers are
    /// lenient field by field) or gives one readable error; what parses is shown and
    /// opened without a panic.
    #[test]
    fn mutated_answer_examples_parse_or_fail_readably(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(any_mutation(), 1..10),
    ) {
        let catalog = catalog();
        let all = answer_examples();
        let (name, base) = &all[pick.index(all.len())];
        let mut value = base.clone();
        for m in &mutations {
            mutate(&mut value, m);
        }
        if let Err(message) = probe(name, &value, catalog) {
            prop_assert!(message.contains("could not be read"), "{name}: {message}");
            prop_assert!(message.len() < 2_000, "{name}: an error quotes at most a little");
        }
    }

    /// The envelope shapes are kept and only field values change: every answer still
    /// parses (one bad field never fails the whole answer).
    #[test]
    fn answers_with_arbitrary_field_values_still_parse(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec((any::<prop::sample::Index>(), arb_json()), 1..10),
    ) {
        let catalog = catalog();
        let all = answer_examples();
        let (name, base) = &all[pick.index(all.len())];
        let mut value = base.clone();
        for (at, v) in mutations {
            // Below the envelope and its list: a record's field or deeper.
            mutate(&mut value, &Mutation::ReplaceDeep(at, 3, v));
        }
        let r = probe(name, &value, catalog);
        prop_assert!(r.is_ok(), "{name}: {r:?}\n{value}");
    }

    /// Arbitrary bytes as every answer: a readable error, never a panic.
    #[test]
    fn arbitrary_bytes_as_any_answer_are_a_readable_error(
        pick in any::<prop::sample::Index>(),
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let catalog = catalog();
        let all = answer_examples();
        let (name, _) = &all[pick.index(all.len())];
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            let _ = probe(name, &value, catalog);
        }
        error_message(&text);
        field_errors(&text);
        if let Err(e) = serde_json::from_str::<ServiceRequestList>(&text) {
            let m = ApiError::decode(200, &e, &text).message;
            prop_assert!(m.starts_with("HTTP 200: the server's answer could not be read"), "{m}");
        }
    }
}

fn catalog() -> &'static FormCatalog {
    static CATALOG: std::sync::OnceLock<FormCatalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| FormCatalog::load(None).unwrap())
}

fn any_mutation() -> impl Strategy<Value = Mutation> {
    prop_support::arb_mutation()
}
