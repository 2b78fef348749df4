//! Per kind: how many months are paid, from when to when, and where the holes are.
//!
//! A month counts once per kind however many payers paid it (two employers in a job-change
//! month, say). Paid, back-paid and transferred-in months count; an owed month is a gap.

use crate::model::{Contribution, InsuranceKind, YearMonth};
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
    let mut paid: BTreeMap<InsuranceKind, BTreeSet<YearMonth>> = BTreeMap::new();
    for record in records {
        if record.status.counts_as_paid() {
            paid.entry(record.kind).or_default().insert(record.month);
        }
    }
    let empty = BTreeSet::new();
    let kinds = InsuranceKind::ALL
        .iter()
        .map(|&kind| summarize_kind(kind, paid.get(&kind).unwrap_or(&empty)))
        .collect();
    Summary { kinds }
}

fn summarize_kind(kind: InsuranceKind, months: &BTreeSet<YearMonth>) -> KindSummary {
    let mut gaps = Vec::new();
    let mut previous: Option<YearMonth> = None;
    for &month in months {
        if let Some(prev) = previous {
            let missing = prev.months_until(month) - 1;
            if missing > 0 {
                gaps.push(Gap {
                    from: prev.add_months(1).expect("between two valid months"),
                    to: month.add_months(-1).expect("between two valid months"),
                    months: missing as u32,
                });
            }
        }
        previous = Some(month);
    }
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
    fn serialises_every_kind_as_a_map() {
        let json = serde_json::to_value(summarize(&[])).unwrap();
        for kind in InsuranceKind::ALL {
            assert_eq!(
                json[kind.as_str()],
                serde_json::json!({"months_paid": 0, "first": null, "last": null, "gaps": []})
            );
        }
    }

    proptest! {
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
