//! Manual entry on a real database file: a typed-in payment lands under the "entered by hand"
//! source through the same upsert as an import — idempotent, with revisions when it changes a
//! record — and a refused entry writes nothing.

mod common;

use chrono::NaiveDate;
use common::dump;
use shebao_core::ingest::{add_manual, ManualEntry, ManualOutcome, MANUAL_SOURCE_NAME};
use shebao_core::model::{
    Contribution, ContributionStatus, EmploymentCategory, Freshness, InsuranceKind, Money,
    NewProfile, Payer, Profile, SourceKind, YearMonth,
};
use shebao_core::profile_analysis::profile_summary;
use shebao_core::{Error, Store};
use std::path::PathBuf;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn month(text: &str) -> YearMonth {
    text.parse().unwrap()
}

fn open() -> (tempfile::TempDir, PathBuf, Store, Profile) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    let mut store = Store::open(&path).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "李娜".into(),
                region: Some("330100".into()),
                employment: Some(EmploymentCategory::Flexible),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    (dir, path, store, profile)
}

fn pension(m: &str, yuan: i64) -> ManualEntry {
    ManualEntry {
        base: Some(Money::from_yuan(4_800)),
        ..ManualEntry::new(InsuranceKind::Pension, month(m), Money::from_yuan(yuan))
    }
}

#[test]
fn a_payment_made_today_is_added_once_under_the_manual_source() {
    let (_dir, _path, mut store, profile) = open();
    let report = add_manual(&mut store, &profile, &pension("2026-11", 960), today()).unwrap();
    assert_eq!(report.outcome, ManualOutcome::Added);
    assert!(report.changes.is_empty());
    let record = &report.record.record;
    assert_eq!(record.payer, Payer::SelfPaid);
    assert_eq!(record.status, ContributionStatus::Paid);
    assert_eq!(record.personal, Money::from_yuan(960));
    assert_eq!(record.employer, Money::ZERO);
    assert_eq!(record.region.as_deref(), Some("330100"));

    let source = store.source(record.source).unwrap().unwrap();
    assert_eq!(source.kind, SourceKind::Manual);
    assert_eq!(source.name, MANUAL_SOURCE_NAME);
    assert_eq!(
        source.last_sync, None,
        "typed-in data has no sync to go stale"
    );

    // The same entry again changes nothing; a second month joins the same source.
    let again = add_manual(&mut store, &profile, &pension("2026-11", 960), today()).unwrap();
    assert_eq!(again.outcome, ManualOutcome::Unchanged);
    assert_eq!(again.record, report.record);
    assert!(store.revisions(report.record.id).unwrap().is_empty());
    let next = add_manual(&mut store, &profile, &pension("2026-12", 960), today()).unwrap();
    assert_eq!(next.record.record.source, record.source);
    assert_eq!(store.sources().unwrap().len(), 1);

    let summary = profile_summary(&store, &profile).unwrap();
    let pension = summary
        .kinds
        .iter()
        .find(|k| k.kind == InsuranceKind::Pension)
        .unwrap();
    assert_eq!(pension.months_paid, 2);
}

#[test]
fn a_correction_updates_the_record_and_keeps_the_old_value() {
    let (_dir, _path, mut store, profile) = open();
    // The month first came from an imported statement, as owed.
    let file = store
        .ensure_source(SourceKind::File, "杭州.csv", None, Freshness::Weekly)
        .unwrap();
    store
        .write_contributions(&[Contribution {
            period_line: None,
            profile: profile.id,
            kind: InsuranceKind::Pension,
            month: month("2026-10"),
            region: Some("330100".into()),
            payer: Payer::SelfPaid,
            base: Some(Money::from_yuan(4_800)),
            personal: Money::from_yuan(960),
            employer: Money::ZERO,
            credited: None,
            status: ContributionStatus::Owed,
            source: file,
        }])
        .unwrap();

    // Paid since: entering it by hand turns owed into paid, with history.
    let report = add_manual(&mut store, &profile, &pension("2026-10", 960), today()).unwrap();
    assert_eq!(report.outcome, ManualOutcome::Updated);
    let fields: Vec<&str> = report.changes.iter().map(|c| c.field).collect();
    assert_eq!(fields, ["status"]);
    let text = |v: &Option<shebao_core::store::FieldValue>| v.as_ref().map(|v| v.to_plain());
    assert_eq!(text(&report.changes[0].old).as_deref(), Some("owed"));
    assert_eq!(text(&report.changes[0].new).as_deref(), Some("paid"));
    let revisions = store.revisions(report.record.id).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].previous_source, Some(file));
    assert_eq!(revisions[0].source, report.record.record.source);
    assert_ne!(report.record.record.source, file);

    // An employer paying the same month is a second record, not a change of the first.
    let employer = ManualEntry {
        payer: Payer::Employer("杭州某某网络科技有限公司".into()),
        employer: Money::from_yuan(1_536),
        ..pension("2026-10", 384)
    };
    let second = add_manual(&mut store, &profile, &employer, today()).unwrap();
    assert_eq!(second.outcome, ManualOutcome::Added);
    assert_eq!(store.contributions(profile.id).unwrap().len(), 2);
}

#[test]
fn refused_entries_write_nothing() {
    let (_dir, path, mut store, profile) = open();
    add_manual(&mut store, &profile, &pension("2026-09", 960), today()).unwrap();
    let before = dump(&path);
    let refused = [
        (pension("2027-01", 960), "future_month"),
        (
            ManualEntry {
                personal: Money::from_fen(-96_000),
                ..pension("2026-09", 0)
            },
            "negative_amount",
        ),
        (
            ManualEntry {
                to_account: Some(Money::from_fen(-1)),
                ..pension("2026-10", 960)
            },
            "negative_amount",
        ),
        (
            ManualEntry {
                payer: Payer::Employer(" ".into()),
                ..pension("2026-10", 960)
            },
            "invalid_field",
        ),
    ];
    for (entry, code) in refused {
        let error: Error = add_manual(&mut store, &profile, &entry, today()).unwrap_err();
        assert_eq!(error.code(), code, "{entry:?}");
        assert_eq!(dump(&path), before, "{entry:?} wrote something");
    }
    let future = add_manual(&mut store, &profile, &pension("2027-01", 960), today()).unwrap_err();
    assert_eq!(
        future.message(shebao_core::Lang::En),
        "2027-01 is in the future: a payment can be entered up to next month (2026-12); nothing was written"
    );
    assert_eq!(
        future.message(shebao_core::Lang::Zh),
        "2027-01 是将来的月份：最多只能录入到下个月（2026-12）；没有写入任何数据"
    );
    let negative = Error::NegativeAmount {
        field: "to_account",
        amount: Money::from_fen(-1),
    };
    assert_eq!(
        negative.message(shebao_core::Lang::En),
        "the amount credited to the personal account must not be negative (-0.01); nothing was written"
    );
    assert_eq!(
        negative.message(shebao_core::Lang::Zh),
        "划入个人账户金额不能是负数（-0.01）；没有写入任何数据"
    );
}
