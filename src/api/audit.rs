//! What the client tells the audit journal (issue 14): one [`AuditEntry`] per action taken
//! against MOK — creates, updates, status changes, assignments, WhatsApp messages, admin
//! upserts, import batches, point transactions, recurrent rules — whoever asked for it (a
//! pane, the outbox worker, a headless command). Reads are not actions and are not told.
//!
//! The client only describes; where entries go is the [`AuditSink`] attached with
//! [`ApiClient::journal_to`](super::ApiClient::journal_to) (the local database, see
//! `local::journal`). Entries carry field *names*, ids and outcomes, never field values:
//! a body may hold customers' data, and nothing secret ever reaches an entry (every text
//! is also scrubbed of the client's credentials and token before it leaves the client).

use serde_json::Value;

use super::paths::Operation;
use super::transport::{Answer, Call};
use super::{ApiError, ApiResult, ErrorKind};

/// Where entries go. Recording must not fail the action (it already happened on the
/// server): a sink that cannot write says so in its own way.
pub trait AuditSink: Send + Sync {
    fn record(&self, entry: &AuditEntry);
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Create,
    Update,
    /// An update carrying only `current_status`.
    StatusChange,
    /// An update naming a provider or technician.
    Assignment,
    Whatsapp,
    ContractUpsert,
    ImportBatch,
    PointTransaction,
    RecurrentRuleCreate,
    RecurrentRuleUpdate,
}

impl AuditAction {
    pub const ALL: [AuditAction; 10] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::StatusChange,
        AuditAction::Assignment,
        AuditAction::Whatsapp,
        AuditAction::ContractUpsert,
        AuditAction::ImportBatch,
        AuditAction::PointTransaction,
        AuditAction::RecurrentRuleCreate,
        AuditAction::RecurrentRuleUpdate,
    ];

    /// As stored, printed by `journal` and matched by scripts.
    pub fn name(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::StatusChange => "status_change",
            AuditAction::Assignment => "assignment",
            AuditAction::Whatsapp => "whatsapp",
            AuditAction::ContractUpsert => "contract_upsert",
            AuditAction::ImportBatch => "import_batch",
            AuditAction::PointTransaction => "point_transaction",
            AuditAction::RecurrentRuleCreate => "recurrent_rule_create",
            AuditAction::RecurrentRuleUpdate => "recurrent_rule_update",
        }
    }
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditResult {
    Ok,
    /// A create whose answer was lost, found on the server by its external id: it was
    /// created once, and not sent again.
    Recovered,
    /// An import batch some of whose rows the server refused.
    Partial,
    /// The server said no (4xx, or an upsert answered with errors).
    Refused,
    /// No answer, a timeout, a 5xx: for a create, whether it landed is unknown.
    Failed,
}

impl AuditResult {
    pub const ALL: [AuditResult; 5] = [
        AuditResult::Ok,
        AuditResult::Recovered,
        AuditResult::Partial,
        AuditResult::Refused,
        AuditResult::Failed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AuditResult::Ok => "ok",
            AuditResult::Recovered => "recovered",
            AuditResult::Partial => "partial",
            AuditResult::Refused => "refused",
            AuditResult::Failed => "failed",
        }
    }

    fn of_error(e: &ApiError) -> AuditResult {
        match e.kind {
            ErrorKind::Unauthorized
            | ErrorKind::NotFound
            | ErrorKind::Rejected
            | ErrorKind::Invalid => AuditResult::Refused,
            ErrorKind::Network
            | ErrorKind::Timeout
            | ErrorKind::RateLimited
            | ErrorKind::Server
            | ErrorKind::Decode => AuditResult::Failed,
        }
    }
}

/// One action, as the client saw it. Server, user and time are added by the sink.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub action: AuditAction,
    /// What it acted on: `service_request 42`, `contract 7`, `+34612345678`, `3 contracts`.
    pub target: Option<String>,
    /// A create's external id (always sent, so always known).
    pub external_id: Option<String>,
    /// Names of the fields sent (values never).
    pub fields: Vec<String>,
    pub result: AuditResult,
    /// A short, non-secret note: the new status, "recovered after a lost answer", row counts.
    pub detail: Option<String>,
    /// The readable error, when it failed or was refused.
    pub error: Option<String>,
}

impl AuditEntry {
    fn new(action: AuditAction, result: AuditResult) -> AuditEntry {
        AuditEntry {
            action,
            target: None,
            external_id: None,
            fields: Vec::new(),
            result,
            detail: None,
            error: None,
        }
    }

    /// Every text of the entry with each of `secrets` replaced (defence in depth: no
    /// entry should ever hold one).
    pub(crate) fn scrubbed(mut self, secrets: &[&str]) -> AuditEntry {
        let scrub = |s: &mut String| {
            for secret in secrets.iter().filter(|s| !s.is_empty()) {
                if s.contains(secret) {
                    *s = s.replace(secret, "[redacted]");
                }
            }
        };
        for text in [
            self.target.as_mut(),
            self.external_id.as_mut(),
            self.detail.as_mut(),
            self.error.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            scrub(text);
        }
        self.fields.iter_mut().for_each(scrub);
        self
    }
}

/// Fields naming who does the work: an update carrying one is an assignment.
const ASSIGNMENT_FIELDS: [&str; 3] = ["provider_name", "provider_phone", "technician_name"];

/// Whether `op` changes something on MOK (and so is journaled); reads are not.
pub(crate) fn is_action(op: Operation) -> bool {
    match op {
        Operation::CreateServiceRequest
        | Operation::UpdateServiceRequest
        | Operation::SendWhatsappMessage
        | Operation::AdminCreateOrUpdateContract
        | Operation::AdminBulkCreateOrUpdateContracts
        | Operation::AdminCreatePointTransaction
        | Operation::AdminCreateRecurrentPointTransaction
        | Operation::AdminUpdateRecurrentPointTransaction => true,
        Operation::CreateToken
        | Operation::GetProviderNetwork
        | Operation::SearchContracts
        | Operation::ListPlans
        | Operation::ListServiceRequests
        | Operation::GetServiceRequest
        | Operation::RankProviders
        | Operation::AdminListContracts
        | Operation::AdminListPointTransactions
        | Operation::AdminGetPointTransaction
        | Operation::AdminListRecurrentPointTransactions
        | Operation::AdminGetRecurrentPointTransaction => false,
    }
}

/// The entry for one sent call, or `None` when the call is no action (a read, the token
/// exchange) or was refused before anything was sent.
pub(crate) fn describe(call: &Call, outcome: &ApiResult<Answer>) -> Option<AuditEntry> {
    // First, before parsing anything: every page of the board's polls passes here, and
    // parsing each answer a second time (into a `Value`) doubled the board's idle CPU.
    if !is_action(call.op) {
        return None;
    }
    if let Err(e) = outcome
        && e.kind == ErrorKind::Invalid
    {
        return None;
    }
    let body: Value = call
        .body
        .as_deref()
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or(Value::Null);
    let answer: Value = match outcome {
        Ok(a) => a.json().unwrap_or(Value::Null),
        Err(_) => Value::Null,
    };
    let mut entry = match call.op {
        Operation::CreateServiceRequest => {
            let sent = &body["service_request"];
            let mut e = AuditEntry::new(AuditAction::Create, AuditResult::Ok);
            e.fields = names(sent);
            e.external_id = text(&sent["external_id"]);
            e.target = id_of(&answer["service_request"]).map(|id| format!("service_request {id}"));
            e
        }
        Operation::UpdateServiceRequest => {
            let sent = &body["service_request"];
            let fields = names(sent);
            let status = text(&sent["current_status"]);
            let action = if fields
                .iter()
                .any(|f| ASSIGNMENT_FIELDS.contains(&f.as_str()))
            {
                AuditAction::Assignment
            } else if fields.len() == 1 && status.is_some() {
                AuditAction::StatusChange
            } else {
                AuditAction::Update
            };
            let mut e = AuditEntry::new(action, AuditResult::Ok);
            // The new status and the provider are what a supervisor looks for; neither is
            // a customer's data nor a secret.
            e.detail = match action {
                AuditAction::Assignment => {
                    let provider = text(&sent["provider_name"]);
                    match (provider, status) {
                        (Some(p), Some(s)) => Some(format!("provider {p}; status {s}")),
                        (Some(p), None) => Some(format!("provider {p}")),
                        (None, Some(s)) => Some(format!("status {s}")),
                        (None, None) => None,
                    }
                }
                _ => status.map(|s| format!("status {s}")),
            };
            e.fields = fields;
            e.target = call.id.map(|id| format!("service_request {id}"));
            e
        }
        Operation::SendWhatsappMessage => {
            let mut e = AuditEntry::new(AuditAction::Whatsapp, AuditResult::Ok);
            e.fields = names(&body);
            e.target = text(&body["whatsapp_number"]);
            e
        }
        Operation::AdminCreateOrUpdateContract => {
            let sent = &body["contract"];
            let mut e = AuditEntry::new(AuditAction::ContractUpsert, AuditResult::Ok);
            e.fields = names(sent);
            let got = &answer["contract"];
            e.target = id_of(got)
                .map(|id| format!("contract {id}"))
                .or_else(|| text(&sent["access_identifier"]).map(|a| format!("contract {a}")));
            if outcome.is_ok() {
                let contract: Option<crate::model::AdminContract> =
                    serde_json::from_value(got.clone()).ok();
                if let Some(c) = contract.filter(|c| !c.succeeded()) {
                    e.result = AuditResult::Refused;
                    e.error = Some(c.error_text()).filter(|t| !t.is_empty());
                } else if got.get("new_contract") == Some(&Value::Bool(true)) {
                    e.detail = Some("created".into());
                } else if got.get("new_contract") == Some(&Value::Bool(false)) {
                    e.detail = Some("updated".into());
                }
            }
            e
        }
        Operation::AdminBulkCreateOrUpdateContracts => {
            let rows = body["contracts"].as_array().map_or(&[][..], Vec::as_slice);
            let mut e = AuditEntry::new(AuditAction::ImportBatch, AuditResult::Ok);
            let mut fields: Vec<String> = Vec::new();
            for row in rows {
                for f in names(row) {
                    if !fields.contains(&f) {
                        fields.push(f);
                    }
                }
            }
            e.fields = fields;
            e.target = Some(format!("{} contracts", rows.len()));
            if outcome.is_ok() {
                let answered: Vec<crate::model::AdminContract> = answer["contracts"]
                    .as_array()
                    .map(|list| {
                        list.iter()
                            .filter_map(|c| serde_json::from_value(c.clone()).ok())
                            .collect()
                    })
                    .unwrap_or_default();
                let accepted = answered.iter().filter(|c| c.succeeded()).count();
                let refused = answered.len() - accepted;
                e.result = match (accepted, refused) {
                    (_, 0) => AuditResult::Ok,
                    (0, _) => AuditResult::Refused,
                    _ => AuditResult::Partial,
                };
                e.detail = Some(format!("{accepted} accepted, {refused} refused"));
            }
            e
        }
        Operation::AdminCreatePointTransaction => {
            let sent = &body["point_transaction"];
            let mut e = AuditEntry::new(AuditAction::PointTransaction, AuditResult::Ok);
            e.fields = names(sent);
            e.target = id_of(&answer["point_transaction"])
                .map(|id| format!("point_transaction {id}"))
                .or_else(|| text(&sent["access_identifier"]));
            e.detail = match (text(&sent["transaction_type"]), number(&sent["points"])) {
                (Some(t), Some(p)) => Some(format!("{t} {p} points")),
                _ => None,
            };
            e
        }
        Operation::AdminCreateRecurrentPointTransaction
        | Operation::AdminUpdateRecurrentPointTransaction => {
            let sent = &body["recurrent_point_transaction"];
            let action = if call.op == Operation::AdminCreateRecurrentPointTransaction {
                AuditAction::RecurrentRuleCreate
            } else {
                AuditAction::RecurrentRuleUpdate
            };
            let mut e = AuditEntry::new(action, AuditResult::Ok);
            e.fields = names(sent);
            e.target = call
                .id
                .or_else(|| id_of(&answer["recurrent_point_transaction"]))
                .map(|id| format!("recurrent_rule {id}"));
            e
        }
        // Reads and the token exchange: already answered `None` by `is_action`, whose
        // match is the one exhaustive list of what is journaled.
        _ => return None,
    };
    if let Err(e) = outcome {
        entry.result = AuditResult::of_error(e);
        entry.error = Some(e.message.clone());
    }
    Some(entry)
}

/// The entry of a whole create (its tries and its lookup by external id): one per create.
pub(crate) fn created(
    external_id: &str,
    fields: Vec<String>,
    outcome: Result<&super::Created, &ApiError>,
) -> AuditEntry {
    let mut e = AuditEntry::new(AuditAction::Create, AuditResult::Ok);
    e.external_id = Some(external_id.to_owned());
    e.fields = fields;
    match outcome {
        Ok(c) => {
            e.target = c.request.id.map(|id| format!("service_request {id}"));
            if c.recovered {
                e.result = AuditResult::Recovered;
                e.detail = Some(RECOVERED.into());
            }
        }
        Err(err) => {
            e.result = AuditResult::of_error(err);
            e.error = Some(err.message.clone());
        }
    }
    e
}

/// The detail of a create found by its external id after its answer was lost.
pub const RECOVERED: &str = "recovered after a lost answer";

/// The entry of a queued create the outbox found already on the server (an earlier
/// attempt had landed without its answer), so it was not sent again.
pub fn recovered_create(external_id: &str, request_id: Option<i64>) -> AuditEntry {
    let mut e = AuditEntry::new(AuditAction::Create, AuditResult::Recovered);
    e.external_id = Some(external_id.to_owned());
    e.target = request_id.map(|id| format!("service_request {id}"));
    e.detail = Some(RECOVERED.into());
    e
}

/// Names of an object's keys, in the order sent.
pub(crate) fn names(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn number(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// An object's `id`, as a number or a numeric string.
fn id_of(v: &Value) -> Option<i64> {
    match &v["id"] {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(op: Operation, id: Option<i64>, body: Value) -> Call {
        let mut c = Call::new(op).json(&body).unwrap();
        c.id = id;
        c
    }

    fn answer(v: Value) -> ApiResult<Answer> {
        Ok(Answer {
            status: 200,
            body: v.to_string(),
        })
    }

    #[test]
    fn reads_and_the_token_exchange_are_not_actions() {
        for op in Operation::ALL {
            let c = call(op, None, serde_json::json!({}));
            let is_action = describe(&c, &answer(serde_json::json!({}))).is_some();
            let reads = matches!(op.method(), super::super::paths::Method::Get)
                || op == Operation::CreateToken;
            assert_eq!(is_action, !reads, "{op:?}");
        }
    }

    #[test]
    fn an_update_is_a_status_change_an_assignment_or_an_update_by_its_fields() {
        let kind = |body: Value| {
            let c = call(
                Operation::UpdateServiceRequest,
                Some(9),
                serde_json::json!({ "service_request": body }),
            );
            describe(&c, &answer(serde_json::json!({}))).unwrap()
        };
        let s = kind(serde_json::json!({"current_status": "finished"}));
        assert_eq!(s.action, AuditAction::StatusChange);
        assert_eq!(s.detail.as_deref(), Some("status finished"));
        assert_eq!(s.target.as_deref(), Some("service_request 9"));
        let a =
            kind(serde_json::json!({"provider_name": "Grúas Norte", "current_status": "assigned"}));
        assert_eq!(a.action, AuditAction::Assignment);
        assert_eq!(
            a.detail.as_deref(),
            Some("provider Grúas Norte; status assigned")
        );
        let u =
            kind(serde_json::json!({"origin_address": "Calle Mayor 1", "technician_name": null}));
        assert_eq!(u.action, AuditAction::Assignment, "clearing a technician");
        let u =
            kind(serde_json::json!({"origin_address": "Calle Mayor 1", "user_phone": "+34 600"}));
        assert_eq!(u.action, AuditAction::Update);
        assert_eq!(u.fields, ["origin_address", "user_phone"]);
        // Names only: no value of the body is in the entry.
        let all = format!("{u:?}");
        assert!(
            !all.contains("Calle Mayor") && !all.contains("+34 600"),
            "{all}"
        );
    }

    #[test]
    fn an_import_batch_counts_what_the_server_accepted() {
        let c = call(
            Operation::AdminBulkCreateOrUpdateContracts,
            None,
            serde_json::json!({"contracts": [
                {"application_code": "P", "access_identifier": "A1"},
                {"application_code": "P", "access_identifier": "A2", "email": "x@y.z"},
            ]}),
        );
        let e = describe(
            &c,
            &answer(serde_json::json!({"contracts": [
                {"id": 1, "success": true},
                {"id": null, "success": false, "errors": {"email": ["is invalid"]}},
            ]})),
        )
        .unwrap();
        assert_eq!(e.action, AuditAction::ImportBatch);
        assert_eq!(e.result, AuditResult::Partial);
        assert_eq!(e.detail.as_deref(), Some("1 accepted, 1 refused"));
        assert_eq!(e.fields, ["application_code", "access_identifier", "email"]);
        assert_eq!(e.target.as_deref(), Some("2 contracts"));
    }

    #[test]
    fn errors_say_refused_or_failed_and_a_refusal_before_sending_is_no_action() {
        let c = call(
            Operation::SendWhatsappMessage,
            None,
            serde_json::json!({"whatsapp_number": "+34612345678"}),
        );
        let refused = describe(&c, &Err(ApiError::from_status(422, "{}"))).unwrap();
        assert_eq!(refused.result, AuditResult::Refused);
        assert!(refused.error.is_some());
        let failed = describe(
            &c,
            &Err(ApiError::new(ErrorKind::Timeout, None, "timed out")),
        )
        .unwrap();
        assert_eq!(failed.result, AuditResult::Failed);
        assert_eq!(failed.target.as_deref(), Some("+34612345678"));
        assert!(describe(&c, &Err(ApiError::invalid("no admin"))).is_none());
    }

    #[test]
    fn scrubbing_removes_every_secret_from_every_text() {
        let mut e = AuditEntry::new(AuditAction::Update, AuditResult::Refused);
        e.error = Some("HTTP 401: token tok-123 refused".into());
        e.detail = Some("tok-123".into());
        let e = e.scrubbed(&["tok-123", ""]);
        assert_eq!(
            e.error.as_deref(),
            Some("HTTP 401: token [redacted] refused")
        );
        assert_eq!(e.detail.as_deref(), Some("[redacted]"));
    }
}
