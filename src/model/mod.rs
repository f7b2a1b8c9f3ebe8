//! Typed models of every schema of MOK's Integration API v1 (`shared/api/openapi.yaml`).
//!
//! One file per resource. Every answer type is tolerant the way CONTRACT.md asks: any field
//! may be `null`, absent or of an unexpected type, unknown fields are ignored, and unknown
//! statuses are kept as they come. Request (input) types serialise only what is set.

pub mod admin;
pub mod auth;
pub mod changes;
pub mod contact;
pub mod contract;
pub mod de;
pub mod error;
pub mod limits;
pub mod plan;
pub mod points;
pub mod provider;
pub mod service_request;
pub mod webhook;

pub use admin::*;
pub use auth::*;
pub use contact::{PhoneRegion, is_e164, is_email, normalize_phone};
pub use contract::*;
pub use error::*;
pub use limits::*;
pub use plan::*;
pub use points::*;
pub use provider::*;
pub use service_request::*;
pub use webhook::*;

/// Declares an answer type whose scalar fields all use the lenient deserializers of
/// [`de`], so one bad field never fails the whole answer.
#[macro_export]
#[doc(hidden)]
macro_rules! api_object {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        #[serde_with::apply(
            Option<String> => #[serde(default, deserialize_with = "crate::model::de::opt_string")],
            Option<i64> => #[serde(default, deserialize_with = "crate::model::de::opt_i64")],
            Option<f64> => #[serde(default, deserialize_with = "crate::model::de::opt_f64")],
            Option<bool> => #[serde(default, deserialize_with = "crate::model::de::opt_bool")],
            Option<JsonObject> => #[serde(default, deserialize_with = "crate::model::de::opt_object")],
        )]
        $(#[$m])*
        pub struct $name { $($body)* }
    };
}

/// A free-form JSON object (extra data, copayment tiers).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// The text shown for a missing value.
pub const MISSING: &str = "—";

/// An RFC 3339 stamp as the agent reads it: their local date and time to the minute
/// (`2024-12-17 16:24`); anything else as it came, "—" when missing.
pub fn local_time(stamp: Option<&str>) -> String {
    match stamp.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_time(s)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|| s.to_owned()),
        None => MISSING.to_owned(),
    }
}

/// A copayment tier as one line, its keys as the server named them: `from=1 to=5 amount=10`.
pub fn tier_text(tier: &JsonObject) -> String {
    tier.iter()
        .map(|(k, v)| format!("{k}={}", value_text(Some(v))))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `value` or "—" when it is missing or blank.
pub fn or_dash(value: Option<&str>) -> &str {
    match value {
        Some(v) if !v.trim().is_empty() => v,
        _ => MISSING,
    }
}
