//! National and regional rule tables and the pure functions on them.
//!
//! Rules are data with sources: every figure (retirement schedule, minimum years, 计发月数,
//! crediting rates, regional bases) lives in a JSON table under `assets/rules/` with its source,
//! date and confidence, and `docs/rules.md` explains each one. The code here knows the *shape* of
//! each rule — how a delay is computed, how 计发月数 is interpolated — and never a figure.
//! Unknown values are `None`, never invented, so callers can say "not known".

mod account;
mod age;
mod citation;
mod elastic;
mod error;
mod min_years;
mod pension_divisor;
mod rate;
mod region;
mod retirement;
mod tables;

pub use account::{CreditingRate, CreditingRates, PersonalAccount, RateStatus, SharePeriod};
pub use age::Age;
pub use citation::{Citation, Confidence};
pub use elastic::ElasticRule;
pub use error::RulesError;
pub use min_years::{ContributionYears, MinYearsRule};
pub use pension_divisor::{PensionDivisor, PensionDivisorTable};
pub use rate::BasisPoints;
pub use region::{
    BenefitBase, ContributionBase, FlexibleEmployment, MedicalMinYears, MedicalScheme,
    MedicalWaiting, RegionInfo, RegionTable,
};
pub use retirement::{Retirement, RetirementSchedule, ScheduleGroup};
pub use tables::{NationalTable, RuleSet, NATIONAL_DEFAULT, SCHEMA};

use crate::model::{Sex, YearMonth};
use crate::Result;

/// Statutory retirement by the bundled tables; see [`RuleSet::retirement`].
pub fn retirement(born: YearMonth, sex: Sex, original_age: Option<u32>) -> Result<Retirement> {
    RuleSet::bundled().retirement(born, sex, original_age)
}

/// 计发月数 for a retirement age by the bundled tables; see [`PensionDivisorTable::divisor`].
pub fn pension_divisor(age: Age) -> Result<PensionDivisor> {
    RuleSet::bundled().national.pension_divisor.divisor(age)
}
