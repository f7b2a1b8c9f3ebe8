//! Running one headless command: open the connection, call, print; map failures to one
//! stderr line and an exit code.

use futures::StreamExt;
use serde_json::Value;
use std::process::ExitCode;

use super::GlobalArgs;
use super::args::*;
use super::output;
use crate::api::{ApiClient, ApiError, ErrorKind, Operation, ServiceRequestQuery};
use crate::connection::Connection;
use crate::model::*;

/// Partial failure (an import with failed rows).
pub const EXIT_FAILED: u8 = 1;
/// Bad usage, bad configuration, input refused before sending (clap uses 2 as well).
pub const EXIT_CONFIG: u8 = 2;
/// The server refused: 4xx.
pub const EXIT_REFUSED: u8 = 3;
/// The server could not be reached, timed out, answered 5xx or unreadably.
pub const EXIT_UNREACHABLE: u8 = 4;

/// Why a command failed: one line, and its exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        let code = match e.kind {
            ErrorKind::Invalid => EXIT_CONFIG,
            ErrorKind::Unauthorized | ErrorKind::NotFound | ErrorKind::Rejected => EXIT_REFUSED,
            ErrorKind::Network
            | ErrorKind::Timeout
            | ErrorKind::RateLimited
            | ErrorKind::Server
            | ErrorKind::Decode => EXIT_UNREACHABLE,
        };
        Failure {
            code,
            message: e.message,
        }
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: EXIT_CONFIG,
        message: message.into(),
    }
}

type Outcome = Result<(), Failure>;

/// A `--field` value as typed on the command line: phones read in the configured region
/// and sent as E.164, times as `HH:MM:SS`, dates and coordinates checked; blank is unset.
fn typed_field(key: &str, raw: &str) -> Result<Option<String>, Failure> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    crate::forms::typed_request_field(key, raw)
        .map(Some)
        .map_err(|e| usage(format!("--field {key}: {e}")))
}

/// Runs one headless command; exit 0 on success, non-zero with one line on stderr.
pub fn run_headless(global: &GlobalArgs, command: HeadlessCommand) -> ExitCode {
    let (_guard, _log) = crate::logging::init(&global.log_level);
    // One command, a few requests in sequence: one thread does it, and starting worker
    // threads would cost more than the work (issue 13's cold start).
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let result = runtime.block_on(run(global, command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            tracing::warn!(code = f.code, message = %f.message, "command failed");
            eprintln!("error: {}", one_line(&f.message));
            ExitCode::from(f.code)
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn run(global: &GlobalArgs, command: HeadlessCommand) -> Outcome {
    let conn = Connection::open(&global.connect(), false)
        .await
        .map_err(usage)?;
    for w in &conn.config.warnings {
        eprintln!("warning: {}", one_line(w));
    }
    // Every action is journaled for this server; the database is only opened by the first
    // action, so a lookup never touches it.
    let journal = crate::local::Journal::lazy_default(conn.server_id(), "cli")
        .map(std::sync::Arc::new)
        .map_err(|e| eprintln!("warning: actions are not journaled: {e}"))
        .ok();
    if let Some(journal) = &journal {
        conn.client.journal_to(journal.clone());
    }
    let ctx = Ctx {
        client: conn.client.clone(),
        json: global.json,
        conn: &conn,
    };
    let outcome = ctx.dispatch(command).await;
    for e in journal.iter().flat_map(|j| j.failures()) {
        eprintln!(
            "warning: the journal entry could not be written: {}",
            one_line(&e)
        );
    }
    outcome
}

struct Ctx<'a> {
    client: ApiClient,
    json: bool,
    conn: &'a Connection,
}

fn print_json(v: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
    );
}

impl Ctx<'_> {
    async fn dispatch(&self, command: HeadlessCommand) -> Outcome {
        match command {
            HeadlessCommand::Me => self.me().await,
            HeadlessCommand::Contracts(ContractsCommand::Search(a)) => self.search(a).await,
            HeadlessCommand::Plans => self.plans().await,
            HeadlessCommand::Requests(c) => match c {
                RequestsCommand::List(a) => self.list(a).await,
                RequestsCommand::Get { id } => self.get(id).await,
                RequestsCommand::Create(a) => self.create(a).await,
                RequestsCommand::Update(a) => self.update(a).await,
            },
            HeadlessCommand::Whatsapp(WhatsappCommand::Send { number }) => {
                self.whatsapp(&number).await
            }
            HeadlessCommand::Providers(ProvidersCommand::Rank { zone, service }) => {
                self.rank(&zone, &service).await
            }
            HeadlessCommand::Admin(c) => self.admin(c).await,
        }
    }

    /// A call answered as the server's JSON.
    async fn raw(
        &self,
        op: Operation,
        id: Option<i64>,
        query: Vec<(String, String)>,
        body: Option<&Value>,
    ) -> Outcome {
        let v = self.client.call_json(op, id, query, body).await?;
        print_json(&v);
        Ok(())
    }

    async fn me(&self) -> Outcome {
        if self.json {
            return self
                .raw(Operation::GetProviderNetwork, None, vec![], None)
                .await;
        }
        let me = self.client.me().await?;
        print!(
            "{}",
            output::fields(&[
                ("provider network", output::opt(&me.name)),
                ("active", output::yes_no(me.active)),
                ("webhook url", output::opt(&me.webhook_url)),
            ])
        );
        let services = me.services.unwrap_or_default();
        if !services.is_empty() {
            println!();
            print!("{}", output::services_table(&services).render());
        }
        Ok(())
    }

    async fn search(&self, a: SearchArgs) -> Outcome {
        let (kind, value) = [
            (ContractSearchKind::AccessIdentifier, a.access_identifier),
            (
                ContractSearchKind::DocumentIdentifier,
                a.document_identifier,
            ),
            (ContractSearchKind::NationalId, a.national_id),
            (ContractSearchKind::Email, a.email),
            (ContractSearchKind::Id, a.id),
        ]
        .into_iter()
        .find_map(|(k, v)| v.map(|v| (k, v)))
        .ok_or_else(|| usage("say what to search by"))?;
        if self.json {
            let q = ApiClient::search_query(kind, &value)?;
            return self.raw(Operation::SearchContracts, None, q, None).await;
        }
        let list = self.client.search_contracts(kind, &value).await?;
        print!("{}", output::contracts(&list));
        Ok(())
    }

    async fn plans(&self) -> Outcome {
        if self.json {
            return self.raw(Operation::ListPlans, None, vec![], None).await;
        }
        print!("{}", output::plans(&self.client.plans().await?));
        Ok(())
    }

    async fn list(&self, a: ListArgs) -> Outcome {
        let query = ServiceRequestQuery {
            current_status: a.status,
            service_id: a.service_id,
            contract_id: a.contract_id,
            external_id: a.external_id,
            access_identifier: a.access_identifier,
            document_identifier: a.document_identifier,
            service_external_id: a.service_external_id,
            page: a.page,
            page_size: a.page_size,
        };
        match (a.all, self.json) {
            (false, true) => {
                self.raw(Operation::ListServiceRequests, None, query.to_pairs(), None)
                    .await
            }
            (false, false) => {
                let list = self.client.list_service_requests(&query).await?;
                print_requests(&list);
                Ok(())
            }
            (true, true) => {
                // One document holding every item, in the API's own envelope.
                let mut items = Vec::new();
                let mut pages = self.client.all_service_requests_json(query);
                while let Some(page) = pages.next().await {
                    items.extend(page?);
                }
                print_json(&serde_json::json!({ "service_requests": items }));
                Ok(())
            }
            (true, false) => {
                let mut items = Vec::new();
                let mut pages = self.client.all_service_requests(query);
                while let Some(page) = pages.next().await {
                    items.extend(page?);
                }
                print_requests(&items);
                Ok(())
            }
        }
    }

    async fn get(&self, id: i64) -> Outcome {
        if self.json {
            return self
                .raw(Operation::GetServiceRequest, Some(id), vec![], None)
                .await;
        }
        let r = self.client.get_service_request(id).await?;
        print!("{}", output::service_request(&r));
        Ok(())
    }

    async fn create(&self, a: CreateArgs) -> Outcome {
        let defaults = &self.conn.config.requests;
        let mut body = ServiceRequestCreate {
            contract_id: a.contract_id,
            access_identifier: a.access_identifier.clone(),
            document_identifier: a.document_identifier.clone(),
            service_id: a.service_id,
            service_external_id: a.service_external_id.clone(),
            external_id: a.external_id,
            source: defaults.source.clone(),
            contact_center_phone: defaults.contact_center_phone.clone(),
            ..Default::default()
        };
        for (k, v) in &a.fields {
            body.set(k, typed_field(k, v)?).map_err(usage)?;
        }
        if !a.answers.is_empty() {
            body.answers = Some(
                self.answers(&a.answers, a.service_id, a.service_external_id.as_deref())
                    .await?,
            );
        }
        let (created, json) = self.client.create_service_request_json(body).await?;
        if created.recovered {
            tracing::info!("create recovered by external_id; reported as created");
        }
        if self.json {
            print_json(&json);
        } else {
            println!(
                "created service request {} (external id {})",
                output::opt(&created.request.id),
                output::opt(&created.request.external_id)
            );
            print!("{}", output::service_request(&created.request));
        }
        Ok(())
    }

    /// `--answer KEY=VALUE`s, typed by the service's question set ([`crate::forms`]):
    /// an invalid answer to a known question is refused before sending; keys the set does
    /// not know are sent as given, with a warning; answers to questions that do not apply
    /// (their condition is not met) are dropped, with a warning.
    async fn answers(
        &self,
        given: &[(String, String)],
        service_id: Option<i64>,
        service_external_id: Option<&str>,
    ) -> Result<Vec<AnswerInput>, Failure> {
        let config = &self.conn.config;
        let catalog = crate::forms::FormCatalog::load_for(config)
            .map_err(|e| usage(one_line(&e.to_string())))?;
        let external_id = match (service_external_id, service_id) {
            (Some(ext), _) => Some(ext.to_owned()),
            // The set is keyed by the service's external id: ask the server for it.
            (None, Some(id)) => self
                .client
                .me()
                .await?
                .services
                .unwrap_or_default()
                .into_iter()
                .find(|s| s.id == Some(id))
                .and_then(|s| s.external_id),
            (None, None) => None,
        };
        let set = catalog.for_service(external_id.as_deref());
        let prepared = set.prepare(given);
        let lang = config.language();
        if let Some((key, problem)) = prepared.errors.first() {
            let message = crate::tui::i18n::I18n::new(lang).field_error(problem);
            return Err(usage(format!("answer {key}: {message}")));
        }
        for key in &prepared.unknown {
            eprintln!(
                "warning: the question set {} has no question {key}; its answer is sent as given",
                set.name
            );
        }
        for key in &prepared.hidden {
            eprintln!(
                "warning: question {key} of {} does not apply to these answers; it is not sent",
                set.name
            );
        }
        Ok(prepared.inputs)
    }

    async fn update(&self, a: UpdateArgs) -> Outcome {
        let mut body = ServiceRequestUpdate::default();
        for (k, v) in &a.fields {
            body.set(k, typed_field(k, v)?).map_err(usage)?;
        }
        for k in &a.clear {
            if a.fields.iter().any(|(f, _)| f == k) {
                return Err(usage(format!("{k} is both set with --field and cleared")));
            }
            body.clear(k).map_err(usage)?;
        }
        if let Some(s) = a.status {
            body.current_status = Some(s);
        }
        if body.is_empty() {
            return Err(usage(
                "nothing to update: give --status, --field KEY=VALUE or --clear FIELD",
            ));
        }
        if self.json {
            let v = serde_json::json!({ "service_request": body });
            return self
                .raw(
                    Operation::UpdateServiceRequest,
                    Some(a.id),
                    vec![],
                    Some(&v),
                )
                .await;
        }
        let r = self.client.update_service_request(a.id, &body).await?;
        println!("updated service request {}", output::opt(&r.id));
        print!("{}", output::service_request(&r));
        Ok(())
    }

    async fn whatsapp(&self, number: &str) -> Outcome {
        let body = ApiClient::whatsapp_body(number)?;
        if self.json {
            let v = serde_json::to_value(&body).unwrap_or(Value::Null);
            return self
                .raw(Operation::SendWhatsappMessage, None, vec![], Some(&v))
                .await;
        }
        self.client.send_whatsapp(&body.whatsapp_number).await?;
        println!("WhatsApp message requested for {}", body.whatsapp_number);
        Ok(())
    }

    async fn rank(&self, zone: &str, service: &str) -> Outcome {
        if self.json {
            let q = ApiClient::rank_query(zone, service)?;
            return self.raw(Operation::RankProviders, None, q, None).await;
        }
        let list = self.client.rank_providers(zone, service).await?;
        if list.is_empty() {
            println!("no providers ranked for service {service} in zone {zone}");
        } else {
            print!("{}", output::ranking(&list));
        }
        Ok(())
    }

    async fn admin(&self, command: AdminCommand) -> Outcome {
        if !self.client.has_admin() {
            return Err(usage(
                "admin credentials are not configured: set [admin] email and token, or MOK_ADMIN_EMAIL/MOK_ADMIN_TOKEN",
            ));
        }
        match command {
            AdminCommand::Contracts(c) => match c {
                AdminContractsCommand::List => {
                    if self.json {
                        return self
                            .raw(Operation::AdminListContracts, None, vec![], None)
                            .await;
                    }
                    print!(
                        "{}",
                        output::admin_contracts(&self.client.admin_contracts().await?)
                    );
                    Ok(())
                }
                AdminContractsCommand::Upsert { fields } => self.upsert(&fields).await,
                AdminContractsCommand::Import { file, batch_size } => {
                    super::import::run(&self.client, &file, batch_size, self.json).await
                }
            },
            AdminCommand::Points(c) => match c {
                AdminPointsCommand::List => {
                    if self.json {
                        return self
                            .raw(Operation::AdminListPointTransactions, None, vec![], None)
                            .await;
                    }
                    print!(
                        "{}",
                        output::point_transactions(&self.client.point_transactions().await?)
                    );
                    Ok(())
                }
                AdminPointsCommand::Add(a) => {
                    let tx = point_input(a)?;
                    if self.json {
                        let v = serde_json::json!({ "point_transaction": tx });
                        return self
                            .raw(
                                Operation::AdminCreatePointTransaction,
                                None,
                                vec![],
                                Some(&v),
                            )
                            .await;
                    }
                    let created = self.client.create_point_transaction(&tx).await?;
                    println!(
                        "point transaction {} created ({}: processed shortly)",
                        output::opt(&created.id),
                        output::opt(&created.status)
                    );
                    print!("{}", output::point_transactions(&[created]));
                    Ok(())
                }
                AdminPointsCommand::Get { id } => {
                    if self.json {
                        return self
                            .raw(Operation::AdminGetPointTransaction, Some(id), vec![], None)
                            .await;
                    }
                    let tx = self.client.get_point_transaction(id).await?;
                    print!("{}", output::point_transactions(&[tx]));
                    Ok(())
                }
            },
            AdminCommand::Recurrent(c) => match c {
                AdminRecurrentCommand::List => {
                    if self.json {
                        return self
                            .raw(
                                Operation::AdminListRecurrentPointTransactions,
                                None,
                                vec![],
                                None,
                            )
                            .await;
                    }
                    print!(
                        "{}",
                        output::recurrent(&self.client.recurrent_point_transactions().await?)
                    );
                    Ok(())
                }
                AdminRecurrentCommand::Create(a) => {
                    let rule = recurrent_input(a)?;
                    if self.json {
                        let v = serde_json::json!({ "recurrent_point_transaction": rule });
                        return self
                            .raw(
                                Operation::AdminCreateRecurrentPointTransaction,
                                None,
                                vec![],
                                Some(&v),
                            )
                            .await;
                    }
                    let created = self
                        .client
                        .create_recurrent_point_transaction(&rule)
                        .await?;
                    println!("recurrent rule {} created", output::opt(&created.id));
                    print!("{}", output::recurrent(&[created]));
                    Ok(())
                }
                AdminRecurrentCommand::Get { id } => {
                    if self.json {
                        return self
                            .raw(
                                Operation::AdminGetRecurrentPointTransaction,
                                Some(id),
                                vec![],
                                None,
                            )
                            .await;
                    }
                    let rule = self.client.get_recurrent_point_transaction(id).await?;
                    print!("{}", output::recurrent(&[rule]));
                    Ok(())
                }
                AdminRecurrentCommand::Update { id, rule } => {
                    let rule = recurrent_input(rule)?;
                    if self.json {
                        let v = serde_json::json!({ "recurrent_point_transaction": rule });
                        return self
                            .raw(
                                Operation::AdminUpdateRecurrentPointTransaction,
                                Some(id),
                                vec![],
                                Some(&v),
                            )
                            .await;
                    }
                    let updated = self
                        .client
                        .update_recurrent_point_transaction(id, &rule)
                        .await?;
                    println!("recurrent rule {} updated", output::opt(&updated.id));
                    print!("{}", output::recurrent(&[updated]));
                    Ok(())
                }
            },
        }
    }

    async fn upsert(&self, fields: &[(String, String)]) -> Outcome {
        let header: Vec<String> = fields.iter().map(|(k, _)| k.clone()).collect();
        let cells: Vec<String> = fields.iter().map(|(_, v)| v.clone()).collect();
        let input =
            crate::import::validate_row(&header, &cells).map_err(|p| usage(p.to_string()))?;
        if self.json {
            let v = serde_json::json!({ "contract": input });
            return self
                .raw(
                    Operation::AdminCreateOrUpdateContract,
                    None,
                    vec![],
                    Some(&v),
                )
                .await;
        }
        let c = self.client.admin_upsert_contract(&input).await?;
        if !c.succeeded() {
            return Err(Failure {
                code: EXIT_REFUSED,
                message: format!("contract refused: {}", c.error_text()),
            });
        }
        let what = if c.new_contract == Some(true) {
            "created"
        } else {
            "updated"
        };
        println!("contract {} {what}", output::opt(&c.id));
        for note in output::validation_notes(&c) {
            println!("note: {note}");
        }
        print!("{}", output::admin_contracts(&[c]));
        Ok(())
    }
}

fn print_requests(list: &[ServiceRequest]) {
    if list.is_empty() {
        println!("no service requests found");
    } else {
        print!("{}", output::service_requests(list).render());
    }
}

/// The CLI's point arguments through the same validation as the Admin pane.
fn point_input(a: PointArgs) -> Result<PointTransactionInput, Failure> {
    let form = crate::points::PointTransactionForm {
        access_identifier: a.access_identifier,
        transaction_type: a.transaction_type,
        points: a.points.to_string(),
        comment: a.comment.unwrap_or_default(),
        expiration_date: a.expiration_date.unwrap_or_default(),
    };
    crate::points::validate_point_transaction(&form).map_err(point_errors)
}

fn recurrent_input(a: RecurrentArgs) -> Result<RecurrentPointTransactionInput, Failure> {
    let form = crate::points::RecurrentRuleForm {
        access_identifier: a.access_identifier,
        transaction_type: a.transaction_type,
        points: a.points.to_string(),
        recurrence_start_date: a.start_date,
        recurrence_end_date: a.end_date.unwrap_or_default(),
        recurrence_period: a.period,
        point_expiration_period: a.point_expiration_period.unwrap_or_default(),
        comment: a.comment.unwrap_or_default(),
    };
    crate::points::validate_recurrent_rule(&form).map_err(point_errors)
}

/// Every refused field on one line: `points: must be greater than zero; …`.
fn point_errors(errors: crate::points::PointFieldErrors) -> Failure {
    usage(
        errors
            .iter()
            .map(|(field, e)| format!("{field}: {e}"))
            .collect::<Vec<_>>()
            .join("; "),
    )
}
