//! Webhook deliveries: `{event, payload: service_request}`.
use serde::{Deserialize, Serialize};

use super::ServiceRequest;

pub const EVENT_CREATED: &str = "service_request.created";
pub const EVENT_UPDATED: &str = "service_request.updated";

crate::api_object! {
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct WebhookEvent {
        pub event: Option<String>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub payload: Option<ServiceRequest>,
    }
}
