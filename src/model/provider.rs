//! Provider ranking by zone and service, and the WhatsApp message request.
use serde::{Deserialize, Serialize};

crate::api_object! {
    /// A provider and its place in the ranking (1 is best).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct RankedProvider {
        pub position: Option<i64>,
        pub provider_name: Option<String>,
        pub external_id: Option<String>,
    }
}

/// `{providers: [...]}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RankedProviderList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub providers: Vec<RankedProvider>,
}

/// Body of `POST /api/v1/provider_networks/whatsapp_messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatsappMessage {
    pub whatsapp_number: String,
}
