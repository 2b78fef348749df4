//! Alerts read from the standing: `min_years_shortfall` (the minimum pension years cannot be
//! reached by the statutory retirement month even paying every month from today) and
//! `balance_mismatch` (a reported personal-account balance outside the computed range by more
//! than the tolerance: 余额不符).

use super::{Alert, AlertCode, Facts, Severity};
use crate::analysis::standing::{BalanceStatus, Standing};
use crate::model::{InsuranceKind, Money, YearMonth};
use crate::rules::{Citation, RuleSet};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinYearsFacts {
    pub retirement: YearMonth,
    pub months_required: u32,
    pub months_paid: u32,
    pub months_at_retirement: u32,
    pub months_short: u32,
    /// Whether the original age (for women) was the rules' default rather than the profile's.
    pub default_original_age: bool,
    pub rule: Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MismatchFacts {
    pub as_of: NaiveDate,
    pub reported: Money,
    pub low: Money,
    pub high: Option<Money>,
    pub difference: Money,
    pub tolerance: Money,
    /// Crediting-rate years used, with any that are provisional.
    pub provisional_years: Vec<i32>,
    pub rule: Citation,
}

pub fn alerts(rules: &RuleSet, standing: &Standing) -> Vec<Alert> {
    let mut alerts = Vec::new();
    if let (Some(p), Some(r)) = (&standing.pension, &standing.retirement) {
        if p.months_short > 0 {
            alerts.push(Alert::new(
                AlertCode::MinYearsShortfall,
                Some(InsuranceKind::Pension),
                Severity::Warning,
                vec![r.month],
                Facts::MinYears(MinYearsFacts {
                    retirement: r.month,
                    months_required: p.months_required,
                    months_paid: p.months_paid,
                    months_at_retirement: p.months_at_retirement,
                    months_short: p.months_short,
                    default_original_age: r.original_age_from
                        == crate::analysis::standing::OriginalAgeFrom::Default
                        && has_alternative_group(rules, &r.group),
                    rule: r.min_years_source.clone(),
                }),
            ));
        }
    }
    for rec in &standing.account.reconciliations {
        if rec.status != BalanceStatus::Mismatch {
            continue;
        }
        // The account check refuses dates it cannot place; one that still has no month is
        // passed over rather than trusted.
        let Some(month) = YearMonth::of_date(rec.as_of) else {
            continue;
        };
        alerts.push(Alert::new(
            AlertCode::BalanceMismatch,
            Some(InsuranceKind::Pension),
            Severity::Warning,
            vec![month],
            Facts::BalanceMismatch(MismatchFacts {
                as_of: rec.as_of,
                reported: rec.reported,
                low: rec.computed.low,
                high: rec.computed.high,
                difference: rec.difference.unwrap_or_default(),
                tolerance: rec.tolerance,
                provisional_years: rec
                    .computed
                    .rates_used
                    .iter()
                    .filter(|r| r.status != crate::rules::RateStatus::Official)
                    .map(|r| r.year)
                    .collect(),
                rule: rules.national.crediting_rates.source.clone(),
            }),
        ));
    }
    alerts
}

/// Whether the schedule has another group for the same sex as `group` (women: 50 and 55), so a
/// default original age is a choice the user may need to correct.
fn has_alternative_group(rules: &RuleSet, group: &str) -> bool {
    let groups = &rules.national.retirement_schedule.groups;
    groups
        .iter()
        .find(|g| g.id == group)
        .is_some_and(|this| groups.iter().any(|g| g.sex == this.sex && g.id != this.id))
}
