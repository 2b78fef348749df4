//! The demo person: a first-run user explores the app with it, and many tests lean on its
//! shape, so that shape is pinned here against a real database file.

use shebao_core::demo::{load_demo, DemoReport, DEMO_PROFILE_NAME, DEMO_SOURCE_NAME};
use shebao_core::model::{BalanceOrigin, ContributionStatus, InsuranceKind, SourceKind, YearMonth};
use shebao_core::profile_analysis::profile_summary;
use shebao_core::Store;
use std::collections::BTreeSet;

fn month(text: &str) -> YearMonth {
    text.parse().unwrap()
}

/// "Today" for every test here: the history runs to the month before, 2026-10.
fn today() -> YearMonth {
    YearMonth::new(2026, 11).unwrap()
}

fn loaded() -> (tempfile::TempDir, Store, DemoReport) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("demo.db")).unwrap();
    let report = load_demo(&mut store, today()).unwrap();
    (dir, store, report)
}

/// The demo is a profile like any other, found by its (clearly fictional) name.
#[test]
fn the_demo_creates_its_profile() {
    let (_dir, store, report) = loaded();
    assert_eq!(report.profile.name, DEMO_PROFILE_NAME);
    assert!(report.contributions.inserted > 0);
    assert_eq!(report.contributions.updated, 0);
    let profiles = store.profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0], report.profile);
    assert_eq!(
        store.find_profile(DEMO_PROFILE_NAME).unwrap(),
        report.profile
    );
}

/// "Load the demo" pressed twice (or on a second run) must not duplicate anything.
#[test]
fn loading_the_demo_again_changes_nothing() {
    let (dir, mut store, first) = loaded();
    let records = store.contributions(first.profile.id).unwrap();
    let balances = store.balances(first.profile.id).unwrap();

    let second = load_demo(&mut store, today()).unwrap();
    assert_eq!(second.profile, first.profile, "the same profile is reused");
    assert_eq!(second.contributions.inserted, 0);
    assert_eq!(second.contributions.updated, 0);
    assert_eq!(second.contributions.unchanged, first.contributions.inserted);
    assert_eq!(store.profiles().unwrap().len(), 1);
    assert_eq!(store.contributions(first.profile.id).unwrap(), records);
    assert_eq!(store.balances(first.profile.id).unwrap(), balances);
    drop(store);

    // And the same after closing and reopening the file.
    let mut store = Store::open(dir.path().join("demo.db")).unwrap();
    let third = load_demo(&mut store, today()).unwrap();
    assert_eq!(
        (third.contributions.inserted, third.contributions.updated),
        (0, 0)
    );
}

/// The pension history: 2011-07 to 2026-10 with exactly one hole, 2023-04…06 (the last of
/// those months owed, which is still a hole).
#[test]
fn the_pension_history_spans_fifteen_years_with_one_three_month_gap() {
    let (_dir, store, report) = loaded();
    let summary = profile_summary(&store, &report.profile).unwrap();
    let pension = summary.kind(InsuranceKind::Pension);
    assert_eq!(pension.first, Some(month("2011-07")));
    assert_eq!(pension.last, Some(month("2026-10")));
    let gaps: Vec<(YearMonth, YearMonth, u32)> = pension
        .gaps
        .iter()
        .map(|g| (g.from, g.to, g.months))
        .collect();
    assert_eq!(gaps, vec![(month("2023-04"), month("2023-06"), 3)]);
    let span = month("2011-07").months_until(month("2026-10")) + 1;
    assert_eq!(i64::from(pension.months_paid), span - 3);
}

/// The back payment is kept as such (shown differently from an on-time payment), and the owed
/// month is stored as owed rather than left out.
#[test]
fn the_demo_has_a_back_payment_and_an_owed_month() {
    let (_dir, store, report) = loaded();
    let pension: Vec<_> = store
        .contributions(report.profile.id)
        .unwrap()
        .into_iter()
        .filter(|s| s.record.kind == InsuranceKind::Pension)
        .collect();
    let status_of = |m: &str| -> Vec<ContributionStatus> {
        pension
            .iter()
            .filter(|s| s.record.month == month(m))
            .map(|s| s.record.status)
            .collect()
    };
    assert_eq!(status_of("2022-09"), [ContributionStatus::BackPaid]);
    assert_eq!(status_of("2023-06"), [ContributionStatus::Owed]);
    assert!(status_of("2023-04").is_empty());
    assert!(status_of("2023-05").is_empty());
}

/// The housing fund stops when employment ends (flexible workers do not pay it).
#[test]
fn the_housing_fund_ends_with_employment() {
    let (_dir, store, report) = loaded();
    let summary = profile_summary(&store, &report.profile).unwrap();
    let fund = summary.kind(InsuranceKind::HousingFund);
    assert_eq!(fund.first, Some(month("2011-07")));
    assert_eq!(fund.last, Some(month("2021-12")));
}

/// Two pooling regions, Chengdu then Hangzhou: what the transfer (转移接续) views need.
#[test]
fn the_demo_has_two_regions() {
    let (_dir, store, report) = loaded();
    let regions: BTreeSet<String> = store
        .contributions(report.profile.id)
        .unwrap()
        .into_iter()
        .filter_map(|s| s.record.region)
        .collect();
    assert!(regions.contains("510100"), "{regions:?}");
    assert!(regions.contains("330100"), "{regions:?}");
}

/// Reported balances exist to compare the app's own computation against.
#[test]
fn the_demo_has_reported_balances() {
    let (_dir, store, report) = loaded();
    let reported: Vec<_> = store
        .balances(report.profile.id)
        .unwrap()
        .into_iter()
        .filter(|b| b.origin == BalanceOrigin::Reported)
        .collect();
    assert!(reported.len() >= 3, "{reported:?}");
    assert!(reported.iter().all(|b| b.amount.fen() > 0), "{reported:?}");
}

/// Every demo record comes from one manual source, so the demo can be told apart from (and
/// never mixed up with) imported data.
#[test]
fn the_demo_has_one_manual_source() {
    let (_dir, store, report) = loaded();
    let sources = store.sources().unwrap();
    assert_eq!(sources.len(), 1, "{sources:?}");
    let source = &sources[0];
    assert_eq!(source.kind, SourceKind::Manual);
    assert_eq!(source.name, DEMO_SOURCE_NAME);
    assert!(source.last_sync.is_some());
    let records = store.contributions(report.profile.id).unwrap();
    assert!(records.iter().all(|s| s.record.source == source.id));
}
