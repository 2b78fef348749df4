//! Per kind: how many months are paid, from when to when, and where the holes are.
//!
//! A month counts once per kind however many payers paid it (two employers in a job-change
//! month, say). Paid, back-paid and transferred-in months count; an owed month is a gap. A month
//! in cross-province transfer (`transfer_pending`) is neither: it does not count yet, and it is
//! not a gap, so a gap run stops at it.

use crate::model::{Contribution, ContributionStatus, InsuranceKind, YearMonth};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// A run of consecutive months without a paid record, between the first and last paid month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub from: YearMonth,
    pub to: YearMonth,
    pub months: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindSummary {
    #[serde(skip)]
    pub kind: InsuranceKind,
    pub months_paid: u32,
    pub first: Option<YearMonth>,
    pub last: Option<YearMonth>,
    pub gaps: Vec<Gap>,
}

/// One [`KindSummary`] per insurance kind, in [`InsuranceKind::ALL`] order, every kind present.
/// Serialises as a map from kind code to its summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub kinds: Vec<KindSummary>,
}

impl Summary {
    pub fn kind(&self, kind: InsuranceKind) -> &KindSummary {
        self.kinds
            .iter()
            .find(|k| k.kind == kind)
            .expect("every kind is present")
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.kinds.len()))?;
        for kind in &self.kinds {
            map.serialize_entry(kind.kind.as_str(), kind)?;
        }
        map.end()
    }
}

pub fn summarize<'a>(records: impl IntoIterator<Item = &'a Contribution>) -> Summary {
    summarize_sets(&MonthSets::of(records))
}

/// The summary of months already sorted into paid and pending.
pub fn summarize_sets(months: &MonthSets) -> Summary {
    let empty = BTreeSet::new();
    let kinds = InsuranceKind::ALL
        .iter()
        .map(|&kind| {
            summarize_kind(
                kind,
                months.paid.get(&kind).unwrap_or(&empty),
                months.pending.get(&kind).unwrap_or(&empty),
            )
        })
        .collect();
    Summary { kinds }
}

/// Per kind: the months that count as paid, and the months in transfer that no payer has paid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthSets {
    pub paid: BTreeMap<InsuranceKind, BTreeSet<YearMonth>>,
    pub pending: BTreeMap<InsuranceKind, BTreeSet<YearMonth>>,
}

impl MonthSets {
    pub fn of<'a>(records: impl IntoIterator<Item = &'a Contribution>) -> MonthSets {
        Self::of_months(
            records
                .into_iter()
                .map(|record| (record.kind, record.month, record.status)),
        )
    }

    /// From each record's kind, month and status alone (what [`Store::contribution_months`]
    /// reads).
    ///
    /// [`Store::contribution_months`]: crate::Store::contribution_months
    pub fn of_months(
        records: impl IntoIterator<Item = (InsuranceKind, YearMonth, ContributionStatus)>,
    ) -> MonthSets {
        // Sorted vectors first, sets after: the overview builds these for every record of
        // every profile, and inserting into a set record by record was most of its time after
        // the reading.
        let mut paid = Vec::new();
        let mut pending = Vec::new();
        for (kind, month, status) in records {
            if status.counts_as_paid() {
                paid.push((kind, month));
            } else if status.is_pending() {
                pending.push((kind, month));
            }
        }
        paid.sort_unstable();
        paid.dedup();
        pending.sort_unstable();
        pending.dedup();
        // A month some payer paid is paid, whatever else is pending for it.
        pending.retain(|kind_month| paid.binary_search(kind_month).is_err());
        MonthSets {
            paid: by_kind(&paid),
            pending: by_kind(&pending),
        }
    }

    pub fn paid(&self, kind: InsuranceKind) -> impl Iterator<Item = YearMonth> + '_ {
        self.paid.get(&kind).into_iter().flatten().copied()
    }

    pub fn pending(&self, kind: InsuranceKind) -> impl Iterator<Item = YearMonth> + '_ {
        self.pending.get(&kind).into_iter().flatten().copied()
    }

    pub fn is_paid(&self, kind: InsuranceKind, month: YearMonth) -> bool {
        self.paid.get(&kind).is_some_and(|s| s.contains(&month))
    }

    pub fn is_pending(&self, kind: InsuranceKind, month: YearMonth) -> bool {
        self.pending.get(&kind).is_some_and(|s| s.contains(&month))
    }
}

/// Sorted, distinct (kind, month) pairs as a set of months per kind that has any.
fn by_kind(pairs: &[(InsuranceKind, YearMonth)]) -> BTreeMap<InsuranceKind, BTreeSet<YearMonth>> {
    pairs
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| (run[0].0, run.iter().map(|&(_, month)| month).collect()))
        .collect()
}

/// The runs of months between consecutive paid months that are neither paid nor pending.
pub fn gaps_between(paid: &BTreeSet<YearMonth>, pending: &BTreeSet<YearMonth>) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let mut previous: Option<YearMonth> = None;
    for &month in paid {
        if let Some(prev) = previous {
            let mut run: Option<(YearMonth, YearMonth)> = None;
            let mut cursor = prev.next();
            while let Some(m) = cursor.filter(|m| *m < month) {
                if pending.contains(&m) {
                    gaps.extend(run.take().map(gap));
                } else {
                    run = Some((run.map_or(m, |(from, _)| from), m));
                }
                cursor = m.next();
            }
            gaps.extend(run.map(gap));
        }
        previous = Some(month);
    }
    gaps
}

fn gap((from, to): (YearMonth, YearMonth)) -> Gap {
    Gap {
        from,
        to,
        months: (from.months_until(to) + 1) as u32,
    }
}

fn summarize_kind(
    kind: InsuranceKind,
    months: &BTreeSet<YearMonth>,
    pending: &BTreeSet<YearMonth>,
) -> KindSummary {
    let gaps = gaps_between(months, pending);
    KindSummary {
        kind,
        months_paid: months.len() as u32,
        first: months.first().copied(),
        last: months.last().copied(),
        gaps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContributionStatus, Money, Payer};
    use proptest::prelude::*;

    fn record(
        kind: InsuranceKind,
        month: &str,
        payer: &str,
        status: ContributionStatus,
    ) -> Contribution {
        Contribution {
            period_line: None,
            profile: 1,
            kind,
            month: month.parse().unwrap(),
            region: None,
            payer: if payer.is_empty() {
                Payer::SelfPaid
            } else {
                Payer::Employer(payer.into())
            },
            base: None,
            personal: Money::from_yuan(100),
            employer: Money::ZERO,
            credited: None,
            status,
            source: 1,
        }
    }

    #[test]
    fn counts_each_month_once_and_finds_gaps() {
        use ContributionStatus::*;
        use InsuranceKind::*;
        let records = vec![
            record(Pension, "2023-01", "A", Paid),
            record(Pension, "2023-02", "A", Paid),
            record(Pension, "2023-02", "B", Paid), // two payers, one month
            record(Pension, "2023-03", "", Owed),  // owed is a gap
            record(Pension, "2023-04", "", Owed),
            record(Pension, "2023-05", "", BackPaid),
            record(Pension, "2023-07", "", TransferredIn),
            record(Medical, "2023-01", "A", Owed),
        ];
        let summary = summarize(&records);
        let pension = summary.kind(Pension);
        assert_eq!(pension.months_paid, 4);
        assert_eq!(pension.first, "2023-01".parse().ok());
        assert_eq!(pension.last, "2023-07".parse().ok());
        let gaps: Vec<(String, String, u32)> = pension
            .gaps
            .iter()
            .map(|g| (g.from.to_string(), g.to.to_string(), g.months))
            .collect();
        assert_eq!(
            gaps,
            vec![
                ("2023-03".into(), "2023-04".into(), 2),
                ("2023-06".into(), "2023-06".into(), 1),
            ]
        );
        let medical = summary.kind(Medical);
        assert_eq!(
            (medical.months_paid, medical.first, medical.gaps.len()),
            (0, None, 0)
        );
        assert_eq!(summary.kinds.len(), InsuranceKind::ALL.len());
    }

    #[test]
    fn a_month_in_transfer_is_neither_paid_nor_a_gap() {
        use ContributionStatus::*;
        use InsuranceKind::*;
        let records = vec![
            record(Pension, "2024-01", "A", Paid),
            record(Pension, "2024-02", "", Owed),
            record(Pension, "2024-03", "", TransferPending),
            record(Pension, "2024-04", "", TransferPending),
            record(Pension, "2024-06", "B", Paid),
            // Pending, but another payer paid it: paid.
            record(Medical, "2024-01", "A", Paid),
            record(Medical, "2024-02", "", TransferPending),
            record(Medical, "2024-02", "B", Paid),
        ];
        let summary = summarize(&records);
        let pension = summary.kind(Pension);
        assert_eq!(pension.months_paid, 2);
        let gaps: Vec<(String, String, u32)> = pension
            .gaps
            .iter()
            .map(|g| (g.from.to_string(), g.to.to_string(), g.months))
            .collect();
        assert_eq!(
            gaps,
            vec![
                ("2024-02".into(), "2024-02".into(), 1),
                ("2024-05".into(), "2024-05".into(), 1),
            ]
        );
        let sets = MonthSets::of(&records);
        assert_eq!(sets.pending(Pension).count(), 2);
        assert_eq!(sets.pending(Medical).count(), 0);
        assert_eq!(summary.kind(Medical).months_paid, 2);
        // A profile whose only record is pending has nothing paid and no gap.
        let only = summarize(&[record(Pension, "2024-03", "", TransferPending)]);
        assert_eq!(
            (
                only.kind(Pension).months_paid,
                only.kind(Pension).gaps.len()
            ),
            (0, 0)
        );
    }

    #[test]
    fn serialises_every_kind_as_a_map() {
        let json = serde_json::to_value(summarize(&[])).unwrap();
        for kind in InsuranceKind::ALL {
            assert_eq!(
                json[kind.as_str()],
                serde_json::json!({"months_paid": 0, "first": null, "last": null, "gaps": []})
            );
        }
    }

    fn status_of(code: u8) -> ContributionStatus {
        match code {
            0 => ContributionStatus::Paid,
            1 => ContributionStatus::Owed,
            2 => ContributionStatus::BackPaid,
            3 => ContributionStatus::TransferredIn,
            _ => ContributionStatus::TransferPending,
        }
    }

    proptest! {
        /// With every status mixed in, each month of the span from the first to the last paid
        /// month is exactly one of: paid, pending, or in a gap.
        #[test]
        fn paid_pending_and_gaps_partition_the_span(
            entries in proptest::collection::vec((0i64..96, 0u8..5), 0..60),
        ) {
            let start: YearMonth = "2015-01".parse().unwrap();
            let records: Vec<Contribution> = entries
                .iter()
                .map(|&(o, s)| record(InsuranceKind::Pension, &start.add_months(o).unwrap().to_string(), "A", status_of(s)))
                .collect();
            let summary = summarize(&records);
            let pension = summary.kind(InsuranceKind::Pension);
            let sets = MonthSets::of(&records);
            if let (Some(first), Some(last)) = (pension.first, pension.last) {
                let mut month = first;
                while month <= last {
                    let in_gap = pension.gaps.iter().filter(|g| g.from <= month && month <= g.to).count();
                    let paid = usize::from(sets.is_paid(InsuranceKind::Pension, month));
                    let pending = usize::from(sets.is_pending(InsuranceKind::Pension, month));
                    prop_assert_eq!(in_gap + paid + pending, 1, "{}", month);
                    month = month.next().unwrap();
                }
            } else {
                prop_assert!(pension.gaps.is_empty());
            }
        }

        /// The month sets are what sorting each record into a set one by one gives (the plain
        /// way they were built before they were built from sorted vectors).
        #[test]
        fn month_sets_are_the_records_sorted_one_by_one(
            entries in proptest::collection::vec((0usize..6, 0i64..40, 0u8..5), 0..120),
        ) {
            let start: YearMonth = "2020-01".parse().unwrap();
            let records: Vec<(InsuranceKind, YearMonth, ContributionStatus)> = entries
                .iter()
                .map(|&(k, o, s)| (InsuranceKind::ALL[k], start.add_months(o).unwrap(), status_of(s)))
                .collect();
            let mut expected = MonthSets::default();
            for &(kind, month, status) in &records {
                if status.counts_as_paid() {
                    expected.paid.entry(kind).or_default().insert(month);
                }
            }
            for &(kind, month, status) in &records {
                if status.is_pending() && !expected.is_paid(kind, month) {
                    expected.pending.entry(kind).or_default().insert(month);
                }
            }
            prop_assert_eq!(MonthSets::of_months(records), expected);
        }

        /// Paid months plus gap months always fill the span from first to last exactly.
        #[test]
        fn paid_and_gaps_cover_the_span(offsets in proptest::collection::vec(0i64..120, 0..60)) {
            let start: YearMonth = "2010-01".parse().unwrap();
            let records: Vec<Contribution> = offsets
                .iter()
                .map(|&o| record(InsuranceKind::Pension, &start.add_months(o).unwrap().to_string(), "A", ContributionStatus::Paid))
                .collect();
            let summary = summarize(&records);
            let pension = summary.kind(InsuranceKind::Pension);
            let gap_months: u32 = pension.gaps.iter().map(|g| g.months).sum();
            match (pension.first, pension.last) {
                (Some(first), Some(last)) => {
                    prop_assert_eq!(i64::from(pension.months_paid + gap_months), first.months_until(last) + 1);
                }
                _ => prop_assert!(offsets.is_empty()),
            }
            for gap in &pension.gaps {
                prop_assert_eq!(i64::from(gap.months), gap.from.months_until(gap.to) + 1);
            }
        }
    }
}
