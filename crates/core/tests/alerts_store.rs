//! Alerts and their acknowledgement on real SQLite files in temp dirs: what the demo raises,
//! and that an acknowledgement survives reopening the file and lasts exactly until the alert's
//! facts change.

use chrono::{NaiveDate, TimeZone, Utc};
use shebao_core::analysis::alerts::{Alert, AlertCode};
use shebao_core::demo::load_demo;
use shebao_core::model::{ContributionStatus, InsuranceKind, NewProfile, Profile, YearMonth};
use shebao_core::profile_analysis::{acknowledge, alert_counts, profile_alerts, Selector};
use shebao_core::{Lang, Store};
use std::path::Path;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn demo(path: &Path) -> (Store, Profile) {
    let mut store = Store::open(path).unwrap();
    let profile = load_demo(&mut store, ym(2026, 11)).unwrap().profile;
    (store, profile)
}

fn codes(alerts: &[Alert]) -> Vec<(AlertCode, Option<InsuranceKind>, bool)> {
    alerts
        .iter()
        .map(|a| (a.code, a.kind, a.acknowledged))
        .collect()
}

fn find(alerts: &[Alert], code: AlertCode, kind: Option<InsuranceKind>) -> &Alert {
    alerts
        .iter()
        .find(|a| a.code == code && a.kind == kind)
        .unwrap_or_else(|| panic!("no {code} {kind:?} in {:?}", codes(alerts)))
}

#[test]
fn the_demo_raises_its_gap_owed_month_and_the_unknown_deadline_but_no_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let (store, demo) = demo(&dir.path().join("shebao.db"));
    let alerts = profile_alerts(&store, &demo, date(2026, 11, 20)).unwrap();
    use AlertCode::*;
    use InsuranceKind::{Medical, Pension};
    assert_eq!(
        codes(&alerts),
        [
            (Gap, Some(Pension), false),
            (Gap, Some(Medical), false),
            (Owed, Some(Pension), false),
            (Owed, Some(Medical), false),
            (DeadlineUnknown, None, false),
        ]
    );
    let gap = find(&alerts, Gap, Some(Pension));
    let months: Vec<String> = gap.months.iter().map(YearMonth::to_string).collect();
    assert_eq!(months, ["2023-04", "2023-05", "2023-06"]);
    assert!(alerts
        .iter()
        .all(|a| a.months.iter().all(|m| *m >= ym(2011, 7))));
}

#[test]
fn an_acknowledgement_lasts_until_the_facts_change_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    let today = date(2026, 11, 20);
    let (mut store, demo) = demo(&path);
    let before = profile_alerts(&store, &demo, today).unwrap();

    // By code and kind: only the pension gap.
    let done = acknowledge(
        &mut store,
        &demo,
        today,
        &Selector::Code {
            code: AlertCode::Gap,
            kind: Some(InsuranceKind::Pension),
        },
    )
    .unwrap();
    assert_eq!(done.len(), 1);
    assert!(done[0].acknowledged);
    drop(store);

    // Reopened: still acknowledged, the medical gap is not.
    let mut store = Store::open(&path).unwrap();
    let after = profile_alerts(&store, &demo, today).unwrap();
    assert!(find(&after, AlertCode::Gap, Some(InsuranceKind::Pension)).acknowledged);
    assert!(!find(&after, AlertCode::Gap, Some(InsuranceKind::Medical)).acknowledged);
    assert_eq!(
        after.len(),
        before.len(),
        "acknowledged alerts are still listed"
    );
    // A later day with the same facts: still acknowledged.
    let later = profile_alerts(&store, &demo, date(2026, 11, 28)).unwrap();
    assert!(find(&later, AlertCode::Gap, Some(InsuranceKind::Pension)).acknowledged);

    // The facts change: 2023-04 is back-paid. The gap is now 2023-05…06 — a new alert.
    let mut record = store
        .contributions(demo.id)
        .unwrap()
        .into_iter()
        .map(|c| c.record)
        .find(|r| r.kind == InsuranceKind::Pension && r.month == ym(2023, 3))
        .unwrap();
    record.month = ym(2023, 4);
    record.status = ContributionStatus::BackPaid;
    store.write_contributions(&[record]).unwrap();
    let changed = profile_alerts(&store, &demo, today).unwrap();
    let gap = find(&changed, AlertCode::Gap, Some(InsuranceKind::Pension));
    assert_eq!(gap.months, [ym(2023, 5), ym(2023, 6)]);
    assert!(!gap.acknowledged, "new facts, new alert");

    // By fingerprint: exactly that alert; a fingerprint not raised now is an error.
    let fp = gap.fingerprint.clone();
    let done = acknowledge(&mut store, &demo, today, &Selector::Fingerprint(fp)).unwrap();
    assert_eq!(done.len(), 1);
    let err = acknowledge(
        &mut store,
        &demo,
        today,
        &Selector::Fingerprint("0000000000000000".into()),
    )
    .unwrap_err();
    assert_eq!(err.code(), "no_such_alert");
    assert!(err.message(Lang::Zh).contains("0000000000000000"));

    // By code alone: every current alert with that code.
    let both = acknowledge(
        &mut store,
        &demo,
        today,
        &Selector::Code {
            code: AlertCode::Owed,
            kind: None,
        },
    )
    .unwrap();
    assert_eq!(both.len(), 2);
    let err = acknowledge(
        &mut store,
        &demo,
        today,
        &Selector::Code {
            code: AlertCode::StaleData,
            kind: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "no_such_alert");
}

#[test]
fn a_due_payment_stays_acknowledged_while_the_days_count_down_then_comes_back_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, demo) = demo(&dir.path().join("shebao.db"));
    let with_day = NewProfile {
        name: demo.name.clone(),
        sex: demo.sex,
        birth: demo.birth,
        region: demo.region.clone(),
        employment: Some(demo.employment),
        payment_deadline_day: Some(25),
        ..Default::default()
    };
    let demo = store
        .update_profile(demo.id, &with_day.validate().unwrap())
        .unwrap();
    let due = |store: &Store, day| {
        profile_alerts(store, &demo, date(2026, 11, day))
            .unwrap()
            .into_iter()
            .filter(|a| matches!(a.code, AlertCode::DueSoon | AlertCode::Overdue))
            .map(|a| (a.code, a.kind, a.acknowledged))
            .collect::<Vec<_>>()
    };
    assert_eq!(due(&store, 10), [], "15 days ahead: nothing yet");
    let pension = Some(InsuranceKind::Pension);
    let medical = Some(InsuranceKind::Medical);
    assert_eq!(
        due(&store, 20),
        [
            (AlertCode::DueSoon, pension, false),
            (AlertCode::DueSoon, medical, false)
        ]
    );
    acknowledge(
        &mut store,
        &demo,
        date(2026, 11, 20),
        &Selector::Code {
            code: AlertCode::DueSoon,
            kind: None,
        },
    )
    .unwrap();
    assert_eq!(
        due(&store, 24),
        [
            (AlertCode::DueSoon, pension, true),
            (AlertCode::DueSoon, medical, true)
        ]
    );
    assert_eq!(
        due(&store, 26),
        [
            (AlertCode::Overdue, pension, false),
            (AlertCode::Overdue, medical, false)
        ]
    );
    let unknown = profile_alerts(&store, &demo, date(2026, 11, 20)).unwrap();
    assert!(unknown.iter().all(|a| a.code != AlertCode::DeadlineUnknown));
}

#[test]
fn a_stale_source_comes_back_after_a_new_sync_that_goes_stale_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, demo) = demo(&dir.path().join("shebao.db"));
    let source = store.sources().unwrap()[0].id;
    let at = |d| Utc.from_utc_datetime(&date(2026, 11, d).and_hms_opt(8, 0, 0).unwrap());
    store.mark_synced(source, at(1)).unwrap();
    let today = date(2026, 11, 20);
    let stale = |store: &Store| {
        profile_alerts(store, &demo, today)
            .unwrap()
            .into_iter()
            .filter(|a| a.code == AlertCode::StaleData)
            .collect::<Vec<_>>()
    };
    let first = stale(&store);
    assert_eq!(first.len(), 1);
    assert!(first[0].message(Lang::En).contains("19 days ago"));
    acknowledge(
        &mut store,
        &demo,
        today,
        &Selector::Fingerprint(first[0].fingerprint.clone()),
    )
    .unwrap();
    assert!(stale(&store)[0].acknowledged);
    store.mark_synced(source, at(5)).unwrap();
    let again = stale(&store);
    assert!(!again[0].acknowledged, "a new sync, stale again: new facts");
    store.mark_synced(source, at(15)).unwrap();
    assert!(stale(&store).is_empty(), "weekly: fresh for 8 days");
}

/// The table of many profiles counts each profile's open alerts: what `profile_alerts` lists
/// unacknowledged, one fewer once one is acknowledged.
#[test]
fn alert_counts_are_the_open_alerts_of_each_profile() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, demo) = demo(&dir.path().join("shebao.db"));
    let other = store
        .add_profile(
            &NewProfile {
                name: "王五".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let today = date(2026, 11, 20);
    let listed = profile_alerts(&store, &demo, today).unwrap();
    assert!(listed.len() >= 2, "{:?}", codes(&listed));
    let counts = alert_counts(&store, today).unwrap();
    let ids: Vec<_> = counts.iter().map(|c| c.profile).collect();
    assert_eq!(ids, [demo.id, other.id]);
    assert_eq!(counts[0].open, listed.len());
    assert_eq!(
        counts[0].critical,
        listed
            .iter()
            .filter(|a| a.severity == shebao_core::analysis::Severity::Critical)
            .count()
    );
    assert_eq!(
        counts[1].open,
        profile_alerts(&store, &other, today).unwrap().len()
    );

    let fp = listed[0].fingerprint.clone();
    acknowledge(&mut store, &demo, today, &Selector::Fingerprint(fp)).unwrap();
    assert_eq!(
        alert_counts(&store, today).unwrap()[0].open,
        listed.len() - 1
    );
}
