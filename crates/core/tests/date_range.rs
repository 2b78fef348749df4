//! Dates outside the supported years (1900–2200): refused where they come in, and an error —
//! not a panic — where an older database already holds one. Real SQLite files in temp dirs.

use chrono::NaiveDate;
use shebao_core::analysis::Scenario;
use shebao_core::ingest::{self, ImportOptions};
use shebao_core::model::{
    BalanceOrigin, BalanceSnapshot, Freshness, InsuranceKind, Money, NewProfile, Profile,
    SourceKind,
};
use shebao_core::profile_analysis::{profile_alerts, profile_standing};
use shebao_core::{Error, Lang, Store};

fn open() -> (tempfile::TempDir, Store, Profile) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let new = NewProfile {
        name: "王芳".into(),
        id_number: Some("11010519491231002X".into()),
        ..Default::default()
    };
    let profile = store.add_profile(&new.validate().unwrap()).unwrap();
    (dir, store, profile)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

const FAR_BALANCE: &str = r#"{"format": "shebao-ledger", "version": 1,
  "contributions": [{"kind": "pension", "month": "2024-01", "payer": {"type": "self"},
    "personal": 80000, "employer": 0, "status": "paid"}],
  "balances": [
    {"kind": "pension", "as_of": "2024-04-30", "amount": 100000, "origin": "reported"},
    {"kind": "pension", "as_of": "2300-06-30", "amount": 5234567, "origin": "reported"}
  ]}"#;

#[test]
fn a_json_balance_dated_2300_is_a_row_error_naming_the_field_and_nothing_is_written() {
    let (_dir, mut store, profile) = open();
    let preview = ingest::preview(FAR_BALANCE.as_bytes(), "export.json", &profile).unwrap();
    assert_eq!(preview.errors.len(), 1);
    let error = &preview.errors[0];
    assert_eq!((error.line, error.column.as_str()), (2, "balances.as_of"));
    assert_eq!(error.value, "2300-06-30");
    assert_eq!(error.problem.code(), "date_out_of_range");
    assert_eq!(
        error.describe(Lang::Zh),
        "第 2 行「balances.as_of」列 \"2300-06-30\"：日期超出支持的年份范围（1900–2200 年）"
    );
    assert_eq!(
        error.describe(Lang::En),
        "line 2, column \"balances.as_of\", value \"2300-06-30\": the date is outside the supported years 1900–2200"
    );

    let refused = ingest::import(
        &mut store,
        FAR_BALANCE.as_bytes(),
        "export.json",
        None,
        &profile,
        ImportOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(refused, Error::ImportRows { .. }), "{refused:?}");
    assert!(store.balances(profile.id).unwrap().is_empty());
    assert!(store.contribution_records(profile.id).unwrap().is_empty());
}

/// What an older version's database may hold: the balance written straight to the store.
#[test]
fn a_stored_balance_dated_2300_makes_the_analysis_fail_with_an_error_not_a_panic() {
    let (_dir, store, profile) = open();
    let source = store
        .ensure_source(SourceKind::File, "old.json", None, Freshness::Weekly)
        .unwrap();
    store
        .write_balance(&BalanceSnapshot {
            profile: profile.id,
            kind: InsuranceKind::Pension,
            as_of: NaiveDate::from_ymd_opt(2300, 6, 30).unwrap(),
            amount: Money::from_yuan(52_345),
            origin: BalanceOrigin::Reported,
            source,
        })
        .unwrap();

    let standing = profile_standing(&store, &profile, today(), Scenario::default()).unwrap_err();
    assert_eq!(standing.code(), "date_out_of_range");
    assert_eq!(
        standing.message(Lang::Zh),
        "balance as_of：日期 2300-06-30 超出支持的年份范围（1900–2200 年）"
    );
    assert_eq!(
        standing.message(Lang::En),
        "balance as_of: the date 2300-06-30 is outside the supported years 1900–2200"
    );
    let alerts = profile_alerts(&store, &profile, today()).unwrap_err();
    assert_eq!(alerts.code(), "date_out_of_range");
}

#[test]
fn a_today_outside_the_supported_years_is_an_error_too() {
    let (_dir, store, profile) = open();
    let far = NaiveDate::from_ymd_opt(2301, 1, 1).unwrap();
    let error = profile_standing(&store, &profile, far, Scenario::default()).unwrap_err();
    assert_eq!(error.code(), "date_out_of_range");
    let error = profile_alerts(&store, &profile, far).unwrap_err();
    assert_eq!(error.code(), "date_out_of_range");
}
