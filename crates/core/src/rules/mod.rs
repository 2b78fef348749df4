//! National and regional rule tables and the pure functions on them.
//!
//! Rules are data with sources: every figure (retirement schedule, minimum years, 计发月数,
//! crediting rates, regional bases) lives in a JSON table under `assets/rules/` with its source,
//! date and confidence, and `docs/rules.md` explains each one. The code here knows the *shape* of
//! each rule — how a delay is computed, how 计发月数 is interpolated — and never a figure.
//! Unknown values are `None`, never invented, so callers can say "not known".
//!
//! The bundled tables can be replaced by a newer set signed with the project's key
//! ([`update()`]); [`ActiveRules`] says which set is in use for a database, and why.

mod account;
mod active;
mod age;
mod citation;
mod elastic;
mod error;
mod hex;
mod manifest;
mod min_years;
mod pension_divisor;
mod publish;
mod rate;
mod region;
mod retirement;
mod tables;
mod trust;
mod update;
mod version;

pub use account::{CreditingRate, CreditingRates, PersonalAccount, RateStatus, SharePeriod};
pub use active::{override_path, ActiveRules, Origin, SetAside};
pub use age::Age;
pub use citation::{Citation, Confidence};
/// The key types of the signatures above, so callers need not depend on ed25519-dalek themselves.
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use elastic::ElasticRule;
pub use error::RulesError;
pub use manifest::{sha256_hex, Manifest, ManifestFile, MANIFEST_FORMAT, MAX_FILES, NATIONAL_FILE};
pub use min_years::{ContributionYears, MinYearsRule};
pub use pension_divisor::{PensionDivisor, PensionDivisorTable};
pub use publish::Release;
pub use rate::BasisPoints;
pub use region::{
    BenefitBase, ContributionBase, FlexibleEmployment, MedicalMinYears, MedicalScheme,
    MedicalWaiting, RegionInfo, RegionTable,
};
pub use retirement::{Retirement, RetirementSchedule, ScheduleGroup};
pub use tables::{NationalTable, RuleSet, NATIONAL_DEFAULT, SCHEMA};
pub use trust::{public_key_from_hex, public_key_hex, signing_key_from_pem, TrustedKeys, TEST_KEY};
pub use update::{update, update_url, UpdateOutcome, DEFAULT_URL, URL_ENV};
pub use version::RulesVersion;

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
