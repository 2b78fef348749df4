//! Statutory retirement month and age under the 2025 reform (NPC decision of 2024-09-13).
//!
//! Each group (men 60, women 55, women 50) has a first birth month with a delay, a step (birth
//! months per month of delay) and a maximum delay:
//!
//! ```text
//! idx   = birth month − start (in months)
//! delay = 0 if idx < 0 else min(idx div step + 1, max delay)
//! retirement month = birth month + A years + delay months; statutory age = A years + delay months
//! ```
//!
//! The figures live in `assets/rules/national.json`; this file only knows the shape of the rule.

use super::{Age, Citation, ContributionYears, RuleSet, RulesError};
use crate::model::{Sex, YearMonth};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetirementSchedule {
    /// When the reform took effect (2025-01).
    pub effective_from: YearMonth,
    pub groups: Vec<ScheduleGroup>,
    pub source: Citation,
}

/// One group of the schedule: who it is for and how fast their age rises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleGroup {
    /// Short name used in output and docs: `M60`, `F55`, `F50`.
    pub id: String,
    pub sex: Sex,
    /// The age before the reform, A.
    pub original_age: u32,
    /// The group used when the person's original age is not given (men 60, women 50).
    pub default: bool,
    /// The first birth month with a delay.
    pub start: YearMonth,
    /// Birth months per month of delay.
    pub step_months: u32,
    pub max_delay_months: u32,
}

impl ScheduleGroup {
    /// Months of delay for someone born in `born`.
    pub fn delay_months(&self, born: YearMonth) -> u32 {
        let idx = self.start.months_until(born);
        if idx < 0 {
            return 0;
        }
        let steps = idx / i64::from(self.step_months) + 1;
        steps.min(i64::from(self.max_delay_months)) as u32
    }

    /// The first birth month that gets the full delay (M60 1976-09, F55 1981-09, F50 1984-11).
    pub fn full_delay_from(&self) -> YearMonth {
        let idx = i64::from(self.max_delay_months - 1) * i64::from(self.step_months);
        self.start
            .add_months(idx)
            .expect("validated within the supported years")
    }
}

impl RetirementSchedule {
    /// The group for `sex` and the given original age, or the sex's default group.
    pub fn group(&self, sex: Sex, original_age: Option<u32>) -> Result<&ScheduleGroup> {
        let of_sex = || self.groups.iter().filter(move |g| g.sex == sex);
        let found = match original_age {
            Some(age) => of_sex().find(|g| g.original_age == age),
            None => of_sex().find(|g| g.default),
        };
        found.ok_or_else(|| {
            let mut allowed: Vec<u32> = of_sex().map(|g| g.original_age).collect();
            allowed.sort_unstable();
            Error::Rules(RulesError::OriginalAge {
                sex,
                age: original_age.unwrap_or_default(),
                allowed,
            })
        })
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.groups.is_empty() {
            return Err("no groups".into());
        }
        let mut ids = HashSet::new();
        let mut keys = HashSet::new();
        for (i, g) in self.groups.iter().enumerate() {
            let at = |msg: &str| format!("groups[{i}] ({}): {msg}", g.id);
            if !ids.insert(g.id.as_str()) {
                return Err(at("duplicate id"));
            }
            if !keys.insert((g.sex, g.original_age)) {
                return Err(at("a second group for the same sex and original age"));
            }
            if !(40..=70).contains(&g.original_age) {
                return Err(at("original_age outside 40..=70"));
            }
            if g.step_months == 0 || g.max_delay_months == 0 {
                return Err(at("step_months and max_delay_months must be > 0"));
            }
            // Every computed month must stay inside YearMonth's range for any plausible birth.
            if g.max_delay_months > 120 {
                return Err(at("max_delay_months over 10 years is not plausible"));
            }
        }
        for sex in Sex::ALL {
            let defaults = self
                .groups
                .iter()
                .filter(|g| g.sex == *sex && g.default)
                .count();
            if defaults != 1 {
                return Err(format!(
                    "{sex}: {defaults} default groups, expected exactly 1"
                ));
            }
        }
        self.source.validate()
    }
}

/// Everything the reform says about one person's retirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retirement {
    pub born: YearMonth,
    pub sex: Sex,
    /// The schedule group used (`M60`, `F55`, `F50`), so output can say which rule applied.
    pub group: String,
    pub original_age: u32,
    pub delay_months: u32,
    /// Statutory retirement age: original age plus the delay.
    pub age: Age,
    pub retirement_month: YearMonth,
    /// The month the original age is reached: the floor for early retirement.
    pub original_age_month: YearMonth,
    /// For the year the statutory age is reached.
    pub min_contribution_years: ContributionYears,
    pub earliest_flexible: YearMonth,
    pub latest_flexible: YearMonth,
}

impl RuleSet {
    /// Statutory retirement for someone born in `born`. `original_age` picks the group (women: 50
    /// for 工人 posts, 55 for 干部/管理 posts); `None` takes the sex's default (men 60, women 50).
    pub fn retirement(
        &self,
        born: YearMonth,
        sex: Sex,
        original_age: Option<u32>,
    ) -> Result<Retirement> {
        let national = &self.national;
        let group = national.retirement_schedule.group(sex, original_age)?;
        let delay = group.delay_months(born);
        let age = Age::from_months(group.original_age * 12 + delay);
        // Months beyond 2200 only arise for absurd birth months; say which input was wrong.
        let out_of_range = || Error::InvalidField {
            field: "born",
            value: born.to_string(),
        };
        let retirement_month = born
            .add_months(i64::from(age.total_months()))
            .ok_or_else(out_of_range)?;
        let original_age_month = born
            .add_months(i64::from(group.original_age) * 12)
            .ok_or_else(out_of_range)?;
        let (earliest_flexible, mut latest_flexible) = national
            .elastic_retirement
            .window(retirement_month, original_age_month)
            .ok_or_else(out_of_range)?;
        // Elastic retirement exists from the reform on: whoever reached the original age before
        // it took effect retired under the old rules, with no later month to choose.
        if original_age_month < national.retirement_schedule.effective_from {
            latest_flexible = retirement_month;
        }
        Ok(Retirement {
            born,
            sex,
            group: group.id.clone(),
            original_age: group.original_age,
            delay_months: delay,
            age,
            retirement_month,
            original_age_month,
            min_contribution_years: national
                .min_pension_contribution
                .for_year(retirement_month.year()),
            earliest_flexible,
            latest_flexible,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn rules() -> &'static RuleSet {
        RuleSet::bundled()
    }

    /// Asserts the retirement month and the statutory age (years, months).
    fn check(born: YearMonth, sex: Sex, original: Option<u32>, month: YearMonth, age: (u32, u32)) {
        let r = rules().retirement(born, sex, original).unwrap();
        assert_eq!(r.retirement_month, month, "{born} {sex} {original:?}");
        assert_eq!(
            (r.age.years, r.age.months),
            age,
            "{born} {sex} {original:?}"
        );
    }

    fn min_years(born: YearMonth, sex: Sex, original: Option<u32>) -> String {
        let r = rules().retirement(born, sex, original).unwrap();
        r.min_contribution_years.to_string()
    }

    #[test]
    fn published_worked_examples() {
        use Sex::{Female, Male};
        check(ym(1965, 1), Male, None, ym(2025, 2), (60, 1));
        check(ym(1965, 12), Male, None, ym(2026, 3), (60, 3));
        check(ym(1967, 5), Male, None, ym(2028, 1), (60, 8));
        check(ym(1972, 12), Male, None, ym(2034, 12), (62, 0));
        assert_eq!(min_years(ym(1972, 12), Male, None), "17.5");
        check(ym(1975, 5), Male, None, ym(2038, 1), (62, 8));
        assert_eq!(min_years(ym(1975, 5), Male, None), "19.5");
        check(ym(1971, 4), Female, Some(55), ym(2026, 8), (55, 4));
        check(ym(1974, 10), Female, Some(55), ym(2031, 1), (56, 3));
        assert_eq!(min_years(ym(1974, 10), Female, Some(55)), "16");
        check(ym(1995, 12), Female, Some(50), ym(2050, 12), (55, 0));
        check(ym(1995, 12), Female, None, ym(2050, 12), (55, 0));
        assert_eq!(min_years(ym(1995, 12), Female, None), "20");
    }

    #[test]
    fn born_before_the_start_has_no_delay() {
        let r = rules().retirement(ym(1964, 12), Sex::Male, None).unwrap();
        assert_eq!(r.delay_months, 0);
        assert_eq!(r.retirement_month, ym(2024, 12));
        assert_eq!(r.age, Age::years(60));
        assert_eq!(
            r.earliest_flexible,
            ym(2024, 12),
            "never below the original age"
        );
        // Reached 60 in 2024-12, before the reform took effect (2025-01): the old rules, no
        // later month to choose.
        assert_eq!(r.latest_flexible, ym(2024, 12));
        // Born 1965-01: 60 in 2025-01, the reform's first month; delay = 1 month (one step of
        // 4 months begun), statutory 2025-02; the window reaches 36 months later, 2028-02.
        let r = rules().retirement(ym(1965, 1), Sex::Male, None).unwrap();
        assert_eq!(r.retirement_month, ym(2025, 2));
        assert_eq!(r.latest_flexible, ym(2028, 2));
        // A woman (50) born 1974-06 reached 50 in 2024-06: pre-reform, latest = statutory.
        let r = rules()
            .retirement(ym(1974, 6), Sex::Female, Some(50))
            .unwrap();
        assert_eq!(r.retirement_month, ym(2024, 6));
        assert_eq!(r.latest_flexible, ym(2024, 6));
    }

    #[test]
    fn full_delay_starts_where_published_and_not_a_month_earlier() {
        for (id, sex, original, full_from, max) in [
            ("M60", Sex::Male, 60, ym(1976, 9), 36),
            ("F55", Sex::Female, 55, ym(1981, 9), 36),
            ("F50", Sex::Female, 50, ym(1984, 11), 60),
        ] {
            let group = rules()
                .national
                .retirement_schedule
                .group(sex, Some(original))
                .unwrap();
            assert_eq!(group.id, id);
            assert_eq!(group.full_delay_from(), full_from, "{id}");
            assert_eq!(group.delay_months(full_from), max, "{id}");
            assert_eq!(
                group.delay_months(full_from.add_months(-1).unwrap()),
                max - 1,
                "{id}"
            );
            assert_eq!(
                group.delay_months(full_from.add_months(120).unwrap()),
                max,
                "{id}"
            );
        }
    }

    #[test]
    fn min_years_follow_the_year_the_statutory_age_is_reached() {
        let rule = &rules().national.min_pension_contribution;
        assert_eq!(rule.for_year(2025).to_string(), "15");
        assert_eq!(rule.for_year(2029).to_string(), "15");
        assert_eq!(rule.for_year(2030).to_string(), "15.5");
        assert_eq!(rule.for_year(2034).to_string(), "17.5");
        assert_eq!(rule.for_year(2038).to_string(), "19.5");
        assert_eq!(rule.for_year(2039).to_string(), "20");
        assert_eq!(rule.for_year(2060).to_string(), "20");
        assert_eq!(rule.cap_year(), 2039);
        // Through a whole retirement: born 1968-09 (M60) retires 2029-09, born 1969-01 in 2030-02.
        let r2029 = rules().retirement(ym(1968, 9), Sex::Male, None).unwrap();
        assert_eq!(r2029.retirement_month.year(), 2029);
        assert_eq!(r2029.min_contribution_years.months(), 180);
        let r2030 = rules().retirement(ym(1969, 1), Sex::Male, None).unwrap();
        assert_eq!(r2030.retirement_month.year(), 2030);
        assert_eq!(r2030.min_contribution_years.months(), 186);
    }

    #[test]
    fn elastic_window_is_three_years_each_way_but_not_below_the_original_age() {
        let r = rules().retirement(ym(1972, 12), Sex::Male, None).unwrap();
        assert_eq!(
            r.earliest_flexible,
            ym(2032, 12),
            "born + 60 years, not 2031-12"
        );
        assert_eq!(r.latest_flexible, ym(2037, 12));
        let full = rules().retirement(ym(1980, 1), Sex::Male, None).unwrap();
        assert_eq!(full.retirement_month, ym(2043, 1));
        assert_eq!(
            full.earliest_flexible,
            ym(2040, 1),
            "36 months earlier = age 60"
        );
        assert_eq!(full.latest_flexible, ym(2046, 1));
    }

    #[test]
    fn an_original_age_that_does_not_fit_the_sex_is_a_user_error() {
        let err = rules()
            .retirement(ym(1970, 1), Sex::Male, Some(55))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_original_age");
        assert_eq!(
            err.message(crate::Lang::En),
            "an original retirement age of 55 does not apply to men (allowed: 60)"
        );
        assert_eq!(
            err.message(crate::Lang::Zh),
            "男性的原法定退休年龄不能是 55 岁（可选：60）"
        );
        let err = rules()
            .retirement(ym(1970, 1), Sex::Female, Some(60))
            .unwrap_err();
        assert_eq!(
            err.message(crate::Lang::En),
            "an original retirement age of 60 does not apply to women (allowed: 50, 55)"
        );
    }

    #[test]
    fn the_module_level_function_uses_the_bundled_tables() {
        let r = super::super::retirement(ym(1972, 12), Sex::Male, Some(60)).unwrap();
        assert_eq!(r.retirement_month, ym(2034, 12));
        assert_eq!(r.group, "M60");
    }

    fn any_group() -> impl Strategy<Value = (Sex, u32)> {
        prop_oneof![
            Just((Sex::Male, 60)),
            Just((Sex::Female, 55)),
            Just((Sex::Female, 50))
        ]
    }

    fn any_birth() -> impl Strategy<Value = YearMonth> {
        (1930i32..=2030, 1u32..=12).prop_map(|(y, m)| ym(y, m))
    }

    proptest! {
        #[test]
        fn delay_never_decreases_with_a_later_birth(
            (sex, original) in any_group(), born in any_birth(), later in 0i64..=240,
        ) {
            let a = rules().retirement(born, sex, Some(original)).unwrap();
            let b = rules().retirement(born.add_months(later).unwrap(), sex, Some(original)).unwrap();
            prop_assert!(a.delay_months <= b.delay_months);
            prop_assert!(a.retirement_month <= b.retirement_month);
        }

        #[test]
        fn age_month_arithmetic_and_window_hold(
            (sex, original) in any_group(), born in any_birth(),
        ) {
            let r = rules().retirement(born, sex, Some(original)).unwrap();
            let group = rules().national.retirement_schedule.group(sex, Some(original)).unwrap();
            prop_assert!(r.age.total_months() <= original * 12 + group.max_delay_months);
            prop_assert!(r.age.total_months() >= original * 12);
            prop_assert_eq!(born.months_until(r.retirement_month), i64::from(r.age.total_months()));
            prop_assert!(r.earliest_flexible <= r.retirement_month);
            prop_assert!(r.retirement_month <= r.latest_flexible);
            prop_assert!(r.earliest_flexible >= r.original_age_month);
            prop_assert!(r.age.months < 12);
        }
    }
}
