//! Usage limits computed from a contract's actual requests: every request not cancelled
//! counts (uses, cost and days); periods and waiting periods run from the contract's start.

use chrono::{Months, NaiveDate};

use super::store::{ContractRec, LimitRule, ServiceDef, parse_date};
use crate::model::{LimitGroup, ServiceLimit, ServiceLimits, ServiceRequest};

/// `dd/mm/yyyy`, as `multiplans_until_date` is written.
fn until(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn decimal(v: f64) -> String {
    format!("{v:.1}")
}

fn group_of(key: &str) -> Option<LimitGroup> {
    LimitGroup::ALL.into_iter().find(|g| g.key() == key)
}

/// The window `[from, to)` of a period of `months` that holds `today`, counted from `start`.
fn period_window(start: NaiveDate, months: u32, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let months = months.max(1);
    let mut from = start;
    let mut n = 1;
    loop {
        let to = start
            .checked_add_months(Months::new(months * n))
            .unwrap_or(NaiveDate::MAX);
        if today < to || n > 1200 {
            return (from, to);
        }
        from = to;
        n += 1;
    }
}

fn requested_on(r: &ServiceRequest) -> Option<NaiveDate> {
    parse_date(r.requested_at.as_deref()?)
}

/// Days a request takes: `scheduled_date..=scheduled_end_date`, else one.
fn days_of(r: &ServiceRequest) -> f64 {
    let from = r.scheduled_date.as_deref().and_then(parse_date);
    let to = r.scheduled_end_date.as_deref().and_then(parse_date);
    match (from, to) {
        (Some(a), Some(b)) if b >= a => ((b - a).num_days() + 1) as f64,
        _ => 1.0,
    }
}

/// The limits of `service` under `contract`, given the requests that count and today.
pub fn compute(
    contract: &ContractRec,
    service: &ServiceDef,
    rules: &[LimitRule],
    usage: &[&ServiceRequest],
    today: NaiveDate,
) -> ServiceLimits {
    let start = contract.start().unwrap_or(today);
    let end = contract.end();
    let mut limits = ServiceLimits::default();
    for rule in rules {
        let Some(group) = group_of(&rule.group) else {
            continue;
        };
        let mut l = ServiceLimit {
            kind: Some(group.class_name().to_owned()),
            multiplans_limit: rule.limit.map(decimal),
            multiplans_limit_progress: Some(0.0),
            block_service: Some(false),
            multiplans_until_date: end.map(until),
            copayment_tiers: None,
        };
        let in_window = |from: NaiveDate, to: NaiveDate| -> Vec<&ServiceRequest> {
            usage
                .iter()
                .copied()
                .filter(|r| requested_on(r).is_some_and(|d| d >= from && d < to))
                .collect()
        };
        let window = rule.period_months.map(|m| period_window(start, m, today));
        match group {
            LimitGroup::UsageFrequencyByEndOfContract => {
                let used = usage.len() as f64;
                l.multiplans_limit_progress = Some(used);
                l.block_service = Some(rule.limit.is_some_and(|max| used >= max));
            }
            LimitGroup::UsageFrequencyByPeriod => {
                let (from, to) = window.unwrap_or((start, end.unwrap_or(NaiveDate::MAX)));
                let used = in_window(from, to).len() as f64;
                l.multiplans_limit_progress = Some(used);
                l.block_service = Some(rule.limit.is_some_and(|max| used >= max));
                l.multiplans_until_date = Some(until(to.pred_opt().unwrap_or(to)));
            }
            LimitGroup::WaitingPeriod => {
                let days = rule.days.unwrap_or(0).max(0);
                let ends = start + chrono::Duration::days(days);
                let elapsed = (today - start).num_days().clamp(0, days);
                l.multiplans_limit = Some(decimal(days as f64));
                l.multiplans_limit_progress = Some(elapsed as f64);
                l.block_service = Some(today < ends);
                l.multiplans_until_date = Some(until(ends));
            }
            LimitGroup::MaxCostByEndOfContract => {
                let cost = usage.len() as f64 * service.unit_cost;
                l.multiplans_limit_progress = Some(cost);
                l.block_service = Some(rule.limit.is_some_and(|max| cost >= max));
            }
            LimitGroup::MaxCostByPeriod => {
                let (from, to) = window.unwrap_or((start, end.unwrap_or(NaiveDate::MAX)));
                let cost = in_window(from, to).len() as f64 * service.unit_cost;
                l.multiplans_limit_progress = Some(cost);
                l.block_service = Some(rule.limit.is_some_and(|max| cost >= max));
                l.multiplans_until_date = Some(until(to.pred_opt().unwrap_or(to)));
            }
            LimitGroup::MaxCostByUse => {
                // Caps what one use may cost: the progress is the cost of one use; it
                // blocks only when a single use already costs more than the cap.
                l.multiplans_limit_progress = Some(service.unit_cost);
                l.block_service = Some(rule.limit.is_some_and(|max| service.unit_cost > max));
            }
            LimitGroup::Copayment => {
                l.multiplans_limit_progress = Some(usage.len() as f64);
            }
            LimitGroup::VariableCopaymentByDaysOfCurrentServiceRequest => {
                let current = usage
                    .iter()
                    .rev()
                    .find(|r| r.current_status.as_ref().is_some_and(|s| s.is_open()));
                l.multiplans_limit_progress = Some(current.map(|r| days_of(r)).unwrap_or(0.0));
                l.copayment_tiers = rule.tiers.clone();
            }
            LimitGroup::VariableCopaymentByUsageByPeriod => {
                let (from, to) = window.unwrap_or((start, end.unwrap_or(NaiveDate::MAX)));
                l.multiplans_limit_progress = Some(in_window(from, to).len() as f64);
                l.multiplans_until_date = Some(until(to.pred_opt().unwrap_or(to)));
                l.copayment_tiers = rule.tiers.clone();
            }
            LimitGroup::VariableCopaymentByAccumulatedDaysByPeriod => {
                let (from, to) = window.unwrap_or((start, end.unwrap_or(NaiveDate::MAX)));
                let days: f64 = in_window(from, to).iter().map(|r| days_of(r)).sum();
                l.multiplans_limit_progress = Some(days);
                l.multiplans_until_date = Some(until(to.pred_opt().unwrap_or(to)));
                l.copayment_tiers = rule.tiers.clone();
            }
        }
        *limits.get_mut(group) = Some(l);
    }
    let any = limits.present().next().is_some();
    let blocked = limits.present().any(|(_, l)| l.block_service == Some(true));
    limits.has_any_limits = Some(any);
    limits.block_service = Some(blocked);
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Contract, Status};
    use crate::sandbox::store::{ContractRec, LimitRule, ServiceDef};

    fn rule(group: &str, limit: Option<f64>, months: Option<u32>) -> LimitRule {
        LimitRule {
            group: group.into(),
            limit,
            period_months: months,
            days: None,
            tiers: None,
        }
    }

    fn request(on: &str, days: Option<(&str, &str)>) -> ServiceRequest {
        ServiceRequest {
            requested_at: Some(format!("{on}T10:00:00.000Z")),
            current_status: Some(Status::Finished),
            scheduled_date: days.map(|d| d.0.to_owned()),
            scheduled_end_date: days.map(|d| d.1.to_owned()),
            ..Default::default()
        }
    }

    #[test]
    fn cost_period_and_accumulated_days_follow_usage() {
        let contract = ContractRec {
            contract: Contract {
                start_date: Some("2025-01-10".into()),
                end_date: Some("2027-01-10".into()),
                ..Default::default()
            },
            simulated: false,
            new_contract: true,
        };
        let service = ServiceDef {
            key: "grua".into(),
            id: 1,
            name: "Grúa".into(),
            external_id: None,
            unit_cost: 120.0,
            currency: "EUR".into(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        // One request in the previous yearly window, two in the current one.
        let old = request("2025-06-01", None);
        let a = request("2026-01-20", Some(("2026-01-20", "2026-01-22")));
        let b = request("2026-02-20", None);
        let usage = [&old, &a, &b];
        let rules = [
            rule("max_cost_by_end_of_contract", Some(300.0), None),
            rule("max_cost_by_period", Some(300.0), Some(12)),
            rule("usage_frequency_by_period", Some(2.0), Some(12)),
            rule(
                "variable_copayment_by_accumulated_days_by_period",
                None,
                Some(12),
            ),
        ];
        let l = compute(&contract, &service, &rules, &usage, today);
        let cost = l.max_cost_by_end_of_contract.as_ref().unwrap();
        assert_eq!(cost.multiplans_limit_progress, Some(360.0));
        assert_eq!(cost.block_service, Some(true));
        let period = l.max_cost_by_period.as_ref().unwrap();
        assert_eq!(period.multiplans_limit_progress, Some(240.0));
        assert_eq!(period.block_service, Some(false));
        assert_eq!(period.multiplans_until_date.as_deref(), Some("09/01/2027"));
        let uses = l.usage_frequency_by_period.as_ref().unwrap();
        assert_eq!(uses.block_service, Some(true));
        let days = l
            .variable_copayment_by_accumulated_days_by_period
            .as_ref()
            .unwrap();
        assert_eq!(days.multiplans_limit_progress, Some(4.0));
        assert_eq!(l.block_service, Some(true));
        assert_eq!(l.has_any_limits, Some(true));
        let none = compute(&contract, &service, &[], &usage, today);
        assert_eq!(
            (none.has_any_limits, none.block_service),
            (Some(false), Some(false))
        );
    }

    #[test]
    fn period_window_holds_today() {
        let start = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        let today = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
        let (from, to) = period_window(start, 12, today);
        assert_eq!(from, NaiveDate::from_ymd_opt(2025, 3, 15).unwrap());
        assert_eq!(to, NaiveDate::from_ymd_opt(2026, 3, 15).unwrap());
        assert!(from <= today && today < to);
    }
}
