//! Finding the caller from what an agent typed, in as few tries as the API allows:
//!
//! - a phone said aloud (`612 345 678`, `+34 612-345-678`) is searched in E.164, read in
//!   the configured region by the crate's one phone rule ([`crate::model::normalize_phone`]);
//! - the contract id shown on screen (`unique_contract_id`, e.g. `DEMO-0001-1`), which no
//!   search parameter takes, is found by the contract id it ends with and checked whole;
//! - a search whose answer carries no limits (email, national id, id) is followed by one
//!   by each found contract's access identifier, whose answer does: a blocked service is
//!   never shown as "no data".

use std::collections::BTreeSet;

use crate::api::{ApiClient, ApiError};
use crate::model::{Contract, ContractSearchKind, PhoneRegion, normalize_phone};

/// The search to run for what the agent typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub kind: ContractSearchKind,
    pub value: String,
    /// The phone as typed, when `value` is its E.164 form.
    pub typed_phone: Option<String>,
}

/// True when `s` reads as a phone someone said aloud: a leading `+`, or digits grouped by
/// spaces, dashes or dots (9 digits at least). Plain digits stay what they were typed as
/// (an access identifier may be `123456789`), and a Chilean RUT (`12.345.678-9`, one
/// check character after the last dash) is not a phone.
pub fn looks_like_phone(s: &str) -> bool {
    let t = s.trim();
    if t.starts_with('+') {
        return t.chars().skip(1).any(|c| c.is_ascii_digit());
    }
    let grouped = t.contains([' ', '-', '.']);
    let shape = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let rut = t
        .rsplit_once('-')
        .is_some_and(|(_, check)| check.trim().chars().count() == 1);
    grouped && shape && digits >= 9 && !rut
}

/// What to search for `typed` searched as `kind`: a phone-looking access identifier is
/// searched in E.164 when it is a valid number of `region` (else as typed).
pub fn query(kind: ContractSearchKind, typed: &str, region: PhoneRegion) -> Query {
    let typed = typed.trim();
    if kind == ContractSearchKind::AccessIdentifier && looks_like_phone(typed) {
        if let Ok(e164) = normalize_phone(typed, region) {
            if e164 != typed {
                return Query {
                    kind,
                    value: e164,
                    typed_phone: Some(typed.to_owned()),
                };
            }
        }
    }
    Query {
        kind,
        value: typed.to_owned(),
        typed_phone: None,
    }
}

/// What a search found, and how.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub contracts: Vec<Contract>,
    /// The value was the contract id shown on screen (`unique_contract_id`): the
    /// contracts were found by their id.
    pub by_contract_id: bool,
    /// The access identifiers whose search supplied the limits (the first search's kind
    /// returns none); empty when the first search had them, or the follow-up failed.
    pub limits_from: Vec<String>,
}

impl Found {
    /// True when the services carry the limits the API computes.
    pub fn has_limits(&self, kind: ContractSearchKind) -> bool {
        (kind.returns_limits() && !self.by_contract_id) || !self.limits_from.is_empty()
    }
}

/// Runs the search for `kind`/`value` (already through [`query`]) and what it takes to
/// find the contract and its limits.
pub async fn find(
    client: &ApiClient,
    kind: ContractSearchKind,
    value: &str,
) -> Result<Found, ApiError> {
    let mut contracts = client.search_contracts(kind, value).await?;
    let mut by_contract_id = false;
    if contracts.is_empty() && kind == ContractSearchKind::AccessIdentifier {
        if let Some(id) = contract_id_in(value) {
            contracts = client
                .search_contracts(ContractSearchKind::Id, &id.to_string())
                .await?
                .into_iter()
                .filter(|c| {
                    c.unique_contract_id
                        .as_deref()
                        .is_some_and(|u| u.trim().eq_ignore_ascii_case(value.trim()))
                })
                .collect();
            by_contract_id = !contracts.is_empty();
        }
    }
    let mut found = Found {
        contracts,
        by_contract_id,
        limits_from: Vec::new(),
    };
    if !kind.returns_limits() || by_contract_id {
        add_limits(client, &mut found).await;
    }
    Ok(found)
}

/// The contract id a `unique_contract_id` such as `DEMO-0001-1` or `2459877084-74` ends
/// with (the reference's and the sandbox's shape): the number after its last dash.
fn contract_id_in(value: &str) -> Option<i64> {
    let (head, tail) = value.trim().rsplit_once('-')?;
    if head.is_empty() || tail.is_empty() || !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    tail.parse().ok()
}

/// Searches each found contract's access identifier again, whose answer carries limits,
/// and gives each contract its services from it. A failed follow-up leaves the contracts
/// as found (shown as "limits not returned"), never fails the search.
async fn add_limits(client: &ApiClient, found: &mut Found) {
    let identifiers: BTreeSet<String> = found
        .contracts
        .iter()
        .filter_map(|c| {
            c.access_identifier
                .clone()
                .or_else(|| c.document_identifier.clone())
        })
        .filter(|ai| !ai.trim().is_empty())
        .collect();
    let mut with_limits: Vec<Contract> = Vec::new();
    let mut used = Vec::new();
    for ai in identifiers {
        match client
            .search_contracts(ContractSearchKind::AccessIdentifier, &ai)
            .await
        {
            Ok(list) => {
                with_limits.extend(list);
                used.push(ai);
            }
            Err(e) => tracing::warn!("limits follow-up search failed: {e}"),
        }
    }
    let mut all_covered = true;
    for contract in &mut found.contracts {
        let same = with_limits
            .iter()
            .find(|c| c.id.is_some() && c.id == contract.id);
        match same {
            Some(c) => contract.services = c.services.clone(),
            None => all_covered = false,
        }
    }
    if all_covered && !found.contracts.is_empty() {
        found.limits_from = used;
    } else {
        // Some contract kept its services without limits: say nothing came from elsewhere
        // rather than claim limits for all.
        for contract in &mut found.contracts {
            for s in contract.services.iter_mut().flatten() {
                s.limits = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es() -> PhoneRegion {
        PhoneRegion::default()
    }

    #[test]
    fn phones_said_aloud_are_searched_in_e164() {
        let ai = ContractSearchKind::AccessIdentifier;
        for typed in [
            "+34 612 345 678",
            "612 345 678",
            "612-345-678",
            "612.345.678",
        ] {
            let q = query(ai, typed, es());
            assert_eq!(q.value, "+34612345678", "{typed}");
            assert_eq!(q.typed_phone.as_deref(), Some(typed));
        }
        // Already E.164: searched as is, nothing to say.
        assert_eq!(query(ai, "+34612345678", es()).typed_phone, None);
        let cl: PhoneRegion = "CL".parse().unwrap();
        assert_eq!(query(ai, "9 9079 8691", cl).value, "+56990798691");
    }

    #[test]
    fn identifiers_stay_as_typed() {
        let ai = ContractSearchKind::AccessIdentifier;
        for typed in [
            "DEMO-0001",
            "DEMO-0001-1",
            "123456789",
            "12345678Z",
            "12.345.678-9",
            "12.345.678-K",
            "2459877084-74",
        ] {
            assert_eq!(query(ai, typed, es()).value, typed, "{typed}");
        }
        // Another kind is never rewritten.
        let doc = ContractSearchKind::DocumentIdentifier;
        assert_eq!(query(doc, "612 345 678", es()).value, "612 345 678");
        // Not a valid number: searched as typed.
        assert_eq!(query(ai, "+34 412 345 678", es()).value, "+34 412 345 678");
    }

    #[test]
    fn the_contract_id_shown_ends_with_the_contract_id() {
        assert_eq!(contract_id_in("DEMO-0001-1"), Some(1));
        assert_eq!(contract_id_in("2459877084-74"), Some(74));
        assert_eq!(contract_id_in("HOGAR-TOTAL-12"), Some(12));
        assert_eq!(contract_id_in("DEMO"), None);
        assert_eq!(contract_id_in("-5"), None);
        assert_eq!(contract_id_in("12.345.678-K"), None);
    }
}
