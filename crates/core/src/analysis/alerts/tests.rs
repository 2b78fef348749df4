//! Alerts on crafted histories, one code at a time, through the pure [`alerts`] function.

use super::*;
use crate::analysis::standing::{standing, Scenario, StandingInput};
use crate::model::{
    BalanceOrigin, BalanceSnapshot, ContributionStatus, DocumentType, EmploymentCategory,
    Freshness, MediaType, Money, Payer, Sex, SourceKind,
};
use crate::vault::MaxAgeSetBy;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn profile(employment: EmploymentCategory, region: &str, deadline: Option<u32>) -> Profile {
    Profile {
        id: 1,
        name: "测试".into(),
        id_number: None,
        sex: Some(Sex::Male),
        birth: Some(ym(1988, 3)),
        region: Some(region.into()),
        employment,
        original_age: None,
        payment_deadline_day: deadline,
    }
}

fn flexible(region: &str, deadline: Option<u32>) -> Profile {
    profile(EmploymentCategory::Flexible, region, deadline)
}

fn record(kind: InsuranceKind, month: YearMonth, status: ContributionStatus) -> Contribution {
    Contribution {
        period_line: None,
        profile: 1,
        kind,
        month,
        region: None,
        payer: Payer::SelfPaid,
        base: Some(Money::from_yuan(8_000)),
        personal: Money::from_yuan(1_600),
        employer: Money::ZERO,
        credited: Some(Money::from_yuan(640)),
        status,
        source: 1,
    }
}

/// Paid records of `kinds` for every month from `from` to `to`.
fn paid(kinds: &[InsuranceKind], from: YearMonth, to: YearMonth) -> Vec<Contribution> {
    let mut out = Vec::new();
    let mut m = from;
    while m <= to {
        for &k in kinds {
            out.push(record(k, m, ContributionStatus::Paid));
        }
        m = m.next().unwrap();
    }
    out
}

const PM: &[InsuranceKind] = &[InsuranceKind::Pension, InsuranceKind::Medical];

struct Case {
    profile: Profile,
    records: Vec<Contribution>,
    balances: Vec<BalanceSnapshot>,
    sources: Vec<Source>,
    documents: Vec<VaultDocument>,
    max_age: CertificateMaxAge,
}

impl Case {
    fn new(profile: Profile, records: Vec<Contribution>) -> Case {
        Case {
            profile,
            records,
            balances: Vec::new(),
            sources: Vec::new(),
            documents: Vec::new(),
            max_age: CertificateMaxAge::default(),
        }
    }

    fn run(&self, today: NaiveDate) -> Vec<Alert> {
        let mut records = self.records.clone();
        records.sort_by_key(|r| (r.month, r.kind));
        let rules = RuleSet::bundled();
        let standing = standing(&StandingInput {
            rules,
            profile: &self.profile,
            records: &records,
            balances: &self.balances,
            today,
            scenario: Scenario::default(),
        })
        .unwrap();
        alerts(&AlertInput {
            rules,
            profile: &self.profile,
            records: &records,
            sources: &self.sources,
            standing: &standing,
            documents: &self.documents,
            certificate_max_age: self.max_age,
            today,
        })
        .unwrap()
    }
}

fn with_code(alerts: &[Alert], code: AlertCode) -> Vec<&Alert> {
    alerts.iter().filter(|a| a.code == code).collect()
}

fn months(a: &Alert) -> Vec<String> {
    a.months.iter().map(YearMonth::to_string).collect()
}

#[test]
fn gaps_per_run_and_kind_and_nothing_before_the_first_paid_month() {
    let mut records = paid(PM, ym(2024, 1), ym(2024, 3));
    records.extend(paid(PM, ym(2024, 6), ym(2024, 8)));
    records.extend(paid(
        &[InsuranceKind::HousingFund],
        ym(2024, 1),
        ym(2024, 1),
    ));
    records.extend(paid(
        &[InsuranceKind::HousingFund],
        ym(2024, 5),
        ym(2024, 5),
    ));
    let case = Case::new(
        profile(EmploymentCategory::Employee, "330100", None),
        records,
    );
    let all = case.run(date(2024, 9, 20));
    let gaps = with_code(&all, AlertCode::Gap);
    let summary: Vec<(Option<InsuranceKind>, Severity, Vec<String>)> = gaps
        .iter()
        .map(|a| (a.kind, a.severity, months(a)))
        .collect();
    assert_eq!(
        summary,
        [
            (
                Some(InsuranceKind::Pension),
                Severity::Warning,
                vec!["2024-04".into(), "2024-05".into()]
            ),
            (
                Some(InsuranceKind::Medical),
                Severity::Warning,
                vec!["2024-04".into(), "2024-05".into()]
            ),
            (
                Some(InsuranceKind::HousingFund),
                Severity::Info,
                vec!["2024-02".into(), "2024-03".into(), "2024-04".into()]
            ),
        ]
    );
    assert!(
        all.iter()
            .all(|a| a.months.iter().all(|m| *m >= ym(2024, 1))),
        "no alert for a month before the first paid month: {all:?}"
    );
    let text = gaps[0].message(Lang::Zh);
    assert!(
        text.contains("2024-04～2024-05 共 2 个月没有缴费记录"),
        "{text}"
    );
    assert!(gaps[1].message(Lang::En).contains("waiting period"));
}

#[test]
fn owed_months_are_their_own_alert_and_counted_in_the_gap() {
    let mut records = paid(PM, ym(2024, 1), ym(2024, 3));
    records.push(record(
        InsuranceKind::Pension,
        ym(2024, 4),
        ContributionStatus::Owed,
    ));
    records.extend(paid(PM, ym(2024, 5), ym(2024, 6)));
    let case = Case::new(
        profile(EmploymentCategory::Employee, "330100", None),
        records,
    );
    let all = case.run(date(2024, 7, 1));
    let owed = with_code(&all, AlertCode::Owed);
    assert_eq!(owed.len(), 1);
    assert_eq!(
        (owed[0].kind, months(owed[0])),
        (Some(InsuranceKind::Pension), vec!["2024-04".to_string()])
    );
    assert!(owed[0].message(Lang::En).contains("1 month marked owed"));
    let gaps = with_code(&all, AlertCode::Gap);
    assert!(matches!(&gaps[0].facts, Facts::Gap(g) if g.owed == 1));
    assert!(gaps[0].message(Lang::Zh).contains("其中 1 个月标为欠费"));
}

#[test]
fn months_in_transfer_are_pending_not_gaps() {
    let mut records = paid(PM, ym(2024, 1), ym(2024, 3));
    for m in [ym(2024, 4), ym(2024, 5)] {
        records.push(record(
            InsuranceKind::Pension,
            m,
            ContributionStatus::TransferPending,
        ));
    }
    records.extend(paid(&[InsuranceKind::Pension], ym(2024, 6), ym(2024, 6)));
    let case = Case::new(
        profile(EmploymentCategory::Employee, "330100", None),
        records,
    );
    let all = case.run(date(2024, 7, 1));
    let pending = with_code(&all, AlertCode::TransferPending);
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].severity, Severity::Info);
    assert_eq!(months(pending[0]), ["2024-04", "2024-05"]);
    assert!(with_code(&all, AlertCode::Gap).is_empty(), "{all:?}");
}

#[test]
fn flexible_payments_are_due_soon_then_overdue_by_the_profiles_day() {
    let records = paid(PM, ym(2026, 1), ym(2026, 10));
    let at = |deadline, today| Case::new(flexible("330100", deadline), records.clone()).run(today);

    // 2026-11-10, deadline the 15th: five days left for each kind paid by the person.
    let soon = at(Some(15), date(2026, 11, 10));
    let due = with_code(&soon, AlertCode::DueSoon);
    assert_eq!(due.len(), 2);
    assert_eq!(due[0].kind, Some(InsuranceKind::Pension));
    assert_eq!(months(due[0]), ["2026-11"]);
    assert!(due[0]
        .message(Lang::Zh)
        .contains("截止日期是 2026-11-15（还有 5 天）"));
    assert!(due[0].message(Lang::En).contains("5 days left"));
    assert!(due[0].rule(Lang::En).unwrap().contains("(15)"));

    // Twelve days ahead: nothing yet. The day after the deadline: overdue, critical.
    assert!(with_code(&at(Some(15), date(2026, 11, 3)), AlertCode::DueSoon).is_empty());
    let late = at(Some(15), date(2026, 11, 16));
    let overdue = with_code(&late, AlertCode::Overdue);
    assert_eq!(overdue.len(), 2);
    assert_eq!(overdue[0].severity, Severity::Critical);
    assert_eq!(months(overdue[0]), ["2026-11"]);
    assert!(with_code(&late, AlertCode::DueSoon).is_empty());

    // The fingerprint does not change while the days count down.
    let a = with_code(&at(Some(15), date(2026, 11, 9)), AlertCode::DueSoon)[0]
        .fingerprint
        .clone();
    let b = with_code(&at(Some(15), date(2026, 11, 14)), AlertCode::DueSoon)[0]
        .fingerprint
        .clone();
    assert_eq!(a, b);

    // A day 31 in November is the 30th.
    let end = at(Some(31), date(2026, 11, 30));
    assert!(with_code(&end, AlertCode::DueSoon)[0]
        .message(Lang::En)
        .contains("2026-11-30 (today)"));

    // Without a deadline day: an info alert that says so, and no guess.
    let unknown = at(None, date(2026, 11, 20));
    let info = with_code(&unknown, AlertCode::DeadlineUnknown);
    assert_eq!(
        (info.len(), info[0].severity, info[0].kind),
        (1, Severity::Info, None)
    );
    assert!(with_code(&unknown, AlertCode::Overdue).is_empty());
    assert!(info[0].message(Lang::Zh).contains("规则表中没有"));

    // Paid this month already: nothing at all about payments.
    let mut with_november = records.clone();
    with_november.extend(paid(PM, ym(2026, 11), ym(2026, 11)));
    let done = Case::new(flexible("330100", None), with_november).run(date(2026, 11, 20));
    assert!(done.iter().all(|a| !matches!(
        a.code,
        AlertCode::DueSoon | AlertCode::Overdue | AlertCode::DeadlineUnknown
    )));
}

#[test]
fn earlier_unpaid_months_are_overdue_whatever_the_deadline() {
    let records = paid(PM, ym(2026, 1), ym(2026, 8));
    let all = Case::new(flexible("330100", None), records).run(date(2026, 11, 3));
    let overdue = with_code(&all, AlertCode::Overdue);
    assert_eq!(overdue.len(), 2);
    assert_eq!(months(overdue[0]), ["2026-09", "2026-10"]);
    assert!(overdue[0]
        .message(Lang::Zh)
        .contains("最后一次缴费是 2026-08"));
    // This month is still open and the day unknown: said too.
    assert_eq!(with_code(&all, AlertCode::DeadlineUnknown).len(), 1);
}

#[test]
fn only_flexible_profiles_get_payment_alerts() {
    let records = paid(PM, ym(2026, 1), ym(2026, 8));
    let employee = Case::new(
        profile(EmploymentCategory::Employee, "330100", Some(15)),
        records,
    )
    .run(date(2026, 11, 20));
    assert!(employee.iter().all(|a| !matches!(
        a.code,
        AlertCode::DueSoon | AlertCode::Overdue | AlertCode::DeadlineUnknown
    )));
    // A flexible profile with no records yet: one alert for the profile as a whole.
    let fresh = Case::new(flexible("330100", Some(15)), Vec::new()).run(date(2026, 11, 20));
    let overdue = with_code(&fresh, AlertCode::Overdue);
    assert_eq!((overdue.len(), overdue[0].kind), (1, None));
    assert!(overdue[0]
        .message(Lang::En)
        .starts_with("Social insurance: no payment recorded for 2026-11"));
}

#[test]
fn a_medical_gap_in_shanghai_waives_then_waits_six_months() {
    // Paid to 2026-08; on 2026-11-05 two months (09, 10) are unpaid: within the 3-month waiver.
    let case = Case::new(
        flexible("310104", Some(15)),
        paid(PM, ym(2026, 1), ym(2026, 8)),
    );
    let all = case.run(date(2026, 11, 5));
    let lapse = with_code(&all, AlertCode::MedicalLapseRisk);
    assert_eq!(lapse.len(), 1);
    assert_eq!(lapse[0].severity, Severity::Warning);
    assert_eq!(months(lapse[0]), ["2026-09", "2026-10"]);
    let zh = lapse[0].message(Lang::Zh);
    assert!(zh.contains("最迟在 2026-12 恢复缴费可免等待期"), "{zh}");
    assert!(zh.contains("等待 6 个月"), "{zh}");
    assert!(lapse[0]
        .rule(Lang::Zh)
        .unwrap()
        .contains("沪医保规〔2025〕7号"));

    // Paid to 2026-06: four months unpaid, past the waiver: critical, six months of waiting.
    let late = Case::new(
        flexible("310104", Some(15)),
        paid(PM, ym(2026, 1), ym(2026, 6)),
    );
    let all = late.run(date(2026, 11, 5));
    let lapse = with_code(&all, AlertCode::MedicalLapseRisk);
    assert_eq!(lapse[0].severity, Severity::Critical);
    assert!(lapse[0]
        .message(Lang::En)
        .contains("re-enrolling now means a waiting period of 6 months"));
}

#[test]
fn a_medical_gap_where_no_rule_is_known_says_so() {
    let case = Case::new(
        flexible("330100", Some(15)),
        paid(PM, ym(2026, 1), ym(2026, 8)),
    );
    let all = case.run(date(2026, 11, 5));
    let lapse = with_code(&all, AlertCode::MedicalLapseRisk);
    assert_eq!(lapse[0].severity, Severity::Warning);
    assert!(matches!(&lapse[0].facts, Facts::MedicalLapse(l) if l.rule.is_none()));
    assert!(lapse[0]
        .message(Lang::Zh)
        .contains("规则表中没有杭州职工医保断缴后等待期的规定"));
    assert!(lapse[0].message(Lang::En).contains("Hangzhou"));
}

#[test]
fn a_past_medical_gap_whose_wait_still_runs_is_flagged() {
    // Shanghai: 2026-01…06 unpaid (6 months), resumed 2026-07: waiting until 2026-12.
    let mut records = paid(PM, ym(2025, 1), ym(2025, 12));
    records.extend(paid(PM, ym(2026, 7), ym(2026, 11)));
    let all = Case::new(flexible("310104", Some(15)), records.clone()).run(date(2026, 11, 5));
    let lapse = with_code(&all, AlertCode::MedicalLapseRisk);
    assert_eq!(lapse.len(), 1);
    assert!(lapse[0]
        .message(Lang::Zh)
        .contains("待遇等待期可能持续到 2026-12"));
    // In 2027-01 the wait is over: only the gap remains.
    let later = Case::new(flexible("310104", Some(15)), {
        let mut r = records;
        r.extend(paid(PM, ym(2026, 12), ym(2027, 1)));
        r
    })
    .run(date(2027, 1, 5));
    assert!(with_code(&later, AlertCode::MedicalLapseRisk).is_empty());
    assert_eq!(with_code(&later, AlertCode::Gap).len(), 2);
}

#[test]
fn a_short_history_near_retirement_is_a_shortfall() {
    let mut p = profile(EmploymentCategory::Employee, "510100", None);
    p.birth = Some(ym(1968, 1));
    let case = Case::new(p, paid(&[InsuranceKind::Pension], ym(2010, 1), ym(2018, 4)));
    let all = case.run(date(2026, 11, 1));
    let short = with_code(&all, AlertCode::MinYearsShortfall);
    assert_eq!(short.len(), 1);
    assert_eq!(months(short[0]), ["2028-11"]);
    let zh = short[0].message(Lang::Zh);
    assert!(zh.contains("需要缴费满 15 年"), "{zh}");
    assert!(zh.contains("还差 4.67 年（56 个月）"), "{zh}");
    assert!(short[0]
        .rule(Lang::Zh)
        .unwrap()
        .contains("渐进式延迟法定退休年龄"));
    // Enough time left: no alert.
    let young = Case::new(
        profile(EmploymentCategory::Employee, "510100", None),
        paid(&[InsuranceKind::Pension], ym(2010, 1), ym(2018, 4)),
    );
    assert!(with_code(&young.run(date(2026, 11, 1)), AlertCode::MinYearsShortfall).is_empty());
}

#[test]
fn bases_outside_the_tables_limits_are_flagged_only_where_limits_are_known() {
    let mut records = Vec::new();
    let mut low = record(
        InsuranceKind::Pension,
        ym(2024, 3),
        ContributionStatus::Paid,
    );
    low.region = Some("310104".into());
    // 2024-03 is in Shanghai's 2023 base year (2023-07..2024-06): floor ¥7,310, ceiling ¥36,549.
    low.base = Some(Money::from_yuan(5_000));
    let mut high = low.clone();
    high.month = ym(2024, 4);
    high.base = Some(Money::from_yuan(40_000));
    // Exactly the floor of the month's own year: never out of range (the 2024 year's floor,
    // ¥7,384, does not apply before 2024-07).
    let mut at_floor = low.clone();
    at_floor.month = ym(2024, 2);
    at_floor.base = Some(Money::from_yuan(7_310));
    let mut at_ceiling = low.clone();
    at_ceiling.month = ym(2024, 1);
    at_ceiling.base = Some(Money::from_yuan(36_549));
    let mut unknown_year = low.clone();
    unknown_year.month = ym(2019, 3); // no 2019 row: nothing said
    let mut medical = low.clone();
    medical.kind = InsuranceKind::Medical; // other kinds may have other limits
    records.extend([low, high, unknown_year, medical, at_floor, at_ceiling]);
    let all = Case::new(
        profile(EmploymentCategory::Employee, "310104", None),
        records,
    )
    .run(date(2024, 5, 1));
    let base = with_code(&all, AlertCode::BaseOutOfRange);
    let found: Vec<(Severity, Vec<String>)> =
        base.iter().map(|a| (a.severity, months(a))).collect();
    assert_eq!(
        found,
        [
            (Severity::Warning, vec!["2024-03".to_string()]),
            (Severity::Info, vec!["2024-04".to_string()]),
        ]
    );
    assert!(base[0].message(Lang::Zh).contains("上海下限 ¥7,310.00"));
    assert!(base[0]
        .rule(Lang::En)
        .unwrap()
        .contains("Shanghai annual contribution base notice 2023"));
}

#[test]
fn sources_are_stale_after_their_freshness_class() {
    let synced = |days_ago: i64| {
        Some(
            chrono::Utc.from_utc_datetime(
                &date(2026, 11, 20)
                    .checked_sub_signed(chrono::Duration::days(days_ago))
                    .unwrap()
                    .and_hms_opt(12, 0, 0)
                    .unwrap(),
            ),
        )
    };
    let source = |id, kind, freshness, last_sync| Source {
        id,
        kind,
        name: format!("来源{id}"),
        location: None,
        freshness,
        last_sync,
    };
    let mut case = Case::new(
        profile(EmploymentCategory::Employee, "330100", None),
        Vec::new(),
    );
    case.sources = vec![
        source(1, SourceKind::Http, Freshness::Weekly, synced(9)), // stale, warning
        source(2, SourceKind::Http, Freshness::Weekly, synced(8)), // on the edge: fresh
        source(3, SourceKind::File, Freshness::Daily, synced(3)),  // stale, info
        source(4, SourceKind::Http, Freshness::Realtime, synced(1)), // fresh
        source(5, SourceKind::Http, Freshness::Daily, None),       // never synced: warning
        source(6, SourceKind::Manual, Freshness::Weekly, None),    // typed in: nothing
    ];
    let all = case.run(date(2026, 11, 20));
    let mut stale: Vec<(i64, Severity)> = with_code(&all, AlertCode::StaleData)
        .iter()
        .map(|a| match &a.facts {
            Facts::Stale(s) => (s.source, a.severity),
            _ => unreachable!(),
        })
        .collect();
    stale.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(
        stale,
        [
            (1, Severity::Warning),
            (5, Severity::Warning),
            (3, Severity::Info)
        ]
    );
    let one = *with_code(&all, AlertCode::StaleData)
        .iter()
        .find(|a| matches!(&a.facts, Facts::Stale(s) if s.source == 1))
        .unwrap();
    assert!(one
        .message(Lang::En)
        .contains("9 days ago (weekly sources are stale after 8 days)"));
    assert!(one.message(Lang::Zh).contains("已 9 天没有更新"));
}

#[test]
fn a_reported_balance_off_the_computed_range_is_a_mismatch() {
    let mut case = Case::new(
        profile(EmploymentCategory::Employee, "330100", None),
        paid(&[InsuranceKind::Pension], ym(2020, 1), ym(2020, 12)),
    );
    let reported = |as_of, fen| BalanceSnapshot {
        profile: 1,
        kind: InsuranceKind::Pension,
        as_of,
        amount: Money::from_fen(fen),
        origin: BalanceOrigin::Reported,
        source: 1,
    };
    // ¥640 a month in 2020 = ¥7,680 on top of ¥10,000 at 6.04%: low ¥18,284, high ¥18,747.87.
    case.balances = vec![
        reported(date(2019, 12, 31), 1_000_000),
        reported(date(2020, 12, 31), 1_500_000),
    ];
    let all = case.run(date(2021, 3, 1));
    let mismatch = with_code(&all, AlertCode::BalanceMismatch);
    assert_eq!(mismatch.len(), 1);
    assert_eq!(months(mismatch[0]), ["2020-12"]);
    let zh = mismatch[0].message(Lang::Zh);
    assert!(
        zh.contains("应在 ¥18,284.00～¥18,747.87 之间，相差 -¥3,284.00"),
        "{zh}"
    );
    assert!(zh.contains("另一个账户"));
    // Within the range: no alert.
    case.balances[1] = reported(date(2020, 12, 31), 1_850_000);
    assert!(with_code(&case.run(date(2021, 3, 1)), AlertCode::BalanceMismatch).is_empty());
}

#[test]
fn alerts_come_most_urgent_first_and_every_message_exists_in_both_languages() {
    let mut records = paid(PM, ym(2025, 1), ym(2025, 12));
    records.push(record(
        InsuranceKind::Pension,
        ym(2026, 1),
        ContributionStatus::Owed,
    ));
    records.extend(paid(PM, ym(2026, 3), ym(2026, 6)));
    let all = Case::new(flexible("310104", Some(10)), records).run(date(2026, 11, 20));
    let severities: Vec<Severity> = all.iter().map(|a| a.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted);
    assert!(all.iter().any(|a| a.code == AlertCode::Overdue));
    for alert in &all {
        for lang in [Lang::Zh, Lang::En] {
            let text = alert.message(lang);
            assert!(!text.is_empty());
            assert!(!alert.action(lang).is_empty());
        }
        assert_ne!(alert.message(Lang::Zh), alert.message(Lang::En));
    }
}

proptest! {
    /// Whatever the history, no alert concerns a month before the kind's first record or after
    /// today, and fingerprints are unique within one list.
    #[test]
    fn alerts_stay_within_the_history_and_today(
        entries in proptest::collection::vec((0i64..48, 0u8..4, any::<bool>()), 0..40),
        day in 1u32..=28,
    ) {
        let start = ym(2023, 1);
        let records: Vec<Contribution> = entries
            .iter()
            .map(|&(offset, status, medical)| {
                let status = match status {
                    0 | 1 => ContributionStatus::Paid,
                    2 => ContributionStatus::Owed,
                    _ => ContributionStatus::TransferPending,
                };
                let kind = if medical { InsuranceKind::Medical } else { InsuranceKind::Pension };
                record(kind, start.add_months(offset).unwrap(), status)
            })
            .collect();
        let today = date(2027, 1, day);
        let all = Case::new(flexible("310104", Some(15)), records.clone()).run(today);
        let mut seen = std::collections::BTreeSet::new();
        for alert in &all {
            prop_assert!(seen.insert(alert.fingerprint.clone()), "duplicate {:?}", alert);
            // The shortfall names the retirement month; an alert for the profile as a whole
            // (no records yet) names this month.
            if alert.code == AlertCode::MinYearsShortfall || alert.kind.is_none() {
                continue;
            }
            let first = records.iter().filter(|r| Some(r.kind) == alert.kind).map(|r| r.month).min();
            for month in &alert.months {
                prop_assert!(*month <= ym(2027, 1), "{:?}", alert);
                prop_assert!(first.is_some_and(|f| *month >= f), "{:?} before {:?}", alert, first);
            }
        }
    }
}

fn document(
    id: i64,
    doc_type: DocumentType,
    dated: Option<NaiveDate>,
    attached: NaiveDate,
) -> VaultDocument {
    VaultDocument {
        id,
        profile: 1,
        doc_type,
        sha256: format!("{id:064x}"),
        size: 1000,
        media_type: MediaType::Pdf,
        original_name: format!("参保证明{id}.pdf"),
        document_date: dated,
        note: None,
        attached_at: Utc.from_utc_datetime(&attached.and_hms_opt(8, 0, 0).unwrap()),
    }
}

fn with_documents(documents: Vec<VaultDocument>, max_age: CertificateMaxAge) -> Case {
    let mut case = Case::new(
        profile(EmploymentCategory::Employee, "330100", None),
        paid(PM, ym(2023, 1), ym(2024, 12)),
    );
    case.documents = documents;
    case.max_age = max_age;
    case
}

fn stale(case: &Case, today: NaiveDate) -> Vec<Alert> {
    case.run(today)
        .into_iter()
        .filter(|a| a.code == AlertCode::CertificateStale)
        .collect()
}

#[test]
fn certificate_stale_after_the_limit_info_then_warning_at_twice() {
    let issued = date(2025, 1, 10);
    let case = with_documents(
        vec![document(
            4,
            DocumentType::Certificate,
            Some(issued),
            date(2025, 2, 1),
        )],
        CertificateMaxAge::default(),
    );
    // 90 days is still within the default limit; the 91st day is not.
    assert!(stale(&case, issued + chrono::Days::new(90)).is_empty());
    let info = stale(&case, issued + chrono::Days::new(91));
    assert_eq!(info.len(), 1);
    assert_eq!((info[0].severity, info[0].kind), (Severity::Info, None));
    assert!(info[0].months.is_empty());
    let later = stale(&case, issued + chrono::Days::new(180));
    assert_eq!(later[0].severity, Severity::Info);
    assert_eq!(
        later[0].fingerprint, info[0].fingerprint,
        "days passing is no new alert"
    );
    let warning = stale(&case, issued + chrono::Days::new(181));
    assert_eq!(warning[0].severity, Severity::Warning);
    assert_ne!(
        warning[0].fingerprint, info[0].fingerprint,
        "twice over is news"
    );

    let zh = info[0].message(Lang::Zh);
    assert!(
        zh.contains("最新的参保证明（文档 4）开具于 2025-01-10，已有 91 天，超过设定的 90 天"),
        "{zh}"
    );
    assert!(zh.contains("掌上12333") && zh.contains("默认值"), "{zh}");
    let en = info[0].message(Lang::En);
    assert!(
        en.contains("document 4, dated 2025-01-10, is 91 days old: more than the 90 days allowed"),
        "{en}"
    );
    assert!(
        en.contains("shebao vault add") && en.contains("the default"),
        "{en}"
    );
    assert!(warning[0]
        .message(Lang::En)
        .contains("more than twice the 90 days"));
    for lang in [Lang::Zh, Lang::En] {
        assert_eq!(info[0].message(lang).lines().count(), 1);
    }
}

#[test]
fn only_the_newest_certificate_counts_and_other_documents_never() {
    let today = date(2025, 12, 1);
    let old = document(
        1,
        DocumentType::Certificate,
        Some(date(2024, 1, 1)),
        date(2024, 1, 2),
    );
    let recent = document(
        2,
        DocumentType::Certificate,
        Some(date(2025, 11, 1)),
        date(2025, 11, 2),
    );
    let record = document(
        3,
        DocumentType::RightsRecord,
        Some(date(2020, 1, 1)),
        date(2020, 1, 2),
    );
    let other = document(5, DocumentType::Other, None, date(2019, 1, 2));
    let max_age = CertificateMaxAge::default();
    assert!(stale(
        &with_documents(vec![old.clone(), recent, record.clone()], max_age),
        today
    )
    .is_empty());
    assert!(
        stale(&with_documents(vec![record, other], max_age), today).is_empty(),
        "no certificate in the vault: nothing to say"
    );
    assert!(stale(&with_documents(Vec::new(), max_age), today).is_empty());
    let alone = stale(&with_documents(vec![old], max_age), today);
    assert_eq!(alone[0].severity, Severity::Warning);
}

#[test]
fn without_a_document_date_the_day_attached_counts_and_the_limit_is_the_settings() {
    let attached = date(2025, 3, 1);
    let case = with_documents(
        vec![document(7, DocumentType::Certificate, None, attached)],
        CertificateMaxAge {
            days: 30,
            set_by: MaxAgeSetBy::Profile,
        },
    );
    assert!(stale(&case, date(2025, 3, 31)).is_empty());
    let alert = &stale(&case, date(2025, 4, 1))[0];
    let zh = alert.message(Lang::Zh);
    assert!(
        zh.contains("没有填写开具日期，按添加日期 2025-03-01 计算"),
        "{zh}"
    );
    assert!(zh.contains("超过 30 天视为过期（成员的设定）"), "{zh}");
    let en = alert.message(Lang::En);
    assert!(
        en.contains("attached on 2025-03-01 (no issue date given)"),
        "{en}"
    );
    assert!(
        en.contains("older than 30 days is out of date (the profile's setting)"),
        "{en}"
    );
    // A new certificate makes it go away; the global limit is named as such.
    let mut renewed = case;
    renewed.documents.push(document(
        8,
        DocumentType::Certificate,
        Some(date(2025, 3, 25)),
        date(2025, 3, 26),
    ));
    assert!(stale(&renewed, date(2025, 4, 1)).is_empty());
    renewed.max_age = CertificateMaxAge {
        days: 5,
        set_by: MaxAgeSetBy::Global,
    };
    let alert = &stale(&renewed, date(2025, 4, 1))[0];
    assert!(alert.message(Lang::En).contains("(the global setting)"));
    assert!(alert.message(Lang::En).contains("document 8"));
}
