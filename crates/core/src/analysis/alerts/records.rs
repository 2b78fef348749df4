//! Alerts read straight from the records: `gap` (months without a paid record between paid
//! months, one alert per run of months and kind), `owed` (months marked owed, per kind) and
//! `transfer_pending` (months in cross-province transfer, per kind: pending, not gaps).
//!
//! Nothing is said about months before a kind's first paid month: a person who started work in
//! 2011 has no gap in 2010.

use super::{Alert, AlertCode, Facts, Severity};
use crate::analysis::{gaps_between, MonthSets};
use crate::model::{Contribution, ContributionStatus, InsuranceKind, YearMonth};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapFacts {
    pub from: YearMonth,
    pub to: YearMonth,
    pub months: u32,
    /// Months of the run that carry an owed record (also in an `owed` alert).
    pub owed: u32,
}

/// A gap matters most where a missed month costs years or cover: pension and medical.
fn gap_severity(kind: InsuranceKind) -> Severity {
    match kind {
        InsuranceKind::Pension | InsuranceKind::Medical => Severity::Warning,
        _ => Severity::Info,
    }
}

pub fn alerts(records: &[Contribution], sets: &MonthSets) -> Vec<Alert> {
    let mut owed: BTreeMap<InsuranceKind, BTreeSet<YearMonth>> = BTreeMap::new();
    for r in records {
        if r.status == ContributionStatus::Owed && !sets.is_paid(r.kind, r.month) {
            owed.entry(r.kind).or_default().insert(r.month);
        }
    }
    let empty = BTreeSet::new();
    let mut alerts = Vec::new();
    for &kind in InsuranceKind::ALL {
        let paid = sets.paid.get(&kind).unwrap_or(&empty);
        let pending = sets.pending.get(&kind).unwrap_or(&empty);
        let owed_here = owed.get(&kind).unwrap_or(&empty);
        for gap in gaps_between(paid, pending) {
            let months = months_from(gap.from, gap.to);
            let owed = months.iter().filter(|m| owed_here.contains(m)).count() as u32;
            alerts.push(Alert::new(
                AlertCode::Gap,
                Some(kind),
                gap_severity(kind),
                months,
                Facts::Gap(GapFacts {
                    from: gap.from,
                    to: gap.to,
                    months: gap.months,
                    owed,
                }),
            ));
        }
        if !owed_here.is_empty() {
            alerts.push(Alert::new(
                AlertCode::Owed,
                Some(kind),
                Severity::Warning,
                owed_here.iter().copied().collect(),
                Facts::Owed,
            ));
        }
        if !pending.is_empty() {
            alerts.push(Alert::new(
                AlertCode::TransferPending,
                Some(kind),
                Severity::Info,
                pending.iter().copied().collect(),
                Facts::TransferPending,
            ));
        }
    }
    alerts
}

/// Every month from `from` to `to`, inclusive.
pub(crate) fn months_from(from: YearMonth, to: YearMonth) -> Vec<YearMonth> {
    let mut months = Vec::new();
    let mut m = Some(from);
    while let Some(month) = m.filter(|m| *m <= to) {
        months.push(month);
        m = month.next();
    }
    months
}
