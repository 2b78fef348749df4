//! Writing contributions: idempotent, all-or-nothing, with a history of every changed value,
//! and one record per (profile, kind, month, payer).

use rusqlite::Connection;
use shebao_core::analysis::summarize;
use shebao_core::model::{
    Contribution, ContributionStatus, Freshness, InsuranceKind, Money, NewProfile, Payer, Profile,
    SourceId, SourceKind, YearMonth,
};
use shebao_core::profile_analysis::profile_summary;
use shebao_core::store::{ContributionMonth, FieldValue, WriteReport};
use shebao_core::{Error, Store};
use std::path::PathBuf;

/// A store in a temporary directory with one profile and two sources (an older file export
/// and a newer one).
struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    profile: Profile,
    first_source: SourceId,
    second_source: SourceId,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    let mut store = Store::open(&path).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "王芳".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let first_source = store
        .ensure_source(
            SourceKind::File,
            "2024年权益单.csv",
            Some("/home/wang/2024.csv"),
            Freshness::Weekly,
        )
        .unwrap();
    let second_source = store
        .ensure_source(
            SourceKind::File,
            "2025年权益单.csv",
            Some("/home/wang/2025.csv"),
            Freshness::Weekly,
        )
        .unwrap();
    Fixture {
        _dir: dir,
        path,
        store,
        profile,
        first_source,
        second_source,
    }
}

fn month(text: &str) -> YearMonth {
    text.parse().unwrap()
}

/// A paid pension month: base 10,000 yuan, 8% personal, 16% employer, 8% credited.
fn pension(profile: &Profile, m: &str, payer: Payer, source: SourceId) -> Contribution {
    Contribution {
        period_line: None,
        profile: profile.id,
        kind: InsuranceKind::Pension,
        month: month(m),
        region: Some("510100".into()),
        payer,
        base: Some(Money::from_yuan(10_000)),
        personal: Money::from_yuan(800),
        employer: Money::from_yuan(1_600),
        credited: Some(Money::from_yuan(800)),
        status: ContributionStatus::Paid,
        source,
    }
}

fn employer(name: &str) -> Payer {
    Payer::Employer(name.into())
}

/// A quarter of pension and medical from one employer.
fn batch(f: &Fixture) -> Vec<Contribution> {
    let mut records = Vec::new();
    for m in ["2024-01", "2024-02", "2024-03"] {
        records.push(pension(&f.profile, m, employer("甲公司"), f.first_source));
        records.push(Contribution {
            kind: InsuranceKind::Medical,
            personal: Money::from_yuan(200),
            employer: Money::from_yuan(800),
            credited: None,
            ..pension(&f.profile, m, employer("甲公司"), f.first_source)
        });
    }
    records
}

/// Counted from outside the store, so that a bug in the store's own queries cannot hide rows.
fn row_count(f: &Fixture, table: &str) -> i64 {
    let raw = Connection::open(&f.path).unwrap();
    raw.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Re-importing the same file must change nothing: no new rows, no revisions, and the report
/// says so, so the user sees "0 new, 0 changed".
#[test]
fn writing_the_same_batch_twice_changes_nothing_the_second_time() {
    let mut f = fixture();
    let records = batch(&f);

    let first = f.store.write_contributions(&records).unwrap();
    assert_eq!(
        first,
        WriteReport {
            inserted: 6,
            updated: 0,
            unchanged: 0
        }
    );
    let stored_after_first = f.store.contributions(f.profile.id).unwrap();

    let second = f.store.write_contributions(&records).unwrap();
    assert_eq!(
        second,
        WriteReport {
            inserted: 0,
            updated: 0,
            unchanged: 6
        }
    );
    assert_eq!(row_count(&f, "contributions"), 6);
    assert_eq!(row_count(&f, "contribution_revisions"), 0);
    assert_eq!(
        f.store.contributions(f.profile.id).unwrap(),
        stored_after_first,
        "not even the update time moved"
    );
}

/// A newer statement that corrects an amount must win, and the old amount must stay visible
/// in the history with where each value came from: that is how a user answers "why did my
/// total change?".
#[test]
fn a_changed_amount_from_a_newer_source_updates_the_record_and_keeps_its_history() {
    let mut f = fixture();
    let original = pension(&f.profile, "2024-01", employer("甲公司"), f.first_source);
    f.store
        .write_contributions(std::slice::from_ref(&original))
        .unwrap();

    let corrected = Contribution {
        personal: Money::from_fen(81_234),
        source: f.second_source,
        ..original.clone()
    };
    let report = f
        .store
        .write_contributions(std::slice::from_ref(&corrected))
        .unwrap();
    assert_eq!(
        report,
        WriteReport {
            inserted: 0,
            updated: 1,
            unchanged: 0
        }
    );

    let stored = f.store.contributions(f.profile.id).unwrap();
    assert_eq!(stored.len(), 1, "updated in place, not added");
    assert_eq!(stored[0].record, corrected, "the new value and its source");

    let revisions = f.store.revisions(stored[0].id).unwrap();
    assert_eq!(revisions.len(), 1, "one changed field, one revision");
    let revision = &revisions[0];
    assert_eq!(revision.field, "personal");
    // Amounts in the history are integer fen, as everywhere else.
    assert_eq!(
        revision.old_value,
        Some(FieldValue::Amount(Money::from_fen(80_000)))
    );
    assert_eq!(
        revision.new_value,
        Some(FieldValue::Amount(Money::from_fen(81_234)))
    );
    assert_eq!(revision.previous_source, Some(f.first_source));
    assert_eq!(revision.source, f.second_source);
    let changed_at = chrono::DateTime::parse_from_rfc3339(&revision.changed_at)
        .unwrap_or_else(|e| panic!("changed_at {:?}: {e}", revision.changed_at));
    let age = chrono::Utc::now().signed_duration_since(changed_at);
    assert!(
        age >= chrono::Duration::zero() && age < chrono::Duration::minutes(5),
        "changed_at is the time of the write: {changed_at}"
    );
    assert_eq!(stored[0].updated_at, revision.changed_at);

    // Writing the corrected record again is now a no-op: no second revision.
    let again = f.store.write_contributions(&[corrected]).unwrap();
    assert_eq!(again.unchanged, 1);
    assert_eq!(f.store.revisions(stored[0].id).unwrap().len(), 1);
}

/// The same values reported by a second file are not a change: importing last year's and
/// this year's statements (which overlap) must not fill the history with non-changes, and the
/// record keeps the source that first reported it.
#[test]
fn the_same_values_from_another_source_are_unchanged() {
    let mut f = fixture();
    let original = pension(&f.profile, "2024-01", employer("甲公司"), f.first_source);
    f.store
        .write_contributions(std::slice::from_ref(&original))
        .unwrap();

    let same_values = Contribution {
        source: f.second_source,
        ..original.clone()
    };
    let report = f.store.write_contributions(&[same_values]).unwrap();
    assert_eq!(
        report,
        WriteReport {
            inserted: 0,
            updated: 0,
            unchanged: 1
        }
    );
    let stored = f.store.contributions(f.profile.id).unwrap();
    assert_eq!(stored[0].record.source, f.first_source);
    assert!(f.store.revisions(stored[0].id).unwrap().is_empty());
}

/// Nothing half-written: if one record of an import is bad, the records before it in the same
/// batch must not be in the database either, and earlier data is untouched.
#[test]
fn a_batch_with_one_bad_record_writes_nothing() {
    let mut f = fixture();
    let earlier = pension(&f.profile, "2023-12", employer("甲公司"), f.first_source);
    f.store
        .write_contributions(std::slice::from_ref(&earlier))
        .unwrap();
    let before = f.store.contributions(f.profile.id).unwrap();

    let mut records = batch(&f);
    // An update of an existing row first, then new rows, then one for a profile that does not
    // exist: the update must be rolled back too, and leave no revision behind.
    records.insert(
        0,
        Contribution {
            personal: Money::from_yuan(900),
            source: f.second_source,
            ..earlier.clone()
        },
    );
    let no_such_profile = f.profile.id + 1000;
    records.push(Contribution {
        profile: no_such_profile,
        ..pension(&f.profile, "2024-04", employer("甲公司"), f.first_source)
    });
    records.push(pension(
        &f.profile,
        "2024-05",
        employer("甲公司"),
        f.first_source,
    ));

    let err = f.store.write_contributions(&records).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidField {
                field: "profile or source",
                ..
            }
        ),
        "{err:?}"
    );

    assert_eq!(f.store.contributions(f.profile.id).unwrap(), before);
    assert!(f.store.contributions(no_such_profile).unwrap().is_empty());
    assert_eq!(row_count(&f, "contributions"), 1);
    assert_eq!(row_count(&f, "contribution_revisions"), 0);

    // The store is still usable after the failed batch: the good records go in on their own.
    let good: Vec<Contribution> = records
        .into_iter()
        .filter(|r| r.profile == f.profile.id)
        .collect();
    let report = f.store.write_contributions(&good).unwrap();
    assert_eq!((report.inserted, report.updated), (7, 1));
}

/// A record naming a source that does not exist is refused the same way.
#[test]
fn a_record_with_an_unknown_source_writes_nothing() {
    let mut f = fixture();
    let mut records = batch(&f);
    records.push(pension(
        &f.profile,
        "2024-04",
        employer("甲公司"),
        f.second_source + 1000,
    ));
    let err = f.store.write_contributions(&records).unwrap_err();
    assert!(matches!(err, Error::InvalidField { .. }), "{err:?}");
    assert_eq!(row_count(&f, "contributions"), 0);
}

/// In a job-change month two employers can both pay: that is two records (neither overwrites
/// the other), but one month of contribution years, not two.
#[test]
fn two_employers_paying_the_same_month_are_two_records_but_one_month() {
    let mut f = fixture();
    let records = vec![
        pension(&f.profile, "2024-05", employer("甲公司"), f.first_source),
        pension(&f.profile, "2024-06", employer("甲公司"), f.first_source),
        pension(&f.profile, "2024-06", employer("乙公司"), f.first_source),
        pension(&f.profile, "2024-06", Payer::SelfPaid, f.first_source),
        pension(&f.profile, "2024-07", employer("乙公司"), f.first_source),
    ];
    let report = f.store.write_contributions(&records).unwrap();
    assert_eq!(report.inserted, 5);

    let stored = f.store.contributions(f.profile.id).unwrap();
    let june: Vec<&Payer> = stored
        .iter()
        .filter(|s| s.record.month == month("2024-06"))
        .map(|s| &s.record.payer)
        .collect();
    assert_eq!(june.len(), 3, "one row per payer: {june:?}");

    let summary = summarize(stored.iter().map(|s| &s.record));
    let pension = summary.kind(InsuranceKind::Pension);
    assert_eq!(pension.months_paid, 3, "June counts once");
    assert_eq!(pension.first, Some(month("2024-05")));
    assert_eq!(pension.last, Some(month("2024-07")));
    assert!(pension.gaps.is_empty());
    assert_eq!(profile_summary(&f.store, &f.profile).unwrap(), summary);
}

/// The key includes the kind: pension and medical of the same month and payer are distinct.
#[test]
fn the_same_month_and_payer_in_two_kinds_are_two_records() {
    let mut f = fixture();
    let report = f.store.write_contributions(&batch(&f)).unwrap();
    assert_eq!(report.inserted, 6);
    let summary = profile_summary(&f.store, &f.profile).unwrap();
    assert_eq!(summary.kind(InsuranceKind::Pension).months_paid, 3);
    assert_eq!(summary.kind(InsuranceKind::Medical).months_paid, 3);
}

/// One write can change several fields at once; each gets its own revision, so the history
/// reads field by field.
#[test]
fn every_changed_field_gets_its_own_revision() {
    let mut f = fixture();
    let original = pension(&f.profile, "2024-01", employer("甲公司"), f.first_source);
    f.store
        .write_contributions(std::slice::from_ref(&original))
        .unwrap();
    let changed = Contribution {
        base: Some(Money::from_yuan(12_000)),
        personal: Money::from_yuan(960),
        credited: None,
        status: ContributionStatus::BackPaid,
        source: f.second_source,
        ..original
    };
    assert_eq!(f.store.write_contributions(&[changed]).unwrap().updated, 1);

    let id = f.store.contributions(f.profile.id).unwrap()[0].id;
    let revisions: Vec<(String, Option<FieldValue>, Option<FieldValue>)> = f
        .store
        .revisions(id)
        .unwrap()
        .into_iter()
        .map(|r| (r.field, r.old_value, r.new_value))
        .collect();
    let some = |s: &str| Some(FieldValue::Text(s.to_string()));
    let fen = |f: i64| Some(FieldValue::Amount(Money::from_fen(f)));
    assert_eq!(
        revisions,
        vec![
            ("base".into(), fen(1_000_000), fen(1_200_000)),
            ("personal".into(), fen(80_000), fen(96_000)),
            ("credited".into(), fen(80_000), None),
            ("status".into(), some("paid"), some("back_paid")),
        ]
    );
}

/// Records come back by month, kind and payer exactly as SQLite's own `ORDER BY` puts them,
/// whatever order they were written in; the record-only and month-only reads say the same.
#[test]
fn records_are_listed_in_sqls_order_by_every_read() {
    let mut f = fixture();
    let mut records = Vec::new();
    // Written newest first, kinds in reverse, employers in an order their bytes do not sort in,
    // self-payment beside them, and two regions' names: every part of the order is exercised.
    for m in ["2024-03", "2023-12", "2024-01"] {
        for &kind in InsuranceKind::ALL.iter().rev() {
            for payer in [
                employer("乙公司"),
                Payer::SelfPaid,
                employer("甲公司"),
                employer("Acme"),
            ] {
                records.push(Contribution {
                    kind,
                    ..pension(&f.profile, m, payer, f.first_source)
                });
            }
        }
    }
    f.store.write_contributions(&records).unwrap();

    let raw = Connection::open(&f.path).unwrap();
    let mut stmt = raw
        .prepare(
            "SELECT id FROM contributions WHERE profile_id = ?1
             ORDER BY month, kind, payer_type, payer_name",
        )
        .unwrap();
    let sql_order: Vec<i64> = stmt
        .query_map([f.profile.id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let stored = f.store.contributions(f.profile.id).unwrap();
    assert_eq!(stored.iter().map(|s| s.id).collect::<Vec<_>>(), sql_order);
    assert_eq!(stored.len(), records.len());

    let plain: Vec<Contribution> = stored.iter().map(|s| s.record.clone()).collect();
    assert_eq!(f.store.contribution_records(f.profile.id).unwrap(), plain);

    let mut months = f.store.contribution_months(f.profile.id).unwrap();
    let mut expected: Vec<ContributionMonth> = plain.iter().map(ContributionMonth::from).collect();
    assert!(expected.iter().any(|m| m.self_paid) && expected.iter().any(|m| !m.self_paid));
    months.sort();
    expected.sort();
    assert_eq!(months, expected);
}
