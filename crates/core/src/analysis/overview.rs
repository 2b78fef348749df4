//! Everything the dashboard shows, in one read: each profile with its summary and latest
//! balances, and the sources with their freshness.

use super::{profile_summary, Summary};
use crate::model::{BalanceSnapshot, InsuranceKind, Profile, Source};
use crate::{Result, Store};
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
}

pub fn overview(store: &Store) -> Result<Overview> {
    let profiles = store
        .profiles()?
        .into_iter()
        .map(|profile| {
            Ok(ProfileOverview {
                summary: profile_summary(store, &profile)?,
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
