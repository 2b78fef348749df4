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
//! included (future crediting rates are unknown). The person may store with the profile what
//! the tables lack (计发基数, their own 平均缴费指数, the future index, the retirement month,
//! 视同缴费年限 and 过渡系数 for the transitional part): see [`super::given`]. What the estimate
//! assumed or could not cover it says in `notes`; next to it, the scenario table (the window's
//! earliest, statutory and latest month × future index 0.6 / 1 / 2 / 3).

use super::account::Computed;
use super::given::GivenInputs;
use crate::model::{Contribution, InsuranceKind, Money, Payer, YearMonth};
use crate::rules::{Age, BasisPoints, Citation, PensionDivisor, RegionTable, Retirement, RuleSet};
use crate::{Error, Result};
use chrono::NaiveDate;
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

/// What the user assumes about the future, for this run (the command line's flags); what they
/// stored with the profile is in `given` and yields to these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// Future months' base as a multiple of the average wage; `None`: the stored future index,
    /// else the last base paid.
    pub index: Option<Index>,
    /// Retire (and stop paying) at this age; `None`: the stored month, else the statutory age.
    pub until_age: Option<Age>,
    /// 养老金计发基数 given for this run, used before the stored one and the tables'.
    pub benefit_base: Option<Money>,
    /// What the person stored with the profile.
    #[serde(skip)]
    pub given: GivenInputs,
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
    /// 平均缴费指数 over the whole career, future months included
    AverageIndex,
    /// The index of the months still to pay
    FutureIndex,
    /// 缴费年限, in months (视同缴费年限 included)
    ContributionMonths,
    /// 个人账户储存额 at retirement
    AccountBalance,
    /// 计发月数
    PensionDivisor,
    /// 视同缴费年限, in months
    DeemedMonths,
    /// 过渡系数
    TransitionalCoefficient,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InputValue {
    Money(Money),
    Index(Index),
    Months(u32),
    Divisor(PensionDivisor),
    Rate(BasisPoints),
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
    /// Given by the user for this run.
    Given,
    /// Entered by the user with the profile, on this day.
    Entered { on: NaiveDate },
    /// Computed from the stored records (and the rules named in `rules`).
    Records { rules: Vec<Citation> },
    /// The account today (its lower bound: interest only where certain) plus the future
    /// months' credits at the scenario's base × the share in the tables, without future interest.
    AccountProjection {
        now: Money,
        as_of: NaiveDate,
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
    /// The region's 养老金计发基数 is not in the tables and the person gave none.
    BenefitBase { region: String },
    /// No year's average wage is known for the months paid, and the person gave no average index.
    AverageWage { regions: Vec<RegionYears> },
    /// Paid months without a base, so without an index (and no average index given).
    Base { months: u32 },
    /// The base of future months cannot be known: no base on record and no index with a wage
    /// or benefit base to apply it to.
    FutureBase,
    /// The index of future months: none given, no current local average wage, no past index.
    FutureIndex { region: String },
    /// Paid months without a credited amount or base: the account balance is incomplete.
    Credits { months: u32 },
    /// No 计发月数 for this age.
    Divisor { age: Age },
}

/// What the estimate says about itself: the assumptions and limits of its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum Note {
    /// The index is the months-weighted mean of the years whose average wage is known only.
    IndexFromYears {
        years: Vec<i32>,
        lacking: Vec<RegionYears>,
    },
    /// The future months are counted at the past average index (no future index known).
    FutureAtPastIndex,
    /// No current local average wage: the future base is the index × the 计发基数 instead.
    BaseFromBenefitBase,
    /// The contribution years at retirement are below the minimum of that year: no pension
    /// is paid monthly until they are made up.
    BelowMinimumYears { months: u32, required_months: u32 },
    /// The stored retirement month is outside the elastic window: the statutory month is used.
    RetirementMonthOutsideWindow {
        month: YearMonth,
        earliest: YearMonth,
        latest: YearMonth,
    },
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
    /// 过渡性养老金, monthly, when 视同缴费年限 and the coefficient were given.
    pub transitional_part: Option<Money>,
    /// The sum, when the base and account parts are known.
    pub total: Option<Money>,
    pub missing: Vec<Missing>,
    pub notes: Vec<Note>,
    /// The same estimate at the earliest, statutory and latest month of the window, each at
    /// future index 0.6, 1, 2 and 3.
    pub scenarios: Vec<ScenarioCell>,
}

/// Which month of the elastic window a scenario retires in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowPoint {
    Earliest,
    Statutory,
    Latest,
}

/// One cell of the scenario table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioCell {
    pub retire: WindowPoint,
    pub retirement_month: YearMonth,
    pub age: Age,
    pub future_index: Index,
    pub base_part: Option<Money>,
    pub account_part: Option<Money>,
    pub total: Option<Money>,
    /// Contribution months at that retirement, 视同 included.
    pub months: u32,
    /// The minimum of the year of that retirement (retiring early needs that year's minimum).
    pub required_months: u32,
    pub meets_min_years: bool,
}

/// The future indexes of the scenario table.
pub const SCENARIO_INDEXES: [Index; 4] =
    [Index(6_000), Index(10_000), Index(20_000), Index(30_000)];

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

/// How one estimate retires and pays from now on.
#[derive(Debug, Clone, Copy)]
struct Choice {
    month: YearMonth,
    age: Age,
    statutory: bool,
    /// The future index as chosen (flag, stored, or a scenario's), with its source.
    index: Option<(Index, Src)>,
}

#[derive(Debug, Clone, Copy)]
enum Src {
    Given,
    Entered(NaiveDate),
}

impl Src {
    fn source(self) -> InputSource {
        match self {
            Src::Given => InputSource::Given,
            Src::Entered(on) => InputSource::Entered { on },
        }
    }
}

pub fn estimate(input: &EstimateInput<'_>) -> Result<Estimate> {
    let Some(statutory) = input.retirement else {
        return Ok(Estimate {
            scenario: None,
            inputs: vec![],
            base_part: None,
            account_part: None,
            transitional_part: None,
            total: None,
            missing: vec![Missing::Retirement {
                need: input.missing_profile_facts.clone(),
            }],
            notes: vec![],
            scenarios: vec![],
        });
    };
    let mut notes = Vec::new();
    let given = &input.scenario.given;
    let (month, age, is_statutory) = match (input.scenario.until_age, given.retirement_month) {
        (Some(age), _) => {
            let (month, age) = scenario_retirement(statutory, Some(age))?;
            (month, age, false)
        }
        (None, Some(stored)) => {
            let window = statutory.earliest_flexible..=statutory.latest_flexible;
            match age_at(statutory, stored.value) {
                Some(age) if window.contains(&stored.value) => (
                    stored.value,
                    age,
                    stored.value == statutory.retirement_month,
                ),
                _ => {
                    notes.push(Note::RetirementMonthOutsideWindow {
                        month: stored.value,
                        earliest: statutory.earliest_flexible,
                        latest: statutory.latest_flexible,
                    });
                    (statutory.retirement_month, statutory.age, true)
                }
            }
        }
        (None, None) => (statutory.retirement_month, statutory.age, true),
    };
    let index = match (input.scenario.index, given.future_index) {
        (Some(i), _) => Some((i, Src::Given)),
        (None, Some(e)) => Some((e.value, Src::Entered(e.entered_on))),
        (None, None) => None,
    };
    let choice = Choice {
        month,
        age,
        statutory: is_statutory,
        index,
    };
    let mut estimate = one(input, choice)?;
    notes.append(&mut estimate.notes);
    estimate.notes = notes;
    estimate.scenarios = scenarios(input, statutory)?;
    Ok(estimate)
}

/// The age at `month` of someone born as `r` says.
fn age_at(r: &Retirement, month: YearMonth) -> Option<Age> {
    u32::try_from(r.born.months_until(month))
        .ok()
        .map(Age::from_months)
}

/// The scenario table: the window's three months × [`SCENARIO_INDEXES`].
fn scenarios(input: &EstimateInput<'_>, r: &Retirement) -> Result<Vec<ScenarioCell>> {
    let mut cells = Vec::new();
    for (retire, month) in [
        (WindowPoint::Earliest, r.earliest_flexible),
        (WindowPoint::Statutory, r.retirement_month),
        (WindowPoint::Latest, r.latest_flexible),
    ] {
        let Some(age) = age_at(r, month) else {
            continue;
        };
        let required_months = input
            .rules
            .national
            .min_pension_contribution
            .for_year(month.year())
            .months();
        for index in SCENARIO_INDEXES {
            let e = one(
                input,
                Choice {
                    month,
                    age,
                    statutory: month == r.retirement_month,
                    index: Some((index, Src::Given)),
                },
            )?;
            let months = contribution_months(&e);
            cells.push(ScenarioCell {
                retire,
                retirement_month: month,
                age,
                future_index: index,
                base_part: e.base_part,
                account_part: e.account_part,
                total: e.total,
                months,
                required_months,
                meets_min_years: months >= required_months,
            });
        }
    }
    Ok(cells)
}

fn contribution_months(e: &Estimate) -> u32 {
    e.inputs
        .iter()
        .find_map(|i| match (i.name, i.value) {
            (InputName::ContributionMonths, InputValue::Months(m)) => Some(m),
            _ => None,
        })
        .unwrap_or(0)
}

/// One estimate for one retirement month and future index.
fn one(input: &EstimateInput<'_>, choice: Choice) -> Result<Estimate> {
    let mut missing = Vec::new();
    let mut notes = Vec::new();
    let mut inputs = Vec::new();
    let given = &input.scenario.given;
    let future: Vec<YearMonth> = months_to_pay(input.paid, input.today, choice.month);

    // Base part first: the 计发基数 also stands in for the wage when the tables have none.
    let benefit_base = match (input.scenario.benefit_base, given.benefit_base) {
        (Some(b), _) => Some((b, InputSource::Given)),
        (None, Some(e)) => Some((e.value, InputSource::Entered { on: e.entered_on })),
        (None, None) => input.region.pension_benefit_base.last().map(|b| {
            (
                b.monthly_fen,
                InputSource::Rule {
                    citation: b.source.clone(),
                    year: Some(b.year),
                },
            )
        }),
    };

    // The last paid pension base, and the payer that paid it, carry on when no index is given.
    let pension: Vec<&Contribution> = input
        .records
        .iter()
        .filter(|r| r.kind == InsuranceKind::Pension && r.status.counts_as_paid())
        .collect();
    let last_base = pension.iter().rev().find_map(|r| r.base);
    let self_paid = pension.last().is_some_and(|r| r.payer == Payer::SelfPaid);
    let wage_now = input
        .region
        .contribution_base(input.today)
        .and_then(|b| b.average_wage_fen);
    let apply = |index: Index, wage: Money| wage.scale(i64::from(index.0), i64::from(Index::ONE));
    let (future_index, future_base) = match (choice.index, last_base, wage_now) {
        (Some((index, _)), _, Some(wage)) => (Some(index), Some(apply(index, wage))),
        (Some((index, _)), _, None) => match &benefit_base {
            Some((base, _)) if !future.is_empty() => {
                notes.push(Note::BaseFromBenefitBase);
                (Some(index), Some(apply(index, *base)))
            }
            _ => (Some(index), None),
        },
        (None, Some(base), wage) => (wage.and_then(|w| Index::of(base, w)), Some(base)),
        (None, None, _) => (None, None),
    };
    let scenario = ScenarioUsed {
        retirement_month: choice.month,
        age: choice.age,
        statutory: choice.statutory,
        future_months: future.len() as u32,
        future_index,
        future_base,
    };
    if !future.is_empty() && future_base.is_none() {
        missing.push(Missing::FutureBase);
    }

    let deemed = given.deemed_months.map(|e| e.value).unwrap_or(0);
    let months = input.paid.len() as u32 + scenario.future_months + deemed;
    inputs.push(Input {
        name: InputName::ContributionMonths,
        value: InputValue::Months(months),
        source: InputSource::Records { rules: vec![] },
    });
    let required = input
        .rules
        .national
        .min_pension_contribution
        .for_year(choice.month.year())
        .months();
    if months < required {
        notes.push(Note::BelowMinimumYears {
            months,
            required_months: required,
        });
    }

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
    if let (Some(index), false) = (future_index, future.is_empty()) {
        let source = match choice.index {
            Some((_, src)) => src.source(),
            None => InputSource::Records { rules: vec![] },
        };
        inputs.push(Input {
            name: InputName::FutureIndex,
            value: InputValue::Index(index),
            source,
        });
    }
    let index = average_index(input, &future, future_index, &mut missing, &mut notes);
    if let Some((index, source)) = &index {
        inputs.push(Input {
            name: InputName::AverageIndex,
            value: InputValue::Index(*index),
            source: source.clone(),
        });
    }
    let base_part = match (&benefit_base, &index) {
        (Some((base, _)), Some((index, _))) => Some(base_part(*base, *index, months)),
        _ => None,
    };

    // Transitional part: 计发基数 × average index × 视同缴费年限 × 过渡系数.
    let transitional_part = match (
        &benefit_base,
        &index,
        given.deemed_months,
        given.transitional_coefficient,
    ) {
        (Some((base, _)), Some((index, _)), Some(d), Some(c)) => {
            inputs.push(Input {
                name: InputName::DeemedMonths,
                value: InputValue::Months(d.value),
                source: InputSource::Entered { on: d.entered_on },
            });
            inputs.push(Input {
                name: InputName::TransitionalCoefficient,
                value: InputValue::Rate(c.value),
                source: InputSource::Entered { on: c.entered_on },
            });
            Some(transitional_part(*base, *index, d.value, c.value))
        }
        _ => None,
    };

    // Account part: balance at retirement ÷ 计发月数.
    let national = &input.rules.national;
    let share = if self_paid {
        Some(national.personal_account.flexible_account_share_bp)
    } else {
        national.personal_account.employee_share(input.today)
    };
    let monthly_credit = future_base
        .zip(share)
        .map(|(b, share)| b.scale(i64::from(share.bp()), i64::from(BasisPoints::WHOLE)));
    let future_credits = monthly_credit.map(|c| c.scale(future.len() as i64, 1));
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
                monthly_credit: monthly_credit.unwrap_or_default(),
                rules: vec![
                    national.personal_account.source.clone(),
                    national.crediting_rates.source.clone(),
                ],
            },
        });
    }
    let divisor = match national.pension_divisor.divisor(choice.age) {
        Ok(d) => {
            let citation = national.pension_divisor.citation(choice.age).clone();
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
            missing.push(Missing::Divisor { age: choice.age });
            None
        }
    };
    let account_part = match (balance, divisor) {
        (Some(balance), Some(d)) => Some(balance.scale(10, i64::from(d.tenths()))),
        _ => None,
    };
    let total = base_part
        .zip(account_part)
        .map(|(a, b)| a + b + transitional_part.unwrap_or_default());
    Ok(Estimate {
        scenario: Some(scenario),
        inputs,
        base_part,
        account_part,
        transitional_part,
        total,
        missing,
        notes,
        scenarios: vec![],
    })
}

/// `base × (1 + index) ÷ 2 × months ÷ 12 × 1%`, in one exact step, rounded half-up to the fen.
pub fn base_part(benefit_base: Money, index: Index, months: u32) -> Money {
    let numerator = i64::from(Index::ONE + index.0) * i64::from(months) * BASE_PART_RATE_BP;
    let denominator = i64::from(Index::ONE) * 2 * 12 * i64::from(BasisPoints::WHOLE);
    benefit_base.scale(numerator, denominator)
}

/// `base × index × deemed months ÷ 12 × coefficient`, in one exact step, rounded half-up: the
/// form most provinces use for 过渡性养老金 (their own rules may add a 视同缴费指数).
pub fn transitional_part(
    benefit_base: Money,
    index: Index,
    deemed_months: u32,
    coefficient: BasisPoints,
) -> Money {
    let numerator = i64::from(index.0) * i64::from(deemed_months) * i64::from(coefficient.bp());
    let denominator = i64::from(Index::ONE) * 12 * i64::from(BasisPoints::WHOLE);
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

/// The whole-career index: the past months' index (the person's own average when they gave
/// one, else each paid month's base ÷ that year's local average wage, clamped to 60%–300% of
/// the national default table, over the months whose wage is known) and the future months at
/// the future index (else at the past average, said in a note), weighted by months.
fn average_index(
    input: &EstimateInput<'_>,
    future: &[YearMonth],
    future_index: Option<Index>,
    missing: &mut Vec<Missing>,
    notes: &mut Vec<Note>,
) -> Option<(Index, InputSource)> {
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
    let paid_months = input.paid.len() as u64;
    let (past, source) = match input.scenario.given.average_index {
        Some(e) => (
            Some((e.value, paid_months)),
            InputSource::Entered { on: e.entered_on },
        ),
        None => (
            past_index(input, &clamp, missing, notes),
            InputSource::Records {
                rules: flexible.map(|f| f.source.clone()).into_iter().collect(),
            },
        ),
    };
    let (mut sum, mut count) = match past {
        Some((index, months)) => (u64::from(index.0) * months, months),
        None => (0, 0),
    };
    if !future.is_empty() {
        match (future_index, past) {
            (Some(i), _) => {
                sum += u64::from(clamp(i).0) * future.len() as u64;
                count += future.len() as u64;
            }
            (None, Some(_)) => notes.push(Note::FutureAtPastIndex),
            (None, None) => missing.push(Missing::FutureIndex {
                region: input.region.region.name_zh.clone(),
            }),
        }
    }
    if past.is_none() || count == 0 {
        return None;
    }
    let mean = (sum + count / 2) / count;
    Some((Index(mean as u32), source))
}

/// The paid months' mean index and how many months it covers, from the years whose average
/// wage is known (a note names them when some are not); `None` when no month's is known.
fn past_index(
    input: &EstimateInput<'_>,
    clamp: &dyn Fn(Index) -> Index,
    missing: &mut Vec<Missing>,
    notes: &mut Vec<Note>,
) -> Option<(Index, u64)> {
    let rules = input.rules;
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
    let mut known_years: Vec<i32> = Vec::new();
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
                    if !known_years.contains(&month.year()) {
                        known_years.push(month.year());
                    }
                }
                None => no_base += 1,
            },
        }
    }
    let lacking: Vec<RegionYears> = no_wage
        .into_iter()
        .map(|(region, years)| RegionYears { region, years })
        .collect();
    if count == 0 {
        if no_base > 0 {
            missing.push(Missing::Base { months: no_base });
        }
        if !lacking.is_empty() {
            missing.push(Missing::AverageWage { regions: lacking });
        }
        return None;
    }
    if no_base > 0 || !lacking.is_empty() {
        notes.push(Note::IndexFromYears {
            years: known_years,
            lacking,
        });
    }
    Some((Index(((sum + count / 2) / count) as u32), count))
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
