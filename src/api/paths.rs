//! Operation names and their paths (CONTRACT.md), each overridable in `[api.paths]`.
//!
//! Names are the `operationId`s of `shared/api/openapi.yaml`, so a config written against
//! the spec reads naturally. `{id}` in a path is replaced by the resource id.

use std::collections::BTreeMap;

/// One operation of the Integration API v1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    CreateToken,
    GetProviderNetwork,
    SearchContracts,
    ListPlans,
    ListServiceRequests,
    CreateServiceRequest,
    GetServiceRequest,
    UpdateServiceRequest,
    SendWhatsappMessage,
    RankProviders,
    AdminListContracts,
    AdminCreateOrUpdateContract,
    AdminBulkCreateOrUpdateContracts,
    AdminListPointTransactions,
    AdminCreatePointTransaction,
    AdminGetPointTransaction,
    AdminListRecurrentPointTransactions,
    AdminCreateRecurrentPointTransaction,
    AdminGetRecurrentPointTransaction,
    AdminUpdateRecurrentPointTransaction,
}

/// Who an operation authenticates as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The token exchange itself.
    None,
    /// `Authorization: Bearer` from the client-credentials exchange.
    ProviderNetwork,
    /// `X-Admin-User-Email` + `X-Admin-User-Token`.
    Admin,
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
}

impl Method {
    pub fn as_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
        }
    }
}

impl Operation {
    pub const ALL: [Operation; 20] = [
        Operation::CreateToken,
        Operation::GetProviderNetwork,
        Operation::SearchContracts,
        Operation::ListPlans,
        Operation::ListServiceRequests,
        Operation::CreateServiceRequest,
        Operation::GetServiceRequest,
        Operation::UpdateServiceRequest,
        Operation::SendWhatsappMessage,
        Operation::RankProviders,
        Operation::AdminListContracts,
        Operation::AdminCreateOrUpdateContract,
        Operation::AdminBulkCreateOrUpdateContracts,
        Operation::AdminListPointTransactions,
        Operation::AdminCreatePointTransaction,
        Operation::AdminGetPointTransaction,
        Operation::AdminListRecurrentPointTransactions,
        Operation::AdminCreateRecurrentPointTransaction,
        Operation::AdminGetRecurrentPointTransaction,
        Operation::AdminUpdateRecurrentPointTransaction,
    ];

    /// The name used in `[api.paths]` (the openapi `operationId`).
    pub fn name(self) -> &'static str {
        self.spec().0
    }

    pub fn method(self) -> Method {
        self.spec().1
    }

    /// CONTRACT.md's path, with `{id}` where the resource id goes.
    pub fn default_path(self) -> &'static str {
        self.spec().2
    }

    pub fn audience(self) -> Audience {
        match self {
            Operation::CreateToken => Audience::None,
            op if op.name().starts_with("admin_") => Audience::Admin,
            _ => Audience::ProviderNetwork,
        }
    }

    /// True when sending it twice does no harm, so a lost answer may be retried blindly:
    /// reads, updates carrying the same body, and the admin upserts (keyed by
    /// `application_code` + `access_identifier`). Creates of service requests are recovered
    /// by `external_id` instead; point transaction creates and WhatsApp messages carry no
    /// key to look them up by, so they are never repeated once sent.
    pub fn is_idempotent(self) -> bool {
        match self.method() {
            Method::Get | Method::Patch => true,
            Method::Post => matches!(
                self,
                Operation::CreateToken
                    | Operation::AdminCreateOrUpdateContract
                    | Operation::AdminBulkCreateOrUpdateContracts
            ),
        }
    }

    /// Parses a `[api.paths]` key; `me` is accepted for `get_provider_network`.
    pub fn from_name(name: &str) -> Option<Operation> {
        if name == "me" {
            return Some(Operation::GetProviderNetwork);
        }
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    fn spec(self) -> (&'static str, Method, &'static str) {
        use Method::*;
        match self {
            Operation::CreateToken => ("create_token", Post, "/oauth/token"),
            Operation::GetProviderNetwork => {
                ("get_provider_network", Get, "/api/v1/provider_networks/me")
            }
            Operation::SearchContracts => (
                "search_contracts",
                Get,
                "/api/v1/provider_networks/contracts",
            ),
            Operation::ListPlans => ("list_plans", Get, "/api/v1/provider_networks/plans"),
            Operation::ListServiceRequests => (
                "list_service_requests",
                Get,
                "/api/v1/provider_networks/service_requests",
            ),
            Operation::CreateServiceRequest => (
                "create_service_request",
                Post,
                "/api/v1/provider_networks/service_requests",
            ),
            Operation::GetServiceRequest => (
                "get_service_request",
                Get,
                "/api/v1/provider_networks/service_requests/{id}",
            ),
            Operation::UpdateServiceRequest => (
                "update_service_request",
                Patch,
                "/api/v1/provider_networks/service_requests/{id}",
            ),
            Operation::SendWhatsappMessage => (
                "send_whatsapp_message",
                Post,
                "/api/v1/provider_networks/whatsapp_messages",
            ),
            Operation::RankProviders => (
                "rank_providers",
                Get,
                "/api/v1/provider_networks/providers_ranking",
            ),
            Operation::AdminListContracts => {
                ("admin_list_contracts", Get, "/api/v1/admin/contracts")
            }
            Operation::AdminCreateOrUpdateContract => (
                "admin_create_or_update_contract",
                Post,
                "/api/v1/admin/contracts/create_or_update",
            ),
            Operation::AdminBulkCreateOrUpdateContracts => (
                "admin_bulk_create_or_update_contracts",
                Post,
                "/api/v1/admin/contracts/bulk_create_or_update",
            ),
            Operation::AdminListPointTransactions => (
                "admin_list_point_transactions",
                Get,
                "/api/v1/admin/point_transactions",
            ),
            Operation::AdminCreatePointTransaction => (
                "admin_create_point_transaction",
                Post,
                "/api/v1/admin/point_transactions",
            ),
            Operation::AdminGetPointTransaction => (
                "admin_get_point_transaction",
                Get,
                "/api/v1/admin/point_transactions/{id}",
            ),
            Operation::AdminListRecurrentPointTransactions => (
                "admin_list_recurrent_point_transactions",
                Get,
                "/api/v1/admin/recurrent_point_transactions",
            ),
            Operation::AdminCreateRecurrentPointTransaction => (
                "admin_create_recurrent_point_transaction",
                Post,
                "/api/v1/admin/recurrent_point_transactions",
            ),
            Operation::AdminGetRecurrentPointTransaction => (
                "admin_get_recurrent_point_transaction",
                Get,
                "/api/v1/admin/recurrent_point_transactions/{id}",
            ),
            Operation::AdminUpdateRecurrentPointTransaction => (
                "admin_update_recurrent_point_transaction",
                Patch,
                "/api/v1/admin/recurrent_point_transactions/{id}",
            ),
        }
    }
}

/// Why a `[api.paths]` entry was refused.
pub fn check_override(name: &str, path: &str) -> Result<Operation, String> {
    let op = Operation::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
        format!(
            "unknown operation {name:?} in [api.paths]; known: {}",
            names.join(", ")
        )
    })?;
    if !path.starts_with('/') {
        return Err(format!("path of {name} must start with /: {path:?}"));
    }
    let wants_id = op.default_path().contains("{id}");
    if wants_id != path.contains("{id}") {
        return Err(if wants_id {
            format!("path of {name} must contain {{id}}: {path:?}")
        } else {
            format!("path of {name} takes no {{id}}: {path:?}")
        });
    }
    Ok(op)
}

/// The path of every operation, after overrides.
#[derive(Debug, Clone)]
pub struct Paths {
    overrides: BTreeMap<Operation, String>,
}

impl Paths {
    /// Unknown names or malformed paths are an error (config loading reports them first,
    /// with a line number; this is the last guard).
    pub fn new(overrides: &BTreeMap<String, String>) -> Result<Paths, String> {
        let mut map = BTreeMap::new();
        for (name, path) in overrides {
            let op = check_override(name, path)?;
            map.insert(op, path.trim_end_matches('/').to_owned());
        }
        Ok(Paths { overrides: map })
    }

    /// The path of `op` with `{id}` filled in.
    pub fn render(&self, op: Operation, id: Option<i64>) -> String {
        let template = self
            .overrides
            .get(&op)
            .map(String::as_str)
            .unwrap_or(op.default_path());
        match id {
            Some(id) => template.replace("{id}", &id.to_string()),
            None => template.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for op in Operation::ALL {
            assert_eq!(Operation::from_name(op.name()), Some(op));
        }
        let mut names: Vec<_> = Operation::ALL.iter().map(|o| o.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Operation::ALL.len());
        assert_eq!(
            Operation::from_name("me"),
            Some(Operation::GetProviderNetwork)
        );
    }

    #[test]
    fn names_match_openapi_operation_ids() {
        // The spec sits outside the crate (shared/); skip when this checkout lacks it.
        let Some(spec) = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|d| d.join("shared/api/openapi.yaml"))
            .find_map(|p| std::fs::read_to_string(p).ok())
        else {
            return;
        };
        for op in Operation::ALL {
            assert!(
                spec.contains(&format!("operationId: {}", op.name())),
                "{} is not an operationId",
                op.name()
            );
        }
    }

    #[test]
    fn overrides_and_ids() {
        let paths = Paths::new(&BTreeMap::from([(
            "get_service_request".to_string(),
            "/v2/requests/{id}/".to_string(),
        )]))
        .unwrap();
        assert_eq!(
            paths.render(Operation::GetServiceRequest, Some(4364251898)),
            "/v2/requests/4364251898"
        );
        assert_eq!(
            paths.render(Operation::UpdateServiceRequest, Some(7)),
            "/api/v1/provider_networks/service_requests/7"
        );
        assert!(Paths::new(&BTreeMap::from([("nope".into(), "/x".into())])).is_err());
        assert!(
            Paths::new(&BTreeMap::from([(
                "get_service_request".into(),
                "/x".into()
            )]))
            .is_err()
        );
        assert!(Paths::new(&BTreeMap::from([("list_plans".into(), "x".into())])).is_err());
    }

    #[test]
    fn audiences_and_idempotence() {
        assert_eq!(Operation::CreateToken.audience(), Audience::None);
        assert_eq!(Operation::AdminListContracts.audience(), Audience::Admin);
        assert_eq!(Operation::ListPlans.audience(), Audience::ProviderNetwork);
        assert!(!Operation::CreateServiceRequest.is_idempotent());
        assert!(!Operation::AdminCreatePointTransaction.is_idempotent());
        assert!(!Operation::SendWhatsappMessage.is_idempotent());
        assert!(Operation::UpdateServiceRequest.is_idempotent());
    }
}
