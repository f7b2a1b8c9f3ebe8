//! Usage limits of one service for one customer.
use serde::{Deserialize, Serialize};

use super::JsonObject;

crate::api_object! {
    /// One configured limit group and the customer's progress towards it.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct ServiceLimit {
        /// Limit group class name, e.g. `LimitGroups::UsageFrequencyByEndOfContract`.
        #[serde(rename = "type")]
        pub kind: Option<String>,
        /// Maximum (uses or cost) as an exact decimal string, e.g. `"5.0"`.
        pub multiplans_limit: Option<String>,
        pub multiplans_limit_progress: Option<f64>,
        pub block_service: Option<bool>,
        /// `dd/mm/yyyy`.
        pub multiplans_until_date: Option<String>,
        /// Variable copayment tiers: objects of unknown keys, shown as they come.
        #[serde(default, deserialize_with = "crate::model::de::opt_vec")]
        pub copayment_tiers: Option<Vec<JsonObject>>,
    }
}

impl ServiceLimit {
    /// The limit as a number, when it parses.
    pub fn limit_value(&self) -> Option<f64> {
        self.multiplans_limit.as_deref()?.trim().parse().ok()
    }

    /// Progress as a fraction of the limit in `0.0..=1.0`, when both are known.
    pub fn ratio(&self) -> Option<f64> {
        let limit = self.limit_value()?;
        let progress = self.multiplans_limit_progress?;
        if limit <= 0.0 {
            return Some(if progress > 0.0 { 1.0 } else { 0.0 });
        }
        Some((progress / limit).clamp(0.0, 1.0))
    }

    /// `multiplans_until_date` parsed (`dd/mm/yyyy`).
    pub fn until(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(self.multiplans_until_date.as_deref()?.trim(), "%d/%m/%Y")
            .ok()
    }
}

/// The ten limit groups the contract names, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitGroup {
    UsageFrequencyByEndOfContract,
    UsageFrequencyByPeriod,
    WaitingPeriod,
    MaxCostByEndOfContract,
    MaxCostByPeriod,
    MaxCostByUse,
    Copayment,
    VariableCopaymentByDaysOfCurrentServiceRequest,
    VariableCopaymentByUsageByPeriod,
    VariableCopaymentByAccumulatedDaysByPeriod,
}

impl LimitGroup {
    pub const ALL: [LimitGroup; 10] = [
        Self::UsageFrequencyByEndOfContract,
        Self::UsageFrequencyByPeriod,
        Self::WaitingPeriod,
        Self::MaxCostByEndOfContract,
        Self::MaxCostByPeriod,
        Self::MaxCostByUse,
        Self::Copayment,
        Self::VariableCopaymentByDaysOfCurrentServiceRequest,
        Self::VariableCopaymentByUsageByPeriod,
        Self::VariableCopaymentByAccumulatedDaysByPeriod,
    ];

    /// The JSON key of the group.
    pub fn key(self) -> &'static str {
        match self {
            Self::UsageFrequencyByEndOfContract => "usage_frequency_by_end_of_contract",
            Self::UsageFrequencyByPeriod => "usage_frequency_by_period",
            Self::WaitingPeriod => "waiting_period",
            Self::MaxCostByEndOfContract => "max_cost_by_end_of_contract",
            Self::MaxCostByPeriod => "max_cost_by_period",
            Self::MaxCostByUse => "max_cost_by_use",
            Self::Copayment => "copayment",
            Self::VariableCopaymentByDaysOfCurrentServiceRequest => {
                "variable_copayment_by_days_of_current_service_request"
            }
            Self::VariableCopaymentByUsageByPeriod => "variable_copayment_by_usage_by_period",
            Self::VariableCopaymentByAccumulatedDaysByPeriod => {
                "variable_copayment_by_accumulated_days_by_period"
            }
        }
    }

    /// The `type` class name the server gives the group.
    pub fn class_name(self) -> &'static str {
        match self {
            Self::UsageFrequencyByEndOfContract => "LimitGroups::UsageFrequencyByEndOfContract",
            Self::UsageFrequencyByPeriod => "LimitGroups::UsageFrequencyByPeriod",
            Self::WaitingPeriod => "LimitGroups::WaitingPeriod",
            Self::MaxCostByEndOfContract => "LimitGroups::MaxCostByEndOfContract",
            Self::MaxCostByPeriod => "LimitGroups::MaxCostByPeriod",
            Self::MaxCostByUse => "LimitGroups::MaxCostByUse",
            Self::Copayment => "LimitGroups::Copayment",
            Self::VariableCopaymentByDaysOfCurrentServiceRequest => {
                "LimitGroups::VariableCopaymentByDaysOfCurrentServiceRequest"
            }
            Self::VariableCopaymentByUsageByPeriod => {
                "LimitGroups::VariableCopaymentByUsageByPeriod"
            }
            Self::VariableCopaymentByAccumulatedDaysByPeriod => {
                "LimitGroups::VariableCopaymentByAccumulatedDaysByPeriod"
            }
        }
    }

    /// Counted in uses (frequency) rather than money (cost) or days.
    pub fn counts_uses(self) -> bool {
        matches!(
            self,
            Self::UsageFrequencyByEndOfContract | Self::UsageFrequencyByPeriod
        )
    }

    pub fn is_cost(self) -> bool {
        matches!(
            self,
            Self::MaxCostByEndOfContract | Self::MaxCostByPeriod | Self::MaxCostByUse
        )
    }

    pub fn is_copayment(self) -> bool {
        matches!(
            self,
            Self::Copayment
                | Self::VariableCopaymentByDaysOfCurrentServiceRequest
                | Self::VariableCopaymentByUsageByPeriod
                | Self::VariableCopaymentByAccumulatedDaysByPeriod
        )
    }
}

crate::api_object! {
    /// Usage limits of one service: one entry per group (`None` when not configured), plus
    /// the two summary flags.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct ServiceLimits {
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub usage_frequency_by_end_of_contract: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub usage_frequency_by_period: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub waiting_period: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub max_cost_by_end_of_contract: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub max_cost_by_period: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub max_cost_by_use: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub copayment: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub variable_copayment_by_days_of_current_service_request: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub variable_copayment_by_usage_by_period: Option<ServiceLimit>,
        #[serde(default, deserialize_with = "crate::model::de::opt_lenient")]
        pub variable_copayment_by_accumulated_days_by_period: Option<ServiceLimit>,
        pub has_any_limits: Option<bool>,
        pub block_service: Option<bool>,
    }
}

impl ServiceLimits {
    pub fn get(&self, group: LimitGroup) -> Option<&ServiceLimit> {
        self.slot(group).as_ref()
    }

    pub fn get_mut(&mut self, group: LimitGroup) -> &mut Option<ServiceLimit> {
        match group {
            LimitGroup::UsageFrequencyByEndOfContract => {
                &mut self.usage_frequency_by_end_of_contract
            }
            LimitGroup::UsageFrequencyByPeriod => &mut self.usage_frequency_by_period,
            LimitGroup::WaitingPeriod => &mut self.waiting_period,
            LimitGroup::MaxCostByEndOfContract => &mut self.max_cost_by_end_of_contract,
            LimitGroup::MaxCostByPeriod => &mut self.max_cost_by_period,
            LimitGroup::MaxCostByUse => &mut self.max_cost_by_use,
            LimitGroup::Copayment => &mut self.copayment,
            LimitGroup::VariableCopaymentByDaysOfCurrentServiceRequest => {
                &mut self.variable_copayment_by_days_of_current_service_request
            }
            LimitGroup::VariableCopaymentByUsageByPeriod => {
                &mut self.variable_copayment_by_usage_by_period
            }
            LimitGroup::VariableCopaymentByAccumulatedDaysByPeriod => {
                &mut self.variable_copayment_by_accumulated_days_by_period
            }
        }
    }

    fn slot(&self, group: LimitGroup) -> &Option<ServiceLimit> {
        match group {
            LimitGroup::UsageFrequencyByEndOfContract => &self.usage_frequency_by_end_of_contract,
            LimitGroup::UsageFrequencyByPeriod => &self.usage_frequency_by_period,
            LimitGroup::WaitingPeriod => &self.waiting_period,
            LimitGroup::MaxCostByEndOfContract => &self.max_cost_by_end_of_contract,
            LimitGroup::MaxCostByPeriod => &self.max_cost_by_period,
            LimitGroup::MaxCostByUse => &self.max_cost_by_use,
            LimitGroup::Copayment => &self.copayment,
            LimitGroup::VariableCopaymentByDaysOfCurrentServiceRequest => {
                &self.variable_copayment_by_days_of_current_service_request
            }
            LimitGroup::VariableCopaymentByUsageByPeriod => {
                &self.variable_copayment_by_usage_by_period
            }
            LimitGroup::VariableCopaymentByAccumulatedDaysByPeriod => {
                &self.variable_copayment_by_accumulated_days_by_period
            }
        }
    }

    /// The configured groups, in display order.
    pub fn present(&self) -> impl Iterator<Item = (LimitGroup, &ServiceLimit)> {
        LimitGroup::ALL
            .into_iter()
            .filter_map(|g| self.get(g).map(|l| (g, l)))
    }

    /// Blocked by the root flag or by any group's own flag.
    pub fn is_blocked(&self) -> bool {
        self.block_service == Some(true)
            || self.present().any(|(_, l)| l.block_service == Some(true))
    }

    /// The groups that block the service (to say why).
    pub fn blocking(&self) -> impl Iterator<Item = (LimitGroup, &ServiceLimit)> {
        self.present()
            .filter(|(_, l)| l.block_service == Some(true))
    }

    /// `has_any_limits`, or, when the server left it out, whether any group is present.
    pub fn has_any(&self) -> bool {
        self.has_any_limits
            .unwrap_or_else(|| self.present().next().is_some())
    }
}
