//! Loyalty points: one-off transactions and recurrent rules.
use serde::{Deserialize, Serialize};

crate::api_object! {
    /// A one-off point movement; `status` is `pending` until processed asynchronously.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct PointTransaction {
        pub id: Option<i64>,
        pub access_identifier: Option<String>,
        pub transaction_type: Option<String>,
        pub status: Option<String>,
        pub points: Option<f64>,
        pub comment: Option<String>,
        pub expiration_date: Option<String>,
        pub created_at: Option<String>,
        pub updated_at: Option<String>,
        pub recurrent_point_transaction_id: Option<i64>,
    }
}

impl PointTransaction {
    /// Still waiting for the server's job.
    pub fn is_pending(&self) -> bool {
        matches!(
            self.status.as_deref(),
            None | Some("pending") | Some("processing")
        )
    }
}

/// `{point_transactions: [...]}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PointTransactionList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub point_transactions: Vec<PointTransaction>,
}

/// `{point_transaction: {...}}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PointTransactionEnvelope<T = PointTransaction> {
    pub point_transaction: T,
}

/// `add` or `spend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionType {
    Add,
    Spend,
}

impl TransactionType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Spend => "spend",
        }
    }
}

impl std::str::FromStr for TransactionType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "add" => Ok(Self::Add),
            "spend" => Ok(Self::Spend),
            other => Err(format!(
                "transaction type must be add or spend, not {other:?}"
            )),
        }
    }
}

/// Body of `POST /api/v1/admin/point_transactions`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointTransactionInput {
    pub access_identifier: String,
    pub transaction_type: TransactionType,
    pub points: f64,
    pub comment: Option<String>,
    /// `YYYY-MM-DD`.
    pub expiration_date: Option<String>,
}

crate::api_object! {
    /// A rule that issues point transactions every `recurrence_period`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct RecurrentPointTransaction {
        pub id: Option<i64>,
        pub access_identifier: Option<String>,
        pub raw_access_identifier: Option<String>,
        pub comment: Option<String>,
        pub transaction_type: Option<String>,
        pub points: Option<f64>,
        pub recurrence_start_date: Option<String>,
        pub recurrence_end_date: Option<String>,
        pub last_recurrence_date: Option<String>,
        pub recurrence_period: Option<String>,
        pub point_expiration_period: Option<String>,
        pub created_at: Option<String>,
        pub updated_at: Option<String>,
    }
}

/// `{recurrent_point_transactions: [...]}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecurrentPointTransactionList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub recurrent_point_transactions: Vec<RecurrentPointTransaction>,
}

/// `{recurrent_point_transaction: {...}}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecurrentPointTransactionEnvelope<T = RecurrentPointTransaction> {
    pub recurrent_point_transaction: T,
}

/// Body of create and update of a recurrent rule (same shape on both).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecurrentPointTransactionInput {
    pub access_identifier: String,
    pub transaction_type: TransactionType,
    pub points: f64,
    /// `YYYY-MM-DD`.
    pub recurrence_start_date: String,
    pub recurrence_end_date: Option<String>,
    /// ISO 8601 duration: `P1D`, `P1M`, `P1Y`, `PT12H`.
    pub recurrence_period: String,
    pub point_expiration_period: Option<String>,
    pub comment: Option<String>,
}
