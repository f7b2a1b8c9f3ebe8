//! Plans listing the caller's services.
use serde::{Deserialize, Serialize};

use super::Service;

crate::api_object! {
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Plan {
        pub code: Option<String>,
        pub name: Option<String>,
        pub external_plan_id: Option<String>,
        #[serde(default, deserialize_with = "crate::model::de::opt_vec")]
        pub services: Option<Vec<Service>>,
    }
}

/// `{plans: [...]}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PlanList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub plans: Vec<Plan>,
}
