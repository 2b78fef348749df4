//! The overview reads only each record's kind, month, status and payer type (the dashboard asks
//! for every profile's, so it must not decode whole histories). These tests prove that it says
//! exactly what the whole records say: the summary and the next payment of every profile, on
//! real SQLite files, for histories with every status, both kinds of payer and two payers in
//! one month.

use chrono::NaiveDate;
use shebao_core::analysis::{next_payment, Gap, KindSummary, Summary};
use shebao_core::demo::load_demo;
use shebao_core::model::{
    Contribution, ContributionStatus, EmploymentCategory, Freshness, InsuranceKind, Money,
    NewProfile, Payer, SourceKind, YearMonth,
};
use shebao_core::profile_analysis::overview_on;
use shebao_core::store::ContributionMonth;
use shebao_core::Store;

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

/// A history from 2018-01 to 2026-11 whose shape depends on `seed`: employed, then for some
/// paying themselves (pension and medical); a gap, owed, back-paid and pending months; and a
/// job-change month paid by both employers.
fn history(seed: i64) -> Vec<Contribution> {
    let mut records = Vec::new();
    let flexible_from = (seed % 3 != 0).then(|| ym(2024, 1).add_months(seed % 20).unwrap());
    let mut month = ym(2018, 1);
    while month <= ym(2026, 11) {
        let i = ym(2018, 1).months_until(month);
        let self_paid = flexible_from.is_some_and(|f| month >= f);
        let status = match (i + seed) % 37 {
            _ if (30 + seed % 5..33 + seed % 5).contains(&(i % 50)) => None, // a gap
            3 => Some(ContributionStatus::Owed),
            7 => Some(ContributionStatus::BackPaid),
            11 => Some(ContributionStatus::TransferPending),
            13 => Some(ContributionStatus::TransferredIn),
            _ => Some(ContributionStatus::Paid),
        };
        // The newest months owed or missing for some of those paying themselves.
        let status = match (self_paid, seed % 4, ym(2026, 11).months_until(month)) {
            (true, 1, 0) => None,
            (true, 2, 0) => Some(ContributionStatus::Owed),
            _ => status,
        };
        let kinds: &[InsuranceKind] = if self_paid {
            &[InsuranceKind::Pension, InsuranceKind::Medical]
        } else {
            InsuranceKind::ALL
        };
        for &kind in kinds {
            let Some(status) = status else { continue };
            let mut payers = vec![if self_paid {
                Payer::SelfPaid
            } else {
                Payer::Employer(format!("第{}公司", i / 40))
            }];
            if !self_paid && i % 40 == 0 && i > 0 {
                payers.push(Payer::Employer(format!("第{}公司", i / 40 - 1)));
            }
            for payer in payers {
                records.push(Contribution {
                    period_line: None,
                    profile: 0,
                    kind,
                    month,
                    region: Some("510100".into()),
                    payer,
                    base: Some(Money::from_yuan(5_000)),
                    personal: Money::from_yuan(400),
                    employer: Money::from_yuan(800),
                    credited: None,
                    status,
                    source: 0,
                });
            }
        }
        month = month.next().unwrap();
    }
    records
}

/// What a person reading the records month by month would write down, done independently of
/// the core's own summary: a grid of months per kind (paid beats pending beats nothing), the
/// paid ones counted, and the runs of "nothing" between the first and last paid month.
fn summary_by_hand(records: &[Contribution]) -> Summary {
    #[derive(Clone, Copy, PartialEq, PartialOrd)]
    enum Cell {
        Nothing,
        Pending,
        Paid,
    }
    let start = records.iter().map(|r| r.month).min().unwrap();
    let end = records.iter().map(|r| r.month).max().unwrap();
    let len = start.months_until(end) as usize + 1;
    let kinds = InsuranceKind::ALL
        .iter()
        .map(|&kind| {
            let mut grid = vec![Cell::Nothing; len];
            for r in records.iter().filter(|r| r.kind == kind) {
                let cell = match r.status {
                    ContributionStatus::Owed => Cell::Nothing,
                    ContributionStatus::TransferPending => Cell::Pending,
                    _ => Cell::Paid,
                };
                let slot = &mut grid[start.months_until(r.month) as usize];
                if cell > *slot {
                    *slot = cell;
                }
            }
            let month = |i: usize| start.add_months(i as i64).unwrap();
            let paid: Vec<usize> = (0..len).filter(|&i| grid[i] == Cell::Paid).collect();
            let mut gaps = Vec::new();
            if let (Some(&first), Some(&last)) = (paid.first(), paid.last()) {
                let mut i = first;
                while i < last {
                    if grid[i] == Cell::Nothing {
                        let from = i;
                        while grid[i + 1] == Cell::Nothing {
                            i += 1;
                        }
                        gaps.push(Gap {
                            from: month(from),
                            to: month(i),
                            months: (i - from + 1) as u32,
                        });
                    }
                    i += 1;
                }
            }
            KindSummary {
                kind,
                months_paid: paid.len() as u32,
                first: paid.first().map(|&i| month(i)),
                last: paid.last().map(|&i| month(i)),
                gaps,
            }
        })
        .collect();
    Summary { kinds }
}

#[test]
fn the_overview_says_what_the_whole_records_say() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    load_demo(&mut store, ym(2026, 11)).unwrap();
    let source = store
        .ensure_source(SourceKind::File, "家庭.xlsx", None, Freshness::Weekly)
        .unwrap();
    for seed in 0..12 {
        let flexible = seed % 3 != 0;
        let profile = store
            .add_profile(
                &NewProfile {
                    name: format!("成员{seed}"),
                    employment: Some(if flexible {
                        EmploymentCategory::Flexible
                    } else {
                        EmploymentCategory::Employee
                    }),
                    payment_deadline_day: (seed % 2 == 0).then_some(15 + seed as u32),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        let mut records = history(seed);
        for record in &mut records {
            record.profile = profile.id;
            record.source = source;
        }
        store.write_contributions(&records).unwrap();
    }

    let mut next_payments = 0;
    for today in [
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
    ] {
        let overview = overview_on(&store, today).unwrap();
        assert_eq!(overview.profiles.len(), 13);
        for entry in &overview.profiles {
            let records = store.contribution_records(entry.profile.id).unwrap();
            assert!(!records.is_empty());
            assert_eq!(
                entry.summary,
                summary_by_hand(&records),
                "{}",
                entry.profile.name
            );
            let months: Vec<ContributionMonth> =
                records.iter().map(ContributionMonth::from).collect();
            assert_eq!(
                entry.next_payment,
                next_payment(&entry.profile, &months, today),
                "{}",
                entry.profile.name
            );
            next_payments += usize::from(entry.next_payment.is_some());
        }
    }
    assert!(
        next_payments >= 8 * 3,
        "the flexible profiles have one each"
    );
}

/// The table of many profiles: months in a gap of any kind, and months owed, each month once.
#[test]
fn gap_and_owed_months_count_each_month_once_across_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let source = store
        .ensure_source(SourceKind::File, "a.csv", None, Freshness::Weekly)
        .unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "张三".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let record = |kind, (y, m), status| Contribution {
        period_line: None,
        profile: profile.id,
        kind,
        month: ym(y, m),
        region: None,
        payer: Payer::Employer("某公司".into()),
        base: None,
        personal: Money::from_yuan(100),
        employer: Money::ZERO,
        credited: None,
        status,
        source,
    };
    use ContributionStatus::{Owed, Paid};
    use InsuranceKind::{Medical, Pension, Unemployment};
    // Pension: paid 2020-01, 02 and 06 (gap 03–05); medical paid 2020-01, 05, 06 (gap 02–04):
    // together 02–05, four months. Owed: 2020-07 in two kinds and 2020-08 in one: two months
    // (after the last paid month, so not gaps).
    store
        .write_contributions(&[
            record(Pension, (2020, 1), Paid),
            record(Pension, (2020, 2), Paid),
            record(Pension, (2020, 6), Paid),
            record(Medical, (2020, 1), Paid),
            record(Medical, (2020, 5), Paid),
            record(Medical, (2020, 6), Paid),
            record(Pension, (2020, 7), Owed),
            record(Medical, (2020, 7), Owed),
            record(Unemployment, (2020, 8), Owed),
        ])
        .unwrap();
    let overview = overview_on(&store, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).unwrap();
    let entry = &overview.profiles[0];
    assert_eq!(entry.summary.kind(Pension).months_paid, 3);
    assert_eq!((entry.gap_months, entry.owed_months), (4, 2));
    let json = serde_json::to_value(entry).unwrap();
    assert_eq!(
        (json["gap_months"].as_u64(), json["owed_months"].as_u64()),
        (Some(4), Some(2))
    );
}
