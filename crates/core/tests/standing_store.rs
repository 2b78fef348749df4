//! Standing on real SQLite files in temp dirs: the demo profile and crafted histories, read back
//! through the store exactly as the CLI and the app read them.

use chrono::NaiveDate;
use shebao_core::analysis::standing::estimate::Note;
use shebao_core::analysis::standing::{BalanceStatus, Index, InputName, Missing, Scenario};
use shebao_core::demo::load_demo;
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

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("shebao.db")).unwrap();
    (dir, store)
}

fn add(store: &mut Store, new: NewProfile) -> Profile {
    store.add_profile(&new.validate().unwrap()).unwrap()
}

/// Monthly pension records from `from` for `n` months, base = `base(month)` yuan, self-paid.
fn pension_months(
    store: &mut Store,
    profile: &Profile,
    region: &str,
    from: YearMonth,
    n: i64,
    base: impl Fn(YearMonth) -> i64,
) {
    let source = store
        .ensure_source(SourceKind::File, "test.csv", None, Freshness::Weekly)
        .unwrap();
    let records: Vec<Contribution> = (0..n)
        .map(|i| {
            let month = from.add_months(i).unwrap();
            let base = Money::from_yuan(base(month));
            Contribution {
                period_line: None,
                profile: profile.id,
                kind: InsuranceKind::Pension,
                month,
                region: Some(region.into()),
                payer: Payer::SelfPaid,
                base: Some(base),
                personal: base.scale(2000, 10_000),
                employer: Money::ZERO,
                credited: Some(base.scale(800, 10_000)),
                status: ContributionStatus::Paid,
                source,
            }
        })
        .collect();
    store.write_contributions(&records).unwrap();
}

#[test]
fn the_demo_stands_where_its_history_says() {
    let (_dir, mut store) = open();
    let demo = load_demo(&mut store, ym(2026, 11)).unwrap().profile;
    let s = profile_standing(&store, &demo, date(2026, 11, 20), Scenario::default()).unwrap();
    assert_eq!(s.region.id, "hangzhou");
    let pension = &s.kinds[0];
    assert_eq!(
        (pension.kind, pension.months_paid),
        (InsuranceKind::Pension, 181)
    );
    assert_eq!(pension.years.to_string(), "15.08");

    // Born 1988-03, a man, no original age given: M60 by default, 63 years, 2051-03, 20 years.
    let r = s.retirement.as_ref().unwrap();
    assert_eq!(
        (r.month, r.group.as_str(), r.original_age),
        (ym(2051, 3), "M60", 60)
    );
    assert_eq!(r.min_contribution_years.months(), 240);
    let p = s.pension.as_ref().unwrap();
    assert_eq!(
        (p.months_paid, p.months_required, p.months_still_needed),
        (181, 240, 59)
    );
    // 59 more months paid from 2026-11: 2026-11 + 58 = 2031-09.
    assert_eq!(p.reached_in, Some(ym(2031, 9)));
    assert_eq!(p.months_short, 0);

    // Before 2016 there are no national rates, so the first balance cannot be judged; the
    // later ones follow the rates from the one before, as the demo reports them.
    let verdicts: Vec<BalanceStatus> = s.account.reconciliations.iter().map(|r| r.status).collect();
    assert_eq!(
        verdicts,
        [
            BalanceStatus::Unknown,
            BalanceStatus::Consistent,
            BalanceStatus::Consistent
        ]
    );
    assert_eq!(
        s.account.reconciliations[0].computed.years_without_rate,
        [2011, 2012, 2013, 2014, 2015]
    );
    assert_eq!(s.account.reconciliations[1].difference, None);

    // No 计发基数 or average wage for Hangzhou or Chengdu: the base part says so; the account
    // part is computable (balance + future credits at the last base) ÷ 计发月数 at 63 (117).
    let e = &s.estimate;
    assert_eq!(e.base_part, None);
    assert!(e
        .missing
        .iter()
        .any(|m| matches!(m, Missing::BenefitBase { region } if region == "杭州")));
    assert!(e
        .missing
        .iter()
        .any(|m| matches!(m, Missing::AverageWage { .. })));
    let scenario = e.scenario.as_ref().unwrap();
    assert_eq!(scenario.future_months, 292);
    assert_eq!(
        scenario.future_base,
        Some(Money::from_yuan(5_200)),
        "the 2026 flexible base"
    );
    let balance = e
        .inputs
        .iter()
        .find(|i| i.name == InputName::AccountBalance)
        .map(|i| serde_json::to_value(i.value).unwrap().as_i64().unwrap())
        .unwrap();
    // By hand from the demo's own figures: the reported 2024-12-31 balance ¥109,193.20
    // + 2025 interest at 1.50% ¥1,637.90 + 2025 credits 12 × ¥400 (8% of ¥5,000)
    // + 2026-01…10 credits 10 × ¥416 (8% of ¥5,200) = ¥119,791.10 today,
    // + 292 future months × ¥416 = ¥241,263.10.
    assert_eq!(s.account.current.low, Money::from_fen(11_979_110));
    assert_eq!(balance, 24_126_310);
    // ¥241,263.10 ÷ 117 = ¥2,062.0777… → ¥2,062.08.
    assert_eq!(e.account_part, Some(Money::from_fen(206_208)));
    assert_eq!(e.total, None, "no total without the base part");
}

/// Shanghai, a woman with original age 55 born 1975-05 (F55: 17 months of delay → 56y5m,
/// 2031-10), bases equal to each base year's average wage (index 1.0) from 2020-07 to 2025-06.
#[test]
fn a_complete_estimate_shows_every_input_and_checks_by_hand() {
    let (_dir, mut store) = open();
    let profile = add(
        &mut store,
        NewProfile {
            name: "王芳".into(),
            sex: Some(Sex::Female),
            birth: Some(ym(1975, 5)),
            region: Some("310104".into()),
            employment: Some(EmploymentCategory::Flexible),
            original_age: Some(55),
            ..Default::default()
        },
    );
    // Shanghai's base years run July–June: the 2020 year's wage from 2020-07 to 2021-06, …
    let wage = |m: YearMonth| match m.year() - i32::from(m.month() < 7) {
        2020 => 9_339,
        2021 => 10_338,
        2022 => 11_396,
        2023 => 12_183,
        _ => 12_307,
    };
    pension_months(&mut store, &profile, "310104", ym(2020, 7), 60, wage);
    let scenario = Scenario {
        index: Some(Index(10_000)),
        until_age: None,
        benefit_base: Some(Money::from_yuan(12_000)),
        ..Scenario::default()
    };
    let given = scenario;
    let s = profile_standing(&store, &profile, date(2025, 9, 10), given).unwrap();
    let r = s.retirement.as_ref().unwrap();
    assert_eq!(
        (r.month, r.age, r.group.as_str()),
        (
            ym(2031, 10),
            Age {
                years: 56,
                months: 5
            },
            "F55"
        )
    );
    let e = &s.estimate;
    assert!(e.missing.is_empty(), "{:?}", e.missing);
    let scenario = e.scenario.as_ref().unwrap();
    // 2025-09 … 2031-09: 73 months at index 1 × Shanghai's 2025 average wage ¥12,434.
    assert_eq!(scenario.future_months, 73);
    assert_eq!(scenario.future_base, Some(Money::from_yuan(12_434)));
    // 60 + 73 = 133 months at index 1.0: 12,000 × (1 + 1) ÷ 2 × 133/12 × 1% = ¥1,330.00.
    assert_eq!(e.base_part, Some(Money::from_yuan(1_330)));
    let value = |name: InputName| {
        e.inputs
            .iter()
            .find(|i| i.name == name)
            .map(|i| serde_json::to_value(i.value).unwrap())
            .unwrap()
    };
    assert_eq!(value(InputName::AverageIndex), 1);
    assert_eq!(value(InputName::ContributionMonths), 133);
    assert_eq!(value(InputName::BenefitBase), 1_200_000);
    // 计发月数 at 56y5m: 164 − (164 − 158) ÷ 12 × 5 = 161.5.
    assert_eq!(value(InputName::PensionDivisor), 161.5);
    // The account by hand, 8% of each month's base credited monthly (747.12 in the 2020 base
    // year, 827.04, 911.68, 974.64, 984.56 in the next ones), interest at each year end on the
    // balance carried from the year before (national rates 6.69%, 6.12%, 3.97%, 2.62%; rounded
    // to the fen each year; 2025's not yet, the lower bound):
    //   2020: 6 × 747.12                                        =  4,482.72
    //   2021: 4,482.72 + 299.89 + 6 × 747.12 + 6 × 827.04       = 14,227.57
    //   2022: 14,227.57 + 870.73 + 6 × 827.04 + 6 × 911.68      = 25,530.62
    //   2023: 25,530.62 + 1,013.57 + 6 × 911.68 + 6 × 974.64    = 37,862.11
    //   2024: 37,862.11 + 991.99 + 6 × 974.64 + 6 × 984.56      = 50,609.30
    //   2025-01…06: + 6 × 984.56                                = 56,516.66
    // then 73 future months × ¥994.72 (8% of ¥12,434)          = 72,614.56 → ¥129,131.22.
    assert_eq!(s.account.current.low, Money::from_fen(5_651_666));
    assert_eq!(value(InputName::AccountBalance), 12_913_122);
    // ¥129,131.22 ÷ 161.5 = ¥799.574… → ¥799.57; total ¥1,330.00 + ¥799.57.
    assert_eq!(e.account_part, Some(Money::from_fen(79_957)));
    assert_eq!(e.total, Some(Money::from_fen(212_957)));
    // Every month's wage is known (no partial index); but 133 months are below the minimum for
    // retiring in 2031, 180 + 6 × (2031 − 2029) = 192 months, and the estimate says so itself.
    assert_eq!(
        e.notes,
        [Note::BelowMinimumYears {
            months: 133,
            required_months: 192
        }]
    );

    // Retiring at 58 is inside the elastic window (2030-05 … 2034-10): 计发月数 152.
    let at_58 = Scenario {
        until_age: Some(Age::years(58)),
        ..given
    };
    let later = profile_standing(&store, &profile, date(2025, 9, 10), at_58).unwrap();
    let used = later.estimate.scenario.unwrap();
    assert_eq!(
        (used.retirement_month, used.statutory),
        (ym(2033, 5), false)
    );
    // Retiring at 50 is not allowed: a user error naming the window.
    let err = profile_standing(
        &store,
        &profile,
        date(2025, 9, 10),
        Scenario {
            until_age: Some(Age::years(50)),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "outside_elastic_window");
    assert!(err
        .message(shebao_core::Lang::En)
        .contains("2030-05 to 2034-10"));
}

#[test]
fn without_birth_month_or_sex_retirement_and_the_estimate_say_what_is_missing() {
    let (_dir, mut store) = open();
    let profile = add(
        &mut store,
        NewProfile {
            name: "无名".into(),
            ..Default::default()
        },
    );
    let s = profile_standing(&store, &profile, date(2026, 1, 1), Scenario::default()).unwrap();
    assert_eq!(s.retirement, None);
    assert_eq!(s.pension, None);
    assert_eq!(s.missing_profile_facts, ["birth", "sex"]);
    assert_eq!(s.region.id, "national", "no region: the national default");
    assert_eq!(
        s.estimate.missing,
        [Missing::Retirement {
            need: vec!["birth", "sex"]
        }]
    );
    assert!(s.estimate.missing[0]
        .label(shebao_core::Lang::Zh)
        .contains("出生年月和性别"));
}

#[test]
fn a_short_history_near_retirement_shows_the_shortfall() {
    let (_dir, mut store) = open();
    // A man born 1968-01 (M60, 12 months of delay… idx 36 → 36/4+1 = 10: 60y10m, 2028-11),
    // 2029 and before: 15 years required. 100 months paid.
    let profile = add(
        &mut store,
        NewProfile {
            name: "老张".into(),
            sex: Some(Sex::Male),
            birth: Some(ym(1968, 1)),
            ..Default::default()
        },
    );
    pension_months(&mut store, &profile, "510100", ym(2010, 1), 100, |_| 5_000);
    let s = profile_standing(&store, &profile, date(2026, 11, 1), Scenario::default()).unwrap();
    let r = s.retirement.as_ref().unwrap();
    assert_eq!(r.month, ym(2028, 11));
    let p = s.pension.unwrap();
    // 2026-11 … 2028-10: 24 months more at most → 124 of 180: 56 short.
    assert_eq!(
        (p.months_at_retirement, p.months_short, p.reached_in),
        (124, 56, None)
    );
    assert_eq!(p.months_still_needed, 80);
}
