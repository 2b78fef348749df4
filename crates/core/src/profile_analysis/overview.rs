//! Everything the dashboard shows, in one read: each profile with its summary and latest
//! balances, and the sources with their freshness.

use crate::analysis::{next_payment, summarize_sets, MonthSets, NextPayment, Summary};
use crate::model::{BalanceSnapshot, InsuranceKind, Profile, Source};
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
            Ok(ProfileOverview {
                next_payment: next_payment(&profile, &records, today),
                summary: summarize_sets(&MonthSets::of_months(
                    records.iter().map(|r| (r.kind, r.month, r.status)),
                )),
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
