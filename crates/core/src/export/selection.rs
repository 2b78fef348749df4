//! What an export contains: one profile's records of the chosen kinds within a period, with
//! the balances and sources that go with them. Every format is made from a `Selection`, and
//! `verify` rebuilds one from the export record to compare.

use crate::analysis::{summarize, KindSummary};
use crate::model::{
    BalanceSnapshot, Contribution, InsuranceKind, Period, Profile, ProfileId, Source, YearMonth,
};
use crate::{Result, Store};
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub struct Selection {
    pub profile: Profile,
    /// The months covered. Open ends of a request are closed to the first and last month
    /// with a record, so a statement names a definite period and later months do not change
    /// what it covers. Open only when there were no records to bound it.
    pub period: Period,
    /// The kinds included, in the app's order.
    pub kinds: Vec<InsuranceKind>,
    /// By month, kind (in the app's order) and payer.
    pub records: Vec<Contribution>,
    /// Balances of the included kinds dated within the period, by kind and date.
    pub balances: Vec<BalanceSnapshot>,
    /// The sources the included records and balances came from.
    pub sources: Vec<Source>,
}

/// Empty means every kind; otherwise deduplicated and put in the app's order.
pub fn normalize_kinds(kinds: &[InsuranceKind]) -> Vec<InsuranceKind> {
    if kinds.is_empty() {
        return InsuranceKind::ALL.to_vec();
    }
    let set: BTreeSet<InsuranceKind> = kinds.iter().copied().collect();
    set.into_iter().collect()
}

/// The records for a request: open ends of `requested` are closed to the records found.
pub fn resolve(
    store: &Store,
    profile: &Profile,
    requested: Period,
    kinds: &[InsuranceKind],
) -> Result<Selection> {
    let kinds = normalize_kinds(kinds);
    let records = records_in(store, profile.id, requested, &kinds)?;
    let period = Period {
        from: requested.from.or(records.first().map(|r| r.month)),
        to: requested.to.or(records.last().map(|r| r.month)),
    };
    finish(store, profile.clone(), period, kinds, records)
}

/// The records for exactly `period` (as recorded with an export).
pub fn select(
    store: &Store,
    profile: &Profile,
    period: Period,
    kinds: &[InsuranceKind],
) -> Result<Selection> {
    let kinds = normalize_kinds(kinds);
    let records = records_in(store, profile.id, period, &kinds)?;
    finish(store, profile.clone(), period, kinds, records)
}

/// By month, then kind in the app's order (pension first, as statements list them), then payer.
fn records_in(
    store: &Store,
    profile: ProfileId,
    period: Period,
    kinds: &[InsuranceKind],
) -> Result<Vec<Contribution>> {
    let mut records: Vec<Contribution> = store
        .contribution_records(profile)?
        .into_iter()
        .filter(|r| kinds.contains(&r.kind) && period.contains(r.month))
        .collect();
    records.sort_by(|a, b| (a.month, a.kind, &a.payer).cmp(&(b.month, b.kind, &b.payer)));
    Ok(records)
}

fn finish(
    store: &Store,
    profile: Profile,
    period: Period,
    kinds: Vec<InsuranceKind>,
    records: Vec<Contribution>,
) -> Result<Selection> {
    let balances: Vec<BalanceSnapshot> = store
        .balances(profile.id)?
        .into_iter()
        .filter(|b| {
            kinds.contains(&b.kind)
                && YearMonth::of_date(b.as_of).is_some_and(|month| period.contains(month))
        })
        .collect();
    let used: BTreeSet<i64> = records
        .iter()
        .map(|r| r.source)
        .chain(balances.iter().map(|b| b.source))
        .collect();
    let sources = store
        .sources()?
        .into_iter()
        .filter(|s| used.contains(&s.id))
        .collect();
    Ok(Selection {
        profile,
        period,
        kinds,
        records,
        balances,
        sources,
    })
}

impl Selection {
    /// The summary of each included kind, in the app's order.
    pub fn summaries(&self) -> Vec<KindSummary> {
        summarize(&self.records)
            .kinds
            .into_iter()
            .filter(|k| self.kinds.contains(&k.kind))
            .collect()
    }

    /// The records of one kind, by month.
    pub fn records_of(&self, kind: InsuranceKind) -> impl Iterator<Item = &Contribution> {
        self.records.iter().filter(move |r| r.kind == kind)
    }

    /// The most recent balance of a kind within the period.
    pub fn latest_balance(&self, kind: InsuranceKind) -> Option<&BalanceSnapshot> {
        self.balances
            .iter()
            .filter(|b| b.kind == kind)
            .max_by_key(|b| (b.as_of, b.origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::load_demo;

    #[test]
    fn open_ends_close_to_the_records_and_filters_apply() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let all = resolve(&store, &profile, Period::ALL, &[]).unwrap();
        assert_eq!(all.kinds, InsuranceKind::ALL);
        assert_eq!(all.period.from, "2011-07".parse().ok());
        assert_eq!(all.period.to, "2026-10".parse().ok());
        assert_eq!(all.sources.len(), 1);

        let some = resolve(
            &store,
            &profile,
            Period::new("2020-01".parse().ok(), None).unwrap(),
            &[
                InsuranceKind::HousingFund,
                InsuranceKind::Pension,
                InsuranceKind::Pension,
            ],
        )
        .unwrap();
        assert_eq!(
            some.kinds,
            [InsuranceKind::Pension, InsuranceKind::HousingFund]
        );
        assert_eq!(some.period.from, "2020-01".parse().ok());
        assert!(some
            .records
            .iter()
            .all(|r| r.month.year() >= 2020 && some.kinds.contains(&r.kind)));
        assert!(some
            .balances
            .iter()
            .all(|b| chrono::Datelike::year(&b.as_of) >= 2020));
        let fund = some
            .summaries()
            .into_iter()
            .find(|k| k.kind == InsuranceKind::HousingFund)
            .unwrap();
        assert_eq!(fund.months_paid, 24, "2020-01 to 2021-12");
    }
}
