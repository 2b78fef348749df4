//! Regional rule tables: a city's (or the national default's) contribution bases, flexible
//! employment rates, medical-insurance minimum years and waiting periods.
//!
//! Only figures that the reference material gives with a source are here. Everything else is
//! `None` or an empty list — unknown, never guessed — so the app can say "not known for this city,
//! check with your city" instead of showing a made-up number. `not_included` says what was seen
//! but left out, and why.

use super::{BasisPoints, Citation, RulesVersion};
use crate::model::{Money, YearMonth};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionTable {
    pub schema: u32,
    pub version: RulesVersion,
    pub region: RegionInfo,
    /// Yearly base limits, oldest first; empty when none is known.
    pub contribution_bases: Vec<ContributionBase>,
    /// Yearly 养老金计发基数 (the wage used in the pension formula), oldest first.
    pub pension_benefit_base: Vec<BenefitBase>,
    pub flexible_employment: Option<FlexibleEmployment>,
    pub employee_medical_min_years: Option<MedicalMinYears>,
    pub medical_waiting: Vec<MedicalWaiting>,
    /// Figures seen in the reference material but left out (unsourced or unverified), and why.
    pub not_included: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionInfo {
    /// Stable short id: `beijing`, `shanghai`, …, `national`.
    pub id: String,
    /// GB/T 2260 code of the city or province-level city; `None` for the national default.
    pub code: Option<String>,
    pub name_zh: String,
    pub name_en: String,
}

/// Monthly base limits for one base year (often July–June), all in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionBase {
    pub year: i32,
    /// First and last month the limits apply to, where the source says.
    pub from: Option<YearMonth>,
    pub to: Option<YearMonth>,
    /// 全口径城镇单位就业人员平均工资, monthly.
    pub average_wage_fen: Option<Money>,
    pub floor_fen: Option<Money>,
    pub ceiling_fen: Option<Money>,
    pub source: Citation,
}

/// 养老金计发基数 for one year, in fen per month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitBase {
    pub year: i32,
    pub monthly_fen: Money,
    pub source: Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlexibleEmployment {
    /// The chosen base's range, in percent of the average wage (60–300 nationally).
    pub base_floor_percent: Option<u32>,
    pub base_ceiling_percent: Option<u32>,
    pub pension_rate_bp: Option<BasisPoints>,
    pub medical_rate_bp: Option<BasisPoints>,
    pub source: Citation,
}

/// Employee medical insurance: years needed at retirement to keep cover without paying on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalMinYears {
    pub men_years: Option<u32>,
    pub women_years: Option<u32>,
    /// When the figures above are fully in force (they may step up to it).
    pub reached_by: Option<YearMonth>,
    /// Of those, years that must be paid in this city.
    pub local_paid_years: Option<u32>,
    pub source: Citation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MedicalScheme {
    /// 职工医保 (employees, and flexible workers who join it).
    Employee,
    /// 城乡居民医保.
    Resident,
}

/// How long cover waits after (re)joining following a gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalWaiting {
    pub scheme: MedicalScheme,
    pub fixed_months: u32,
    /// Added per year of gap (residents: 1).
    pub variable_months_per_gap_year: Option<u32>,
    /// Variable months removed per year back-paid.
    pub back_paid_year_removes_months: Option<u32>,
    /// After a gap of at least `long_gap_years`, the wait is never below `long_gap_min_months`.
    pub long_gap_years: Option<u32>,
    pub long_gap_min_months: Option<u32>,
    /// No wait at all when cover resumes within this many months (Shanghai: 3).
    pub waived_if_resumed_within_months: Option<u32>,
    pub source: Citation,
}

impl RegionTable {
    /// Does this region cover the GB/T 2260 code `code` (a district, city or province code)?
    /// A province-level code (`110000`) covers its first two digits, a city code (`440100`) its
    /// first four. The national default covers nothing by itself.
    pub fn covers(&self, code: &str) -> bool {
        let Some(own) = &self.region.code else {
            return false;
        };
        let prefix = if own.ends_with("0000") {
            &own[..2]
        } else {
            &own[..4]
        };
        code.len() == 6 && code.starts_with(prefix)
    }

    /// The base limits in force in `month`: the row whose months contain it. A base year often
    /// runs July–June, so a row whose months the source did not state is never applied to its
    /// calendar year: it is unknown. A row with a first month but no last runs 12 months (the
    /// length of a base year; the next notice follows).
    pub fn contribution_base(&self, month: YearMonth) -> Option<&ContributionBase> {
        self.contribution_bases
            .iter()
            .find(|b| match (b.from, b.to) {
                (Some(from), Some(to)) => from <= month && month <= to,
                (Some(from), None) => (0..12).contains(&from.months_until(month)),
                _ => false,
            })
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        let info = &self.region;
        if info.id.is_empty() || info.name_zh.is_empty() || info.name_en.is_empty() {
            return Err("region id and names must not be empty".into());
        }
        if let Some(code) = &info.code {
            let city_or_province = code.ends_with("00");
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) || !city_or_province {
                return Err(format!(
                    "region.code {code:?} is not a 6-digit city or province code"
                ));
            }
        }
        for pair in self.contribution_bases.windows(2) {
            if pair[1].year <= pair[0].year {
                return Err("contribution_bases must be in increasing years".into());
            }
        }
        for base in &self.contribution_bases {
            base.validate()
                .map_err(|e| format!("contribution_bases {}: {e}", base.year))?;
        }
        for pair in self.pension_benefit_base.windows(2) {
            if pair[1].year <= pair[0].year {
                return Err("pension_benefit_base must be in increasing years".into());
            }
        }
        for base in &self.pension_benefit_base {
            if base.monthly_fen <= Money::ZERO {
                return Err(format!("pension_benefit_base {}: not positive", base.year));
            }
            base.source.validate()?;
        }
        if let Some(flex) = &self.flexible_employment {
            if let (Some(lo), Some(hi)) = (flex.base_floor_percent, flex.base_ceiling_percent) {
                if lo > hi {
                    return Err("flexible_employment: floor above ceiling".into());
                }
            }
            flex.source.validate()?;
        }
        if let Some(medical) = &self.employee_medical_min_years {
            medical.source.validate()?;
        }
        for waiting in &self.medical_waiting {
            waiting.source.validate()?;
        }
        Ok(())
    }
}

impl ContributionBase {
    fn validate(&self) -> Result<(), String> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if to < from {
                return Err("to is before from".into());
            }
        }
        let known: Vec<Money> = [self.floor_fen, self.average_wage_fen, self.ceiling_fen]
            .into_iter()
            .flatten()
            .collect();
        if known.iter().any(|m| *m <= Money::ZERO) {
            return Err("amounts must be positive".into());
        }
        // floor ≤ average ≤ ceiling for whichever of them are known.
        if known.windows(2).any(|w| w[0] > w[1]) {
            return Err("expected floor ≤ average wage ≤ ceiling".into());
        }
        self.source.validate()
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Money, YearMonth};
    use crate::rules::RuleSet;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn a_profile_region_code_finds_its_city_or_the_national_default() {
        let rules = RuleSet::bundled();
        let id = |code: &str| rules.region_for(code).region.id.as_str();
        assert_eq!(id("110105"), "beijing"); // 朝阳区
        assert_eq!(id("310115"), "shanghai"); // 浦东新区
        assert_eq!(id("440104"), "guangzhou");
        assert_eq!(id("440305"), "shenzhen");
        assert_eq!(id("330106"), "hangzhou");
        assert_eq!(id("510107"), "chengdu");
        assert_eq!(id("440604"), "national", "Foshan: no table of its own");
        assert_eq!(id("12"), "national");
    }

    #[test]
    fn bases_are_found_by_month_and_unknown_is_none() {
        let rules = RuleSet::bundled();
        let shanghai = rules.region("shanghai").unwrap();
        let base = |m| shanghai.contribution_base(m).map(|b| b.floor_fen);
        assert_eq!(base(ym(2025, 7)), Some(Some(Money::from_yuan(7460))));
        // Shanghai's base year runs July–June: 2024-03 is in the 2023 year (floor 7,310), 2024-07
        // starts the 2024 year (7,384), 2024-06 is the 2023 year's last month.
        assert_eq!(base(ym(2024, 3)), Some(Some(Money::from_yuan(7310))));
        assert_eq!(base(ym(2024, 6)), Some(Some(Money::from_yuan(7310))));
        assert_eq!(base(ym(2024, 7)), Some(Some(Money::from_yuan(7384))));
        assert_eq!(base(ym(2020, 6)), None, "before the first row's July");
        // A row whose months the source did not state is not applied to its calendar year.
        let beijing = rules.region("beijing").unwrap();
        assert_eq!(beijing.contribution_base(ym(2025, 9)), None);
        assert_eq!(base(ym(2019, 12)), None);
        assert_eq!(base(ym(2026, 6)), Some(Some(Money::from_yuan(7460))));
        assert_eq!(base(ym(2026, 7)), None, "the 2025 year ends in June");
        let guangzhou = rules.region("guangzhou").unwrap();
        let gz = |m| guangzhou.contribution_base(m).and_then(|b| b.ceiling_fen);
        assert_eq!(gz(ym(2026, 6)), Some(Money::from_yuan(27_549)));
        assert_eq!(gz(ym(2025, 6)), None, "before the notice's months");
        let shenzhen = rules.region("shenzhen").unwrap();
        assert_eq!(
            shenzhen.contribution_base(ym(2025, 9)).unwrap().floor_fen,
            Some(Money::from_yuan(4775))
        );
        let hangzhou = rules.region("hangzhou").unwrap();
        assert!(
            hangzhou.contribution_bases.is_empty(),
            "L-M figures stay out"
        );
        assert!(hangzhou.employee_medical_min_years.is_none());
        assert!(!hangzhou.not_included.is_empty(), "and say why");
    }
}
