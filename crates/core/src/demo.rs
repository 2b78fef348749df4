//! A clearly fictional person with a realistic history, for first-run exploration and tests.
//!
//! About fifteen years: an employee in Chengdu from 2011-07, a move to Hangzhou in 2018-07,
//! flexible employment (灵活就业, paying pension and medical themselves) from 2022-01 with a
//! three-month gap in 2023-04…06 (the last of them owed), one back payment (2022-09), the
//! housing fund while employed, and a few reported balances. The rates and bases are
//! plausible demo values, not rules: real figures live in the rule tables.

use crate::analysis::standing::account::{roll, Anchor, Credits};
use crate::model::{
    BalanceOrigin, BalanceSnapshot, Contribution, ContributionStatus, EmploymentCategory,
    Freshness, InsuranceKind, Money, NewProfile, Payer, Profile, Sex, SourceKind, YearMonth,
};
use crate::rules::RuleSet;
use crate::store::WriteReport;
use crate::{Result, Store};
use chrono::NaiveDate;
use serde::Serialize;

/// The demo profile's name; "示例" (example) says it is not a real person.
pub const DEMO_PROFILE_NAME: &str = "李明（示例）";
pub const DEMO_SOURCE_NAME: &str = "演示数据 · Demo data";

const CHENGDU: &str = "510100";
const HANGZHOU: &str = "330100";
const CHENGDU_EMPLOYER: &str = "成都蓉城云图软件有限公司（示例）";
const HANGZHOU_EMPLOYER: &str = "杭州西溪数智科技有限公司（示例）";

#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    pub profile: Profile,
    pub contributions: WriteReport,
}

/// Creates the demo profile (or finds it) and writes its history up to the month before
/// `today`. Running it again changes nothing.
pub fn load_demo(store: &mut Store, today: YearMonth) -> Result<DemoReport> {
    let profile = match store.profile_by_name(DEMO_PROFILE_NAME)? {
        Some(existing) => existing,
        None => store.add_profile(
            &NewProfile {
                name: DEMO_PROFILE_NAME.into(),
                sex: Some(Sex::Male),
                birth: YearMonth::new(1988, 3),
                region: Some(HANGZHOU.into()),
                employment: Some(EmploymentCategory::Flexible),
                ..Default::default()
            }
            .validate()?,
        )?,
    };
    let source = store.ensure_source(
        SourceKind::Manual,
        DEMO_SOURCE_NAME,
        None,
        Freshness::Weekly,
    )?;
    let records = history(profile.id, source, today.add_months(-1).unwrap_or(today));
    let contributions = store.write_contributions(&records)?;
    store.mark_synced(source, chrono::Utc::now())?;
    for balance in balances(profile.id, source, &records) {
        store.write_balance(&balance)?;
    }
    Ok(DemoReport {
        profile,
        contributions,
    })
}

/// Rates in basis points of the base: (personal, employer, credited to the personal account).
fn rates(kind: InsuranceKind, month: YearMonth, flexible: bool) -> (i64, i64, Option<i64>) {
    use InsuranceKind::*;
    match (kind, flexible) {
        (Pension, true) => (2000, 0, Some(800)),
        (Medical, true) => (900, 0, None),
        // The employer's pension rate fell from 20% to 16% in 2019-05.
        (Pension, false) => (
            800,
            if month < ym(2019, 5) { 2000 } else { 1600 },
            Some(800),
        ),
        (Medical, false) => (200, 800, Some(200)),
        (Unemployment, false) => (50, 50, None),
        (WorkInjury, false) => (0, 40, None),
        (Maternity, false) => (0, 80, None),
        (HousingFund, false) => (1200, 1200, Some(2400)),
        _ => (0, 0, None),
    }
}

fn ym(year: i32, month: u32) -> YearMonth {
    YearMonth::new(year, month).expect("valid demo month")
}

/// The monthly base in yuan: salaries grow each year; the flexible base is about 60% of the
/// local average wage.
fn base(month: YearMonth, flexible: bool) -> Money {
    let years = i64::from(month.year() - 2011);
    let yuan = match (flexible, month < ym(2018, 7)) {
        (true, _) => 4_400 + 200 * i64::from(month.year() - 2022),
        (false, true) => 3_200 + 420 * years,
        (false, false) => 9_000 + 600 * (years - 7),
    };
    Money::from_yuan(yuan)
}

fn history(profile: i64, source: i64, end: YearMonth) -> Vec<Contribution> {
    let mut records = Vec::new();
    let mut month = ym(2011, 7);
    while month <= end {
        let flexible = month >= ym(2022, 1);
        let (region, payer) = if month < ym(2018, 7) {
            (CHENGDU, Payer::Employer(CHENGDU_EMPLOYER.into()))
        } else if !flexible {
            (HANGZHOU, Payer::Employer(HANGZHOU_EMPLOYER.into()))
        } else {
            (HANGZHOU, Payer::SelfPaid)
        };
        let status = match month {
            m if m == ym(2023, 4) || m == ym(2023, 5) => None, // nothing paid, nothing owed on record
            m if m == ym(2023, 6) => Some(ContributionStatus::Owed),
            m if m == ym(2022, 9) => Some(ContributionStatus::BackPaid),
            _ => Some(ContributionStatus::Paid),
        };
        for &kind in InsuranceKind::ALL {
            let (personal, employer, credited) = rates(kind, month, flexible);
            let Some(status) = status.filter(|_| personal + employer > 0) else {
                continue;
            };
            let base = base(month, flexible);
            records.push(Contribution {
                period_line: None,
                profile,
                kind,
                month,
                region: Some(region.into()),
                payer: payer.clone(),
                base: Some(base),
                personal: base.scale(personal, 10_000),
                employer: base.scale(employer, 10_000),
                // Nothing reaches the account for a month that was not paid.
                credited: credited
                    .filter(|_| status.counts_as_paid())
                    .map(|bp| base.scale(bp, 10_000)),
                status,
                source,
            });
        }
        month = month.next().expect("demo months are in range");
    }
    records
}

/// Year-end balances as an official statement would report them. A later pension balance
/// follows the national crediting rates from the one before (the midpoint of the core's own
/// bounds), so the demo shows no 余额不符 it did not mean to; the first, and the other kinds,
/// get a plausible 3% a year on the credited amounts.
fn balances(profile: i64, source: i64, records: &[Contribution]) -> Vec<BalanceSnapshot> {
    let rules = RuleSet::bundled();
    let credits = Credits::of(records, &rules.national);
    let mut pension_anchor: Option<Anchor> = None;
    let reported = [
        (InsuranceKind::Pension, 2015),
        (InsuranceKind::Pension, 2020),
        (InsuranceKind::Pension, 2024),
        (InsuranceKind::Medical, 2024),
        (InsuranceKind::HousingFund, 2021),
    ];
    reported
        .iter()
        .filter_map(|&(kind, year)| {
            let last_month = records
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| r.month)
                .max()?;
            if last_month.year() < year {
                return None;
            }
            let as_of = NaiveDate::from_ymd_opt(year, 12, 31)?;
            let amount = match pension_anchor.filter(|_| kind == InsuranceKind::Pension) {
                Some(anchor) => {
                    let computed = roll(
                        &credits,
                        &rules.national.crediting_rates,
                        Some(anchor),
                        as_of,
                    )
                    .ok()?;
                    let high = computed.high.unwrap_or(computed.low);
                    (computed.low + high).scale(1, 2)
                }
                None => {
                    let mut amount = Money::ZERO;
                    for y in 2011..=year {
                        amount = amount.scale(10_300, 10_000); // 3% a year on last year's balance
                        amount += records
                            .iter()
                            .filter(|r| {
                                r.kind == kind && r.month.year() == y && r.status.counts_as_paid()
                            })
                            .filter_map(|r| r.credited)
                            .sum();
                    }
                    amount
                }
            };
            if kind == InsuranceKind::Pension {
                pension_anchor = Some(Anchor { as_of, amount });
            }
            Some(BalanceSnapshot {
                profile,
                kind,
                as_of,
                amount,
                origin: BalanceOrigin::Reported,
                source,
            })
        })
        .collect()
}
