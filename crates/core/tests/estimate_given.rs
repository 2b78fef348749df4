//! The estimate with the inputs a person stores with the profile, on real SQLite files: a total
//! whatever the regional tables lack, the scenario table, the partial index. Every figure is
//! derived by hand in the comments.

use chrono::NaiveDate;
use shebao_core::analysis::standing::estimate::{InputSource, Note, RegionYears, WindowPoint};
use shebao_core::analysis::standing::given::{Change, GivenChanges};
use shebao_core::analysis::standing::{Index, InputName, Scenario};
use shebao_core::model::{
    Contribution, ContributionStatus, EmploymentCategory, Freshness, InsuranceKind, Money,
    NewProfile, Payer, Profile, Sex, SourceKind, YearMonth,
};
use shebao_core::profile_analysis::profile_standing;
use shebao_core::rules::Age;
use shebao_core::Store;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn add(store: &mut Store, new: NewProfile) -> Profile {
    store.add_profile(&new.validate().unwrap()).unwrap()
}

/// `n` self-paid pension months from `from` at `base` yuan, 8% of it credited.
fn pension_months(
    store: &mut Store,
    profile: &Profile,
    region: &str,
    from: YearMonth,
    n: i64,
    base: i64,
) {
    let source = store
        .ensure_source(SourceKind::File, "test.csv", None, Freshness::Weekly)
        .unwrap();
    let base = Money::from_yuan(base);
    let records: Vec<Contribution> = (0..n)
        .map(|i| Contribution {
            period_line: None,
            profile: profile.id,
            kind: InsuranceKind::Pension,
            month: from.add_months(i).unwrap(),
            region: Some(region.into()),
            payer: Payer::SelfPaid,
            base: Some(base),
            personal: base.scale(2000, 10_000),
            employer: Money::ZERO,
            credited: Some(base.scale(800, 10_000)),
            status: ContributionStatus::Paid,
            source,
        })
        .collect();
    store.write_contributions(&records).unwrap();
}

/// A man born 1970-01 insured in Beijing, whose tables have no 计发基数 and no wage for any
/// month: with his benefit base (¥12,000) and average index (0.8) stored, the estimate has a
/// total, and the scenario table is filled.
///
/// Retirement (M60, born 60 months after 1965-01): delay 60 ÷ 4 + 1 = 16 months, statutory
/// 61y4m in 2031-05; window from max(2031-05 − 36, 2030-01 at 60) = 2030-01 to 2034-05.
/// Paid: 12 months 2025-12…2026-11 at base ¥10,000, ¥800 credited each; today 2026-12-01. No
/// interest yet (2025's year end had no balance carried from 2024; 2026's has not come): the
/// account is 12 × 800 = ¥9,600.
#[test]
fn stored_inputs_give_a_total_and_the_scenario_table_whatever_the_tables_lack() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let profile = add(
        &mut store,
        NewProfile {
            name: "张伟".into(),
            sex: Some(Sex::Male),
            birth: Some(ym(1970, 1)),
            region: Some("110105".into()),
            employment: Some(EmploymentCategory::Flexible),
            ..Default::default()
        },
    );
    pension_months(&mut store, &profile, "110105", ym(2025, 12), 12, 10_000);
    let today = date(2026, 12, 1);
    let before = profile_standing(&store, &profile, today, Scenario::default()).unwrap();
    assert_eq!(
        before.estimate.total, None,
        "no benefit base, no wage: no total"
    );

    store
        .change_given_inputs(
            profile.id,
            &GivenChanges {
                benefit_base: Change::Set(Money::from_yuan(12_000)),
                average_index: Change::Set(Index(8_000)),
                ..Default::default()
            },
            date(2026, 11, 30),
        )
        .unwrap();
    let s = profile_standing(&store, &profile, today, Scenario::default()).unwrap();
    let e = &s.estimate;
    let used = e.scenario.as_ref().unwrap();
    assert_eq!((used.retirement_month, used.statutory), (ym(2031, 5), true));
    // 2026-12 … 2031-04: 1 + 48 + 4 = 53 future months, at the last base paid (no index given).
    assert_eq!(used.future_months, 53);
    assert_eq!(used.future_base, Some(Money::from_yuan(10_000)));
    // Index: the given 0.8 for the 12 paid months, the future months at it too (no wage to know
    // another): 0.8. Months 12 + 53 = 65.
    // Base part: 12,000 × (1 + 0.8) ÷ 2 × 65 ÷ 12 × 1% = 10,800 × 65 ÷ 1,200 = ¥585.00.
    assert_eq!(e.base_part, Some(Money::from_yuan(585)));
    // Account: 9,600 + 53 × 800 = ¥52,000; 计发月数 at 61y4m: 132 − (132 − 125) × 4 ÷ 12
    // = 129.67 → 129.7; 52,000 ÷ 129.7 = 400.925… → ¥400.93. Total ¥985.93.
    assert_eq!(e.account_part, Some(Money::from_fen(40_093)));
    assert_eq!(e.total, Some(Money::from_fen(98_593)));
    let source = |name: InputName| {
        e.inputs
            .iter()
            .find(|i| i.name == name)
            .unwrap()
            .source
            .clone()
    };
    assert_eq!(
        source(InputName::BenefitBase),
        InputSource::Entered {
            on: date(2026, 11, 30)
        }
    );
    assert_eq!(
        source(InputName::AverageIndex),
        InputSource::Entered {
            on: date(2026, 11, 30)
        }
    );
    // 2031 needs 180 + 6 × (2031 − 2029) = 192 months: the estimate says so itself.
    assert_eq!(
        e.notes,
        [
            Note::BelowMinimumYears {
                months: 65,
                required_months: 192
            },
            Note::FutureAtPastIndex
        ]
    );

    // The scenario table: 3 months × 4 indexes. Each future month's base is index × ¥12,000
    // (no wage for Beijing: the benefit base stands in), 8% of it credited.
    assert_eq!(e.scenarios.len(), 12);
    let cell = |retire: WindowPoint, index: u32| {
        e.scenarios
            .iter()
            .find(|c| c.retire == retire && c.future_index == Index(index))
            .unwrap()
    };
    // Earliest, 2030-01 at 60y0m: 2026-12 … 2029-12 = 37 future months, 49 in all, 计发月数
    // 139, minimum for 2030: 186 months. At index 0.6:
    //   index (0.8 × 12 + 0.6 × 37) ÷ 49 = 31.8 ÷ 49 = 0.64898 → 0.649
    //   base  12,000 × 1.649 ÷ 2 × 49 ÷ 1,200 = 404.005 → ¥404.01
    //   acct  (9,600 + 37 × 576) ÷ 139 = 30,912 ÷ 139 = 222.388 → ¥222.39; total ¥626.40
    let c = cell(WindowPoint::Earliest, 6_000);
    assert_eq!((c.retirement_month, c.age), (ym(2030, 1), Age::years(60)));
    assert_eq!(
        (c.months, c.required_months, c.meets_min_years),
        (49, 186, false)
    );
    assert_eq!(c.base_part, Some(Money::from_fen(40_401)));
    assert_eq!(c.account_part, Some(Money::from_fen(22_239)));
    assert_eq!(c.total, Some(Money::from_fen(62_640)));
    // Statutory, 2031-05, index 1: (9.6 + 53) ÷ 65 = 0.963077 → 0.9631;
    //   base 12,000 × 1.9631 ÷ 2 × 65 ÷ 1,200 = 638.0075 → ¥638.01
    //   acct (9,600 + 53 × 960) ÷ 129.7 = 60,480 ÷ 129.7 = 466.307 → ¥466.31; total ¥1,104.32
    let c = cell(WindowPoint::Statutory, 10_000);
    assert_eq!(c.total, Some(Money::from_fen(110_432)));
    assert_eq!(c.base_part, Some(Money::from_fen(63_801)));
    // Latest, 2034-05 at 64y4m: 89 future months, 101 in all; 计发月数 109 − 8 × 4 ÷ 12 =
    // 106.33 → 106.3; minimum for 2034: 180 + 6 × 5 = 210. Index 3:
    //   index (9.6 + 267) ÷ 101 = 2.738614 → 2.7386
    //   base 12,000 × 3.7386 ÷ 2 × 101 ÷ 1,200 = 1,887.993 → ¥1,887.99
    //   acct (9,600 + 89 × 2,880) ÷ 106.3 = 265,920 ÷ 106.3 = 2,501.599 → ¥2,501.60
    //   total ¥4,389.59
    let c = cell(WindowPoint::Latest, 30_000);
    assert_eq!(
        (c.retirement_month, c.age, c.months, c.required_months),
        (
            ym(2034, 5),
            Age {
                years: 64,
                months: 4
            },
            101,
            210
        )
    );
    assert_eq!(c.base_part, Some(Money::from_fen(188_799)));
    assert_eq!(c.account_part, Some(Money::from_fen(250_160)));
    assert_eq!(c.total, Some(Money::from_fen(438_959)));

    // A future index stored: the main estimate counts the future at it, with a note that the
    // base comes from the benefit base. Index 1: same figures as the statutory cell above.
    store
        .change_given_inputs(
            profile.id,
            &GivenChanges {
                future_index: Change::Set(Index(10_000)),
                ..Default::default()
            },
            today,
        )
        .unwrap();
    let e = profile_standing(&store, &profile, today, Scenario::default())
        .unwrap()
        .estimate;
    assert_eq!(e.total, Some(Money::from_fen(110_432)));
    assert!(e.notes.contains(&Note::BaseFromBenefitBase));
    // A stored retirement month inside the window is used; the earliest month's figures.
    store
        .change_given_inputs(
            profile.id,
            &GivenChanges {
                retirement_month: Change::Set(ym(2030, 1)),
                future_index: Change::Set(Index(6_000)),
                ..Default::default()
            },
            today,
        )
        .unwrap();
    let e = profile_standing(&store, &profile, today, Scenario::default())
        .unwrap()
        .estimate;
    assert_eq!(e.total, Some(Money::from_fen(62_640)));
    // One outside it is said, and the statutory month used.
    store
        .change_given_inputs(
            profile.id,
            &GivenChanges {
                retirement_month: Change::Set(ym(2029, 12)),
                ..Default::default()
            },
            today,
        )
        .unwrap();
    let e = profile_standing(&store, &profile, today, Scenario::default())
        .unwrap()
        .estimate;
    assert_eq!(e.scenario.unwrap().retirement_month, ym(2031, 5));
    assert!(e.notes.contains(&Note::RetirementMonthOutsideWindow {
        month: ym(2029, 12),
        earliest: ym(2030, 1),
        latest: ym(2034, 5)
    }));
}

/// Shanghai's base years start in July 2020 in the tables: a history from 2020-01 has six
/// months without a known wage. The index comes from the others, and the estimate says so.
///
/// A woman (original age 50) born 1976-03: F50, 14 months after 1975-01, delay 14 ÷ 2 + 1 = 8
/// months, statutory 50y8m in 2026-11: today 2026-12-01 nothing is left to pay.
#[test]
fn missing_years_leave_an_index_from_the_known_years_said_in_the_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let profile = add(
        &mut store,
        NewProfile {
            name: "李娜".into(),
            sex: Some(Sex::Female),
            birth: Some(ym(1976, 3)),
            region: Some("310104".into()),
            employment: Some(EmploymentCategory::Flexible),
            original_age: Some(50),
            ..Default::default()
        },
    );
    // 24 months 2020-01 … 2021-12 at ¥9,339.
    pension_months(&mut store, &profile, "310104", ym(2020, 1), 24, 9_339);
    let run = Scenario {
        benefit_base: Some(Money::from_yuan(12_000)),
        ..Default::default()
    };
    let s = profile_standing(&store, &profile, date(2026, 12, 1), run).unwrap();
    let e = &s.estimate;
    assert_eq!(e.scenario.as_ref().unwrap().future_months, 0);
    // 2020-01…06: no row (unknown). 2020-07…2021-06: 9,339 ÷ 9,339 = 1. 2021-07…12:
    // 9,339 ÷ 10,338 = 0.90336 → 0.9034. Mean over the 18 known months:
    // (12 × 1 + 6 × 0.9034) ÷ 18 = 17.4204 ÷ 18 = 0.96780 → 0.9678.
    let index = e
        .inputs
        .iter()
        .find(|i| i.name == InputName::AverageIndex)
        .unwrap();
    assert_eq!(serde_json::to_value(index.value).unwrap(), 0.9678);
    // Base part: 12,000 × 1.9678 ÷ 2 × 24 ÷ 12 × 1% = 236.136 → ¥236.14.
    assert_eq!(e.base_part, Some(Money::from_fen(23_614)));
    assert!(e.notes.contains(&Note::IndexFromYears {
        years: vec![2020, 2021],
        lacking: vec![RegionYears {
            region: "上海".into(),
            years: vec![2020]
        }]
    }));
    let label = e
        .notes
        .iter()
        .find(|n| matches!(n, Note::IndexFromYears { .. }))
        .unwrap()
        .label(shebao_core::Lang::En);
    assert!(label.starts_with("index from 2020–2021 only"), "{label}");

    // Her own average index wins over the partial one: 0.75 → 12,000 × 1.75 ÷ 2 × 2 × 1%
    // = ¥210.00, and the note is gone.
    store
        .change_given_inputs(
            profile.id,
            &GivenChanges {
                average_index: Change::Set(Index(7_500)),
                ..Default::default()
            },
            date(2026, 12, 1),
        )
        .unwrap();
    let e = profile_standing(&store, &profile, date(2026, 12, 1), run)
        .unwrap()
        .estimate;
    assert_eq!(e.base_part, Some(Money::from_yuan(210)));
    assert!(!e
        .notes
        .iter()
        .any(|n| matches!(n, Note::IndexFromYears { .. })));
    assert_eq!(e.transitional_part, None, "no deemed years given");

    // 视同缴费年限 5 years (60 months) at a coefficient of 1.2%: the transitional part is
    // 12,000 × 0.75 × 5 × 1.2% = ¥540.00, the deemed months count toward the years too:
    // base part 12,000 × 1.75 ÷ 2 × (24 + 60) ÷ 12 × 1% = 10,500 × 84 ÷ 1,200 = ¥735.00, and
    // the total is base + account + transitional.
    store
        .change_given_inputs(
            profile.id,
            &GivenChanges {
                deemed_months: Change::Set(60),
                transitional_coefficient: Change::Set(shebao_core::rules::BasisPoints(120)),
                ..Default::default()
            },
            date(2026, 12, 1),
        )
        .unwrap();
    let e = profile_standing(&store, &profile, date(2026, 12, 1), run)
        .unwrap()
        .estimate;
    assert_eq!(e.transitional_part, Some(Money::from_yuan(540)));
    assert_eq!(e.base_part, Some(Money::from_yuan(735)));
    let account = e.account_part.unwrap();
    assert_eq!(e.total, Some(Money::from_yuan(735 + 540) + account));
}
