//! The alerts of a stored profile, and acknowledging them: the records, sources, vault
//! documents and rules in use are read here and given to the pure [`crate::analysis::alerts`];
//! an acknowledgement is written back to the store.

use crate::analysis::alerts::Severity;
use crate::analysis::alerts::{alerts, mark_acknowledged, Alert, AlertCode, AlertInput};
use crate::analysis::standing::{self, Scenario};
use crate::model::{InsuranceKind, Profile, ProfileId, Source};
use crate::rules::{ActiveRules, RuleSet, TrustedKeys};
use crate::vault;
use crate::{Error, Result, Store};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;

/// The alerts of a stored profile on `today`, acknowledged ones marked.
pub fn profile_alerts(store: &Store, profile: &Profile, today: NaiveDate) -> Result<Vec<Alert>> {
    let records = store.contribution_records(profile.id)?;
    let balances = store.balances(profile.id)?;
    let used: BTreeSet<i64> = records
        .iter()
        .map(|r| r.source)
        .chain(balances.iter().map(|b| b.source))
        .collect();
    let sources: Vec<Source> = store
        .sources()?
        .into_iter()
        .filter(|s| used.contains(&s.id))
        .collect();
    // The rules in use for this database: a verified download beside it, else the bundled ones.
    let active = ActiveRules::load(store.path(), &TrustedKeys::project());
    let rules: &RuleSet = &active;
    let standing = standing::standing(&standing::StandingInput {
        rules,
        profile,
        records: &records,
        balances: &balances,
        today,
        scenario: Scenario::default(),
    })?;
    let documents = store.documents(profile.id)?;
    let mut list = alerts(&AlertInput {
        rules,
        profile,
        records: &records,
        sources: &sources,
        standing: &standing,
        documents: &documents,
        certificate_max_age: vault::certificate_max_age(store, profile.id)?,
        today,
    })?;
    mark_acknowledged(&mut list, &store.acknowledgements(profile.id)?);
    Ok(list)
}

/// How many alerts a profile has that nobody acknowledged: the column of the table of many
/// profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertCount {
    pub profile: ProfileId,
    /// Alerts not acknowledged.
    pub open: usize,
    /// Of those, how many are critical.
    pub critical: usize,
}

/// [`AlertCount`] of every profile. Apart from the overview because it needs each profile's
/// whole records and standing (about 1.5 ms a profile with a long history: 1.5 s for 1,000,
/// docs/benchmarks.md), which the overview's one-second budget cannot hold; the window asks
/// for it after the overview is shown.
pub fn alert_counts(store: &Store, today: NaiveDate) -> Result<Vec<AlertCount>> {
    store
        .profiles()?
        .iter()
        .map(|profile| {
            let open: Vec<Alert> = profile_alerts(store, profile, today)?
                .into_iter()
                .filter(|a| !a.acknowledged)
                .collect();
            Ok(AlertCount {
                profile: profile.id,
                critical: open
                    .iter()
                    .filter(|a| a.severity == Severity::Critical)
                    .count(),
                open: open.len(),
            })
        })
        .collect()
}

/// Which current alerts to acknowledge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Every current alert with this code (and this kind, when given).
    Code {
        code: AlertCode,
        kind: Option<InsuranceKind>,
    },
    /// The one current alert with this fingerprint.
    Fingerprint(String),
}

impl Selector {
    fn matches(&self, alert: &Alert) -> bool {
        match self {
            Selector::Code { code, kind } => {
                alert.code == *code && kind.is_none_or(|k| alert.kind == Some(k))
            }
            Selector::Fingerprint(fp) => alert.fingerprint == *fp,
        }
    }

    fn describe(&self) -> String {
        match self {
            Selector::Code { code, kind: None } => code.to_string(),
            Selector::Code {
                code,
                kind: Some(kind),
            } => format!("{code} ({kind})"),
            Selector::Fingerprint(fp) => fp.clone(),
        }
    }
}

/// Acknowledges the current alerts `selector` picks and returns them (acknowledged). Picking
/// none is an error: acknowledging facts that are not raised now would hide a future alert
/// that happens to match.
pub fn acknowledge(
    store: &mut Store,
    profile: &Profile,
    today: NaiveDate,
    selector: &Selector,
) -> Result<Vec<Alert>> {
    let mut chosen: Vec<Alert> = profile_alerts(store, profile, today)?
        .into_iter()
        .filter(|a| selector.matches(a))
        .collect();
    if chosen.is_empty() {
        return Err(Error::NoSuchAlert {
            what: selector.describe(),
        });
    }
    let keys: Vec<(&str, Option<InsuranceKind>, &str)> = chosen
        .iter()
        .map(|a| (a.code.as_str(), a.kind, a.fingerprint.as_str()))
        .collect();
    store.acknowledge_alerts(profile.id, &keys)?;
    for alert in &mut chosen {
        alert.acknowledged = true;
    }
    Ok(chosen)
}
