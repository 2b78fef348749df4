//! Where a person stands: contribution years per kind, the statutory retirement month and the
//! minimum pension years it requires, when the minimum is reached paying on from today, the
//! personal account computed against the reported balances, and a pension estimate.
//!
//! Pure functions of the records, the rule tables and today's date (never the clock), one
//! concept per file: [`years`], [`account`], [`estimate`] (its words: [`estimate_labels`]).
//! The standing of a stored profile is [`crate::profile_analysis::profile_standing`].

pub mod account;
pub mod estimate;
pub mod estimate_labels;
pub mod given;
pub mod years;

pub use account::{AccountCheck, BalanceStatus, Computed, Credits, Reconciliation};
pub use estimate::{Estimate, Index, Input, InputName, Missing, Scenario};
pub use years::{KindYears, PensionYears, Years};

use super::MonthSets;
use crate::model::{BalanceSnapshot, Contribution, InsuranceKind, Profile, YearMonth};
use crate::rules::{
    Age, Citation, ContributionYears, RegionInfo, RegionTable, Retirement, RuleSet,
};
use crate::Result;
use chrono::NaiveDate;
use serde::Serialize;

/// Whether the original retirement age came from the profile or is the rules' default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginalAgeFrom {
    Profile,
    Default,
}

/// The statutory retirement, with the rule that gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetirementFacts {
    pub month: YearMonth,
    pub age: Age,
    /// Schedule group: M60, F55, F50.
    pub group: String,
    pub original_age: u32,
    pub original_age_from: OriginalAgeFrom,
    pub min_contribution_years: ContributionYears,
    pub earliest_flexible: YearMonth,
    pub latest_flexible: YearMonth,
    pub schedule_source: Citation,
    pub min_years_source: Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub today: NaiveDate,
    /// The rule table used for the profile's region (the national default where no city's).
    pub region: RegionInfo,
    pub kinds: Vec<KindYears>,
    /// `None` when the profile lacks a birth month or sex (`missing_profile_facts` says which).
    pub retirement: Option<RetirementFacts>,
    pub missing_profile_facts: Vec<&'static str>,
    pub pension: Option<PensionYears>,
    pub account: AccountCheck,
    pub estimate: Estimate,
}

/// What [`standing`] reads.
pub struct StandingInput<'a> {
    pub rules: &'a RuleSet,
    pub profile: &'a Profile,
    pub records: &'a [Contribution],
    pub balances: &'a [BalanceSnapshot],
    pub today: NaiveDate,
    pub scenario: Scenario,
}

pub fn standing(input: &StandingInput<'_>) -> Result<Standing> {
    let StandingInput {
        rules,
        profile,
        records,
        balances,
        today,
        scenario,
    } = *input;
    let this_month = YearMonth::of_date(today).ok_or_else(|| crate::Error::DateOutOfRange {
        field: "today".into(),
        value: today.to_string(),
    })?;
    let sets = MonthSets::of(records);
    let kinds = InsuranceKind::ALL
        .iter()
        .map(|&kind| {
            let months_paid = sets.paid(kind).count() as u32;
            KindYears {
                kind,
                months_paid,
                years: Years(months_paid),
                months_pending: sets.pending(kind).count() as u32,
            }
        })
        .collect();
    let region = profile_region(rules, profile, records);

    let mut missing_profile_facts = Vec::new();
    if profile.birth.is_none() {
        missing_profile_facts.push("birth");
    }
    if profile.sex.is_none() {
        missing_profile_facts.push("sex");
    }
    let retirement: Option<Retirement> = match (profile.birth, profile.sex) {
        (Some(born), Some(sex)) => Some(rules.retirement(born, sex, profile.original_age)?),
        _ => None,
    };
    let empty = Default::default();
    let paid = sets.paid.get(&InsuranceKind::Pension).unwrap_or(&empty);
    let pending = sets.pending.get(&InsuranceKind::Pension).unwrap_or(&empty);
    let pension = retirement.as_ref().map(|r| {
        years::pension_years(
            paid,
            pending,
            this_month,
            r.retirement_month,
            r.min_contribution_years.months(),
        )
    });
    let credits = Credits::of(records, &rules.national);
    let account =
        account::account_check(&credits, balances, &rules.national.crediting_rates, today)?;
    let estimate = estimate::estimate(&estimate::EstimateInput {
        rules,
        region,
        records,
        paid,
        today: this_month,
        retirement: retirement.as_ref(),
        missing_profile_facts: missing_profile_facts.clone(),
        account_now: &account.current,
        scenario,
    })?;
    let national = &rules.national;
    let retirement = retirement.map(|r| RetirementFacts {
        month: r.retirement_month,
        age: r.age,
        group: r.group,
        original_age: r.original_age,
        original_age_from: if profile.original_age.is_some() {
            OriginalAgeFrom::Profile
        } else {
            OriginalAgeFrom::Default
        },
        min_contribution_years: r.min_contribution_years,
        earliest_flexible: r.earliest_flexible,
        latest_flexible: r.latest_flexible,
        schedule_source: national.retirement_schedule.source.clone(),
        min_years_source: national.min_pension_contribution.source.clone(),
    });
    Ok(Standing {
        today,
        region: region.region.clone(),
        kinds,
        retirement,
        missing_profile_facts,
        pension,
        account,
        estimate,
    })
}

/// The rule table for where the person is insured: the profile's region, else the region of
/// their latest record, else the national default.
pub fn profile_region<'r>(
    rules: &'r RuleSet,
    profile: &Profile,
    records: &[Contribution],
) -> &'r RegionTable {
    let code = profile
        .region
        .as_deref()
        .or_else(|| records.iter().rev().find_map(|r| r.region.as_deref()));
    match code {
        Some(code) => rules.region_for(code),
        None => rules.national_default(),
    }
}
