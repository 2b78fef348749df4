//! The monthly basic pension estimate (国发〔2005〕38号):
//!
//! ```text
//! base part    = 计发基数 × (1 + average index) ÷ 2 × contribution years × 1%
//! account part = personal-account balance at retirement ÷ 计发月数 (for the retirement age)
//! ```
//!
//! with every input shown and where it came from. An input the rule tables do not have (a
//! region's 计发基数 or average wage) is *missing*, and the part that needs it is not computed:
//! the estimate says what is missing instead of inventing it. The user may give the 计发基数.
//!
//! A scenario says how the future goes: keep paying every month from today, at base index X
//! (else at the last base paid), until age Y (else the statutory age). Future interest is not
//! included (future crediting rates are unknown), nor is the transitional part (过渡性养老金: it
//! needs pre-account years and a provincial coefficient that the tables do not carry).

use super::account::Computed;
use crate::model::{Contribution, InsuranceKind, Money, Payer, YearMonth};
use crate::rules::{Age, BasisPoints, Citation, PensionDivisor, RegionTable, Retirement, RuleSet};
use crate::{Error, Result};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A contribution index (本人缴费基数 ÷ average wage) in ten-thousandths: 1.0 is 10 000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Index(pub u32);

impl Index {
    pub const ONE: u32 = 10_000;

    /// `base ÷ wage`, rounded half-up to a ten-thousandth.
    pub fn of(base: Money, wage: Money) -> Option<Index> {
        if wage <= Money::ZERO || base < Money::ZERO {
            return None;
        }
        let scaled = base.scale(i64::from(Self::ONE), wage.fen());
        u32::try_from(scaled.fen()).ok().map(Index)
    }
}

/// `0.6`, `1`, `1.2345`: as many decimals as needed, at most four.
impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / Self::ONE, self.0 % Self::ONE);
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{frac:04}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl Serialize for Index {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(Self::ONE) {
            s.serialize_u32(self.0 / Self::ONE)
        } else {
            s.serialize_f64(f64::from(self.0) / f64::from(Self::ONE))
        }
    }
}

impl FromStr for Index {
    type Err = String;

    /// `0.6`, `1`, `1.25`, or a percentage `60%`; up to four decimals of the index.
    fn from_str(input: &str) -> std::result::Result<Self, Self::Err> {
        let error = || format!("not an index: {input:?} (expected e.g. 0.6, 1, 1.5 or 60%)");
        let text = input.trim();
        let (number, scale) = match text.strip_suffix('%') {
            Some(percent) => (percent.trim(), 2),
            None => (text, 4),
        };
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > scale {
            return Err(error());
        }
        let whole: u32 = whole.parse().map_err(|_| error())?;
        let fraction: u32 = format!("{fraction:0<scale$}").parse().unwrap_or(0);
        let value = whole
            .checked_mul(10u32.pow(scale as u32))
            .and_then(|w| w.checked_add(fraction))
            .ok_or_else(error)?;
        // Five times the average wage is far beyond any ceiling (300%): a typo.
        if value == 0 || value > 5 * Self::ONE {
            return Err(error());
        }
        Ok(Index(value))
    }
}

/// What the user assumes about the future.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// Future months' base as a multiple of the average wage; `None`: the last base paid.
    pub index: Option<Index>,
    /// Retire (and stop paying) at this age; `None`: the statutory age.
    pub until_age: Option<Age>,
    /// 养老金计发基数 given by the user, used where the tables have none.
    pub benefit_base: Option<Money>,
}

/// The scenario as applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioUsed {
    pub retirement_month: YearMonth,
    pub age: Age,
    /// True when the statutory age was used.
    pub statutory: bool,
    /// Months from today's month to the month before retirement not already paid.
    pub future_months: u32,
    pub future_index: Option<Index>,
    pub future_base: Option<Money>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputName {
    /// 养老金计发基数
    BenefitBase,
    /// 平均缴费指数
    AverageIndex,
    /// 缴费年限, in months
    ContributionMonths,
    /// 个人账户储存额 at retirement
    AccountBalance,
    /// 计发月数
    PensionDivisor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InputValue {
    Money(Money),
    Index(Index),
    Months(u32),
    Divisor(PensionDivisor),
}

/// Where an input came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum InputSource {
    /// A rule table's figure, with its citation; `year` when it is one year's figure.
    Rule {
        citation: Citation,
        #[serde(skip_serializing_if = "Option::is_none")]
        year: Option<i32>,
    },
    /// Given by the user for this estimate.
    Given,
    /// Computed from the stored records (and the rules named in `rules`).
    Records { rules: Vec<Citation> },
    /// The account today (its lower bound: interest only where certain) plus the future
    /// months' credits at the scenario's base × the share in the tables, without future interest.
    AccountProjection {
        now: Money,
        as_of: chrono::NaiveDate,
        future_months: u32,
        monthly_credit: Money,
        rules: Vec<Citation>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    pub name: InputName,
    pub value: InputValue,
    pub source: InputSource,
}

/// An input the estimate needed and did not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum Missing {
    /// No birth month or sex on the profile: no retirement month, so no estimate.
    Retirement { need: Vec<&'static str> },
    /// The region's 养老金计发基数 is not in the tables.
    BenefitBase { region: String },
    /// The average wage is not in the tables for these regions and years (past months' index).
    AverageWage { regions: Vec<RegionYears> },
    /// Paid months without a base, so without an index.
    Base { months: u32 },
    /// The base of future months cannot be known (no base on record, or an index given but no
    /// current local average wage to apply it to).
    FutureBase,
    /// The index of future months: no index given and no current local average wage.
    FutureIndex { region: String },
    /// Paid months without a credited amount or base: the account balance is incomplete.
    Credits { months: u32 },
    /// No 计发月数 for this age.
    Divisor { age: Age },
}

/// A region (by its Chinese name, as in the tables) and the years it lacks a figure for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionYears {
    pub region: String,
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub scenario: Option<ScenarioUsed>,
    pub inputs: Vec<Input>,
    /// 基础养老金, monthly.
    pub base_part: Option<Money>,
    /// 个人账户养老金, monthly.
    pub account_part: Option<Money>,
    /// The sum, when both parts are known.
    pub total: Option<Money>,
    pub missing: Vec<Missing>,
}

/// Everything the estimate reads, gathered by the caller.
pub struct EstimateInput<'a> {
    pub rules: &'a RuleSet,
    /// The profile's region: its 计发基数 and today's average wage.
    pub region: &'a RegionTable,
    /// The profile's records (pension months give the index and the last base).
    pub records: &'a [Contribution],
    pub paid: &'a std::collections::BTreeSet<YearMonth>,
    pub today: YearMonth,
    /// The statutory retirement, `None` when birth month or sex is unknown.
    pub retirement: Option<&'a Retirement>,
    pub missing_profile_facts: Vec<&'static str>,
    /// The account balance today (low bound: no interest beyond what is certain).
    pub account_now: &'a Computed,
    pub scenario: Scenario,
}

/// The 1% per contribution year of the base-part formula, in basis points (国发〔2005〕38号).
const BASE_PART_RATE_BP: i64 = 100;

pub fn estimate(input: &EstimateInput<'_>) -> Result<Estimate> {
    let mut missing = Vec::new();
    let mut inputs = Vec::new();
    let Some(statutory) = input.retirement else {
        missing.push(Missing::Retirement {
            need: input.missing_profile_facts.clone(),
        });
        return Ok(Estimate {
            scenario: None,
            inputs,
            base_part: None,
            account_part: None,
            total: None,
            missing,
        });
    };
    let (retirement_month, age) = scenario_retirement(statutory, input.scenario.until_age)?;
    let future: Vec<YearMonth> = months_to_pay(input.paid, input.today, retirement_month);

    // The last paid pension base, and the payer that paid it, carry on when no index is given.
    let pension: Vec<&Contribution> = input
        .records
        .iter()
        .filter(|r| r.kind == InsuranceKind::Pension && r.status.counts_as_paid())
        .collect();
    let last_base = pension
        .iter()
        .rev()
        .find_map(|r| r.base.map(|b| (r.month, b)));
    let self_paid = pension.last().is_some_and(|r| r.payer == Payer::SelfPaid);
    let wage_now = input
        .region
        .contribution_base(input.today)
        .and_then(|b| b.average_wage_fen);
    let (future_index, future_base) = match (input.scenario.index, last_base, wage_now) {
        (Some(index), _, Some(wage)) => (
            Some(index),
            Some(wage.scale(i64::from(index.0), i64::from(Index::ONE))),
        ),
        (Some(index), _, None) => (Some(index), None),
        (None, Some((_, base)), wage) => (wage.and_then(|w| Index::of(base, w)), Some(base)),
        (None, None, _) => (None, None),
    };
    let scenario = ScenarioUsed {
        retirement_month,
        age,
        statutory: input.scenario.until_age.is_none(),
        future_months: future.len() as u32,
        future_index,
        future_base,
    };
    if !future.is_empty() && future_base.is_none() {
        missing.push(Missing::FutureBase);
    }

    let months = input.paid.len() as u32 + scenario.future_months;
    inputs.push(Input {
        name: InputName::ContributionMonths,
        value: InputValue::Months(months),
        source: InputSource::Records { rules: vec![] },
    });

    // Base part: 计发基数, average index, years.
    let benefit_base = match input.scenario.benefit_base {
        Some(given) => Some((given, InputSource::Given)),
        None => input.region.pension_benefit_base.last().map(|b| {
            (
                b.monthly_fen,
                InputSource::Rule {
                    citation: b.source.clone(),
                    year: Some(b.year),
                },
            )
        }),
    };
    match &benefit_base {
        Some((value, source)) => inputs.push(Input {
            name: InputName::BenefitBase,
            value: InputValue::Money(*value),
            source: source.clone(),
        }),
        None => missing.push(Missing::BenefitBase {
            region: input.region.region.name_zh.clone(),
        }),
    }
    let index = average_index(input, &future, future_index, &mut missing);
    if let Some((index, citation)) = &index {
        inputs.push(Input {
            name: InputName::AverageIndex,
            value: InputValue::Index(*index),
            source: InputSource::Records {
                rules: citation.iter().cloned().collect(),
            },
        });
    }
    let base_part = match (&benefit_base, &index) {
        (Some((base, _)), Some((index, _))) => Some(base_part(*base, *index, months)),
        _ => None,
    };

    // Account part: balance at retirement ÷ 计发月数.
    let national = &input.rules.national;
    let share = if self_paid {
        national.personal_account.flexible_account_share_bp
    } else {
        national.personal_account.employee_share(input.today)
    };
    let future_credits = future_base.map(|base| {
        base.scale(i64::from(share.bp()), i64::from(BasisPoints::WHOLE))
            .scale(future.len() as i64, 1)
    });
    let incomplete = input.account_now.incomplete_months.len() as u32;
    if incomplete > 0 {
        missing.push(Missing::Credits { months: incomplete });
    }
    let balance = match (future_credits, future.is_empty(), incomplete) {
        (_, _, n) if n > 0 => None,
        (Some(credits), _, _) => Some(input.account_now.low + credits),
        (None, true, _) => Some(input.account_now.low),
        (None, false, _) => None,
    };
    if let Some(balance) = balance {
        inputs.push(Input {
            name: InputName::AccountBalance,
            value: InputValue::Money(balance),
            source: InputSource::AccountProjection {
                now: input.account_now.low,
                as_of: input.account_now.as_of,
                future_months: future.len() as u32,
                monthly_credit: future_base
                    .map(|b| b.scale(i64::from(share.bp()), i64::from(BasisPoints::WHOLE)))
                    .unwrap_or_default(),
                rules: vec![
                    national.personal_account.source.clone(),
                    national.crediting_rates.source.clone(),
                ],
            },
        });
    }
    let divisor = match national.pension_divisor.divisor(age) {
        Ok(d) => {
            let mut citation = national.pension_divisor.source.clone();
            if age.months > 0 {
                citation = national.pension_divisor.interpolation.clone();
            }
            inputs.push(Input {
                name: InputName::PensionDivisor,
                value: InputValue::Divisor(d),
                source: InputSource::Rule {
                    citation,
                    year: None,
                },
            });
            Some(d)
        }
        Err(_) => {
            missing.push(Missing::Divisor { age });
            None
        }
    };
    let account_part = match (balance, divisor) {
        (Some(balance), Some(d)) => Some(balance.scale(10, i64::from(d.tenths()))),
        _ => None,
    };
    let total = base_part.zip(account_part).map(|(a, b)| a + b);
    Ok(Estimate {
        scenario: Some(scenario),
        inputs,
        base_part,
        account_part,
        total,
        missing,
    })
}

/// `base × (1 + index) ÷ 2 × months ÷ 12 × 1%`, in one exact step, rounded half-up to the fen.
pub fn base_part(benefit_base: Money, index: Index, months: u32) -> Money {
    let numerator = i64::from(Index::ONE + index.0) * i64::from(months) * BASE_PART_RATE_BP;
    let denominator = i64::from(Index::ONE) * 2 * 12 * i64::from(BasisPoints::WHOLE);
    benefit_base.scale(numerator, denominator)
}

/// The retirement month and age of the scenario: the statutory ones, or age Y within the
/// elastic window.
fn scenario_retirement(r: &Retirement, until: Option<Age>) -> Result<(YearMonth, Age)> {
    let Some(age) = until else {
        return Ok((r.retirement_month, r.age));
    };
    let month = r
        .born
        .add_months(i64::from(age.total_months()))
        .filter(|m| (r.earliest_flexible..=r.latest_flexible).contains(m))
        .ok_or(Error::OutsideElasticWindow {
            age,
            earliest: r.earliest_flexible,
            latest: r.latest_flexible,
        })?;
    Ok((month, age))
}

/// Months from `today` to the month before `retirement` that are not already paid.
pub fn months_to_pay(
    paid: &std::collections::BTreeSet<YearMonth>,
    today: YearMonth,
    retirement: YearMonth,
) -> Vec<YearMonth> {
    let mut months = Vec::new();
    let mut month = today;
    while month < retirement {
        if !paid.contains(&month) {
            months.push(month);
        }
        match month.next() {
            Some(next) => month = next,
            None => break,
        }
    }
    months
}

/// The mean over paid and future months of base ÷ that year's local average wage, each month
/// clamped to the base range of the national default table (60%–300%: bases outside it are not
/// allowed, so an index outside 0.6–3.0 is not counted). `None` (and a reason in `missing`) when
/// any month's index is unknown.
fn average_index(
    input: &EstimateInput<'_>,
    future: &[YearMonth],
    future_index: Option<Index>,
    missing: &mut Vec<Missing>,
) -> Option<(Index, Option<Citation>)> {
    let rules = input.rules;
    let flexible = rules.national_default().flexible_employment.as_ref();
    let bounds = flexible.and_then(|f| {
        Some((
            f.base_floor_percent? * (Index::ONE / 100),
            f.base_ceiling_percent? * (Index::ONE / 100),
        ))
    });
    let clamp = |i: Index| match bounds {
        Some((lo, hi)) => Index(i.0.clamp(lo, hi)),
        None => i,
    };
    // Bases per paid month (two payers in one month: their bases add up) and the region.
    let mut months: BTreeMap<YearMonth, (Option<Money>, Option<&str>)> = BTreeMap::new();
    for r in input.records {
        if r.kind != InsuranceKind::Pension || !r.status.counts_as_paid() {
            continue;
        }
        let entry = months.entry(r.month).or_insert((Some(Money::ZERO), None));
        entry.0 = entry.0.zip(r.base).map(|(a, b)| a + b);
        entry.1 = entry.1.or(r.region.as_deref());
    }
    let mut sum: u64 = 0;
    let mut count: u64 = 0;
    let mut no_base = 0u32;
    let mut no_wage: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    for (month, (base, region)) in &months {
        let table = match region {
            Some(code) => rules.region_for(code),
            None => input.region,
        };
        let wage = table
            .contribution_base(*month)
            .and_then(|b| b.average_wage_fen);
        match (base, wage) {
            (None, _) => no_base += 1,
            (Some(_), None) => {
                let years = no_wage.entry(table.region.name_zh.clone()).or_default();
                if !years.contains(&month.year()) {
                    years.push(month.year());
                }
            }
            (Some(base), Some(wage)) => match Index::of(*base, wage) {
                Some(i) => {
                    sum += u64::from(clamp(i).0);
                    count += 1;
                }
                None => no_base += 1,
            },
        }
    }
    let mut complete = true;
    if no_base > 0 {
        missing.push(Missing::Base { months: no_base });
        complete = false;
    }
    if !no_wage.is_empty() {
        missing.push(Missing::AverageWage {
            regions: no_wage
                .into_iter()
                .map(|(region, years)| RegionYears { region, years })
                .collect(),
        });
        complete = false;
    }
    if !future.is_empty() {
        match future_index {
            Some(i) => {
                sum += u64::from(clamp(i).0) * future.len() as u64;
                count += future.len() as u64;
            }
            None => {
                missing.push(Missing::FutureIndex {
                    region: input.region.region.name_zh.clone(),
                });
                complete = false;
            }
        }
    }
    if !complete || count == 0 {
        return None;
    }
    let mean = (sum + count / 2) / count;
    let citation = flexible.map(|f| f.source.clone());
    Some((Index(mean as u32), citation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_parses_decimals_and_percentages() {
        assert_eq!("0.6".parse::<Index>(), Ok(Index(6_000)));
        assert_eq!("1".parse::<Index>(), Ok(Index(10_000)));
        assert_eq!("1.2345".parse::<Index>(), Ok(Index(12_345)));
        assert_eq!("60%".parse::<Index>(), Ok(Index(6_000)));
        assert_eq!("300%".parse::<Index>(), Ok(Index(30_000)));
        assert_eq!("60.5%".parse::<Index>(), Ok(Index(6_050)));
        for bad in ["", "0", "-1", "1.23456", "abc", "6", "60.123%", ".5"] {
            assert!(bad.parse::<Index>().is_err(), "{bad}");
        }
        assert_eq!(Index(6_000).to_string(), "0.6");
        assert_eq!(Index(12_345).to_string(), "1.2345");
        assert_eq!(serde_json::to_string(&Index(10_000)).unwrap(), "1");
        assert_eq!(serde_json::to_string(&Index(6_000)).unwrap(), "0.6");
        assert_eq!(
            Index::of(Money::from_yuan(7_162), Money::from_yuan(11_937)),
            Some(Index(6_000))
        );
    }

    /// Hand-checked: 计发基数 ¥12,049, index 1.0, 15 years → 12,049 × 2 ÷ 2 × 15 × 1% = ¥1,807.35.
    /// Index 0.6, 20 years 6 months: 12,049 × 1.6 ÷ 2 × 20.5 × 1% = ¥1,976.036 → ¥1,976.04.
    #[test]
    fn base_part_by_hand() {
        let base = Money::from_yuan(12_049);
        assert_eq!(
            base_part(base, Index(10_000), 180),
            Money::from_fen(180_735)
        );
        assert_eq!(base_part(base, Index(6_000), 246), Money::from_fen(197_604));
    }
}
