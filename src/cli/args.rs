//! The headless subcommands and their flags (names fixed by PRODUCT.md).

use clap::{ArgGroup, Args, Subcommand};
use std::path::PathBuf;

/// Every API operation.
#[derive(Debug, Subcommand)]
pub enum HeadlessCommand {
    /// The authenticated provider network and its services.
    Me,
    /// Contracts of the network.
    #[command(subcommand)]
    Contracts(ContractsCommand),
    /// Plans and their services.
    Plans,
    /// Service requests: list, get, create, update.
    #[command(subcommand)]
    Requests(RequestsCommand),
    /// WhatsApp messages.
    #[command(subcommand)]
    Whatsapp(WhatsappCommand),
    /// Provider ranking.
    #[command(subcommand)]
    Providers(ProvidersCommand),
    /// Admin API (needs [admin] credentials).
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Subcommand)]
pub enum ContractsCommand {
    /// Contracts matching one identifier (limits only by access or document identifier).
    Search(SearchArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("by").required(true).multiple(false)))]
pub struct SearchArgs {
    #[arg(long, value_name = "V", group = "by")]
    pub access_identifier: Option<String>,
    #[arg(long, value_name = "V", group = "by")]
    pub document_identifier: Option<String>,
    #[arg(long, value_name = "V", group = "by")]
    pub national_id: Option<String>,
    #[arg(long, value_name = "V", group = "by")]
    pub email: Option<String>,
    #[arg(long, value_name = "V", group = "by")]
    pub id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// One page of service requests (or every page with --all).
    List(ListArgs),
    /// One service request with its status history and answers.
    Get { id: i64 },
    /// Create a service request (always with an external_id; never sent twice).
    Create(CreateArgs),
    /// Change a service request.
    Update(UpdateArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// current_status filter: pending, assigned, in_progress, finished, cancelled, …
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    #[arg(long, value_name = "N")]
    pub service_id: Option<i64>,
    #[arg(long, value_name = "N")]
    pub contract_id: Option<i64>,
    #[arg(long, value_name = "X")]
    pub external_id: Option<String>,
    #[arg(long, value_name = "X")]
    pub access_identifier: Option<String>,
    #[arg(long, value_name = "X")]
    pub document_identifier: Option<String>,
    #[arg(long, value_name = "X")]
    pub service_external_id: Option<String>,
    /// Page number, from 1.
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub page: Option<u32>,
    /// Items per page, at most 100.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub page_size: Option<u32>,
    /// Every page (with --json: one document holding every item).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("service").required(true).multiple(false)))]
#[command(group(ArgGroup::new("contract").required(true).multiple(false)))]
pub struct CreateArgs {
    #[arg(long, value_name = "N", group = "contract")]
    pub contract_id: Option<i64>,
    /// The contract by its access identifier: the server picks the usable contract whose
    /// plan includes the service.
    #[arg(long, value_name = "X", group = "contract")]
    pub access_identifier: Option<String>,
    /// The contract by document identifier (deprecated by the API in favour of
    /// --access-identifier).
    #[arg(long, value_name = "X", group = "contract")]
    pub document_identifier: Option<String>,
    #[arg(long, value_name = "N", group = "service")]
    pub service_id: Option<i64>,
    #[arg(long, value_name = "X", group = "service")]
    pub service_external_id: Option<String>,
    /// Your id for the request (a UUID is generated when left out).
    #[arg(long, value_name = "X")]
    pub external_id: Option<String>,
    /// Any create field of CONTRACT.md: origin_address=…, scheduled_date=…
    #[arg(long = "field", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub fields: Vec<(String, String)>,
    /// An answer of the service's question set: question_key=value.
    #[arg(long = "answer", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub answers: Vec<(String, String)>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    pub id: i64,
    /// New current_status.
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Any update field of CONTRACT.md: provider_name=…, scheduled_time=…
    #[arg(long = "field", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub fields: Vec<(String, String)>,
    /// Empty an update field: it is sent as null (technician_name, scheduled_end_date, …).
    #[arg(long = "clear", value_name = "FIELD")]
    pub clear: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum WhatsappCommand {
    /// Ask MOK to send its WhatsApp message to this E.164 number (+34612345678).
    Send { number: String },
}

#[derive(Debug, Subcommand)]
pub enum ProvidersCommand {
    /// Providers of a zone for a service, best first.
    Rank {
        /// Zone external id.
        #[arg(long, value_name = "Z")]
        zone: String,
        /// Service external id.
        #[arg(long, value_name = "S")]
        service: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Contracts (create or update by application_code + access_identifier).
    #[command(subcommand)]
    Contracts(AdminContractsCommand),
    /// One-off point transactions.
    #[command(subcommand)]
    Points(AdminPointsCommand),
    /// Recurrent point rules.
    #[command(subcommand)]
    Recurrent(AdminRecurrentCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminContractsCommand {
    List,
    /// Create or update one contract: --field application_code=P --field access_identifier=A …
    Upsert {
        #[arg(long = "field", value_name = "KEY=VALUE", value_parser = parse_key_value, required = true)]
        fields: Vec<(String, String)>,
    },
    /// Load a CSV of contracts (header: API field names); failed rows go to NAME.failed.csv.
    Import {
        file: PathBuf,
        /// Rows per request.
        #[arg(long, value_name = "N", default_value_t = crate::import::DEFAULT_BATCH_SIZE)]
        batch_size: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminPointsCommand {
    List,
    /// Add or spend points (processed asynchronously: starts `pending`).
    Add(PointArgs),
    Get {
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct PointArgs {
    #[arg(long, value_name = "X")]
    pub access_identifier: String,
    #[arg(long, value_name = "N")]
    pub points: f64,
    /// add or spend.
    #[arg(long = "type", value_name = "T", default_value = "add")]
    pub transaction_type: String,
    #[arg(long)]
    pub comment: Option<String>,
    /// YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub expiration_date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AdminRecurrentCommand {
    List,
    Create(RecurrentArgs),
    Get {
        id: i64,
    },
    /// Replace a rule (same fields as create).
    Update {
        id: i64,
        #[command(flatten)]
        rule: RecurrentArgs,
    },
}

#[derive(Debug, Args)]
pub struct RecurrentArgs {
    #[arg(long, value_name = "X")]
    pub access_identifier: String,
    #[arg(long, value_name = "N")]
    pub points: f64,
    /// add or spend.
    #[arg(long = "type", value_name = "T", default_value = "add")]
    pub transaction_type: String,
    /// YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub start_date: String,
    /// YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub end_date: Option<String>,
    /// ISO 8601 duration: P1D, P1M, P1Y, PT12H.
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// ISO 8601 duration after which issued points expire.
    #[arg(long, value_name = "PERIOD")]
    pub point_expiration_period: Option<String>,
    #[arg(long)]
    pub comment: Option<String>,
}

/// `KEY=VALUE` (the value may itself hold `=`).
pub fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(format!("expected KEY=VALUE, not {s:?}")),
    }
}
