//! Everything the dashboard shows, in one read: each profile with its summary and latest
//! balances, and the sources with their freshness; for the table of many profiles, each one's
//! months in a gap and months owed, counted here so the window only sorts.

use crate::analysis::{next_payment, summarize_sets, MonthSets, NextPayment, Summary};
use crate::model::{BalanceSnapshot, ContributionStatus, InsuranceKind, Profile, Source};
use crate::{Result, Store};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub profiles: Vec<ProfileOverview>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileOverview {
    pub profile: Profile,
    pub summary: Summary,
    /// The most recent balance of each kind that has one.
    pub latest_balances: Vec<BalanceSnapshot>,
    /// For someone paying themselves: the month to pay next and by when.
    pub next_payment: Option<NextPayment>,
    /// Months inside a gap of any kind (see [`Summary`]), each month once however many kinds
    /// miss it.
    pub gap_months: u32,
    /// Months with a record still owed (欠费), each month once however many kinds owe it.
    pub owed_months: u32,
}

/// The overview as of today (the computer's local date).
pub fn overview(store: &Store) -> Result<Overview> {
    overview_on(store, chrono::Local::now().date_naive())
}

pub fn overview_on(store: &Store, today: NaiveDate) -> Result<Overview> {
    let profiles = store
        .profiles()?
        .into_iter()
        .map(|profile| {
            // The kind, month, status and payer type of each record, not whole records: the
            // overview reads every profile's history, and decoding every column of every record
            // was most of its time (docs/benchmarks.md, Dashboard).
            let records = store.contribution_months(profile.id)?;
            let summary = summarize_sets(&MonthSets::of_months(
                records.iter().map(|r| (r.kind, r.month, r.status)),
            ));
            let mut owed: Vec<_> = records
                .iter()
                .filter(|r| r.status == ContributionStatus::Owed)
                .map(|r| r.month)
                .collect();
            owed.sort_unstable();
            owed.dedup();
            Ok(ProfileOverview {
                next_payment: next_payment(&profile, &records, today),
                gap_months: months_in_any_gap(&summary),
                owed_months: owed.len() as u32,
                summary,
                latest_balances: latest_per_kind(store.balances(profile.id)?),
                profile,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Overview {
        profiles,
        sources: store.sources()?,
    })
}

/// The months the kinds' gaps cover together: the runs merged, so a month missing in three
/// kinds counts once.
fn months_in_any_gap(summary: &Summary) -> u32 {
    let mut runs: Vec<(i64, i64)> = summary
        .kinds
        .iter()
        .flat_map(|k| k.gaps.iter().map(|g| (g.from.index(), g.to.index())))
        .collect();
    runs.sort_unstable();
    let mut total = 0;
    let mut covered_to = i64::MIN;
    for (from, to) in runs {
        let start = from.max(covered_to.saturating_add(1));
        if to >= start {
            total += to - start + 1;
        }
        covered_to = covered_to.max(to);
    }
    total as u32
}

fn latest_per_kind(balances: Vec<BalanceSnapshot>) -> Vec<BalanceSnapshot> {
    let mut latest: BTreeMap<InsuranceKind, BalanceSnapshot> = BTreeMap::new();
    for balance in balances {
        match latest.get(&balance.kind) {
            Some(kept) if kept.as_of >= balance.as_of => {}
            _ => {
                latest.insert(balance.kind, balance);
            }
        }
    }
    latest.into_values().collect()
}
