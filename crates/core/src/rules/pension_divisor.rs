//! 计发月数: the number of months the personal account is divided by to give its monthly pension
//! (个人账户养老金 = 个人账户储存额 ÷ 计发月数), published for whole retirement ages 40–70
//! (国发〔2005〕38号).
//!
//! For an age with extra months — common since the 2025 reform — the divisor moves linearly toward
//! the next age: `T(age) − (T(age) − T(age+1)) ÷ 12 × months`, rounded half-up to one decimal
//! (60y3m → 137.3). It is kept in exact tenths: banker's rounding or rounding the age to whole
//! years gives wrong answers, both seen in public calculators.

use super::{Age, Citation, RulesError};
use crate::{Error, Result};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PensionDivisorTable {
    /// Whole age in years → months.
    pub months_by_age: BTreeMap<u32, u32>,
    pub source: Citation,
    /// The rule for ages with extra months.
    pub interpolation: Citation,
    /// Whole ages whose figure public tables dispute, each with its own (lower) grade.
    #[serde(default)]
    pub disputed: Vec<DisputedDivisor>,
}

/// A whole age whose 计发月数 is disputed between public tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputedDivisor {
    pub age: u32,
    pub source: Citation,
}

impl PensionDivisorTable {
    /// The divisor for a retirement age in years and months.
    pub fn divisor(&self, age: Age) -> Result<PensionDivisor> {
        let outside = || {
            let (min, max) = self.range();
            Error::Rules(RulesError::DivisorAge { age, min, max })
        };
        let here = *self.months_by_age.get(&age.years).ok_or_else(outside)?;
        if age.months == 0 {
            return Ok(PensionDivisor { tenths: here * 10 });
        }
        let next = *self
            .months_by_age
            .get(&(age.years + 1))
            .ok_or_else(outside)?;
        // In twelfths of a tenth: 10·T·12 − 10·(T − T')·m, then half-up to a tenth. The table
        // falls with age, so every term is non-negative and integer division floors.
        let twelfths = here * 120 - (here - next) * 10 * age.months;
        Ok(PensionDivisor {
            tenths: (twelfths + 6) / 12,
        })
    }

    /// The citation behind the divisor for `age`: a disputed age's own (it counts also when the
    /// figure is interpolated from it), else the interpolation rule for an age with extra months,
    /// else the table's.
    pub fn citation(&self, age: Age) -> &Citation {
        let uses = |whole: u32| whole == age.years || (age.months > 0 && whole == age.years + 1);
        match self.disputed.iter().find(|d| uses(d.age)) {
            Some(d) => &d.source,
            None if age.months > 0 => &self.interpolation,
            None => &self.source,
        }
    }

    /// The first and last whole age in the table.
    pub fn range(&self) -> (u32, u32) {
        let first = self.months_by_age.keys().next().copied().unwrap_or(0);
        let last = self.months_by_age.keys().next_back().copied().unwrap_or(0);
        (first, last)
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        let (first, last) = self.range();
        if self.months_by_age.is_empty() {
            return Err("months_by_age is empty".into());
        }
        if self.months_by_age.len() as u32 != last - first + 1 {
            return Err(format!("months_by_age has gaps between {first} and {last}"));
        }
        let values: Vec<u32> = self.months_by_age.values().copied().collect();
        if let Some(pair) = values.windows(2).find(|w| w[1] >= w[0]) {
            return Err(format!(
                "months_by_age must fall with age ({} then {})",
                pair[0], pair[1]
            ));
        }
        if values.iter().any(|&m| m == 0 || m > 1200) {
            return Err("months_by_age has an implausible value".into());
        }
        self.source.validate()?;
        self.interpolation.validate()
    }
}

/// A 计发月数 in exact tenths of a month; displays as `139` or `137.3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PensionDivisor {
    tenths: u32,
}

impl PensionDivisor {
    pub fn tenths(self) -> u32 {
        self.tenths
    }
}

impl fmt::Display for PensionDivisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.tenths % 10 {
            0 => write!(f, "{}", self.tenths / 10),
            d => write!(f, "{}.{d}", self.tenths / 10),
        }
    }
}

/// A JSON number (`139`, `137.3`); tenths ÷ 10 as f64 prints back as the same decimal.
impl Serialize for PensionDivisor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.tenths.is_multiple_of(10) {
            s.serialize_u32(self.tenths / 10)
        } else {
            s.serialize_f64(f64::from(self.tenths) / 10.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn divisor(years: u32, months: u32) -> String {
        RuleSet::bundled()
            .national
            .pension_divisor
            .divisor(Age { years, months })
            .unwrap()
            .to_string()
    }

    #[test]
    fn whole_ages_read_the_published_table() {
        assert_eq!(divisor(40, 0), "233");
        assert_eq!(divisor(50, 0), "195");
        assert_eq!(divisor(55, 0), "170");
        assert_eq!(divisor(60, 0), "139");
        assert_eq!(divisor(63, 0), "117");
        assert_eq!(divisor(70, 0), "56");
    }

    #[test]
    fn the_wrong_circulating_table_is_not_the_one_bundled() {
        let table = &RuleSet::bundled().national.pension_divisor.months_by_age;
        for (age, wrong, right) in [
            (47, 207, 208),
            (66, 94, 93),
            (67, 87, 84),
            (68, 80, 75),
            (69, 73, 65),
            (70, 67, 56),
        ] {
            assert_ne!(table[&age], wrong, "age {age}");
            assert_eq!(table[&age], right, "age {age}");
        }
    }

    /// Public tables disagree at 47: its figure is graded M, also where 46y+m interpolates
    /// toward it; 48 and whole 46 keep the table's H.
    #[test]
    fn the_divisor_at_47_is_graded_m() {
        use crate::rules::Confidence;
        let table = &RuleSet::bundled().national.pension_divisor;
        let grade = |years, months| table.citation(Age { years, months }).confidence;
        assert_eq!(grade(47, 0), Confidence::Medium);
        assert_eq!(grade(47, 5), Confidence::Medium);
        assert_eq!(grade(46, 6), Confidence::Medium);
        assert_eq!(grade(46, 0), Confidence::High);
        assert_eq!(grade(48, 0), Confidence::High);
        assert_eq!(
            grade(60, 3),
            Confidence::Medium,
            "the interpolation rule's own grade"
        );
    }

    #[test]
    fn extra_months_interpolate_and_round_half_up() {
        assert_eq!(divisor(60, 3), "137.3");
        assert_eq!(divisor(60, 4), "136.7");
        assert_eq!(divisor(50, 6), "192.5");
        // 233 − 3 ÷ 12 × 3 = 232.25 → 232.3 half-up (banker's would give 232.2).
        assert_eq!(divisor(40, 3), "232.3");
        // 62y8m: 125 − 8 ÷ 12 × 8 = 119.666… → 119.7
        assert_eq!(divisor(62, 8), "119.7");
        assert_eq!(divisor(69, 11), "56.8");
    }

    #[test]
    fn ages_outside_the_table_are_errors_not_guesses() {
        let table = &RuleSet::bundled().national.pension_divisor;
        for age in [
            Age::years(39),
            Age {
                years: 39,
                months: 11,
            },
            Age {
                years: 70,
                months: 1,
            },
            Age::years(71),
        ] {
            let err = table.divisor(age).unwrap_err();
            assert_eq!(err.code(), "divisor_age_out_of_table", "{age:?}");
        }
        let err = table
            .divisor(Age {
                years: 70,
                months: 1,
            })
            .unwrap_err();
        assert_eq!(
            err.message(crate::Lang::Zh),
            "没有 70岁1个月 的计发月数：计发月数表只包括 40 至 70 岁"
        );
    }

    #[test]
    fn serialises_as_a_number() {
        let d = |tenths| serde_json::to_string(&PensionDivisor { tenths }).unwrap();
        assert_eq!(d(1390), "139");
        assert_eq!(d(1373), "137.3");
    }
}
